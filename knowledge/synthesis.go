package knowledge

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/rotonde-jeugd/rotonde/svg"
)

// CodeCount is one code's place in a synthesis.
type CodeCount struct {
	Code
	Depth   int            // 0 for a top-level code
	Records int            // shared records the code was applied to, by any coder
	ByLevel map[string]int // the same, per level of insight ("" unplaced)
	Quotes  []string       // representative passages: coded selections, or the paraphrase
	// Movement counts the records per period (Synthesis.Periods).
	Movement []int
}

// Synthesis is the common threads of one codebook across cases and groups:
// only shared records count, and only through their paraphrase.
type Synthesis struct {
	Records int // shared records coded at least once
	Coders  int
	Levels  []string // level keys in the library's order, then "" for unplaced
	Codes   []CodeCount
	// Used are the indexes in Codes of the codes applied at least once, the
	// most used first (at most MaxMatrix); Matrix is their co-occurrence.
	Used    []int
	Matrix  [][]int
	Periods []string // quarters, oldest first: "2026-K4"
}

// MaxMatrix bounds the co-occurrence matrix to the most used codes.
const MaxMatrix = 12

// MaxQuotes is the number of passages shown per code.
const MaxQuotes = 3

// Synthesize gathers the synthesis of a codebook from its codings and the
// shared records they code. levels are the library's level keys in order.
func Synthesize(book *Codebook, shared []Record, codings []Coding, levels []string) Synthesis {
	s := Synthesis{Levels: append(append([]string{}, levels...), "")}
	byID := map[int64]Record{}
	for _, r := range shared {
		byID[r.ID] = r
	}
	perSet := map[string]bool{}
	records := map[int64]bool{}
	coders := map[int64]bool{}
	for _, c := range codings {
		r, ok := byID[c.RecordID]
		if !ok {
			continue
		}
		records[c.RecordID], coders[c.CoderID] = true, true
		perSet[Period(r)] = true
	}
	periodIndex := s.setPeriods(perSet)
	s.Records, s.Coders = len(records), len(coders)
	index := s.setCodes(book)
	seen := map[[2]int64]bool{}
	quoted := map[[2]int64]bool{}
	for _, c := range codings {
		i, ok := index[c.CodeID]
		r, shared := byID[c.RecordID]
		if !ok || !shared {
			continue
		}
		cc := &s.Codes[i]
		k := [2]int64{c.CodeID, c.RecordID}
		if !seen[k] {
			seen[k] = true
			cc.Records++
			cc.ByLevel[r.Level]++
			cc.Movement[periodIndex[Period(r)]]++
		}
		if len(cc.Quotes) < MaxQuotes && !quoted[k] {
			quoted[k] = true
			cc.Quotes = append(cc.Quotes, quote(r.Paraphrase, c.Start, c.End))
		}
	}
	used := s.mostUsed()
	s.Used = used
	ids := make([]int64, len(used))
	for n, i := range used {
		ids[n] = s.Codes[i].ID
	}
	var kept []Coding
	for _, c := range codings {
		if _, ok := byID[c.RecordID]; ok {
			kept = append(kept, c)
		}
	}
	s.Matrix = CoOccurrence(ids, kept)
	return s
}

// setPeriods sets the quarters of the synthesis, oldest first, and returns
// each one's place.
func (s *Synthesis) setPeriods(set map[string]bool) map[string]int {
	for p := range set {
		s.Periods = append(s.Periods, p)
	}
	sort.Strings(s.Periods)
	index := map[string]int{}
	for i, p := range s.Periods {
		index[p] = i
	}
	return index
}

// setCodes gives the synthesis a count per code of the codebook, each with
// its depth in the tree and a movement per quarter (call setPeriods first),
// and returns each code's place by its id.
func (s *Synthesis) setCodes(book *Codebook) map[int64]int {
	depth := map[int64]int{}
	index := map[int64]int{}
	for i, c := range book.Codes {
		if c.ParentID != 0 {
			depth[c.ID] = depth[c.ParentID] + 1
		}
		index[c.ID] = i
		s.Codes = append(s.Codes, CodeCount{Code: c, Depth: depth[c.ID], ByLevel: map[string]int{}, Movement: make([]int, len(s.Periods))})
	}
	return index
}

// quote is the coded selection of a paraphrase, or the paraphrase itself,
// shortened to about 240 characters.
func quote(text string, start, end int) string {
	runes := []rune(text)
	if end > start && end <= len(runes) {
		runes = runes[start:end]
	}
	if len(runes) > 240 {
		return strings.TrimSpace(string(runes[:239])) + "…"
	}
	return string(runes)
}

// MatrixSVG draws the co-occurrence matrix as a grid of shaded cells with
// the codes' names along both sides. label is the picture's accessible name.
func (s Synthesis) MatrixSVG(label string) string {
	n := len(s.Used)
	const cell, left, top = 34.0, 190.0, 150.0
	w, h := left+cell*float64(n)+8, top+cell*float64(n)+8
	max := 1
	for i := range s.Matrix {
		for j := range s.Matrix[i] {
			if i != j && s.Matrix[i][j] > max {
				max = s.Matrix[i][j]
			}
		}
	}
	var out strings.Builder
	b := svg.NewWriter(&out)
	b.Raw(`<svg class="cooccurrence" role="img"`).Attr("aria-label", label).Raw(` viewBox="0 0 `).Num(w).Raw(" ").Num(h).
		Raw(`"`).NumAttr("width", w).NumAttr("height", h).Raw(` xmlns="http://www.w3.org/2000/svg"><title>`).Text(label).Raw(`</title>`)
	for n, i := range s.Used {
		name := s.Codes[i].Name
		if len([]rune(name)) > 26 {
			name = string([]rune(name)[:25]) + "…"
		}
		y := top + cell*float64(n) + cell/2 + 4
		b.Raw(`<text font-size="12" fill="#1f2a2e" text-anchor="end"`).NumAttr("x", left-6).NumAttr("y", y).Raw(`>`).Text(name).Raw(`</text>`)
		x := left + cell*float64(n) + cell/2 + 4
		b.Raw(`<text font-size="12" fill="#1f2a2e"`).NumAttr("x", x).NumAttr("y", top-6).Raw(` transform="rotate(-60 `).Num(x).Raw(" ").Num(top - 6).Raw(`)">`).Text(name).Raw(`</text>`)
	}
	for a := range s.Used {
		for c := range s.Used {
			v := s.Matrix[a][c]
			x, y := left+cell*float64(c), top+cell*float64(a)
			fill := "#f3f5f7"
			if a == c {
				fill = s.Codes[s.Used[a]].Colour
			} else if v > 0 {
				// Darker for more records coded with both.
				shade := 0.15 + 0.85*float64(v)/float64(max)
				g := int(math.Round(235 - 175*shade))
				fill = fmt.Sprintf("#%02x%02x%02x", g/2, g, int(math.Min(255, float64(g)+30)))
			}
			b.Raw(`<rect stroke="#ffffff"`).NumAttr("x", x).NumAttr("y", y).NumAttr("width", cell).NumAttr("height", cell).Attr("fill", fill).Raw(`/>`)
			if v > 0 {
				colour := "#1f2a2e"
				if a == c || float64(v)/float64(max) > 0.5 {
					colour = "#ffffff"
				}
				b.Raw(`<text font-size="12" text-anchor="middle"`).Attr("fill", colour).NumAttr("x", x+cell/2).NumAttr("y", y+cell/2+4).Raw(`>`).Int(v).Raw(`</text>`)
			}
		}
	}
	b.Raw(`</svg>`)
	_ = b.Close()
	return out.String()
}
