package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The network view at scale: network_tallies (migration 034) holds per
// municipality and column of the view's tables the open cases counted
// there. What a case counts follows from its summary columns (municipality,
// status, phase, cycle steps, the barrier and signal masks); every write
// that changes them runs through retallyCase, which moves the case from the
// cells it counted in to the cells it counts in now, in the same
// transaction. The view then reads a few hundred rows however many cases
// the region has.

// networkCell is one cell of the network view's tables before protection:
// a municipality (the row), a table and a column key.
type networkCell struct {
	municipality int64
	grid, col    string
}

func compareCells(a, b networkCell) int {
	return cmp.Or(cmp.Compare(a.municipality, b.municipality), cmp.Compare(a.grid, b.grid), cmp.Compare(a.col, b.col))
}

// caseCells returns the cells a case with these summary columns counts in:
// none while it has no municipality or is closed; else one phase, one
// number of cycle steps, and one cell per barrier kind and signal it names.
func caseCells(municipality int64, status, phase string, steps int, barriers, signals int64) []networkCell {
	if municipality == 0 || status == "closed" {
		return nil
	}
	if phase == "" {
		phase = "none"
	}
	var out []networkCell
	if slices.Contains(overviewPhases, phase) {
		out = append(out, networkCell{municipality, "phase", phase})
	}
	out = append(out, networkCell{municipality, "cycle", strconv.Itoa(min(max(steps, 0), 4))})
	for j, k := range overviewBarrier {
		if barriers>>j&1 == 1 {
			out = append(out, networkCell{municipality, "barriers", k})
		}
	}
	for j, k := range overviewSignal {
		if signals>>j&1 == 1 {
			out = append(out, networkCell{municipality, "signals", k})
		}
	}
	return out
}

// networkCells returns the cells the case counts in now (none once it is
// gone). On PostgreSQL it locks the case's row, so that two transactions
// changing one case move its count one after the other.
func networkCells(ctx context.Context, tx *Tx, caseID int64) ([]networkCell, error) {
	lock := ""
	if tx.db.dialect == Postgres {
		lock = " FOR NO KEY UPDATE" // the lock an UPDATE of the row takes; inserts referring to the case go on
	}
	var m sql.NullInt64
	var status, phase string
	var steps int
	var barriers, signals int64
	err := tx.QueryRow(ctx, `SELECT municipality_id, status, phase, cycle_steps, barrier_kinds, signal_kinds FROM cases WHERE id = ?`+lock, caseID).
		Scan(&m, &status, &phase, &steps, &barriers, &signals)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("network cells of case %d: %w", caseID, err)
	}
	return caseCells(m.Int64, status, phase, steps, barriers, signals), nil
}

// retallyCase runs fn, which may change what the case counts in the
// network view, and moves the case's count in network_tallies accordingly.
func retallyCase(ctx context.Context, tx *Tx, caseID int64, fn func() error) error {
	before, err := networkCells(ctx, tx, caseID)
	if err != nil {
		return err
	}
	if err := fn(); err != nil {
		return err
	}
	after, err := networkCells(ctx, tx, caseID)
	if err != nil {
		return err
	}
	return moveTally(ctx, tx, before, after)
}

// tallyNewCase counts a case just inserted (a new case has no
// municipality yet, so this adds nothing unless that changes).
func tallyNewCase(ctx context.Context, tx *Tx, caseID int64) error {
	after, err := networkCells(ctx, tx, caseID)
	if err != nil {
		return err
	}
	return moveTally(ctx, tx, nil, after)
}

// moveTally takes one off each cell of before that is not in after, and
// adds one to each cell of after that is not in before. The rows are
// changed in one order, so that concurrent transactions cannot deadlock.
func moveTally(ctx context.Context, tx *Tx, before, after []networkCell) error {
	delta := map[networkCell]int{}
	for _, c := range before {
		delta[c]--
	}
	for _, c := range after {
		delta[c]++
	}
	return addTally(ctx, tx, delta)
}

// addTally adds the non-zero counts of delta to network_tallies.
func addTally(ctx context.Context, tx *Tx, delta map[networkCell]int) error {
	var cells []networkCell
	for c, n := range delta {
		if n != 0 {
			cells = append(cells, c)
		}
	}
	slices.SortFunc(cells, compareCells)
	for _, c := range cells {
		if _, err := tx.Exec(ctx, `INSERT INTO network_tallies (municipality_id, grid, col, cases) VALUES (?, ?, ?, ?)
			ON CONFLICT (municipality_id, grid, col) DO UPDATE SET cases = network_tallies.cases + excluded.cases`,
			c.municipality, c.grid, c.col, delta[c]); err != nil {
			return fmt.Errorf("network tallies: %w", err)
		}
	}
	return nil
}

// RecountTallies counts the network view's tallies again from the cases'
// summary columns, as migration 034 did: for cases written around the
// services (bench/network writes its cases in bulk).
func (db *NetworkService) RecountTallies(ctx context.Context) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		if db.dialect == Postgres {
			// Writes that move a case wait, and count from what this reads.
			if _, err := tx.Exec(ctx, `LOCK TABLE network_tallies IN EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM network_tallies`); err != nil {
			return err
		}
		delta := map[networkCell]int{}
		if err := eachRow(ctx, tx, func(rows *sql.Rows) error {
			var m, barriers, signals int64
			var phase string
			var steps, n int
			if err := rows.Scan(&m, &phase, &steps, &barriers, &signals, &n); err != nil {
				return err
			}
			for _, c := range caseCells(m, "open", phase, steps, barriers, signals) {
				delta[c] += n
			}
			return nil
		}, `SELECT municipality_id, phase, cycle_steps, barrier_kinds, signal_kinds, COUNT(*) FROM cases
			WHERE municipality_id IS NOT NULL AND status <> 'closed' GROUP BY municipality_id, phase, cycle_steps, barrier_kinds, signal_kinds`); err != nil {
			return err
		}
		return addTally(ctx, tx, delta)
	})
}

// countOverview fills c with the open cases of the municipalities ids (row
// i of c is ids[i]), from their tallies.
func (db *NetworkService) countOverview(ctx context.Context, ids []int64, c *overviewCounts) error {
	rowOf := map[int64]int{}
	args := make([]any, len(ids))
	for i, id := range ids {
		rowOf[id] = i
		args[i] = id
	}
	grids := map[string]struct {
		cols  []string
		cells [][]int
	}{
		"phase":    {overviewPhases, c.phase},
		"cycle":    {overviewCycle, c.cycle},
		"signals":  {overviewSignal, c.signals},
		"barriers": {overviewBarrier, c.barriers},
	}
	return db.each(ctx, db.reader, `SELECT municipality_id, grid, col, cases FROM network_tallies WHERE municipality_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) AND cases <> 0`,
		args, func(r *sql.Rows) error {
			var m int64
			var grid, col string
			var n int
			if err := r.Scan(&m, &grid, &col, &n); err != nil {
				return err
			}
			g, ok := grids[grid]
			if j := slices.Index(g.cols, col); ok && j >= 0 {
				g.cells[rowOf[m]][j] += n
			}
			return nil
		})
}

func init() {
	erasureKept["network_tallies"] = "counts of open cases per municipality and column of the network view; holds no person"
}
