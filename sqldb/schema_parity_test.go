package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver

	"github.com/rotonde-jeugd/rotonde/backup"
	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// The schema-parity test migrates a fresh SQLite file and a fresh
// PostgreSQL database and compares what the two engines' migrations made:
// the same tables; per table the same columns with mapped types and the
// same nullability; the same primary key; the same foreign keys (columns,
// referenced table and columns, ON DELETE); and the same indexes and unique
// constraints, by their columns, uniqueness and whether they are partial.
// Not compared: defaults, CHECK constraints and index names.
//
// Types are compared by class, because the engines spell them differently:
//
//	class      SQLite declared type   PostgreSQL type
//	integer    INTEGER                bigint, integer, smallint
//	text       TEXT                   text, character varying
//	blob       BLOB                   bytea
//	real       REAL                   double precision, real
//	boolean    BOOLEAN                boolean
//	timestamp  TIMESTAMP              timestamp with time zone
//
// A PostgreSQL "timestamp without time zone" is its own class: it loses
// the zone that every other timestamp keeps, so it is drift unless listed in
// parityAllowed.

// sqliteTypes and postgresTypes map each engine's type name to its class.
var (
	sqliteTypes = map[string]string{
		"INTEGER": "integer", "TEXT": "text", "BLOB": "blob", "REAL": "real",
		"BOOLEAN": "boolean", "TIMESTAMP": "timestamp",
	}
	postgresTypes = map[string]string{
		"bigint": "integer", "integer": "integer", "smallint": "integer",
		"text": "text", "character varying": "text", "bytea": "blob",
		"double precision": "real", "real": "real", "boolean": "boolean",
		"timestamp with time zone":    "timestamp",
		"timestamp without time zone": "timestamp without time zone",
	}
)

// parityAllowed lists intended (or accepted) differences, each with its
// reason, by the text of the difference the comparison reports.
var parityAllowed = map[string]string{
	// Migration 021 wrote TIMESTAMP on PostgreSQL where every other table
	// has TIMESTAMPTZ. The row only records that a write succeeded (its
	// time is never read back for display or ordering), so the zone does
	// not matter; changing it needs a migration of its own.
	`write_probe.written_at: type timestamp (sqlite) vs timestamp without time zone (postgres)`: "readiness probe time is never read back",
}

type dbColumn struct {
	Type    string // class, see the table above
	NotNull bool
}

type dbTable struct {
	Columns     map[string]dbColumn
	PrimaryKey  []string
	ForeignKeys []string // "a,b -> t(x,y) ON DELETE CASCADE", sorted
	Indexes     []string // "unique (a,b)", "index (a) partial", sorted
}

type dbSchema map[string]*dbTable

func TestSchemaParity(t *testing.T) {
	lite := testenv.OpenSQLite(t)
	pg := openPostgresSchema(t)
	ctx := context.Background()
	ls, err := sqliteSchema(ctx, lite.Reader())
	if err != nil {
		t.Fatal(err)
	}
	ps, err := postgresSchema(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) < 10 {
		t.Fatalf("only %d tables read from SQLite", len(ls))
	}
	used := map[string]bool{}
	for _, d := range compareSchemas(ls, ps) {
		if _, ok := parityAllowed[d]; ok {
			used[d] = true
			continue
		}
		t.Errorf("schema drift: %s", d)
	}
	for d := range parityAllowed {
		if !used[d] {
			t.Errorf("allowed difference no longer found, remove it from parityAllowed: %s", d)
		}
	}

	// A column added to one engine only is found: on a scratch SQLite
	// database, a column, a NOT NULL, an index and a foreign key that
	// PostgreSQL does not have.
	t.Run("drift is found", func(t *testing.T) {
		scratch := testenv.OpenSQLite(t)
		for _, q := range []string{
			`ALTER TABLE cases ADD COLUMN drift_probe TEXT`,
			`CREATE INDEX cases_drift_probe ON cases(drift_probe)`,
			`CREATE TABLE drift_extra (id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE)`,
		} {
			if _, err := scratch.Writer().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		ss, err := sqliteSchema(ctx, scratch.Reader())
		if err != nil {
			t.Fatal(err)
		}
		diffs := compareSchemas(ss, ps)
		for _, want := range []string{
			"cases.drift_probe: column in sqlite only",
			"cases: index (drift_probe) in sqlite only",
			"drift_extra: table in sqlite only",
		} {
			if !slices.Contains(diffs, want) {
				t.Errorf("difference %q not reported; got %q", want, diffs)
			}
		}
		// And the other way round, with a changed nullability.
		ps2 := cloneSchema(ps)
		c := ps2["cases"].Columns["title"]
		c.NotNull = !c.NotNull
		ps2["cases"].Columns["title"] = c
		ps2["cases"].Columns["only_here"] = dbColumn{Type: "text"}
		diffs = compareSchemas(ls, ps2)
		for _, want := range []string{
			"cases.only_here: column in postgres only",
			fmt.Sprintf("cases.title: NOT NULL %v (sqlite) vs %v (postgres)", !c.NotNull, c.NotNull),
		} {
			if !slices.Contains(diffs, want) {
				t.Errorf("difference %q not reported; got %q", want, diffs)
			}
		}
	})
}

// openPostgresSchema migrates a fresh PostgreSQL database with the
// migrations rendered for PostgreSQL. It opens the pool itself rather than through
// postgres.Open: the durability settings that Open insists on do not change
// a schema, so the test also runs on a throwaway server started without
// them.
func openPostgresSchema(t *testing.T) *sql.DB {
	t.Helper()
	url := pgtest.NewDatabase(t)
	pool, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db := sqldb.New(pool, pool, sqldb.Postgres)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return pool
}

func compareSchemas(lite, pg dbSchema) []string {
	var out []string
	for _, name := range unionKeys(lite, pg) {
		l, p := lite[name], pg[name]
		switch {
		case p == nil:
			out = append(out, name+": table in sqlite only")
			continue
		case l == nil:
			out = append(out, name+": table in postgres only")
			continue
		}
		for _, col := range unionKeys(l.Columns, p.Columns) {
			lc, lok := l.Columns[col]
			pc, pok := p.Columns[col]
			switch {
			case !pok:
				out = append(out, name+"."+col+": column in sqlite only")
			case !lok:
				out = append(out, name+"."+col+": column in postgres only")
			default:
				if lc.Type != pc.Type {
					out = append(out, fmt.Sprintf("%s.%s: type %s (sqlite) vs %s (postgres)", name, col, lc.Type, pc.Type))
				}
				if lc.NotNull != pc.NotNull {
					out = append(out, fmt.Sprintf("%s.%s: NOT NULL %v (sqlite) vs %v (postgres)", name, col, lc.NotNull, pc.NotNull))
				}
			}
		}
		if !slices.Equal(l.PrimaryKey, p.PrimaryKey) {
			out = append(out, fmt.Sprintf("%s: primary key (%s) (sqlite) vs (%s) (postgres)", name, strings.Join(l.PrimaryKey, ","), strings.Join(p.PrimaryKey, ",")))
		}
		out = append(out, listDiff(name+": foreign key ", l.ForeignKeys, p.ForeignKeys)...)
		out = append(out, listDiff(name+": ", l.Indexes, p.Indexes)...)
	}
	return out
}

// listDiff reports the entries of two sorted lists (multisets) that only
// one of them has.
func listDiff(prefix string, lite, pg []string) []string {
	var out []string
	rest := slices.Clone(pg)
	for _, x := range lite {
		if i := slices.Index(rest, x); i >= 0 {
			rest = slices.Delete(rest, i, i+1)
			continue
		}
		out = append(out, prefix+x+" in sqlite only")
	}
	for _, x := range rest {
		out = append(out, prefix+x+" in postgres only")
	}
	return out
}

func unionKeys[V any](a, b map[string]V) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func cloneSchema(s dbSchema) dbSchema {
	out := dbSchema{}
	for name, t := range s {
		c := *t
		c.Columns = map[string]dbColumn{}
		for k, v := range t.Columns {
			c.Columns[k] = v
		}
		out[name] = &c
	}
	return out
}

func indexEntry(unique bool, cols []string, partial bool) string {
	s := "index (" + strings.Join(cols, ",") + ")"
	if unique {
		s = "unique (" + strings.Join(cols, ",") + ")"
	}
	if partial {
		s += " partial"
	}
	return s
}

func sqliteSchema(ctx context.Context, db *sql.DB) (dbSchema, error) {
	names, err := backup.Strings(ctx, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if err != nil {
		return nil, err
	}
	s := dbSchema{}
	for _, name := range names {
		t := &dbTable{Columns: map[string]dbColumn{}}
		s[name] = t
		for _, read := range []func(context.Context, *sql.DB, string, *dbTable) error{sqliteColumns, sqliteForeignKeys, sqliteIndexes} {
			if err := read(ctx, db, name, t); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// sqliteColumns reads the columns and the primary key of table name into t.
func sqliteColumns(ctx context.Context, db *sql.DB, name string, t *dbTable) error {
	rows, err := db.QueryContext(ctx, `SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY pk, cid`, name)
	if err != nil {
		return err
	}
	for rows.Next() {
		var col, typ string
		var notNull bool
		var pk int
		if err := rows.Scan(&col, &typ, &notNull, &pk); err != nil {
			rows.Close()
			return err
		}
		class, ok := sqliteTypes[strings.ToUpper(typ)]
		if !ok {
			class = "unmapped sqlite type " + typ
		}
		if pk > 0 {
			// A primary-key column holds no NULL on PostgreSQL; SQLite
			// only says so for INTEGER PRIMARY KEY, but the schema means it.
			notNull = true
			t.PrimaryKey = append(t.PrimaryKey, col)
		}
		t.Columns[col] = dbColumn{Type: class, NotNull: notNull}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return nil
}

// sqliteForeignKeys reads the foreign keys of table name into t, sorted.
func sqliteForeignKeys(ctx context.Context, db *sql.DB, name string, t *dbTable) error {
	type fk struct {
		table, onDelete string
		from, to        []string
	}
	var fks []*fk
	rows, err := db.QueryContext(ctx, `SELECT id, "table", "from", COALESCE("to", ''), on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq`, name)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int
		var ref, from, to, onDelete string
		if err := rows.Scan(&id, &ref, &from, &to, &onDelete); err != nil {
			rows.Close()
			return err
		}
		for len(fks) <= id {
			fks = append(fks, &fk{})
		}
		f := fks[id]
		f.table, f.onDelete = ref, onDelete
		f.from, f.to = append(f.from, from), append(f.to, to)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, f := range fks {
		if slices.Contains(f.to, "") {
			// REFERENCES t without columns means t's primary key.
			pk, err := backup.Strings(ctx, db, `SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, f.table)
			if err != nil {
				return err
			}
			f.to = pk
		}
		t.ForeignKeys = append(t.ForeignKeys, fmt.Sprintf("%s -> %s(%s) ON DELETE %s", strings.Join(f.from, ","), f.table, strings.Join(f.to, ","), f.onDelete))
	}
	slices.Sort(t.ForeignKeys)
	return nil
}

// sqliteIndexes reads the indexes of table name, other than the primary
// key's, into t, sorted.
func sqliteIndexes(ctx context.Context, db *sql.DB, name string, t *dbTable) error {
	rows, err := db.QueryContext(ctx, `SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, name)
	if err != nil {
		return err
	}
	type idx struct {
		name            string
		unique, partial bool
	}
	var idxs []idx
	for rows.Next() {
		var ix idx
		var origin string
		if err := rows.Scan(&ix.name, &ix.unique, &origin, &ix.partial); err != nil {
			rows.Close()
			return err
		}
		if origin != "pk" {
			idxs = append(idxs, ix)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, ix := range idxs {
		cols, err := backup.Strings(ctx, db, `SELECT COALESCE(name, 'expr') FROM pragma_index_info(?) ORDER BY seqno`, ix.name)
		if err != nil {
			return err
		}
		t.Indexes = append(t.Indexes, indexEntry(ix.unique, cols, ix.partial))
	}
	slices.Sort(t.Indexes)
	return nil
}

func postgresSchema(ctx context.Context, db *sql.DB) (dbSchema, error) {
	s := dbSchema{}
	rows, err := db.QueryContext(ctx, `SELECT table_name, column_name, data_type, is_nullable = 'NO'
		FROM information_schema.columns c
		WHERE table_schema = 'public' AND EXISTS (SELECT 1 FROM information_schema.tables t
			WHERE t.table_schema = 'public' AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE')`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var table, col, typ string
		var notNull bool
		if err := rows.Scan(&table, &col, &typ, &notNull); err != nil {
			rows.Close()
			return nil, err
		}
		t := s[table]
		if t == nil {
			t = &dbTable{Columns: map[string]dbColumn{}}
			s[table] = t
		}
		class, ok := postgresTypes[typ]
		if !ok {
			class = "unmapped postgres type " + typ
		}
		t.Columns[col] = dbColumn{Type: class, NotNull: notNull}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Constraints: the columns in key order, through unnest WITH ORDINALITY.
	rows, err = db.QueryContext(ctx, `SELECT c.conrelid::regclass::text, c.contype,
			(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
				JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum),
			COALESCE(c.confrelid::regclass::text, ''),
			COALESCE((SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
				JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum), ''),
			c.confdeltype
		FROM pg_constraint c JOIN pg_namespace ns ON ns.oid = c.connamespace
		WHERE ns.nspname = 'public' AND c.contype IN ('p', 'f')`)
	if err != nil {
		return nil, err
	}
	deleteActions := map[string]string{"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
	for rows.Next() {
		var table, kind, cols, ref, refCols, del string
		if err := rows.Scan(&table, &kind, &cols, &ref, &refCols, &del); err != nil {
			rows.Close()
			return nil, err
		}
		t := s[table]
		if t == nil {
			continue
		}
		if kind == "p" {
			t.PrimaryKey = strings.Split(cols, ",")
			continue
		}
		t.ForeignKeys = append(t.ForeignKeys, fmt.Sprintf("%s -> %s(%s) ON DELETE %s", cols, ref, refCols, deleteActions[del]))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Indexes, unique constraints included (they are indexes too); the
	// primary key's index is the primary key, compared above.
	rows, err = db.QueryContext(ctx, `SELECT t.relname, i.indisunique, i.indpred IS NOT NULL,
			(SELECT string_agg(COALESCE(a.attname, 'expr'), ',' ORDER BY k.n) FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)
				LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0)
		FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace
		WHERE ns.nspname = 'public' AND NOT i.indisprimary`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var table, cols string
		var unique, partial bool
		if err := rows.Scan(&table, &unique, &partial, &cols); err != nil {
			rows.Close()
			return nil, err
		}
		if t := s[table]; t != nil {
			t.Indexes = append(t.Indexes, indexEntry(unique, strings.Split(cols, ","), partial))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, t := range s {
		slices.Sort(t.ForeignKeys)
		slices.Sort(t.Indexes)
	}
	return s, nil
}
