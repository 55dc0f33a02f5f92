package research

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rotonde-jeugd/rotonde"
)

// CodePath gives a code's name with its parents', "Randvoorwaarden > Financiering".
func (m *Material) CodePath(id int64) string {
	byID := map[int64]Code{}
	for _, c := range m.Codes {
		byID[c.ID] = c
	}
	var parts []string
	for seen := 0; id != 0 && seen < len(m.Codes); seen++ {
		c, ok := byID[id]
		if !ok {
			break
		}
		parts = append([]string{c.Name}, parts...)
		id = c.ParentID
	}
	return strings.Join(parts, " > ")
}

// WriteCodingsCSV writes one row per coding, for those without QDA
// software: the text, its case's variables, the code, the coder and the
// coded words.
func WriteCodingsCSV(w io.Writer, m *Material) error {
	coders := map[int64]string{}
	for _, c := range m.Coders {
		coders[c.ID] = c.Name
	}
	cases := map[int64]Case{}
	for _, c := range m.Cases {
		cases[c.ID] = c
	}
	rows := [][]string{{"tekst", "soort", "niveau", "casus", "organisatie", "regio", "fase", "code", "codeur", "van", "tot", "gecodeerde tekst", "datum"}}
	for _, t := range m.Texts {
		cs := cases[t.CaseID]
		caseLabel := ""
		if t.CaseID != 0 {
			caseLabel = strconv.FormatInt(t.CaseID, 10)
		}
		for _, c := range t.Codings {
			start, end := c.Start, c.End
			if end == 0 {
				start, end = 0, utf8.RuneCountInString(t.Body)
			}
			rows = append(rows, []string{strconv.FormatInt(t.ID, 10), t.Kind, t.Level, caseLabel, cs.Organisation, cs.Region, cs.Phase,
				m.CodePath(c.CodeID), coders[c.CoderID], strconv.Itoa(start), strconv.Itoa(end), runeSlice(t.Body, start, end),
				c.At.Format("2006-01-02")})
		}
	}
	return rotonde.WriteExcelCSV(w, rows)
}

// WriteCodebookCSV writes the codebook: each code with its place in the
// hierarchy, group, colour and how often it was used.
func WriteCodebookCSV(w io.Writer, m *Material) error {
	used := map[int64]int{}
	for _, t := range m.Texts {
		for _, c := range t.Codings {
			used[c.CodeID]++
		}
	}
	rows := [][]string{{"code", "pad", "groep", "kleur", "aantal coderingen"}}
	for _, c := range m.Codes {
		rows = append(rows, []string{c.Name, m.CodePath(c.ID), c.Group, c.Colour, strconv.Itoa(used[c.ID])})
	}
	return rotonde.WriteExcelCSV(w, rows)
}

func runeSlice(s string, start, end int) string {
	r := []rune(s)
	if start < 0 || end > len(r) || start > end {
		return ""
	}
	return string(r[start:end])
}
