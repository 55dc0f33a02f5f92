package refiqda

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rotonde-jeugd/rotonde/research"
)

// The variables every exported case carries.
var caseVariables = []Variable{
	{GUID: GUIDOf("rotonde:variable:organisatie"), Name: "organisatie", Type: VariableText},
	{GUID: GUIDOf("rotonde:variable:regio"), Name: "regio", Type: VariableText},
	{GUID: GUIDOf("rotonde:variable:fase"), Name: "fase", Type: VariableText},
}

// FromMaterial turns a network's research material into a project. Each
// shared record is a text source; codings over the same stretch share one
// selection.
func FromMaterial(m *research.Material) *Project {
	p := &Project{Name: "Rotonde — " + m.Network, Origin: "Rotonde", CreatedAt: m.ExportedAt.UTC().Truncate(time.Second)}
	for _, c := range m.Coders {
		p.Users = append(p.Users, User{GUID: GUID("user", c.ID), Name: c.Name})
	}
	p.Codes = codeTree(m.Codes, 0)
	bySource := map[int64][]string{}
	for _, t := range m.Texts {
		src := TextSource{GUID: GUID("record", t.ID), Name: fmt.Sprintf("%s %d", t.Kind, t.ID),
			Description: t.Level, Text: t.Body, CreatedAt: t.SharedAt.UTC().Truncate(time.Second)}
		src.Selections = selections(t)
		p.Sources = append(p.Sources, src)
		if t.CaseID != 0 {
			bySource[t.CaseID] = append(bySource[t.CaseID], src.GUID)
		}
	}
	if len(m.Cases) > 0 {
		p.Variables = caseVariables
	}
	for _, c := range m.Cases {
		p.Cases = append(p.Cases, Case{GUID: GUID("case", c.ID), Name: fmt.Sprintf("Casus %d", c.ID), Sources: bySource[c.ID],
			Values: []Value{{Variable: caseVariables[0].GUID, Text: c.Organisation},
				{Variable: caseVariables[1].GUID, Text: c.Region}, {Variable: caseVariables[2].GUID, Text: c.Phase}}})
	}
	for _, n := range m.Memos {
		p.Notes = append(p.Notes, Note{GUID: GUID("memo", n.ID), Name: n.Kind, Text: n.Body,
			CreatedBy: coderGUID(n.CoderID), CreatedAt: n.At.UTC().Truncate(time.Second)})
	}
	return p
}

func coderGUID(id int64) string {
	if id == 0 {
		return ""
	}
	return GUID("user", id)
}

func codeTree(codes []research.Code, parent int64) []Code {
	var out []Code
	for _, c := range codes {
		if c.ParentID != parent {
			continue
		}
		out = append(out, Code{GUID: GUID("code", c.ID), Name: c.Name, Color: c.Colour, Codable: true,
			Description: c.Group, Children: codeTree(codes, c.ID)})
	}
	return out
}

// selections groups a text's codings by the stretch they cover; a coding
// of the whole text (End 0) covers every character.
func selections(t research.Text) []Selection {
	length := utf8.RuneCountInString(t.Body)
	type span struct{ start, end int }
	var order []span
	bySpan := map[span]*Selection{}
	for _, c := range t.Codings {
		sp := span{c.Start, c.End}
		if sp.end == 0 {
			sp = span{0, length}
		}
		sel, ok := bySpan[sp]
		if !ok {
			sel = &Selection{GUID: GUIDOf(fmt.Sprintf("rotonde:selection:%d:%d-%d", t.ID, sp.start, sp.end)),
				Start: sp.start, End: sp.end, CreatedBy: coderGUID(c.CoderID), CreatedAt: c.At.UTC().Truncate(time.Second)}
			bySpan[sp] = sel
			order = append(order, sp)
		}
		sel.Codings = append(sel.Codings, Coding{GUID: GUID("coding", c.ID), Code: GUID("code", c.CodeID),
			CreatedBy: coderGUID(c.CoderID), CreatedAt: c.At.UTC().Truncate(time.Second)})
	}
	sort.SliceStable(order, func(i, j int) bool {
		return order[i].start < order[j].start || (order[i].start == order[j].start && order[i].end < order[j].end)
	})
	var out []Selection
	for _, sp := range order {
		out = append(out, *bySpan[sp])
	}
	return out
}

// ToMaterial reads a project against the network's current material (known):
// texts, codes and coders are matched by their GUIDs, and a code also by
// its name under the same parent, so an import repeated adds nothing. Codes the project adds
// get negative ids (their parents too, when new); codings of texts that are
// not in known are counted in Skipped; coders that are not known get CoderID
// 0 (the person importing); codings and memos already in known are left out.
func ToMaterial(p *Project, known *research.Material) (*research.Material, int) {
	texts, codes, coders, codings, memos := knownGUIDs(known)
	out := &research.Material{Network: known.Network, ExportedAt: p.CreatedAt}
	var next int64
	byName := map[[2]string]int64{}
	for _, c := range known.Codes {
		byName[[2]string{fmt.Sprint(c.ParentID), strings.ToLower(c.Name)}] = c.ID
	}
	p.Walk(func(c *Code, parent string) {
		if _, ok := codes[c.GUID]; ok {
			return
		}
		// A code another tool made, brought home before: the same name under
		// the same parent.
		if id, ok := byName[[2]string{fmt.Sprint(codes[parent]), strings.ToLower(c.Name)}]; ok {
			codes[c.GUID] = id
			return
		}
		next--
		codes[c.GUID] = next
		out.Codes = append(out.Codes, research.Code{ID: next, ParentID: codes[parent], Name: c.Name, Colour: c.Color, Group: "theme"})
	})
	skipped := 0
	for _, s := range p.Sources {
		id, ok := texts[s.GUID]
		if !ok {
			for _, sel := range s.Selections {
				skipped += len(sel.Codings)
			}
			continue
		}
		t := research.Text{ID: id, Body: s.Text}
		for _, sel := range s.Selections {
			for _, c := range sel.Codings {
				if codings[c.GUID] {
					continue
				}
				t.Codings = append(t.Codings, research.Coding{CodeID: codes[c.Code], CoderID: coders[c.CreatedBy],
					Start: sel.Start, End: sel.End, At: c.CreatedAt})
			}
		}
		if len(t.Codings) > 0 {
			out.Texts = append(out.Texts, t)
		}
	}
	for _, n := range p.Notes {
		if !memos[n.GUID] {
			out.Memos = append(out.Memos, research.Memo{CoderID: coders[n.CreatedBy], Kind: "memo", Body: n.Text, At: n.CreatedAt})
		}
	}
	return out, skipped
}

func knownGUIDs(m *research.Material) (texts, codes, coders map[string]int64, codings, memos map[string]bool) {
	texts, codes, coders = map[string]int64{}, map[string]int64{"": 0}, map[string]int64{"": 0}
	codings, memos = map[string]bool{}, map[string]bool{}
	for _, t := range m.Texts {
		texts[GUID("record", t.ID)] = t.ID
		for _, c := range t.Codings {
			codings[GUID("coding", c.ID)] = true
		}
	}
	for _, c := range m.Codes {
		codes[GUID("code", c.ID)] = c.ID
	}
	for _, c := range m.Coders {
		coders[GUID("user", c.ID)] = c.ID
	}
	for _, n := range m.Memos {
		memos[GUID("memo", n.ID)] = true
	}
	return texts, codes, coders, codings, memos
}
