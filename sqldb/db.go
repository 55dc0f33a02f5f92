// Package sqldb implements Rotonde's service contracts over database/sql.
// The same queries serve SQLite and PostgreSQL: they are written with "?"
// placeholders and rebound for PostgreSQL. The engine packages (sqlite,
// postgres) open the connections, set engine options and supply migrations.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/seal"
)

// Dialect names the SQL engine behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a Rotonde store. On SQLite, writes go through one connection (the
// engine allows one writer at a time; queuing in Go beats busy-waiting in the
// driver) and reads through a pool. On PostgreSQL both are the same pool.
type DB struct {
	write      *sql.DB
	read       *sql.DB
	dialect    Dialect
	migrations fs.FS
	// Now returns the current time; tests may replace it before use.
	Now func() time.Time

	// The access-log writer (see AppendAudit), started on first use.
	auditOnce  sync.Once
	auditQueue chan auditRequest
	closed     chan struct{}
	closeOnce  sync.Once

	// sealer encrypts the secrets kept at rest (see UseSealer). While it is
	// nil, reading or writing a secret fails.
	sealer atomic.Pointer[seal.Sealer]
}

// New wraps opened connections. write and read may be the same *sql.DB.
func New(write, read *sql.DB, d Dialect, migrations fs.FS) *DB {
	return &DB{write: write, read: read, dialect: d, migrations: migrations, Now: func() time.Time { return time.Now().UTC() },
		closed: make(chan struct{})}
}

// Dialect reports the engine.
func (db *DB) Dialect() Dialect { return db.dialect }

// Writer returns the connection pool used for writes (tests and engine checks).
func (db *DB) Writer() *sql.DB { return db.write }

// Reader returns the connection pool used for reads.
func (db *DB) Reader() *sql.DB { return db.read }

// Close stops the access-log writer and closes both pools.
func (db *DB) Close() error {
	db.closeOnce.Do(func() { close(db.closed) })
	err := db.write.Close()
	if db.read != db.write {
		if err2 := db.read.Close(); err == nil {
			err = err2
		}
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// rebind turns "?" placeholders into "$1", "$2", … for PostgreSQL. Queries in
// this package never contain a literal question mark.
func (db *DB) rebind(q string) string {
	if db.dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// Tx is a write transaction with placeholder rebinding.
type Tx struct {
	tx *sql.Tx
	db *DB
}

// Exec runs a statement in the transaction.
func (t *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.db.rebind(q), args...)
}

// QueryRow runs a query returning at most one row.
func (t *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.db.rebind(q), args...)
}

// Query runs a query in the transaction.
func (t *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.db.rebind(q), args...)
}

// WriteTx runs fn in one write transaction and commits when fn returns nil.
// When WriteTx returns nil the change is durable (SQLite: WAL with
// synchronous=FULL; PostgreSQL: synchronous_commit on).
func (db *DB) WriteTx(ctx context.Context, fn func(*Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(&Tx{tx: tx, db: db}); err != nil {
		_ = tx.Rollback()
		return err
	}
	// E-mail the change causes commits with it (sqldb/outbox.go).
	if err := db.writePendingMail(ctx, &Tx{tx: tx, db: db}); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.read.QueryContext(ctx, db.rebind(q), args...)
}

func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return db.read.QueryRowContext(ctx, db.rebind(q), args...)
}

// isUniqueViolation reports a unique-constraint failure on either engine.
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// notFound is the error for a missing or invisible object.
func notFound(nl, en string) error { return &rotonde.Error{Code: rotonde.ENotFound, NL: nl, EN: en} }

func forbidden() error {
	return rotonde.Errorf(rotonde.EForbidden, "Dat mag je niet doen.", "You are not allowed to do that.")
}

// nullInt turns 0 into SQL NULL for optional foreign keys.
func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}
