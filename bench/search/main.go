// Command search measures search over a large index. It writes -n invented
// Dutch texts (a case's title and reason, and insights, 20 texts a case)
// with the index of each (the terms from the same analysis as the store's,
// sqldb.SearchTerms), in bulk: a few large transactions, ordered by the
// index's key, COPY on PostgreSQL. Then it times queries through the
// store's Search (policy in the query, ranking, snippets and all) for a
// professional who is a member of 20 cases and a facilitator who is a
// member of 1,000, with two words and with one, on SQLite and PostgreSQL.
//
//	go run ./bench/search [-engines sqlite,postgres] [-n 1000000] [-queries 300]
//		[-sqlite-file PATH] [-postgres-db NAME] [-postgres-url URL]
//
// With -sqlite-file and -postgres-db the data are kept: a later run finds
// them filled and only queries. Without them a temporary file and database
// are made and removed afterwards. The PostgreSQL database is made on the
// server of -postgres-url (default $ROTONDE_TEST_POSTGRES_URL).
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for making the database

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/postgres"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/sqlite"
)

type options struct {
	engines    []string
	n          int
	queries    int
	pgURL      string
	sqliteFile string
	pgDB       string
}

func main() {
	var o options
	engines := flag.String("engines", "sqlite,postgres", "comma-separated: sqlite, postgres")
	flag.IntVar(&o.n, "n", 100000, "indexed texts (1,000–1,000,000)")
	flag.IntVar(&o.queries, "queries", 300, "queries per user, kind of query and engine")
	flag.StringVar(&o.pgURL, "postgres-url", os.Getenv("ROTONDE_TEST_POSTGRES_URL"), "a PostgreSQL server to make the database on")
	flag.StringVar(&o.sqliteFile, "sqlite-file", "", "keep the SQLite database in this file (reused when filled)")
	flag.StringVar(&o.pgDB, "postgres-db", "", "keep the PostgreSQL database under this name (reused when filled)")
	flag.Parse()
	o.engines = strings.Split(*engines, ",")
	if o.n < 1000 || o.n > 1_000_000 || o.queries < 10 {
		fmt.Fprintln(os.Stderr, "search: -n between 1000 and 1000000, -queries at least 10")
		os.Exit(2)
	}
	ctx := context.Background()
	for _, e := range o.engines {
		if err := runEngine(ctx, e, o); err != nil {
			fmt.Fprintf(os.Stderr, "search %s: %v\n", e, err)
			os.Exit(1)
		}
	}
}

func runEngine(ctx context.Context, engine string, o options) error {
	var db *sqldb.DB
	var err error
	var pgURL string
	switch engine {
	case "sqlite":
		path := o.sqliteFile
		if path == "" {
			dir, derr := os.MkdirTemp("", "rotonde-search-bench-")
			if derr != nil {
				return derr
			}
			defer os.RemoveAll(dir)
			path = filepath.Join(dir, "bench.db")
		}
		db, err = sqlite.Open(ctx, path)
	case "postgres":
		if o.pgURL == "" {
			return fmt.Errorf("no -postgres-url")
		}
		url, drop, derr := postgresDB(ctx, o.pgURL, o.pgDB)
		if derr != nil {
			return derr
		}
		defer drop()
		pgURL = url
		db, err = postgres.Open(ctx, url)
	default:
		return fmt.Errorf("unknown engine %q", engine)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	docs, err := db.Search.IndexedDocuments(ctx)
	if err != nil {
		return err
	}
	var few, many *rotonde.User
	if docs >= o.n {
		fmt.Printf("%s: %d documents already indexed, querying only\n", engine, docs)
	} else {
		start := time.Now()
		if engine == "postgres" {
			err = loadPostgres(ctx, db, pgURL, o.n)
		} else {
			err = loadSQLite(ctx, db, o.n)
		}
		if err != nil {
			return err
		}
		if docs, err = db.Search.IndexedDocuments(ctx); err != nil {
			return err
		}
		fmt.Printf("%s: %d texts written and indexed in %v\n", engine, docs, time.Since(start).Round(time.Second))
	}
	if few, err = benchUser(ctx, db, "hulpverlener@bench.test"); err != nil {
		return err
	}
	if many, err = benchUser(ctx, db, "facilitator@bench.test"); err != nil {
		return err
	}
	return measureQueries(ctx, db, o, few, many)
}

// measureQueries times one- and two-word queries of a member of 20 cases
// and of a facilitator in 1,000, and prints their percentiles.
func measureQueries(ctx context.Context, db *sqldb.DB, o options, few, many *rotonde.User) error {
	words := queryWords()
	qrng := rand.New(rand.NewPCG(5, 6))
	rare := names(rand.New(rand.NewPCG(9, 10)), 200)
	pickWord := func() string {
		if qrng.IntN(5) == 0 { // now and then a name: a rare word
			return strings.ToLower(rare[qrng.IntN(len(rare))])
		}
		return words[qrng.IntN(len(words))]
	}
	for _, u := range []struct {
		name string
		user *rotonde.User
	}{{"member of 20 cases", few}, {"facilitator in 1,000 cases", many}} {
		for _, nwords := range []int{2, 1} {
			for range 10 { // warm the caches a little
				if _, err := db.Search.Search(ctx, u.user, pickWord(), "", 20); err != nil {
					return err
				}
			}
			var times, cpu []time.Duration
			hits := 0
			for range o.queries {
				q := pickWord()
				if nwords == 2 {
					q += " " + pickWord()
				}
				c0 := cpuTime()
				t0 := time.Now()
				h, err := db.Search.Search(ctx, u.user, q, "", 20)
				if err != nil {
					return err
				}
				times = append(times, time.Since(t0))
				cpu = append(cpu, cpuTime()-c0)
				hits += len(h)
			}
			slices.Sort(times)
			slices.Sort(cpu)
			pct := func(d []time.Duration, p float64) time.Duration {
				return d[int(p*float64(len(d)-1))].Round(10 * time.Microsecond)
			}
			load, _ := os.ReadFile("/proc/loadavg")
			fmt.Printf("  %s, %d-word queries (%d): p50 %v, p95 %v, p99 %v, max %v; this process's CPU p50 %v, p95 %v; %.1f hits a query; load %s\n",
				u.name, nwords, len(times), pct(times, .50), pct(times, .95), pct(times, .99), times[len(times)-1].Round(10*time.Microsecond),
				pct(cpu, .50), pct(cpu, .95), float64(hits)/float64(len(times)), strings.Join(strings.Fields(string(load))[:3], " "))
		}
	}
	return nil
}

// cpuTime is the processor time this process used so far (user and
// system): with SQLite, a query's own work; with PostgreSQL, only the
// client's.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchUser reads one of the generated users.
func benchUser(ctx context.Context, db *sqldb.DB, email string) (*rotonde.User, error) {
	u := &rotonde.User{Email: email}
	var role string
	q := `SELECT id, role, org_id FROM users WHERE email = ?`
	if db.Dialect() == sqldb.Postgres {
		q = strings.Replace(q, "?", "$1", 1)
	}
	if err := db.Reader().QueryRowContext(ctx, q, email).Scan(&u.ID, &role, &u.OrgID); err != nil {
		return nil, fmt.Errorf("user %s: %w", email, err)
	}
	u.Role = rotonde.Role(role)
	return u, nil
}

// postgresDB returns the address of database name on the server of url,
// made if missing, and a function to call when done: with no name, a
// fresh database that the function drops.
func postgresDB(ctx context.Context, url, name string) (string, func(), error) {
	admin, err := sql.Open("pgx", url)
	if err != nil {
		return "", nil, err
	}
	keep := name != ""
	if !keep {
		name = fmt.Sprintf("rotonde_search_bench_%d", os.Getpid())
	}
	var n int
	if err := admin.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_database WHERE datname = $1`, name).Scan(&n); err != nil {
		admin.Close()
		return "", nil, err
	}
	if n == 0 {
		if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
			admin.Close()
			return "", nil, err
		}
	}
	done := func() {
		if !keep {
			_, _ = admin.ExecContext(context.Background(), `DROP DATABASE `+name+` WITH (FORCE)`)
		}
		admin.Close()
	}
	u := url
	if i := strings.LastIndex(u, "/"); i > len("postgres://") {
		rest := ""
		if q := strings.Index(u[i:], "?"); q >= 0 {
			rest = u[i+q:]
		}
		u = u[:i+1] + name + rest
	}
	return u, done, nil
}
