package knowledge

import (
	"fmt"
	"sort"
	"time"
)

// Tally is one row of a codebook's tallies: the shared records of a level
// and quarter to which a code was applied, by any coder.
type Tally struct {
	CodeID  int64
	Level   string
	Period  string // "2026-K4"
	Records int
}

// PairTally is the number of records two codes were both applied to.
type PairTally struct {
	CodeA, CodeB int64
	Records      int
}

// Tallies are the counts a synthesis is made of, as storage keeps them
// beside the codings.
type Tallies struct {
	Records int // shared records coded at least once
	Coders  int
	Codes   []Tally
	Pairs   []PairTally
}

// Period is the quarter a record was shared in, as the synthesis names it.
func Period(r Record) string { return period(r.SharedAt) }

// period names the quarter of t: "2026-K4".
func period(t time.Time) string { return fmt.Sprintf("%d-K%d", t.Year(), (int(t.Month())-1)/3+1) }

// FromTallies builds the same synthesis as Synthesize from tallies instead
// of every coding and record; the quotes are added by the caller
// (SetQuotes), since they need the text.
func FromTallies(book *Codebook, t Tallies, levels []string) Synthesis {
	s := Synthesis{Levels: append(append([]string{}, levels...), ""), Records: t.Records, Coders: t.Coders}
	perSet := map[string]bool{}
	for _, c := range t.Codes {
		if c.Records > 0 {
			perSet[c.Period] = true
		}
	}
	periodIndex := s.setPeriods(perSet)
	index := s.setCodes(book)
	for _, c := range t.Codes {
		i, ok := index[c.CodeID]
		if !ok || c.Records == 0 {
			continue
		}
		cc := &s.Codes[i]
		cc.Records += c.Records
		cc.ByLevel[c.Level] += c.Records
		cc.Movement[periodIndex[c.Period]] += c.Records
	}
	used := s.mostUsed()
	s.Used = used
	at := map[int64]int{}
	s.Matrix = make([][]int, len(used))
	for n, i := range used {
		at[s.Codes[i].ID] = n
		s.Matrix[n] = make([]int, len(used))
		s.Matrix[n][n] = s.Codes[i].Records
	}
	for _, p := range t.Pairs {
		a, okA := at[p.CodeA]
		b, okB := at[p.CodeB]
		if okA && okB {
			s.Matrix[a][b] += p.Records
			s.Matrix[b][a] += p.Records
		}
	}
	return s
}

// mostUsed are the indexes of the codes applied at least once, the most
// used first, at most MaxMatrix.
func (s *Synthesis) mostUsed() []int {
	var used []int
	for i, c := range s.Codes {
		if c.Records > 0 {
			used = append(used, i)
		}
	}
	sort.SliceStable(used, func(a, b int) bool { return s.Codes[used[a]].Records > s.Codes[used[b]].Records })
	if len(used) > MaxMatrix {
		used = used[:MaxMatrix]
	}
	return used
}

// Quote is a coded passage: the selection of a paraphrase (End 0: all of it).
type Quote struct {
	RecordID   int64
	Paraphrase string
	Start, End int
}

// SetQuotes gives a code its representative passages from its first
// codings (oldest first): one per record, at most MaxQuotes.
func (s *Synthesis) SetQuotes(codeID int64, first []Quote) {
	for i := range s.Codes {
		if s.Codes[i].ID != codeID {
			continue
		}
		seen := map[int64]bool{}
		s.Codes[i].Quotes = nil
		for _, q := range first {
			if len(s.Codes[i].Quotes) == MaxQuotes {
				break
			}
			if !seen[q.RecordID] {
				seen[q.RecordID] = true
				s.Codes[i].Quotes = append(s.Codes[i].Quotes, quote(q.Paraphrase, q.Start, q.End))
			}
		}
	}
}

// AgreementCells are the counts of Cohen's kappa for two coders and one
// code, over the records both coded.
type AgreementCells struct {
	CoderA, CoderB int64
	CodeID         int64
	Both, AOnly    int
	BOnly          int
}

// Agreement is the agreement between coders of a codebook: Coders in the
// order of their first coding, and per code the kappa of every pair.
type Agreement struct {
	Coders  []int64
	PerCode map[int64][]PairKappa
}

// AgreementFromCells computes kappa per code for every pair of coders from
// the kept counts, as AgreementPerCode does from every coding: items are
// the records both coders coded, codes the codes applied at least once.
func AgreementFromCells(items map[[2]int64]int, cells []AgreementCells, codes []int64) map[int64][]PairKappa {
	type key struct{ a, b, code int64 }
	at := map[key]AgreementCells{}
	for _, c := range cells {
		at[key{c.CoderA, c.CoderB, c.CodeID}] = c
	}
	var pairs [][2]int64
	for p, n := range items {
		if n > 0 {
			pairs = append(pairs, p)
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i][0] != pairs[j][0] {
			return pairs[i][0] < pairs[j][0]
		}
		return pairs[i][1] < pairs[j][1]
	})
	codes = append([]int64{}, codes...)
	sort.Slice(codes, func(i, j int) bool { return codes[i] < codes[j] })
	out := map[int64][]PairKappa{}
	for _, p := range pairs {
		n := items[p]
		for _, code := range codes {
			c := at[key{p[0], p[1], code}]
			out[code] = append(out[code], PairKappa{CoderA: p[0], CoderB: p[1], Items: n, Kappa: KappaCounts(n, c.Both, c.AOnly, c.BOnly)})
		}
	}
	return out
}

// KappaCounts is Cohen's kappa from the counts of n items: both coders
// said yes, only the first, only the second (Kappa's rule for pe = 1).
func KappaCounts(n, both, aOnly, bOnly int) float64 {
	if n == 0 {
		return 0
	}
	fn := float64(n)
	agree := float64(n - aOnly - bOnly)
	po := agree / fn
	pa, pb := float64(both+aOnly)/fn, float64(both+bOnly)/fn
	pe := pa*pb + (1-pa)*(1-pb)
	if 1-pe < 1e-12 && 1-pe > -1e-12 {
		if po == 1 {
			return 1
		}
		return 0
	}
	return (po - pe) / (1 - pe)
}
