package disclosure

// Grid is one table as the network view shows it: a row per area (a
// municipality), a cell per category, a total per row, and a total row
// for all areas together.
type Grid struct {
	Name      string
	RowLabels []string
	ColLabels []string
	Cells     [][]int // [row][column]
	// SameRows names an earlier grid whose rows divide the same things (the
	// same cases), so that both have the same row totals and grand total.
	SameRows string
}

// TotalLabel is the label of the total row.
const TotalLabel = "total"

// Cell is a published count; nil when suppressed.
type Cell struct {
	Label string
	Count *int
}

// Row is a published row.
type Row struct {
	Label string
	Cells []Cell
	Total *int
}

// Table is a published table.
type Table struct {
	Name string
	Rows []Row
}

// Set is a group of grids protected together: every view of it publishes
// a part of what its full view publishes, so views compared with each
// other reveal nothing their union does not.
type Set struct {
	grids []Grid
	sys   System
	supp  []bool
	cells [][][]int // per grid: [row][col] value index
	rows  [][]int   // per grid: row total value index
	cols  [][]int   // per grid: column total value index
	grand []int     // per grid: grand total value index
}

// Protect builds the system of the grids and protects it with the given
// smallest published count.
func ProtectGrids(grids []Grid, min int) *Set {
	st := &Set{grids: grids}
	byName := map[string]int{}
	for gi, g := range grids {
		var rowTotals []int
		grand := -1
		if k, ok := byName[g.SameRows]; ok && g.SameRows != "" {
			rowTotals, grand = st.rows[k], st.grand[k]
		}
		c, r, cl, t := st.sys.Table(g.Cells, rowTotals, grand)
		st.cells = append(st.cells, c)
		st.rows = append(st.rows, r)
		st.cols = append(st.cols, cl)
		st.grand = append(st.grand, t)
		byName[g.Name] = gi
	}
	st.supp = Protect(st.sys, min)
	return st
}

func (st *Set) count(i int) *int {
	if st.supp[i] {
		return nil
	}
	v := st.sys.Values[i]
	return &v
}

// View publishes the grids: every row and the total row when row is
// negative, else only that row.
func (st *Set) View(row int) []Table {
	out := make([]Table, 0, len(st.grids))
	for gi, g := range st.grids {
		t := Table{Name: g.Name}
		for i, label := range g.RowLabels {
			if row >= 0 && i != row {
				continue
			}
			r := Row{Label: label, Total: st.count(st.rows[gi][i])}
			for j, cl := range g.ColLabels {
				r.Cells = append(r.Cells, Cell{Label: cl, Count: st.count(st.cells[gi][i][j])})
			}
			t.Rows = append(t.Rows, r)
		}
		if row < 0 {
			r := Row{Label: TotalLabel, Total: st.count(st.grand[gi])}
			for j, cl := range g.ColLabels {
				r.Cells = append(r.Cells, Cell{Label: cl, Count: st.count(st.cols[gi][j])})
			}
			t.Rows = append(t.Rows, r)
		}
		out = append(out, t)
	}
	return out
}

// Suppressed counts the suppressed values (each shared value once).
func (st *Set) Suppressed() int {
	n := 0
	for _, s := range st.supp {
		if s {
			n++
		}
	}
	return n
}
