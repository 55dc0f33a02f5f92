// Command network fills a fresh database with many cases in one region and
// measures the network view (sqldb.NetworkService.RegionOverview: the
// counts of the whole region, protected by package disclosure) and one
// municipality's view, once on SQLite and once on PostgreSQL.
//
//	go run ./bench/network [-engines sqlite,postgres] [-cases 100000] [-municipalities 12] [-runs 40]
//
// The cases are written straight into the tables the view counts (cases
// with their municipality, phases, learning-cycle entries, barriers and
// summarised signals), in multi-row INSERTs: the generator measures the
// view, not the services that write one case at a time. PostgreSQL is the
// server at -postgres (default $ROTONDE_TEST_POSTGRES_URL); the database
// rotonde_bench_network is dropped and made again.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to make the database

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/postgres"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/sqlite"
)

func main() {
	engines := flag.String("engines", "sqlite,postgres", "comma-separated: sqlite, postgres")
	cases := flag.Int("cases", 100000, "cases in the region")
	munis := flag.Int("municipalities", 12, "municipalities in the region")
	runs := flag.Int("runs", 40, "timed runs of each view")
	pg := flag.String("postgres", os.Getenv("ROTONDE_TEST_POSTGRES_URL"), "PostgreSQL server URL")
	flag.Parse()
	ctx := context.Background()
	for _, e := range strings.Split(*engines, ",") {
		if err := run(ctx, e, *pg, *cases, *munis, *runs); err != nil {
			fmt.Fprintln(os.Stderr, "network:", e+":", err)
			os.Exit(1)
		}
	}
}

// cpuTime is the user and system time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func open(ctx context.Context, engine, pg string) (*sqldb.DB, func(), error) {
	switch engine {
	case "sqlite":
		dir, err := os.MkdirTemp("", "rotonde-bench-network")
		if err != nil {
			return nil, nil, err
		}
		db, err := sqlite.Open(ctx, filepath.Join(dir, "bench.db"))
		return db, func() { os.RemoveAll(dir) }, err
	case "postgres":
		if pg == "" {
			return nil, nil, fmt.Errorf("no -postgres URL")
		}
		admin, err := sql.Open("pgx", pg)
		if err != nil {
			return nil, nil, err
		}
		defer admin.Close()
		for _, q := range []string{`DROP DATABASE IF EXISTS rotonde_bench_network`, `CREATE DATABASE rotonde_bench_network`} {
			if _, err := admin.ExecContext(ctx, q); err != nil {
				return nil, nil, err
			}
		}
		u, err := url.Parse(pg)
		if err != nil {
			return nil, nil, err
		}
		u.Path = "/rotonde_bench_network"
		db, err := postgres.Open(ctx, u.String())
		return db, func() {
			if a, err := sql.Open("pgx", pg); err == nil {
				_, _ = a.ExecContext(ctx, `DROP DATABASE IF EXISTS rotonde_bench_network`)
				a.Close()
			}
		}, err
	}
	return nil, nil, fmt.Errorf("unknown engine %q", engine)
}

// bulk writes rows in multi-row INSERTs of at most 500 rows, one
// transaction per table.
func bulk(ctx context.Context, db *sqldb.DB, table, cols string, rows [][]any) error {
	tx, err := db.Writer().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	pgsql := db.Dialect() == sqldb.Postgres
	for start := 0; start < len(rows); start += 500 {
		chunk := rows[start:min(start+500, len(rows))]
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " (" + cols + ") VALUES ")
		var args []any
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(")
			for j := range r {
				if j > 0 {
					b.WriteString(", ")
				}
				if pgsql {
					fmt.Fprintf(&b, "$%d", len(args)+j+1)
				} else {
					b.WriteString("?")
				}
			}
			b.WriteString(")")
			args = append(args, r...)
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	return tx.Commit()
}

func run(ctx context.Context, engine, pg string, n, munis, runs int) error {
	db, cleanup, err := open(ctx, engine, pg)
	if err != nil {
		return err
	}
	defer cleanup()
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	b, err := setUpRegion(ctx, db, munis)
	if err != nil {
		return err
	}
	if err := writeCases(ctx, db, engine, n, b); err != nil {
		return err
	}
	return measureViews(ctx, db, engine, runs, b)
}

// benchRegion is the region the cases are written in: its municipalities,
// the professional who owns every case and the policy officer who opens
// the view.
type benchRegion struct {
	region         *rotonde.Region
	ms             []int64
	owner, officer *rotonde.User
}

func setUpRegion(ctx context.Context, db *sqldb.DB, munis int) (*benchRegion, error) {
	region := &rotonde.Region{Name: "Benchregio"}
	if err := db.Orgs.CreateRegion(ctx, nil, region); err != nil {
		return nil, err
	}
	var ms []int64
	for i := 0; i < munis; i++ {
		o := &rotonde.Organisation{Name: fmt.Sprintf("Gemeente %02d", i), Kind: rotonde.OrgMunicipality, RegionID: region.ID}
		if err := db.Orgs.CreateOrganisation(ctx, nil, o); err != nil {
			return nil, err
		}
		ms = append(ms, o.ID)
	}
	provider := &rotonde.Organisation{Name: "Aanbieder", Kind: rotonde.OrgProvider, RegionID: region.ID}
	if err := db.Orgs.CreateOrganisation(ctx, nil, provider); err != nil {
		return nil, err
	}
	hash := "no-login" // nobody logs in: the view is called as the officer
	owner := &rotonde.User{Email: "owner@bench.test", Name: "Owner", Role: rotonde.RoleProfessional, OrgID: provider.ID}
	officer := &rotonde.User{Email: "beleid@bench.test", Name: "Beleid", Role: rotonde.RolePolicyOfficer, OrgID: ms[0]}
	for _, u := range []*rotonde.User{owner, officer} {
		if err := db.Users.CreateUser(ctx, nil, u, hash); err != nil {
			return nil, err
		}
	}
	return &benchRegion{region: region, ms: ms, owner: owner, officer: officer}, nil
}

// writeCases writes n cases with phases, cycle entries, barriers and
// signals at random, and analyses the tables.
func writeCases(ctx context.Context, db *sqldb.DB, engine string, n int, b *benchRegion) error {
	ms, owner, munis := b.ms, b.owner, len(b.ms)
	start := time.Now()
	rng := rand.New(rand.NewPCG(1, 2))
	now := time.Now().UTC()
	phases := []string{"urgency", "pause", "design"}
	steps := []string{"connect", "analyse", "apply-knowledge", "monitor"}
	kinds := []string{"rules", "financing", "contracting", "capacity", "waiting", "other"}
	signals := []string{"helpers", "placements", "parallel", "repeated", "escalation", "waiting", "gaps", "voice"}
	var cs, ph, ce, cb, sg [][]any
	for i := 0; i < n; i++ {
		id := int64(i + 1)
		// Municipalities of very different sizes, so that small cells occur.
		m := ms[min(int(rng.ExpFloat64()*float64(munis)/3), munis-1)]
		status := "open"
		if i%10 == 0 {
			status = "closed"
		}
		var phase string
		for k := 0; k < rng.IntN(4); k++ {
			phase = phases[rng.IntN(3)]
			ph = append(ph, []any{id, phase, owner.ID, now})
		}
		nsteps := rng.IntN(5)
		for _, st := range steps[:nsteps] {
			ce = append(ce, []any{id, st, "gedaan", owner.ID, now})
		}
		var bk, sk int64
		for _, k := range rng.Perm(len(kinds))[:rng.IntN(3)] {
			cb = append(cb, []any{id, kinds[k], "uitleg", owner.ID, now, owner.ID, now})
			bk |= 1 << k
		}
		for _, k := range rng.Perm(len(signals))[:rng.IntN(4)] {
			sg = append(sg, []any{id, signals[k]})
			sk |= 1 << k
		}
		// The summary columns as the services keep them (sqldb/network.go).
		cs = append(cs, []any{id, fmt.Sprintf("Kind %d", i), status, owner.ID, now, now, m, now, phase, nsteps, bk, sk})
	}
	for _, t := range []struct {
		table, cols string
		rows        [][]any
	}{
		{"cases", "id, title, status, created_by, created_at, updated_at, municipality_id, signals_at, phase, cycle_steps, barrier_kinds, signal_kinds", cs},
		{"case_phases", "case_id, phase, set_by, set_at", ph},
		{"cycle_entries", "case_id, step, done, created_by, created_at", ce},
		{"case_barriers", "case_id, kind, explanation, created_by, created_at, updated_by, updated_at", cb},
		{"case_signals", "case_id, signal", sg},
	} {
		if err := bulk(ctx, db, t.table, t.cols, t.rows); err != nil {
			return err
		}
	}
	q := `ANALYZE`
	if db.Dialect() == sqldb.Postgres {
		q = `VACUUM ANALYZE` // the visibility map, for index-only scans
	}
	if _, err := db.Writer().ExecContext(ctx, q); err != nil {
		return err
	}
	fmt.Printf("%s: %d cases, %d phases, %d cycle entries, %d barriers, %d signals written in %s\n",
		engine, len(cs), len(ph), len(ce), len(cb), len(sg), time.Since(start).Round(time.Millisecond))
	return nil
}

// measureViews times the region view and a municipality's view.
func measureViews(ctx context.Context, db *sqldb.DB, engine string, runs int, b *benchRegion) error {
	ms, officer, region, munis := b.ms, b.officer, b.region, len(b.ms)
	for _, view := range []struct {
		name string
		m    int64
	}{{"region", 0}, {"municipality", ms[0]}} {
		// Wall time, and the CPU time of this process (for SQLite the query
		// runs in it; the machine may be shared, which wall time includes).
		var d, cpu []time.Duration
		for i := 0; i < runs+2; i++ {
			t0, c0 := time.Now(), cpuTime()
			if _, err := db.Network.RegionOverview(ctx, officer, region.ID, view.m); err != nil {
				return err
			}
			if i >= 2 { // two warm-up runs
				d, cpu = append(d, time.Since(t0)), append(cpu, cpuTime()-c0)
			}
		}
		p := func(l []time.Duration, q int) time.Duration {
			slices.Sort(l)
			return l[(len(l)*q+99)/100-1].Round(time.Microsecond)
		}
		fmt.Printf("%s: %s view over %d municipalities: wall p50 %s, p95 %s; process CPU p50 %s, p95 %s (%d runs)\n", engine, view.name, munis,
			p(d, 50), p(d, 95), p(cpu, 50), p(cpu, 95), len(d))
	}
	return nil
}
