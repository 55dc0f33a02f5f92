// Command search measures search over a large index: it writes -n invented
// Dutch texts (insights spread over cases, 20 a case), rebuilds the index
// with the same code as `rotonde search reindex`, and times two-word
// queries through the store's Search (policy in the query, snippets and
// all) for a professional who is a member of a few cases and for a
// facilitator who is a member of many, on SQLite and on PostgreSQL.
//
//	go run ./bench/search [-engines sqlite,postgres] [-n 100000] [-queries 300] [-postgres-url URL]
//
// PostgreSQL: a fresh database is made on the server of -postgres-url
// (default $ROTONDE_TEST_POSTGRES_URL) and dropped afterwards.
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
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for making the database

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/postgres"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/sqlite"
)

// vocabulary: the field's words, the common words of every text, and
// invented rare words (names, places) for a long tail.
var fieldWords = strings.Fields(`jeugdhulp jeugdzorg gezin moeder vader kind kinderen school mentor leerplicht verzuim
	wijkteam huisarts ggz jeugdbescherming ondertoezichtstelling uithuisplaatsing pleeggezin gezinshuis
	veiligheid zorgen melding veilig thuis gesprek overleg besluit beschikking rechter raad
	onderzoek indicatie wachtlijst behandeling therapie trauma hechting ruzie scheiding omgang
	oma opa tante oom broer zus buurvrouw voetbal sport vrienden telefoon nachten slapen eten
	schuld geld huur woning verhuizing werk uitkering armoede taal inburgering cultuur geloof
	perspectief droom toekomst wens angst boosheid verdriet vertrouwen samenwerking regie plan
	doel afspraak stap evaluatie terugblik leerbijeenkomst inzicht dilemma belemmering verhaal
	casusregie netwerk instelling gemeente beleid budget contract aanbieder verwijzing
	crisis opname kliniek medicatie diagnose autisme adhd depressie verslaving middelen politie`)

var commonWords = strings.Fields(`de het een en van in op met voor naar is was zijn heeft had niet wel ook nog al
	dat die dit er maar om bij tot als uit door over dan zo want omdat toen nu later eerder`)

type options struct {
	engines []string
	n       int
	queries int
	pgURL   string
}

func main() {
	var o options
	engines := flag.String("engines", "sqlite,postgres", "comma-separated: sqlite, postgres")
	flag.IntVar(&o.n, "n", 100000, "indexed texts (1,000–1,000,000)")
	flag.IntVar(&o.queries, "queries", 300, "two-word queries per user and engine")
	flag.StringVar(&o.pgURL, "postgres-url", os.Getenv("ROTONDE_TEST_POSTGRES_URL"), "a PostgreSQL server to make a database on")
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
	switch engine {
	case "sqlite":
		dir, derr := os.MkdirTemp("", "rotonde-search-bench-")
		if derr != nil {
			return derr
		}
		defer os.RemoveAll(dir)
		db, err = sqlite.Open(ctx, filepath.Join(dir, "bench.db"))
	case "postgres":
		if o.pgURL == "" {
			return fmt.Errorf("no -postgres-url")
		}
		url, drop, derr := freshPostgres(ctx, o.pgURL)
		if derr != nil {
			return derr
		}
		defer drop()
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
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := vocabulary(rng)
	zipf := rand.NewZipf(rand.New(rand.NewPCG(3, 4)), 1.1, 8, uint64(len(vocab)-1))

	start := time.Now()
	few, many, err := generate(ctx, db, rng, vocab, zipf, o.n)
	if err != nil {
		return err
	}
	gen := time.Since(start)
	start = time.Now()
	if err := db.Search.Reindex(ctx); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	reindex := time.Since(start)
	docs, err := db.Search.IndexedDocuments(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d texts written in %v, index rebuilt (%d documents) in %v\n", engine, o.n, gen.Round(time.Millisecond), docs, reindex.Round(time.Millisecond))

	qrng := rand.New(rand.NewPCG(5, 6))
	qzipf := rand.NewZipf(rand.New(rand.NewPCG(7, 8)), 1.1, 8, uint64(len(vocab)-1))
	for _, u := range []struct {
		name string
		user *rotonde.User
	}{{"professional, member of 20 cases", few}, {"facilitator, member of 1000 cases", many}} {
		// Warm up the caches a little, then measure.
		for range 10 {
			if _, err := db.Search.Search(ctx, u.user, query(qrng, vocab, qzipf), "", 20); err != nil {
				return err
			}
		}
		var times []time.Duration
		hits := 0
		for range o.queries {
			q := query(qrng, vocab, qzipf)
			t0 := time.Now()
			h, err := db.Search.Search(ctx, u.user, q, "", 20)
			if err != nil {
				return err
			}
			times = append(times, time.Since(t0))
			hits += len(h)
		}
		slices.Sort(times)
		pct := func(p float64) time.Duration { return times[int(p*float64(len(times)-1))].Round(10 * time.Microsecond) }
		fmt.Printf("  %s: %d two-word queries, p50 %v, p95 %v, p99 %v, max %v, %.1f hits a query\n",
			u.name, len(times), pct(.50), pct(.95), pct(.99), times[len(times)-1].Round(10*time.Microsecond), float64(hits)/float64(len(times)))
	}
	return nil
}

// vocabulary is the field's words first (most frequent), then invented
// words for the long tail.
func vocabulary(rng *rand.Rand) []string {
	out := slices.Clone(fieldWords)
	syll := strings.Fields("ka lo mi se ran del bo ten vis har mun drik pel zo ut gra fen wol")
	for range 20000 {
		var b strings.Builder
		for range 2 + rng.IntN(3) {
			b.WriteString(syll[rng.IntN(len(syll))])
		}
		out = append(out, b.String())
	}
	return out
}

func text(rng *rand.Rand, vocab []string, zipf *rand.Zipf) string {
	n := 15 + rng.IntN(26)
	words := make([]string, n)
	for i := range words {
		if rng.IntN(3) == 0 {
			words[i] = commonWords[rng.IntN(len(commonWords))]
		} else {
			words[i] = vocab[zipf.Uint64()]
		}
	}
	return strings.Join(words, " ") + "."
}

func query(rng *rand.Rand, vocab []string, zipf *rand.Zipf) string {
	// Mostly the field's words, as people search; some from the long tail.
	pick := func() string {
		if rng.IntN(4) == 0 {
			return vocab[zipf.Uint64()]
		}
		return fieldWords[rng.IntN(len(fieldWords))]
	}
	return pick() + " " + pick()
}

// generate writes the users, the cases (20 texts each) and the texts as
// insights, in large transactions of plain INSERTs.
func generate(ctx context.Context, db *sqldb.DB, rng *rand.Rand, vocab []string, zipf *rand.Zipf, n int) (few, many *rotonde.User, err error) {
	now := time.Now().UTC()
	tx, err := db.Writer().BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	ph := func(i int) string { // placeholders $1… for PostgreSQL, ? for SQLite
		if db.Dialect() == sqldb.Postgres {
			return fmt.Sprintf("$%d", i)
		}
		return "?"
	}
	exec := func(q string, args ...any) (int64, error) {
		if db.Dialect() == sqldb.Postgres {
			var id int64
			err := tx.QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id)
			return id, err
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return 0, err
		}
		return res.LastInsertId()
	}
	orgID, err := exec(`INSERT INTO organisations (name, kind, created_at) VALUES (`+ph(1)+`, 'neighbourhood', `+ph(2)+`)`, "Wijkteam Bench", now)
	if err != nil {
		return nil, nil, fmt.Errorf("organisation: %w", err)
	}
	user := func(email string, role rotonde.Role) (*rotonde.User, error) {
		id, err := exec(`INSERT INTO users (email, name, role, org_id, password_hash, created_at) VALUES (`+ph(1)+`, `+ph(2)+`, `+ph(3)+`, `+ph(4)+`, '', `+ph(5)+`)`,
			email, email, string(role), orgID, now)
		return &rotonde.User{ID: id, Email: email, Role: role, OrgID: orgID}, err
	}
	owner, err := user("eigenaar@bench.test", rotonde.RoleProfessional)
	if err != nil {
		return nil, nil, fmt.Errorf("user: %w", err)
	}
	if few, err = user("hulpverlener@bench.test", rotonde.RoleProfessional); err != nil {
		return nil, nil, err
	}
	if many, err = user("facilitator@bench.test", rotonde.RoleFacilitator); err != nil {
		return nil, nil, err
	}
	cases := (n + 19) / 20
	caseIDs := make([]int64, cases)
	for i := range cases {
		if caseIDs[i], err = exec(`INSERT INTO cases (title, reason, status, created_by, created_at, updated_at) VALUES (`+ph(1)+`, `+ph(2)+`, 'open', `+ph(3)+`, `+ph(4)+`, `+ph(5)+`)`,
			fmt.Sprintf("Casus %d", i+1), text(rng, vocab, zipf), owner.ID, now, now); err != nil {
			return nil, nil, fmt.Errorf("case: %w", err)
		}
	}
	member := func(caseID, userID int64, role string) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO case_members (case_id, user_id, role, added_at) VALUES (`+ph(1)+`, `+ph(2)+`, `+ph(3)+`, `+ph(4)+`)`, caseID, userID, role, now)
		return err
	}
	for i, c := range caseIDs {
		if err := member(c, owner.ID, "owner"); err != nil {
			return nil, nil, err
		}
		if i%max(cases/20, 1) == 0 {
			if err := member(c, few.ID, "professional"); err != nil {
				return nil, nil, err
			}
		}
		if i%max(cases/1000, 1) == 0 {
			if err := member(c, many.ID, "facilitator"); err != nil {
				return nil, nil, err
			}
		}
	}
	// The texts: each case's title and reason are texts too, so n-cases insights.
	const batch = 200
	left := n - cases
	for c := 0; left > 0; c = (c + 1) % cases {
		k := min(batch, left)
		var b strings.Builder
		args := make([]any, 0, 4*k)
		b.WriteString(`INSERT INTO case_insights (case_id, body, created_by, created_at) VALUES `)
		for j := range k {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(" + ph(4*j+1) + ", " + ph(4*j+2) + ", " + ph(4*j+3) + ", " + ph(4*j+4) + ")")
			args = append(args, caseIDs[(c*batch+j)%cases], text(rng, vocab, zipf), owner.ID, now)
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return nil, nil, fmt.Errorf("insights: %w", err)
		}
		left -= k
	}
	return few, many, tx.Commit()
}

// freshPostgres makes an empty database on the server of url and returns
// its address and a function that drops it.
func freshPostgres(ctx context.Context, url string) (string, func(), error) {
	admin, err := sql.Open("pgx", url)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("rotonde_search_bench_%d", os.Getpid())
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		admin.Close()
		return "", nil, err
	}
	drop := func() {
		_, _ = admin.ExecContext(context.Background(), `DROP DATABASE `+name+` WITH (FORCE)`)
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
	return u, drop, nil
}
