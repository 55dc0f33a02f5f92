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
//
// DB itself opens, migrates, checks and closes the database; the stored
// content is read and written through one service per area (DB.Cases,
// DB.Meetings, …, see services.go), which all share one store.
type DB struct {
	*store

	Audit       *AuditService
	Cases       *CaseService
	Dreams      *DreamService
	Genogram    *GenogramService
	Identity    *IdentityService
	Progress    *ProgressService
	Invitations *InvitationService
	Knowledge   *KnowledgeService
	Mail        *MailService
	Network     *NetworkService // sqldb/network.go
	Agenda      *AgendaService  // sqldb/agenda.go
	Meetings    *MeetingService
	Method      *MethodService
	Orgs        *OrganisationService
	Passkeys    *PasskeyService
	Privacy     *PrivacyService
	Research    *ResearchService
	Search      *SearchService
	Security    *SecurityService
	Sessions    *SessionService
	SSO         *SSOService
	Tension     *TensionService
	Timeline    *TimelineService
	Trash       *TrashService
	Trust       *TrustService
	Users       *UserService
}

// store is what every service shares: the connections, the clock, the
// access-log writer and the sealer.
type store struct {
	write      *sql.DB
	read       *sql.DB
	dialect    Dialect
	migrations fs.FS
	// reader runs queries on the read pool (see Tx).
	reader *Tx
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
	st := &store{write: write, read: read, dialect: d, migrations: migrations, Now: func() time.Time { return time.Now().UTC() },
		closed: make(chan struct{})}
	st.reader = &Tx{tx: read, db: st}
	return newDB(st)
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
// this package never contain a literal question mark. Only Tx calls it.
func (db *store) rebind(q string) string {
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

// conn is what a Tx runs statements on: a write transaction or the read pool.
type conn interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, q string) (*sql.Stmt, error)
}

// Tx is the one way this package runs SQL: queries are written with "?"
// placeholders and rebound for the engine here. Inside WriteTx it is the
// write transaction; store.reader is one on the read pool.
type Tx struct {
	tx conn
	db *store
}

// sql rebinds a query for the engine.
func (t *Tx) sql(q string) string { return t.db.rebind(q) }

// Exec runs a statement in the transaction.
func (t *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.sql(q), args...)
}

// QueryRow runs a query returning at most one row.
func (t *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.sql(q), args...)
}

// Query runs a query in the transaction.
func (t *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.sql(q), args...)
}

// prepare makes a statement to run several times in the transaction.
func (t *Tx) prepare(ctx context.Context, q string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, t.sql(q))
}

// WriteTx runs fn in one write transaction and commits when fn returns nil.
// When WriteTx returns nil the change is durable (SQLite: WAL with
// synchronous=FULL; PostgreSQL: synchronous_commit on).
//
// The access-log records pending in ctx (rotonde.PendingAuditFrom) are
// appended to the chain inside the same transaction, after fn, so a change
// and the record that describes it commit together or not at all: a record
// that cannot be written undoes the change. When the transaction does not
// commit, the records go back to the pending set, for the HTTP layer to log
// the failed attempt. The e-mail pending in ctx (rotonde.PendingMailFrom) is
// stored in the outbox after the records, in the same transaction.
func (db *store) WriteTx(ctx context.Context, fn func(*Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	t := &Tx{tx: tx, db: db}
	if err := fn(t); err != nil {
		_ = tx.Rollback()
		return err
	}
	pending := rotonde.PendingAuditFrom(ctx)
	records := pending.Take()
	if len(records) > 0 {
		// Last in the transaction: the chain head stays locked only briefly.
		if err := db.appendAudit(ctx, t, records...); err != nil {
			_ = tx.Rollback()
			restoreAudit(pending, records)
			return fmt.Errorf("access log: %w", err)
		}
	}
	// E-mail the change causes commits with it (sqldb/outbox.go).
	if err := db.writePendingMail(ctx, t); err != nil {
		_ = tx.Rollback()
		restoreAudit(pending, records)
		return err
	}
	if err := tx.Commit(); err != nil {
		restoreAudit(pending, records)
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func (db *store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.reader.Query(ctx, q, args...)
}

func (db *store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return db.reader.QueryRow(ctx, q, args...)
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
func notFound(key string, args ...any) error { return rotonde.E(rotonde.ENotFound, key, args...) }

func forbidden() error {
	return rotonde.E(rotonde.EForbidden, "err.sqldb.you_are_not_allowed_to_do")
}

// nullInt turns 0 into SQL NULL for optional foreign keys.
func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}
