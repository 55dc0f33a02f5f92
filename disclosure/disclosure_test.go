package disclosure_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/rotonde-jeugd/rotonde/disclosure"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
)

const minCount = 10

// regionGrids is a region as the network view divides it: cases by phase
// and by learning-cycle completion (the same cases, so the same row
// totals), signals and barriers (each its own sum).
func regionGrids(rng *rand.Rand, municipalities int) []disclosure.Grid {
	rows := make([]string, municipalities)
	for i := range rows {
		rows[i] = fmt.Sprintf("gemeente-%d", i)
	}
	small := func() int {
		switch rng.IntN(4) {
		case 0:
			return 0
		case 1:
			return 1 + rng.IntN(9)
		default:
			return rng.IntN(60)
		}
	}
	// Phase and cycle divide the same cases of each municipality.
	phase := make([][]int, municipalities)
	cycle := make([][]int, municipalities)
	for i := range phase {
		phase[i] = []int{small(), small(), small(), small()}
		n := phase[i][0] + phase[i][1] + phase[i][2] + phase[i][3]
		cycle[i] = make([]int, 5)
		for k := 0; k < n; k++ {
			cycle[i][rng.IntN(5)]++
		}
	}
	grid := func(cols int) [][]int {
		g := make([][]int, municipalities)
		for i := range g {
			g[i] = make([]int, cols)
			for j := range g[i] {
				g[i][j] = small()
			}
		}
		return g
	}
	return []disclosure.Grid{
		{Name: "phase", RowLabels: rows, ColLabels: []string{"urgency", "pause", "design", "none"}, Cells: phase},
		{Name: "cycle", RowLabels: rows, ColLabels: []string{"0", "1", "2", "3", "4"}, Cells: cycle, SameRows: "phase"},
		{Name: "signals", RowLabels: rows, ColLabels: []string{"helpers", "placements", "parallel", "repeated", "escalation", "waiting", "gaps", "voice"}, Cells: grid(8)},
		{Name: "barriers", RowLabels: rows, ColLabels: []string{"rules", "financing", "contracting", "capacity", "waiting", "other"}, Cells: grid(6)},
	}
}

// views publishes what a reader of every view of the region can see: the
// region's view and each municipality's.
func views(st *disclosure.Set, municipalities int) [][]disclosure.Table {
	out := [][]disclosure.Table{st.View(-1)}
	for i := 0; i < municipalities; i++ {
		out = append(out, st.View(i))
	}
	return out
}

// attacker is a reader who knows how the tables add up and combines every
// number of every view it was shown, by any linear combination, in exact
// rational arithmetic, independently of the package's own check.
type attacker struct {
	known map[string]int
	vars  map[string]bool
	eqs   []map[string]int // Σ coef·var = 0
}

func key(table, row, col string) string { return table + "|" + row + "|" + col }

func newAttacker(t *testing.T, grids []disclosure.Grid, seen [][]disclosure.Table) *attacker {
	a := &attacker{known: map[string]int{}, vars: map[string]bool{}}
	for _, view := range seen {
		for _, tb := range view {
			for _, r := range tb.Rows {
				note := func(k string, c *int) {
					a.vars[k] = true
					if c == nil {
						return
					}
					if *c > 0 && *c < minCount {
						t.Fatalf("%s published as %d", k, *c)
					}
					if old, ok := a.known[k]; ok && old != *c {
						t.Fatalf("%s published as %d and as %d", k, old, *c)
					}
					a.known[k] = *c
				}
				note(key(tb.Name, r.Label, ""), r.Total)
				for _, c := range r.Cells {
					note(key(tb.Name, r.Label, c.Label), c.Count)
				}
			}
		}
	}
	// The structure a reader knows: rows add up to their totals, the total
	// row is the sum of the rows, tables of the same cases share totals.
	for _, g := range grids {
		labels := append(append([]string{}, g.RowLabels...), disclosure.TotalLabel)
		for _, r := range labels {
			eq := map[string]int{key(g.Name, r, ""): 1}
			for _, c := range g.ColLabels {
				eq[key(g.Name, r, c)] -= 1
			}
			a.eqs = append(a.eqs, eq)
		}
		for _, c := range append(append([]string{}, g.ColLabels...), "") {
			eq := map[string]int{key(g.Name, disclosure.TotalLabel, c): 1}
			for _, r := range g.RowLabels {
				eq[key(g.Name, r, c)] -= 1
			}
			a.eqs = append(a.eqs, eq)
		}
		if g.SameRows != "" {
			for _, r := range labels {
				a.eqs = append(a.eqs, map[string]int{key(g.Name, r, ""): 1, key(g.SameRows, r, ""): -1})
			}
		}
	}
	return a
}

// recovered returns the suppressed counts the attacker can compute.
func (a *attacker) recovered() []string {
	var unknown []string
	col := map[string]int{}
	for k := range a.vars {
		if _, ok := a.known[k]; !ok {
			col[k] = len(unknown)
			unknown = append(unknown, k)
		}
	}
	var m [][]*big.Rat
	for _, eq := range a.eqs {
		row := make([]*big.Rat, len(unknown)+1)
		for i := range row {
			row[i] = new(big.Rat)
		}
		for k, c := range eq {
			if v, ok := a.known[k]; ok {
				row[len(unknown)].Sub(row[len(unknown)], big.NewRat(int64(c*v), 1))
			} else if i, ok := col[k]; ok {
				row[i].Add(row[i], big.NewRat(int64(c), 1))
			}
		}
		m = append(m, row)
	}
	r := 0
	for c := 0; c < len(unknown) && r < len(m); c++ {
		p := -1
		for i := r; i < len(m); i++ {
			if m[i][c].Sign() != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		m[r], m[p] = m[p], m[r]
		inv := new(big.Rat).Inv(m[r][c])
		for j := range m[r] {
			m[r][j].Mul(m[r][j], inv)
		}
		for i := range m {
			if i != r && m[i][c].Sign() != 0 {
				f := new(big.Rat).Set(m[i][c])
				for j := range m[i] {
					m[i][j].Sub(m[i][j], new(big.Rat).Mul(f, m[r][j]))
				}
			}
		}
		r++
	}
	var out []string
	for _, row := range m {
		only := -1
		for c := 0; c < len(unknown); c++ {
			if row[c].Sign() != 0 {
				if only >= 0 {
					only = -2
					break
				}
				only = c
			}
		}
		if only >= 0 {
			out = append(out, fmt.Sprintf("%s = %s", unknown[only], row[len(unknown)].RatString()))
		}
	}
	return out
}

// TestNoSuppressedCountCanBeRecovered tries, for many regions, to compute
// every suppressed count from everything the region's view and all its
// municipalities' views publish together: totals, differences between the
// region and its other municipalities, and any longer combination.
func TestNoSuppressedCountCanBeRecovered(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 2026))
	suppressed := 0
	for round := 0; round < 150; round++ {
		n := 1 + rng.IntN(6)
		grids := regionGrids(rng, n)
		st := disclosure.ProtectGrids(grids, minCount)
		suppressed += st.Suppressed()
		a := newAttacker(t, grids, views(st, n))
		if got := a.recovered(); len(got) > 0 {
			t.Fatalf("round %d (%d municipalities): suppressed counts recovered: %v", round, n, got)
		}
	}
	if suppressed == 0 {
		t.Fatal("nothing was suppressed: the test data has no small counts")
	}
}

// TestAttackerFindsWhatPrimarySuppressionAloneLeaves checks the attacker
// itself: with only the small counts hidden, it works them out from the totals.
func TestAttackerFindsWhatPrimarySuppressionAloneLeaves(t *testing.T) {
	g := []disclosure.Grid{{Name: "phase", RowLabels: []string{"A", "B"}, ColLabels: []string{"x", "y"}, Cells: [][]int{{3, 40}, {25, 30}}}}
	seen := []disclosure.Table{{Name: "phase", Rows: []disclosure.Row{
		{Label: "A", Cells: []disclosure.Cell{{Label: "x"}, {Label: "y", Count: ptr(40)}}, Total: ptr(43)},
		{Label: "B", Cells: []disclosure.Cell{{Label: "x", Count: ptr(25)}, {Label: "y", Count: ptr(30)}}, Total: ptr(55)},
	}}}
	a := newAttacker(t, g, [][]disclosure.Table{seen})
	if got := a.recovered(); len(got) != 1 || got[0] != "phase|A|x = 3" {
		t.Fatalf("recovered %v, want phase|A|x = 3", got)
	}
}

func ptr(v int) *int { return &v }

// TestSmallCellHiddenWithItsRectangle: one small count in a 2×2 table
// costs its row and column partners and the opposite corner, no more.
func TestSmallCellHiddenWithItsRectangle(t *testing.T) {
	st := disclosure.ProtectGrids([]disclosure.Grid{{Name: "t", RowLabels: []string{"A", "B"}, ColLabels: []string{"x", "y"},
		Cells: [][]int{{3, 40}, {25, 30}}}}, minCount)
	v := st.View(-1)[0]
	want := [][]bool{{true, true, false}, {true, true, false}, {false, false, false}} // x, y, total per row A, B, total
	for i, r := range v.Rows {
		got := []bool{r.Cells[0].Count == nil, r.Cells[1].Count == nil, r.Total == nil}
		for j := range got {
			if got[j] != want[i][j] {
				t.Fatalf("row %s: suppressed %v, want %v", r.Label, got, want[i])
			}
		}
	}
}

// TestLargeCountsAllPublished: without small counts nothing is hidden, and
// zero is a count like any other.
func TestLargeCountsAllPublished(t *testing.T) {
	st := disclosure.ProtectGrids([]disclosure.Grid{{Name: "t", RowLabels: []string{"A", "B"}, ColLabels: []string{"x", "y", "z"},
		Cells: [][]int{{12, 0, 40}, {25, 30, 0}}}}, minCount)
	if n := st.Suppressed(); n != 0 {
		t.Fatalf("%d suppressed, want 0", n)
	}
	r := st.View(-1)[0].Rows[2]
	if r.Label != disclosure.TotalLabel || *r.Total != 107 || *r.Cells[0].Count != 37 {
		t.Fatalf("total row %+v", r)
	}
}

// TestSharedTotalsHiddenInBothTables: when a municipality's number of cases
// is hidden in one table it is hidden in the other that divides the same cases.
func TestSharedTotalsHiddenInBothTables(t *testing.T) {
	st := disclosure.ProtectGrids([]disclosure.Grid{
		{Name: "phase", RowLabels: []string{"A", "B", "C"}, ColLabels: []string{"x", "y"}, Cells: [][]int{{2, 3}, {40, 30}, {20, 20}}},
		{Name: "cycle", RowLabels: []string{"A", "B", "C"}, ColLabels: []string{"p", "q"}, Cells: [][]int{{5, 0}, {35, 35}, {12, 28}}, SameRows: "phase"},
	}, minCount)
	v := st.View(-1)
	for _, tb := range v {
		if tb.Rows[0].Total != nil {
			t.Fatalf("%s: the total of A (5) is published", tb.Name)
		}
	}
	for i := range v[0].Rows {
		if (v[0].Rows[i].Total == nil) != (v[1].Rows[i].Total == nil) {
			t.Fatalf("row %s: a shared total is hidden in one table only", v[0].Rows[i].Label)
		}
	}
}

// TestMunicipalityViewIsARowOfTheRegionView: a municipality's view
// publishes exactly its row of the region's view.
func TestMunicipalityViewIsARowOfTheRegionView(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	grids := regionGrids(rng, 4)
	st := disclosure.ProtectGrids(grids, minCount)
	region := st.View(-1)
	for i := 0; i < 4; i++ {
		own := st.View(i)
		for ti := range own {
			if len(own[ti].Rows) != 1 || testenv.ShowRow(own[ti].Rows[0]) != testenv.ShowRow(region[ti].Rows[i]) {
				t.Fatalf("municipality %d, table %s: %v, region row %v", i, own[ti].Name, own[ti].Rows, region[ti].Rows[i])
			}
		}
	}
}

// TestDeterminedAgreesWithTheAttacker: the package's own check reports
// only suppressed values, and nothing once Protect has run.
func TestDeterminedAgreesWithTheAttacker(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for round := 0; round < 40; round++ {
		var s disclosure.System
		cells, ncol := make([][]int, 2+rng.IntN(3)), 2+rng.IntN(3)
		for i := range cells {
			cells[i] = make([]int, ncol)
			for j := range cells[i] {
				cells[i][j] = rng.IntN(25)
			}
		}
		s.Table(cells, nil, -1)
		supp := make([]bool, len(s.Values))
		for i, v := range s.Values {
			supp[i] = v > 0 && v < minCount
		}
		det := disclosure.Determined(s, supp)
		for _, d := range det {
			if !supp[d] {
				t.Fatalf("round %d: published value %d reported as determined", round, d)
			}
		}
		full := disclosure.Protect(s, minCount)
		if left := disclosure.Determined(s, full); len(left) != 0 {
			t.Fatalf("round %d: after protection still determined: %v", round, left)
		}
	}
}
