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
		run := newTallyRun(t, db)
		for n := 0; n < 300; n++ {
			if err := run.write(n); err != nil {
				t.Fatalf("write %d: %v", n, err)
			}
		}
		if len(run.cases) == 16 {
			t.Fatal("no case purged")
		}
		checkTalliesAgree(t, db)
	})
}

// tallyRun is the state of the mixed sequence of writes: the cases left,
// their barriers and trashed barriers, which are closed, and the seeded
// random source that chooses each write.
type tallyRun struct {
	t              *testing.T
	db             *sqldb.DB
	owner          *rotonde.User
	municipalities []int64
	cases          []int64
	barriers       map[int64][]int64
	trashed        map[int64][]int64
	closed         map[int64]bool
	rng            *rand.Rand
}

// newTallyRun creates sixteen cases of the network world's owner.
func newTallyRun(t *testing.T, db *sqldb.DB) *tallyRun {
	w := buildNetworkWorld(t, db)
	r := &tallyRun{t: t, db: db, owner: w.owner, municipalities: []int64{w.north.ID, w.south.ID, w.far.ID, 0},
		barriers: map[int64][]int64{}, trashed: map[int64][]int64{}, closed: map[int64]bool{}, rng: rand.New(rand.NewPCG(34, 12))}
	for i := 0; i < 16; i++ {
		c := &rotonde.Case{Title: fmt.Sprintf("Kind %d", i)}
		if err := db.Cases.CreateCase(context.Background(), w.owner, c); err != nil {
			t.Fatal(err)
		}
		r.cases = append(r.cases, c.ID)
	}
	return r
}

// write makes write n of the sequence: a random write to a random case,
// and at n 250 the purge of the closed cases.
func (r *tallyRun) write(n int) error {
	ctx, db, rng, kinds := context.Background(), r.db, r.rng, rotonde.BarrierKinds
	id := r.cases[rng.IntN(len(r.cases))]
	if r.closed[id] && rng.IntN(3) > 0 {
		return nil // a closed case takes no writes but being reopened
	}
	op := rng.IntN(10)
	if n == 250 {
		op = 9
	}
	switch op {
	case 0, 1:
		return db.Network.SetMunicipality(ctx, r.owner, id, r.municipalities[rng.IntN(len(r.municipalities))])
	case 2:
		return db.Progress.SetPhase(ctx, r.owner, &rotonde.PhaseChange{CaseID: id, Phase: rotonde.Phases[rng.IntN(len(rotonde.Phases))]})
	case 3:
		return db.Progress.AddCycleEntry(ctx, r.owner, &rotonde.CycleEntry{CaseID: id, Step: rotonde.CycleSteps[rng.IntN(len(rotonde.CycleSteps))], Done: "samen gekeken"})
	case 4:
		b := &rotonde.Barrier{CaseID: id, Kind: kinds[rng.IntN(len(kinds))], Explanation: "te lang wachten"}
		err := db.Network.AddBarrier(ctx, r.owner, b)
		if err == nil {
			r.barriers[id] = append(r.barriers[id], b.ID)
		}
		return err
	case 5:
		if l := r.barriers[id]; len(l) > 0 {
			return db.Network.UpdateBarrier(ctx, r.owner, &rotonde.Barrier{ID: l[rng.IntN(len(l))], CaseID: id, Kind: kinds[rng.IntN(len(kinds))], Explanation: "anders dan gedacht"})
		}
	case 6:
		return r.trashOrRestore(id)
	case 7:
		ev := timeline.Event{Date: timeline.About(2020 + rng.IntN(5)), Kind: timeline.KindEvent, Source: timeline.SourceDossier,
			Description: "Gesprek", Helpers: []string{fmt.Sprintf("hulpverlener %d", rng.IntN(4))}}
		if _, err := db.Timeline.AddTimelineEvent(ctx, r.owner, id, &ev); err != nil {
			return err
		}
		_, err := db.Network.RefreshSignals(ctx, time.Now().UTC(), 100)
		return err
	case 8:
		if rng.IntN(3) > 0 {
			return nil
		}
		status := rotonde.CaseClosed
		if r.closed[id] {
			status = rotonde.CaseOpen
		}
		err := db.Privacy.SetCaseStatus(ctx, r.owner, id, status)
		if err == nil {
			r.closed[id] = status == rotonde.CaseClosed
		}
		return err
	case 9:
		if n == 250 { // the closed cases' retention long past
			return r.purgeClosed()
		}
	}
	return nil
}

// trashOrRestore trashes a random barrier of the case, or when it has none
// restores the oldest one it trashed.
func (r *tallyRun) trashOrRestore(id int64) error {
	ctx := context.Background()
	if l := r.barriers[id]; len(l) > 0 {
		k := r.rng.IntN(len(l))
		it, err := r.db.Trash.TrashBarrier(ctx, r.owner, id, l[k])
		if err == nil {
			r.barriers[id] = slices.Delete(l, k, k+1)
			r.trashed[id] = append(r.trashed[id], it.ID)
		}
		return err
	}
	l := r.trashed[id]
	if len(l) == 0 {
		return nil
	}
	_, err := r.db.Trash.RestoreTrash(ctx, r.owner, id, l[0])
	r.trashed[id] = l[1:]
	if err != nil {
		return err
	}
	// The restored barrier has a new id; find the case's barriers again.
	bs, err := r.db.Network.Barriers(ctx, r.owner, id)
	if err != nil {
		r.t.Fatal(err)
	}
	r.barriers[id] = nil
	for _, b := range bs {
		r.barriers[id] = append(r.barriers[id], b.ID)
	}
	return nil
}

// purgeClosed purges every closed case, fifty years on.
func (r *tallyRun) purgeClosed() error {
	_, err := r.db.Privacy.PurgeRetention(context.Background(), time.Now().AddDate(50, 0, 0), false)
	for c := range r.closed {
		if r.closed[c] {
			r.cases = slices.DeleteFunc(r.cases, func(x int64) bool { return x == c })
			delete(r.closed, c)
		}
	}
	return err
}

// checkTalliesAgree compares the tallies with a count of the cases as they
// were kept write by write, after counting them again, and after migration
// 034 backfilled them.
func checkTalliesAgree(t *testing.T, db *sqldb.DB) {
	ctx := context.Background()
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
