package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// After a mixed sequence of writes through the services — municipalities
// set and changed, phases, learning-cycle entries, barriers added, changed,
// trashed and restored, signals refreshed, cases closed, reopened and
// purged — the network view's tallies equal a count of every open case
// from the tables the case's summary comes from; counting them again, and
// migration 034's backfill, give the same.
func TestNetworkTalliesMatchTheCases(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := buildNetworkWorld(t, db)
		municipalities := []int64{w.north.ID, w.south.ID, w.far.ID, 0}
		kinds := rotonde.BarrierKinds
		var cases []int64
		for i := 0; i < 16; i++ {
			c := &rotonde.Case{Title: fmt.Sprintf("Kind %d", i)}
			if err := db.Cases.CreateCase(ctx, w.owner, c); err != nil {
				t.Fatal(err)
			}
			cases = append(cases, c.ID)
		}
		barriers := map[int64][]int64{}
		trashed := map[int64][]int64{}
		closed := map[int64]bool{}
		rng := rand.New(rand.NewPCG(34, 12))
		for n := 0; n < 300; n++ {
			id := cases[rng.IntN(len(cases))]
			if closed[id] && rng.IntN(3) > 0 {
				continue // a closed case takes no writes but being reopened
			}
			var err error
			op := rng.IntN(10)
			if n == 250 {
				op = 9
			}
			switch op {
			case 0, 1:
				err = db.Network.SetMunicipality(ctx, w.owner, id, municipalities[rng.IntN(len(municipalities))])
			case 2:
				err = db.Progress.SetPhase(ctx, w.owner, &rotonde.PhaseChange{CaseID: id, Phase: rotonde.Phases[rng.IntN(len(rotonde.Phases))]})
			case 3:
				err = db.Progress.AddCycleEntry(ctx, w.owner, &rotonde.CycleEntry{CaseID: id, Step: rotonde.CycleSteps[rng.IntN(len(rotonde.CycleSteps))], Done: "samen gekeken"})
			case 4:
				b := &rotonde.Barrier{CaseID: id, Kind: kinds[rng.IntN(len(kinds))], Explanation: "te lang wachten"}
				if err = db.Network.AddBarrier(ctx, w.owner, b); err == nil {
					barriers[id] = append(barriers[id], b.ID)
				}
			case 5:
				if l := barriers[id]; len(l) > 0 {
					err = db.Network.UpdateBarrier(ctx, w.owner, &rotonde.Barrier{ID: l[rng.IntN(len(l))], CaseID: id, Kind: kinds[rng.IntN(len(kinds))], Explanation: "anders dan gedacht"})
				}
			case 6:
				if l := barriers[id]; len(l) > 0 {
					k := rng.IntN(len(l))
					var it rotonde.TrashItem
					if it, err = db.Trash.TrashBarrier(ctx, w.owner, id, l[k]); err == nil {
						barriers[id] = slices.Delete(l, k, k+1)
						trashed[id] = append(trashed[id], it.ID)
					}
				} else if l := trashed[id]; len(l) > 0 {
					_, err = db.Trash.RestoreTrash(ctx, w.owner, id, l[0])
					trashed[id] = l[1:]
					// The restored barrier has a new id; find the case's barriers again.
					if err == nil {
						bs, e := db.Network.Barriers(ctx, w.owner, id)
						if e != nil {
							t.Fatal(e)
						}
						barriers[id] = nil
						for _, b := range bs {
							barriers[id] = append(barriers[id], b.ID)
						}
					}
				}
			case 7:
				ev := timeline.Event{Date: timeline.About(2020 + rng.IntN(5)), Kind: timeline.KindEvent, Source: timeline.SourceDossier,
					Description: "Gesprek", Helpers: []string{fmt.Sprintf("hulpverlener %d", rng.IntN(4))}}
				if _, err = db.Timeline.AddTimelineEvent(ctx, w.owner, id, &ev); err == nil {
					_, err = db.Network.RefreshSignals(ctx, time.Now().UTC(), 100)
				}
			case 8:
				if rng.IntN(3) > 0 {
					break
				}
				status := rotonde.CaseClosed
				if closed[id] {
					status = rotonde.CaseOpen
				}
				if err = db.Privacy.SetCaseStatus(ctx, w.owner, id, status); err == nil {
					closed[id] = status == rotonde.CaseClosed
				}
			case 9:
				if n == 250 { // the closed cases' retention long past
					_, err = db.Privacy.PurgeRetention(ctx, time.Now().AddDate(50, 0, 0), false)
					for c := range closed {
						if closed[c] {
							cases = slices.DeleteFunc(cases, func(x int64) bool { return x == c })
							delete(closed, c)
						}
					}
				}
			}
			if err != nil {
				t.Fatalf("write %d: %v", n, err)
			}
		}
		if len(cases) == 16 {
			t.Fatal("no case purged")
		}
		want := recountNetwork(t, db)
		if len(want) < 10 {
			t.Fatalf("too little to compare: %v", want)
		}
		check := func(when string) {
			t.Helper()
			if got := networkTallies(t, db); !slices.Equal(got, want) {
				t.Fatalf("%s: tallies\n%v\nwant\n%v", when, got, want)
			}
		}
		check("kept write by write")
		if err := db.Network.RecountTallies(ctx); err != nil {
			t.Fatal(err)
		}
		check("counted again")
		for _, q := range []string{`DROP TABLE network_tallies`, `ALTER TABLE knowledge_records DROP COLUMN kept_at`, `DELETE FROM schema_migrations WHERE version = 34`} {
			if _, err := db.Writer().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := db.Migrate(ctx); err != nil || n != 1 {
			t.Fatalf("migrate again: %d, %v", n, err)
		}
		check("backfilled by migration 034")
	})
}

// networkTallies lists the non-zero tallies as "municipality grid col n".
func networkTallies(t *testing.T, db *sqldb.DB) []string {
	t.Helper()
	rows, err := db.Reader().QueryContext(context.Background(), `SELECT municipality_id, grid, col, cases FROM network_tallies WHERE cases <> 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var m, n int64
		var grid, col string
		if err := rows.Scan(&m, &grid, &col, &n); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d %s %s %d", m, grid, col, n))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// recountNetwork counts every open case with a municipality from the
// phase history, the learning-cycle entries, the barriers and the
// summarised signals, as networkTallies lists them.
func recountNetwork(t *testing.T, db *sqldb.DB) []string {
	t.Helper()
	ctx := context.Background()
	counts := map[string]int{}
	add := func(q string) {
		rows, err := db.Reader().QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var m int64
			var grid, col string
			if err := rows.Scan(&m, &grid, &col); err != nil {
				t.Fatal(err)
			}
			counts[fmt.Sprintf("%d %s %s", m, grid, col)]++
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	open := ` FROM cases c WHERE c.municipality_id IS NOT NULL AND c.status <> 'closed'`
	add(`SELECT c.municipality_id, 'phase', COALESCE((SELECT p.phase FROM case_phases p WHERE p.case_id = c.id ORDER BY p.id DESC LIMIT 1), 'none')` + open)
	add(`SELECT c.municipality_id, 'cycle', CAST((SELECT COUNT(DISTINCT e.step) FROM cycle_entries e WHERE e.case_id = c.id) AS TEXT)` + open)
	add(`SELECT x.m, 'barriers', x.kind FROM (SELECT DISTINCT c.municipality_id AS m, b.kind, c.id FROM case_barriers b
		JOIN cases c ON c.id = b.case_id WHERE c.municipality_id IS NOT NULL AND c.status <> 'closed') x`)
	add(`SELECT c.municipality_id, 'signals', s.signal FROM case_signals s JOIN cases c ON c.id = s.case_id
		WHERE c.municipality_id IS NOT NULL AND c.status <> 'closed'`)
	var out []string
	for k, n := range counts {
		out = append(out, fmt.Sprintf("%s %d", k, n))
	}
	slices.Sort(out)
	return out
}
