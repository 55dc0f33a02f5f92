// Package disclosure decides which counts of a published set of tables must
// be suppressed so that no small count can be read or worked out.
//
// The counts are values of a linear system: each Sum says that one value
// (a total) is the sum of others (its parts), as a row total is the sum of
// its row and a column total the sum of its column. Tables that share a
// quantity (the number of cases of a municipality in two tables that both
// divide those cases) share the value, so the system spans every table a
// reader can see together.
//
// Protect suppresses every count from 1 to Min-1 (primary suppression) and
// then enough other counts (complementary suppression) that no suppressed
// value can be computed exactly from the published ones by any combination
// of the sums: it checks this itself with exact linear algebra (modulo a
// large prime) and suppresses more until it holds. A view that publishes a
// subset of the published values of the same Protect call reveals nothing
// more, so a region's view and each municipality's view are built from one
// call.
//
// The package holds no state and imports no storage; it is pure arithmetic.
package disclosure

import (
	"math/bits"
	"slices"
)

// Sum states that Values[Total] is the sum of Values[Parts].
type Sum struct {
	Total int
	Parts []int
}

// System is a set of counts and the sums that tie them together.
type System struct {
	Values []int
	Sums   []Sum
}

// Value adds a count and returns its index.
func (s *System) Value(v int) int {
	s.Values = append(s.Values, v)
	return len(s.Values) - 1
}

// AddSum states that total is the sum of parts.
func (s *System) AddSum(total int, parts ...int) {
	s.Sums = append(s.Sums, Sum{Total: total, Parts: append([]int(nil), parts...)})
}

// Table adds a table of counts with a total per row, a total per column and
// a grand total, all as values of the system. rowTotals may give existing
// values to use as the row totals (shared with another table dividing the
// same rows), and grand an existing grand total; pass nil and -1 for new
// ones. It returns the indices of the cells, the row totals, the column
// totals and the grand total.
func (s *System) Table(cells [][]int, rowTotals []int, grand int) (idx [][]int, rows, cols []int, total int) {
	ncol := 0
	if len(cells) > 0 {
		ncol = len(cells[0])
	}
	colSum := make([]int, ncol)
	all := 0
	idx = make([][]int, len(cells))
	rows = make([]int, len(cells))
	for i, row := range cells {
		sum := 0
		idx[i] = make([]int, len(row))
		for j, v := range row {
			idx[i][j] = s.Value(v)
			sum += v
			colSum[j] += v
		}
		all += sum
		if rowTotals != nil {
			rows[i] = rowTotals[i]
		} else {
			rows[i] = s.Value(sum)
		}
		s.AddSum(rows[i], idx[i]...)
	}
	cols = make([]int, ncol)
	for j := range cols {
		cols[j] = s.Value(colSum[j])
		parts := make([]int, len(cells))
		for i := range cells {
			parts[i] = idx[i][j]
		}
		s.AddSum(cols[j], parts...)
	}
	if grand >= 0 {
		total = grand
	} else {
		total = s.Value(all)
	}
	s.AddSum(total, cols...)
	s.AddSum(total, rows...)
	return idx, rows, cols, total
}

// Protect returns which values to suppress: every value from 1 to min-1,
// and the complements that keep each of them from being computed exactly
// from the rest. Zero is not small: it is published unless needed as a
// complement, and chosen as one only when no positive value can serve.
func Protect(s System, min int) []bool {
	supp := make([]bool, len(s.Values))
	for i, v := range s.Values {
		if v > 0 && v < min {
			supp[i] = true
		}
	}
	lines := make([][]int, len(s.Sums))
	byValue := make([][]int, len(s.Values))
	for k, sum := range s.Sums {
		lines[k] = append([]int{sum.Total}, sum.Parts...)
		for _, v := range lines[k] {
			byValue[v] = append(byValue[v], k)
		}
	}
	// smallest finds the unsuppressed value of the given lines that costs the
	// least to suppress: the smallest positive count, else a zero.
	smallest := func(ls []int) int {
		best := -1
		for _, k := range ls {
			for _, v := range lines[k] {
				if supp[v] {
					continue
				}
				if best < 0 || better(s.Values[v], s.Values[best]) {
					best = v
				}
			}
		}
		return best
	}
	for {
		// A line with one suppressed value gives it away by subtraction.
		changed := false
		for k, line := range lines {
			n := 0
			for _, v := range line {
				if supp[v] {
					n++
				}
			}
			if n == 1 {
				if c := smallest([]int{k}); c >= 0 {
					supp[c] = true
					changed = true
				}
			}
		}
		if changed {
			continue
		}
		// Longer combinations of lines: suppress one more value next to the
		// first value that can still be worked out, and look again.
		det := Determined(s, supp)
		if len(det) == 0 {
			return supp
		}
		c := smallest(byValue[det[0]])
		if c < 0 {
			c = smallest(allLines(len(lines)))
		}
		if c < 0 {
			return supp // everything is suppressed
		}
		supp[c] = true
	}
}

// better reports whether count a is a cheaper complement than b: a positive
// count before a zero, a smaller before a larger.
func better(a, b int) bool {
	if (a > 0) != (b > 0) {
		return a > 0
	}
	return a < b
}

func allLines(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// prime is the modulus of the exact arithmetic: 2^61-1. A value is
// determined over the rationals exactly when it is modulo a large prime,
// unless the prime divides a minor of the system; with coefficients 0 and
// ±1 and tables of this size that does not happen.
const prime = 1<<61 - 1

func mulmod(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	_, r := bits.Div64(hi, lo, prime)
	return r
}

func addmod(a, b uint64) uint64 {
	r := a + b
	if r >= prime {
		r -= prime
	}
	return r
}

func submod(a, b uint64) uint64 { return addmod(a, prime-b) }

func powmod(a, e uint64) uint64 {
	r := uint64(1)
	for e > 0 {
		if e&1 == 1 {
			r = mulmod(r, a)
		}
		a = mulmod(a, a)
		e >>= 1
	}
	return r
}

func invmod(a uint64) uint64 { return powmod(a, prime-2) }

// Determined returns the suppressed values that the published values and
// the sums determine exactly, in index order: those a reader can compute.
func Determined(s System, supp []bool) []int {
	col := map[int]int{}
	var unknown []int
	for i, sp := range supp {
		if sp {
			col[i] = len(unknown)
			unknown = append(unknown, i)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	// One row per sum, over the suppressed values only: the published
	// values move to the right-hand side, which does not matter here.
	var m [][]uint64
	for _, sum := range s.Sums {
		row := make([]uint64, len(unknown))
		nz := false
		if c, ok := col[sum.Total]; ok {
			row[c] = addmod(row[c], 1)
			nz = true
		}
		for _, p := range sum.Parts {
			if c, ok := col[p]; ok {
				row[c] = submod(row[c], 1)
				nz = true
			}
		}
		if nz {
			m = append(m, row)
		}
	}
	rref(m)
	var out []int
	for _, row := range m {
		only := -1
		for c, v := range row {
			if v != 0 {
				if only >= 0 {
					only = -2
					break
				}
				only = c
			}
		}
		if only >= 0 {
			out = append(out, unknown[only])
		}
	}
	slices.Sort(out)
	return out
}

// rref brings m to reduced row echelon form in place.
func rref(m [][]uint64) {
	if len(m) == 0 {
		return
	}
	r := 0
	for c := 0; c < len(m[0]) && r < len(m); c++ {
		p := -1
		for i := r; i < len(m); i++ {
			if m[i][c] != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		m[r], m[p] = m[p], m[r]
		inv := invmod(m[r][c])
		for j := c; j < len(m[r]); j++ {
			m[r][j] = mulmod(m[r][j], inv)
		}
		for i := range m {
			if i == r || m[i][c] == 0 {
				continue
			}
			f := m[i][c]
			for j := c; j < len(m[i]); j++ {
				if m[r][j] != 0 {
					m[i][j] = submod(m[i][j], mulmod(f, m[r][j]))
				}
			}
		}
		r++
	}
}
