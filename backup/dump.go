// Package backup makes and restores encrypted, engine-neutral copies of a
// Rotonde database: every table's rows, read in one consistent snapshot
// (SQLite: one read transaction on the WAL; PostgreSQL: one REPEATABLE READ
// transaction), so that a copy taken while serve runs holds every write
// committed before it began and nothing half done.
package backup

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/rotonde-jeugd/rotonde/sqldb"
)

func init() {
	gob.Register(time.Time{})
	gob.Register([]byte(nil))
}

// Header opens the content of a backup.
type Header struct {
	Format        int
	SchemaVersion int
	Engine        string
	Created       time.Time
	Tables        []string // in the order they follow, parents before children
}

// record is one item of the stream after the header: a table's start
// (Columns set), one row, or the end of everything (End).
type record struct {
	Table   string
	Columns []string
	Row     []any
	End     bool
	Rows    map[string]int // with End: rows per table, to check completeness
}

// Summary says what a backup holds.
type Summary struct {
	Header
	Rows map[string]int
}

// Total is the number of rows in all tables.
func (s Summary) Total() int {
	n := 0
	for _, v := range s.Rows {
		n += v
	}
	return n
}

// skipped are not copied: the target has its own migrations and probe.
var skipped = map[string]bool{"schema_migrations": true, "write_probe": true}

// Export writes every table of db to w in one consistent snapshot.
func Export(ctx context.Context, db *sqldb.DB, w io.Writer) (Summary, error) {
	version, err := db.SchemaVersion(ctx)
	if err != nil {
		return Summary{}, err
	}
	opts := &sql.TxOptions{}
	if db.Dialect() == sqldb.Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := db.Reader().BeginTx(ctx, opts)
	if err != nil {
		return Summary{}, fmt.Errorf("backup: begin snapshot: %w", err)
	}
	defer tx.Rollback()
	tables, err := orderedTables(ctx, tx, db.Dialect())
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{Header: Header{Format: 1, SchemaVersion: version, Engine: string(db.Dialect()),
		Created: time.Now().UTC(), Tables: tables}, Rows: map[string]int{}}
	enc := gob.NewEncoder(w)
	if err := enc.Encode(sum.Header); err != nil {
		return sum, fmt.Errorf("backup: write: %w", err)
	}
	for _, t := range tables {
		n, err := exportTable(ctx, tx, t, enc)
		if err != nil {
			return sum, fmt.Errorf("backup: table %s: %w", t, err)
		}
		sum.Rows[t] = n
	}
	if err := enc.Encode(record{End: true, Rows: sum.Rows}); err != nil {
		return sum, fmt.Errorf("backup: write: %w", err)
	}
	return sum, nil
}

func exportTable(ctx context.Context, tx *sql.Tx, table string, enc *gob.Encoder) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT * FROM `+quote(table)+` ORDER BY 1`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	if err := enc.Encode(record{Table: table, Columns: cols}); err != nil {
		return 0, err
	}
	n := 0
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		row := make([]any, len(vals))
		for i, v := range vals {
			row[i] = plain(v)
		}
		if err := enc.Encode(record{Table: table, Row: row}); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// plain turns what a driver returns into a value gob carries: JSON that a
// driver decoded is encoded again as text.
func plain(v any) any {
	switch x := v.(type) {
	case nil, int64, float64, bool, string, []byte, time.Time:
		return x
	case int32:
		return int64(x)
	case int:
		return int64(x)
	case float32:
		return float64(x)
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(b)
	}
}

func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// Querier runs a query: a *sql.DB, *sql.Conn or *sql.Tx.
type Querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// Strings runs a query whose rows hold one text column and returns that
// column, in row order.
func Strings(ctx context.Context, q Querier, query string, args ...any) ([]string, error) {
	return scanAll(ctx, q.QueryContext, func(r *sql.Rows) (s string, err error) {
		err = r.Scan(&s)
		return s, err
	}, query, args...)
}

// queryFunc runs a query: the QueryContext of a Querier or the Query of a
// sqldb.Tx (which rebinds placeholders for PostgreSQL).
type queryFunc func(ctx context.Context, query string, args ...any) (*sql.Rows, error)

// scanAll runs a query and returns its rows, each read by scan, in row order.
func scanAll[T any](ctx context.Context, run queryFunc, scan func(*sql.Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := run(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// textPairs runs a query whose rows hold two text columns and returns them
// in row order.
func textPairs(ctx context.Context, run queryFunc, query string, args ...any) ([][2]string, error) {
	return scanAll(ctx, run, func(r *sql.Rows) (p [2]string, err error) {
		err = r.Scan(&p[0], &p[1])
		return p, err
	}, query, args...)
}

// orderedTables lists the tables to copy, each after the tables it refers to.
func orderedTables(ctx context.Context, q Querier, d sqldb.Dialect) ([]string, error) {
	var names []string
	var err error
	deps := map[string][]string{}
	if d == sqldb.Postgres {
		names, err = Strings(ctx, q, `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
		if err != nil {
			return nil, fmt.Errorf("backup: list tables: %w", err)
		}
		refs, err := textPairs(ctx, q.QueryContext, `SELECT c.conrelid::regclass::text, c.confrelid::regclass::text
			FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
			WHERE c.contype = 'f' AND n.nspname = current_schema()`)
		if err != nil {
			return nil, fmt.Errorf("backup: list references: %w", err)
		}
		for _, ref := range refs {
			from, to := strings.Trim(ref[0], `"`), strings.Trim(ref[1], `"`)
			deps[from] = append(deps[from], to)
		}
	} else {
		names, err = Strings(ctx, q, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
		if err != nil {
			return nil, fmt.Errorf("backup: list tables: %w", err)
		}
		for _, t := range names {
			to, err := Strings(ctx, q, `SELECT "table" FROM pragma_foreign_key_list(?)`, t)
			if err != nil {
				return nil, fmt.Errorf("backup: references of %s: %w", t, err)
			}
			deps[t] = to
		}
	}
	names = slices.DeleteFunc(names, func(n string) bool { return skipped[n] })
	slices.Sort(names)
	var out []string
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(string)
	visit = func(t string) {
		if state[t] != 0 {
			return // done, or a cycle (a table referring to itself)
		}
		state[t] = 1
		parents := slices.Clone(deps[t])
		slices.SortFunc(parents, cmp.Compare)
		for _, p := range parents {
			if slices.Contains(names, p) {
				visit(p)
			}
		}
		state[t] = 2
		out = append(out, t)
	}
	for _, t := range names {
		visit(t)
	}
	return out, nil
}

// ErrNotEmpty is returned by Import when the target already holds data.
var ErrNotEmpty = errors.New("de doeldatabase is niet leeg; zet een back-up alleen terug in een lege database (the target database is not empty; restore only into an empty database)")

// Read reads a backup's content without storing it: the header and the
// number of rows, checked against the count the backup ends with.
func Read(r io.Reader) (Summary, error) {
	return walk(r, func(string, []string, []any) error { return nil })
}

func walk(r io.Reader, row func(table string, cols []string, vals []any) error) (Summary, error) {
	dec := gob.NewDecoder(r)
	var sum Summary
	if err := dec.Decode(&sum.Header); err != nil {
		return sum, fmt.Errorf("backup: read header: %w", err)
	}
	if sum.Format != 1 {
		return sum, fmt.Errorf("backup: unknown format %d", sum.Format)
	}
	sum.Rows = map[string]int{}
	var table string
	var cols []string
	for {
		var rec record
		if err := dec.Decode(&rec); err != nil {
			return sum, fmt.Errorf("backup: read: %w", err)
		}
		switch {
		case rec.End:
			for _, t := range sum.Tables {
				if rec.Rows[t] != sum.Rows[t] {
					return sum, fmt.Errorf("backup: table %s has %d rows, its count says %d", t, sum.Rows[t], rec.Rows[t])
				}
			}
			return sum, nil
		case rec.Columns != nil:
			table, cols = rec.Table, rec.Columns
		default:
			if rec.Table != table || len(rec.Row) != len(cols) {
				return sum, fmt.Errorf("backup: a row of %s is out of place", rec.Table)
			}
			if err := row(table, cols, rec.Row); err != nil {
				return sum, fmt.Errorf("backup: table %s: %w", table, err)
			}
			sum.Rows[table]++
		}
	}
}

// Import stores a backup's rows in db, which must be migrated to the
// backup's schema version and hold no organisations, users or cases. It runs
// in one transaction: after an error nothing was stored. Rows that the
// migrations themselves made are replaced by the backup's.
func Import(ctx context.Context, db *sqldb.DB, r io.Reader) (Summary, error) {
	version, err := db.SchemaVersion(ctx)
	if err != nil {
		return Summary{}, err
	}
	var sum Summary
	err = db.WriteTx(ctx, func(tx *sqldb.Tx) error {
		for _, t := range []string{"organisations", "users", "cases"} {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM `+quote(t)).Scan(&n); err != nil {
				return fmt.Errorf("backup: check that %s is empty: %w", t, err)
			}
			if n > 0 {
				return ErrNotEmpty
			}
		}
		if db.Dialect() == sqldb.SQLite {
			if _, err := tx.Exec(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
				return err
			}
		}
		var cur string
		var stmt string
		var types []string
		sum, err = walk(r, func(table string, cols []string, vals []any) error {
			if table != cur {
				cur = table
				ph := make([]string, len(cols))
				qc := make([]string, len(cols))
				for i, c := range cols {
					ph[i], qc[i] = "?", quote(c)
				}
				stmt = `INSERT INTO ` + quote(table) + ` (` + strings.Join(qc, ", ") + `) VALUES (` + strings.Join(ph, ", ") + `)`
				var err error
				if types, err = columnTypes(ctx, tx, db.Dialect(), table, cols); err != nil {
					return err
				}
				// Replace what the target's migrations put there.
				if _, err := tx.Exec(ctx, `DELETE FROM `+quote(table)); err != nil {
					return err
				}
			}
			args := make([]any, len(vals))
			for i, v := range vals {
				args[i] = convert(v, types[i])
			}
			_, err := tx.Exec(ctx, stmt, args...)
			return err
		})
		if err != nil {
			return err
		}
		if sum.SchemaVersion != version {
			return fmt.Errorf("backup: schema version %d, this database is at %d; restore with the Rotonde version that made the backup", sum.SchemaVersion, version)
		}
		if db.Dialect() == sqldb.Postgres {
			return resetIdentities(ctx, tx)
		}
		return nil
	})
	return sum, err
}

// columnTypes returns each column's declared type in the target, lower case.
func columnTypes(ctx context.Context, tx *sqldb.Tx, d sqldb.Dialect, table string, cols []string) ([]string, error) {
	query := `SELECT name, type FROM pragma_table_info(?)`
	if d == sqldb.Postgres {
		query = `SELECT column_name, data_type FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ?`
	}
	declared, err := textPairs(ctx, tx.Query, query, table)
	if err != nil {
		return nil, err
	}
	got := map[string]string{}
	for _, nt := range declared {
		got[nt[0]] = strings.ToLower(nt[1])
	}
	if len(got) == 0 {
		return nil, fmt.Errorf("no table %s in this database", table)
	}
	out := make([]string, len(cols))
	for i, c := range cols {
		t, ok := got[c]
		if !ok {
			return nil, fmt.Errorf("no column %s.%s in this database", table, c)
		}
		out[i] = t
	}
	return out, nil
}

// convert adapts a value from one engine to a column of the other: SQLite
// keeps booleans as integers and may hand back times as text.
func convert(v any, typ string) any {
	switch x := v.(type) {
	case int64:
		if typ == "boolean" {
			return x != 0
		}
	case string:
		if strings.HasPrefix(typ, "timestamp") {
			for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999", "2006-01-02"} {
				if t, err := time.Parse(layout, x); err == nil {
					return t
				}
			}
		}
		if typ == "bytea" {
			return []byte(x)
		}
	}
	return v
}

// resetIdentities moves every identity column's sequence past the highest
// value restored, so that new rows do not collide with restored ones.
func resetIdentities(ctx context.Context, tx *sqldb.Tx) error {
	cols, err := textPairs(ctx, tx.Query, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`)
	if err != nil {
		return fmt.Errorf("backup: list identity columns: %w", err)
	}
	for _, tc := range cols {
		if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX(`+quote(tc[1])+`) FROM `+quote(tc[0])+`), 0) + 1, false)`,
			quote(tc[0]), tc[1]); err != nil {
			return fmt.Errorf("backup: reset the sequence of %s.%s: %w", tc[0], tc[1], err)
		}
	}
	return nil
}
