// Command network fills a database with many cases in one region and many
// shared, coded insights and dilemmas, and measures the network view
// (sqldb.NetworkService.RegionOverview: the counts of the whole region,
// protected by package disclosure), one municipality's view and the common
// threads (what the codebook page reads: the synthesis, the agreement
// between coders and the first page of shared material), once on SQLite
// and once on PostgreSQL.
//
//	go run ./bench/network [-engines sqlite,postgres] [-cases 100000] [-records 1000000] [-municipalities 12] [-runs 40]
//
// The cases and records are written straight into the tables the views
// read (cases with their municipality, phases, learning-cycle entries,
// barriers and summarised signals; knowledge records with their codings),
// in multi-row INSERTs: the generator measures the views, not the services
// that write one row at a time. The network view's tallies and the tallies
// of the codings are then counted once by the services, as after a
// migration. The databases are kept for the
// next run, which only measures: the SQLite file in -data, the PostgreSQL
// database -pgdb on the server at -postgres (default
// $ROTONDE_TEST_POSTGRES_URL). -fresh makes them again.
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
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/postgres"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/sqlite"
)

func main() {
	engines := flag.String("engines", "sqlite,postgres", "comma-separated: sqlite, postgres")
	cfg := config{}
	flag.IntVar(&cfg.cases, "cases", 100000, "cases in the region")
	flag.IntVar(&cfg.records, "records", 1000000, "shared insights and dilemmas, coded")
	flag.IntVar(&cfg.munis, "municipalities", 12, "municipalities in the region")
	flag.IntVar(&cfg.runs, "runs", 40, "timed runs of each view")
	flag.StringVar(&cfg.pg, "postgres", os.Getenv("ROTONDE_TEST_POSTGRES_URL"), "PostgreSQL server URL")
	flag.StringVar(&cfg.data, "data", "/work/benchdata", "folder of the SQLite database")
	flag.StringVar(&cfg.pgdb, "pgdb", "network1m", "PostgreSQL database")
	flag.BoolVar(&cfg.fresh, "fresh", false, "make the databases again")
	flag.Parse()
	ctx := context.Background()
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("load average before: %s", load)
	}
	for _, e := range strings.Split(*engines, ",") {
		if err := run(ctx, e, cfg); err != nil {
			fmt.Fprintln(os.Stderr, "network:", e+":", err)
			os.Exit(1)
		}
	}
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("load average after: %s", load)
	}
}

type config struct {
	cases, records, munis, runs int
	pg, data, pgdb              string
	fresh                       bool
}

// cpuTime is the user and system time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// open opens the kept database of the engine, or makes it (fresh: again).
func open(ctx context.Context, engine string, cfg config) (*sqldb.DB, error) {
	switch engine {
	case "sqlite":
		if err := os.MkdirAll(cfg.data, 0o755); err != nil {
			return nil, err
		}
		file := filepath.Join(cfg.data, "network1m.db")
		if cfg.fresh {
			for _, f := range []string{file, file + "-wal", file + "-shm"} {
				_ = os.Remove(f)
			}
		}
		return sqlite.Open(ctx, file)
	case "postgres":
		if cfg.pg == "" {
			return nil, fmt.Errorf("no -postgres URL")
		}
		admin, err := sql.Open("pgx", cfg.pg)
		if err != nil {
			return nil, err
		}
		defer admin.Close()
		if cfg.fresh {
			if _, err := admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+cfg.pgdb); err != nil {
				return nil, err
			}
		}
		var n int
		if err := admin.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_database WHERE datname = $1`, cfg.pgdb).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+cfg.pgdb); err != nil {
				return nil, err
			}
		}
		u, err := url.Parse(cfg.pg)
		if err != nil {
			return nil, err
		}
		u.Path = "/" + cfg.pgdb
		return postgres.Open(ctx, u.String())
	}
	return nil, fmt.Errorf("unknown engine %q", engine)
}

// bulk writes n rows made by row in multi-row INSERTs of at most 500 rows,
// in one transaction.
func bulk(ctx context.Context, db *sqldb.DB, table, cols string, n int, row func(i int) []any) error {
	tx, err := db.Writer().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	pgsql := db.Dialect() == sqldb.Postgres
	for start := 0; start < n; start += 500 {
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " (" + cols + ") VALUES ")
		var args []any
		for i := start; i < min(start+500, n); i++ {
			r := row(i)
			if i > start {
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

func run(ctx context.Context, engine string, cfg config) error {
	db, err := open(ctx, engine, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	b, err := findRegion(ctx, db)
	if err != nil {
		return err
	}
	if b == nil {
		if b, err = setUpRegion(ctx, db, cfg.munis); err != nil {
			return err
		}
		if err := writeCases(ctx, db, engine, cfg.cases, b); err != nil {
			return err
		}
		if err := writeRecords(ctx, db, engine, cfg.cases, cfg.records, b); err != nil {
			return err
		}
	} else {
		fmt.Printf("%s: the kept database, %d municipalities\n", engine, len(b.ms))
	}
	if err := measureViews(ctx, db, engine, cfg.runs, b); err != nil {
		return err
	}
	return measureThreads(ctx, db, engine, cfg.runs, b)
}

// benchRegion is the region the cases are written in: its municipalities,
// the professional who owns every case and the policy officer who opens
// the view.
type benchRegion struct {
	region                *rotonde.Region
	ms                    []int64
	owner, officer, coder *rotonde.User
	book                  int64
}

// findRegion finds the region of a kept database, or returns nil.
func findRegion(ctx context.Context, db *sqldb.DB) (*benchRegion, error) {
	b := &benchRegion{region: &rotonde.Region{Name: "Benchregio"}}
	err := db.Writer().QueryRowContext(ctx, rebind(db, `SELECT id FROM regions WHERE name = ?`), b.region.Name).Scan(&b.region.ID)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var done int
	if err := db.Writer().QueryRowContext(ctx, `SELECT COUNT(*) FROM codebooks`).Scan(&done); err != nil || done == 0 {
		return nil, fmt.Errorf("the kept database is incomplete (run with -fresh): %v", err)
	}
	rows, err := db.Writer().QueryContext(ctx, rebind(db, `SELECT id FROM organisations WHERE region_id = ? AND kind = 'municipality' ORDER BY name, id`), b.region.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		b.ms = append(b.ms, id)
	}
	rows.Close()
	for _, u := range []struct {
		p     **rotonde.User
		email string
	}{{&b.owner, "owner@bench.test"}, {&b.officer, "beleid@bench.test"}, {&b.coder, "coder@bench.test"}} {
		var u2 rotonde.User
		var role string
		if err := db.Writer().QueryRowContext(ctx, rebind(db, `SELECT id, name, role, org_id FROM users WHERE email = ?`), u.email).Scan(&u2.ID, &u2.Name, &role, &u2.OrgID); err != nil {
			return nil, err
		}
		u2.Email, u2.Role = u.email, rotonde.Role(role)
		*u.p = &u2
	}
	err = db.Writer().QueryRowContext(ctx, `SELECT MIN(id) FROM codebooks`).Scan(&b.book)
	return b, err
}

func rebind(db *sqldb.DB, q string) string {
	if db.Dialect() == sqldb.Postgres {
		return strings.Replace(q, "?", "$1", 1)
	}
	return q
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
	coder := &rotonde.User{Email: "coder@bench.test", Name: "Coder", Role: rotonde.RoleAdministrator, OrgID: provider.ID}
	for _, u := range []*rotonde.User{owner, officer, coder} {
		if err := db.Users.CreateUser(ctx, nil, u, hash); err != nil {
			return nil, err
		}
	}
	return &benchRegion{region: region, ms: ms, owner: owner, officer: officer, coder: coder}, nil
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
		if err := bulk(ctx, db, t.table, t.cols, len(t.rows), func(i int) []any { return t.rows[i] }); err != nil {
			return err
		}
	}
	fmt.Printf("%s: %d cases, %d phases, %d cycle entries, %d barriers, %d signals written in %s\n",
		engine, len(cs), len(ph), len(ce), len(cb), len(sg), time.Since(start).Round(time.Millisecond))
	// The view's tallies, counted once from the cases (as migration 034 does).
	t0 := time.Now()
	if err := db.Network.RecountTallies(ctx); err != nil {
		return err
	}
	fmt.Printf("%s: network tallies counted from the cases in %s\n", engine, time.Since(t0).Round(time.Millisecond))
	return analyse(ctx, db)
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
		fmt.Printf("%s: %s view over %d municipalities: wall p50 %s, p95 %s; process CPU p50 %s, p95 %s (%d runs)\n", engine, view.name, munis,
			pct(d, 50), pct(d, 95), pct(cpu, 50), pct(cpu, 95), len(d))
	}
	return nil
}

// analyse brings the planner's statistics up to date.
func analyse(ctx context.Context, db *sqldb.DB) error {
	q := `ANALYZE`
	if db.Dialect() == sqldb.Postgres {
		q = `VACUUM ANALYZE` // the visibility map, for index-only scans
	}
	_, err := db.Writer().ExecContext(ctx, q)
	return err
}

// writeCodebook makes the region's codebook: the ready-made verbs and
// components, and sixteen themes of which six are sub-themes.
func writeCodebook(ctx context.Context, db *sqldb.DB, b *benchRegion) (*knowledge.Codebook, []int64, error) {
	book := &knowledge.Codebook{Name: "Rode draden Benchregio"}
	var ready []knowledge.Code
	for i := 0; i < 9; i++ {
		ready = append(ready, knowledge.Code{Group: knowledge.GroupVerb, Key: fmt.Sprintf("verb-%d", i), Name: fmt.Sprintf("Werkwoord %d", i)})
	}
	for i := 0; i < 3; i++ {
		ready = append(ready, knowledge.Code{Group: knowledge.GroupComponent, Key: fmt.Sprintf("component-%d", i), Name: fmt.Sprintf("Succescomponent %d", i)})
	}
	if err := db.Knowledge.CreateCodebook(ctx, b.coder, book, ready); err != nil {
		return nil, nil, err
	}
	b.book = book.ID
	var codes []int64
	for _, c := range book.Codes {
		codes = append(codes, c.ID)
	}
	for i := 0; i < 16; i++ {
		c := &knowledge.Code{CodebookID: book.ID, Name: fmt.Sprintf("Thema %d", i)}
		if i >= 10 {
			c.ParentID = codes[len(ready)+i-10]
		}
		if err := db.Knowledge.AddCode(ctx, b.coder, c); err != nil {
			return nil, nil, err
		}
		codes = append(codes, c.ID)
	}
	return book, codes, nil
}

// writeRecords writes n shared insights and dilemmas from the cases, and a
// codebook of the region with themes, sub-themes and ready-made codes, in
// which the coder codes every record with one to three codes and the
// owner codes every fifth record again, mostly alike. The tallies are then
// counted once by the service.
func writeRecords(ctx context.Context, db *sqldb.DB, engine string, cases, n int, b *benchRegion) error {
	start := time.Now()
	book, codes, err := writeCodebook(ctx, db, b)
	if err != nil {
		return err
	}
	levels := []string{"personal", "organisation", "network", ""}
	kinds := []string{"insight", "dilemma"}
	now := time.Now().UTC()
	// Shared over two years, so the movement over time has eight quarters.
	step := 2 * 365 * 24 * time.Hour / time.Duration(n)
	sharedAt := func(i int) time.Time { return now.Add(-time.Duration(n-i) * step) }
	err = bulk(ctx, db, "knowledge_records", "id, kind, case_id, level, body, paraphrase, shared_at, shared_by, created_by, created_at, updated_at", n, func(i int) []any {
		at := sharedAt(i)
		return []any{int64(i + 1), kinds[i%2], int64(i%cases + 1), levels[(i/2)%4], fmt.Sprintf("Wat we zagen in casus %d", i),
			fmt.Sprintf("Een gedeeld inzicht (%d) over samenwerken rond een gezin, zonder namen.", i), at, b.owner.ID, b.owner.ID, at, at}
	})
	if err != nil {
		return err
	}
	// The codes a coder applies to record i: skewed, so some codes are rare.
	rng := rand.New(rand.NewPCG(3, 4))
	pick := func() int64 { return codes[min(int(rng.ExpFloat64()*float64(len(codes))/4), len(codes)-1)] }
	type coding struct{ code, record, coder int64 }
	var rows []coding
	flush := func() error {
		err := bulk(ctx, db, "codings", "codebook_id, code_id, record_id, coded_by, sel_start, sel_end, created_at", len(rows), func(i int) []any {
			return []any{book.ID, rows[i].code, rows[i].record, rows[i].coder, 0, 0, sharedAt(int(rows[i].record - 1))}
		})
		rows = rows[:0]
		return err
	}
	total := 0
	for i := 0; i < n; i++ {
		rec := int64(i + 1)
		var mine []int64
		for k := 0; k < 1+rng.IntN(3); k++ {
			if c := pick(); !slices.Contains(mine, c) {
				mine = append(mine, c)
				rows = append(rows, coding{c, rec, b.coder.ID})
			}
		}
		if i%5 == 0 {
			var again []int64
			for k, c := range mine {
				if k > 0 && rng.IntN(3) == 0 {
					c = pick() // a different judgement now and then
				}
				if !slices.Contains(again, c) {
					again = append(again, c)
					rows = append(rows, coding{c, rec, b.owner.ID})
				}
			}
		}
		if len(rows) >= 200000 {
			total += len(rows)
			if err := flush(); err != nil {
				return err
			}
		}
	}
	total += len(rows)
	if err := flush(); err != nil {
		return err
	}
	if _, err := db.Writer().ExecContext(ctx, `UPDATE knowledge_counts SET shared = (SELECT COUNT(*) FROM knowledge_records WHERE shared_at IS NOT NULL)`); err != nil {
		return err
	}
	if err := analyse(ctx, db); err != nil {
		return err
	}
	fmt.Printf("%s: %d shared records and %d codings written in %s\n", engine, n, total, time.Since(start).Round(time.Millisecond))
	// The tallies, counted once from the codings (as after migration 031).
	if _, err := db.Writer().ExecContext(ctx, `UPDATE codebooks SET tallied_at = NULL`); err != nil {
		return err
	}
	t0 := time.Now()
	if _, err := db.Knowledge.Synthesis(ctx, b.coder, book.ID, levels[:3]); err != nil {
		return err
	}
	fmt.Printf("%s: tallies counted from the codings in %s\n", engine, time.Since(t0).Round(time.Millisecond))
	return analyse(ctx, db)
}

// measureThreads times what the codebook page reads: the synthesis, the
// agreement between coders, and the newest page of shared material with
// its codings.
func measureThreads(ctx context.Context, db *sqldb.DB, engine string, runs int, b *benchRegion) error {
	levels := []string{"personal", "organisation", "network"}
	var d, cpu []time.Duration
	for i := 0; i < runs+2; i++ {
		t0, c0 := time.Now(), cpuTime()
		syn, err := db.Knowledge.Synthesis(ctx, b.coder, b.book, levels)
		if err != nil {
			return err
		}
		if _, err := db.Knowledge.Agreement(ctx, b.coder, b.book); err != nil {
			return err
		}
		page, _, err := db.Knowledge.SharedPage(ctx, b.coder, 0, 50)
		if err != nil {
			return err
		}
		ids := make([]int64, len(page))
		for i, r := range page {
			ids[i] = r.ID
		}
		if _, err := db.Knowledge.RecordCodings(ctx, b.coder, b.book, ids); err != nil {
			return err
		}
		if i == 0 {
			fmt.Printf("%s: synthesis of %d coded records by %d coders, %d codes, %d quarters\n", engine, syn.Records, syn.Coders, len(syn.Codes), len(syn.Periods))
		}
		if i >= 2 {
			d, cpu = append(d, time.Since(t0)), append(cpu, cpuTime()-c0)
		}
	}
	fmt.Printf("%s: threads (synthesis, agreement, first page): wall p50 %s, p95 %s; process CPU p50 %s, p95 %s (%d runs)\n", engine,
		pct(d, 50), pct(d, 95), pct(cpu, 50), pct(cpu, 95), len(d))
	return nil
}

// pct is the q-th percentile of l.
func pct(l []time.Duration, q int) time.Duration {
	slices.Sort(l)
	return l[(len(l)*q+99)/100-1].Round(time.Microsecond)
}
