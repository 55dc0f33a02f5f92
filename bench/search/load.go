package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// table is a table the loader fills and the columns it writes.
type table struct {
	name string
	cols []string
}

var (
	casesTable    = table{"cases", []string{"id", "title", "reason", "status", "created_by", "created_at", "updated_at"}}
	membersTable  = table{"case_members", []string{"case_id", "user_id", "role", "added_at"}}
	insightsTable = table{"case_insights", []string{"id", "case_id", "body", "created_by", "created_at"}}
	docsTable     = table{"search_docs", []string{"id", "kind", "ref_id", "case_id", "title", "body", "audience", "indexed_at"}}
	termsTable    = table{"search_terms", []string{"term", "case_id", "doc_id", "in_title"}}
)

// sink writes rows of a table in bulk.
type sink interface {
	write(ctx context.Context, t table, rows [][]any) error
	// one runs one statement with ? placeholders and returns the id it made.
	one(ctx context.Context, q string, args ...any) (int64, error)
}

// postings are the index's rows of one term, in the order of (case, document).
type postings struct {
	cases, docs []int64
	title       []bool
}

// generate writes the users, the cases with their members, and n texts
// with their index, through s; bases are the highest ids already used in
// cases, case_insights and search_docs.
func generate(ctx context.Context, s sink, n int, bases [3]int64) error {
	now := time.Now().UTC()
	org, err := s.one(ctx, `INSERT INTO organisations (name, kind, created_at) VALUES (?, 'neighbourhood', ?) RETURNING id`, "Wijkteam Bench", now)
	if err != nil {
		return fmt.Errorf("organisation: %w", err)
	}
	user := func(email, role string) (int64, error) {
		return s.one(ctx, `INSERT INTO users (email, name, role, org_id, password_hash, created_at) VALUES (?, ?, ?, ?, '', ?) RETURNING id`, email, email, role, org, now)
	}
	owner, err := user("eigenaar@bench.test", "professional")
	if err != nil {
		return fmt.Errorf("user: %w", err)
	}
	few, err := user("hulpverlener@bench.test", "professional")
	if err != nil {
		return err
	}
	many, err := user("facilitator@bench.test", "facilitator")
	if err != nil {
		return err
	}

	rng := rand.New(rand.NewPCG(1, 2))
	childNames := names(rand.New(rand.NewPCG(9, 10)), 5000)
	cases := (n + 19) / 20
	index := map[string]*postings{}
	const flushAt = 20000
	var caseRows, memberRows, insightRows, docRows [][]any
	flush := func(force bool) error {
		for _, b := range []struct {
			t    table
			rows *[][]any
		}{{casesTable, &caseRows}, {membersTable, &memberRows}, {insightsTable, &insightRows}, {docsTable, &docRows}} {
			if len(*b.rows) == 0 || (!force && len(*b.rows) < flushAt) {
				continue
			}
			if err := s.write(ctx, b.t, *b.rows); err != nil {
				return fmt.Errorf("%s: %w", b.t.name, err)
			}
			*b.rows = (*b.rows)[:0]
		}
		return nil
	}
	addDoc := func(id int64, kind string, ref, caseID int64, title, body string) {
		docRows = append(docRows, []any{id, kind, ref, caseID, title, body, "", now})
		terms, inTitle := sqldb.SearchTerms(title, body)
		for i, t := range terms {
			p := index[t]
			if p == nil {
				p = &postings{}
				index[t] = p
			}
			p.cases = append(p.cases, caseID)
			p.docs = append(p.docs, id)
			p.title = append(p.title, inTitle[i])
		}
	}
	docID, insightID := bases[2], bases[1]
	for i := range cases {
		caseID := bases[0] + int64(i) + 1
		name := childNames[rng.IntN(len(childNames))]
		title := fmt.Sprintf("%s (%d)", name, 4+rng.IntN(14))
		reason := text(rng, name)
		caseRows = append(caseRows, []any{caseID, title, reason, "open", owner, now, now})
		memberRows = append(memberRows, []any{caseID, owner, "owner", now})
		if i%max(cases/20, 1) == 0 {
			memberRows = append(memberRows, []any{caseID, few, "professional", now})
		}
		if i%max(cases/1000, 1) == 0 {
			memberRows = append(memberRows, []any{caseID, many, "facilitator", now})
		}
		docID++
		addDoc(docID, "case", caseID, caseID, title, reason)
		for range min(19, n-cases-int(insightID-bases[1])) {
			insightID++
			body := text(rng, name)
			insightRows = append(insightRows, []any{insightID, caseID, body, owner, now})
			docID++
			addDoc(docID, "insight", insightID, caseID, sqldb.SearchTitle(body), body)
		}
		if err := flush(false); err != nil {
			return err
		}
	}
	if err := flush(true); err != nil {
		return err
	}
	return writeTerms(ctx, s, index)
}

// writeTerms writes the index's rows in the order of its key, so every
// b-tree page is written once.
func writeTerms(ctx context.Context, s sink, index map[string]*postings) error {
	terms := make([]string, 0, len(index))
	for t := range index {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	var rows [][]any
	for _, t := range terms {
		p := index[t]
		for i := range p.docs {
			rows = append(rows, []any{t, p.cases[i], p.docs[i], boolInt(p.title[i])})
		}
		if len(rows) >= 100000 {
			if err := s.write(ctx, termsTable, rows); err != nil {
				return fmt.Errorf("terms: %w", err)
			}
			rows = rows[:0]
		}
	}
	if err := s.write(ctx, termsTable, rows); err != nil {
		return fmt.Errorf("terms: %w", err)
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// after is what the loader runs once the rows are in: the term index's
// second index, the count of documents per term.
var after = []string{
	`CREATE INDEX search_terms_doc ON search_terms(doc_id)`,
	`DELETE FROM search_term_docs`,
	`INSERT INTO search_term_docs (term, docs) SELECT term, COUNT(*) FROM search_terms GROUP BY term`,
}

func maxIDs(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) ([3]int64, error) {
	var b [3]int64
	for i, t := range []string{"cases", "case_insights", "search_docs"} {
		if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+t).Scan(&b[i]); err != nil {
			return b, err
		}
	}
	return b, nil
}

// sqliteSink writes multi-row INSERTs in one transaction.
type sqliteSink struct{ tx *sql.Tx }

func (s sqliteSink) one(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := s.tx.QueryRowContext(ctx, q, args...).Scan(&id)
	return id, err
}

func (s sqliteSink) write(ctx context.Context, t table, rows [][]any) error {
	per := 8000 / len(t.cols)
	row := "(?" + strings.Repeat(", ?", len(t.cols)-1) + ")"
	head := `INSERT INTO ` + t.name + ` (` + strings.Join(t.cols, ", ") + `) VALUES `
	full, err := s.tx.PrepareContext(ctx, head+row+strings.Repeat(", "+row, per-1))
	if err != nil {
		return err
	}
	defer full.Close()
	args := make([]any, 0, per*len(t.cols))
	for start := 0; start < len(rows); start += per {
		batch := rows[start:min(start+per, len(rows))]
		args = args[:0]
		for _, r := range batch {
			args = append(args, r...)
		}
		if len(batch) == per {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = s.tx.ExecContext(ctx, head+row+strings.Repeat(", "+row, len(batch)-1), args...)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// loadSQLite fills a SQLite database in one transaction on the writer's
// connection, foreign keys unchecked while it runs (the rows are consistent
// by construction).
func loadSQLite(ctx context.Context, db *sqldb.DB, n int) error {
	conn, err := db.Writer().Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), `PRAGMA foreign_keys = ON`)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	bases, err := maxIDs(ctx, tx)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DROP INDEX search_terms_doc`); err != nil {
		return err
	}
	if err := generate(ctx, sqliteSink{tx}, n, bases); err != nil {
		return err
	}
	for _, q := range after {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `ANALYZE`)
	return err
}

// pgSink writes with COPY in one transaction.
type pgSink struct{ tx pgx.Tx }

func (s pgSink) one(ctx context.Context, q string, args ...any) (int64, error) {
	for i := range args {
		q = strings.Replace(q, "?", fmt.Sprintf("$%d", i+1), 1)
	}
	var id int64
	err := s.tx.QueryRow(ctx, q, args...).Scan(&id)
	return id, err
}

func (s pgSink) write(ctx context.Context, t table, rows [][]any) error {
	_, err := s.tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromRows(rows))
	return err
}

// loadPostgres fills a PostgreSQL database with COPY in one transaction;
// the term table's key is built after its rows are in, and foreign keys
// are not checked row by row (session_replication_role) while it runs.
func loadPostgres(ctx context.Context, db *sqldb.DB, url string, n int) error {
	bases, err := maxIDs(ctx, db.Writer())
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background())
	for _, q := range []string{
		`SET LOCAL session_replication_role = replica`,
		`ALTER TABLE search_terms DROP CONSTRAINT search_terms_pkey`,
		`DROP INDEX search_terms_doc`,
	} {
		if _, err := tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	if err := generate(ctx, pgSink{tx}, n, bases); err != nil {
		return err
	}
	for _, q := range append([]string{
		`SET LOCAL maintenance_work_mem = '512MB'`,
		`ALTER TABLE search_terms ADD PRIMARY KEY (term, case_id, doc_id) INCLUDE (in_title)`,
	}, after...) {
		if _, err := tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	for _, t := range []string{"cases", "case_insights", "search_docs"} {
		if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT MAX(id) FROM `+t+`))`); err != nil {
			return err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	_, err = conn.Exec(ctx, `VACUUM ANALYZE`)
	return err
}
