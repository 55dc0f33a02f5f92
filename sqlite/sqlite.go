// Package sqlite opens Rotonde's embedded database: one SQLite file through
// the pure-Go modernc.org/sqlite driver (no cgo, so one static binary).
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// pragmas are applied on every new connection, busy_timeout first so that
// even setting WAL waits instead of failing when another process holds a lock.
var pragmas = []string{
	"busy_timeout(10000)",
	"journal_mode(WAL)",
	"synchronous(FULL)",
	"foreign_keys(1)",
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		// BEGIN IMMEDIATE takes the write lock at the start of a transaction,
		// so a read-then-write transaction cannot deadlock on lock upgrade.
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the SQLite file at path.
func Open(ctx context.Context, path string) (*sqldb.DB, error) {
	if path == "" {
		return nil, fmt.Errorf("sqlite: empty path")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite: path %q may not contain ? or #", path)
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("sqlite: create folder for %s: %w", path, err)
		}
	}
	// A new database file is readable by its owner only; SQLite gives its
	// -wal and -shm files the same mode.
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("sqlite: create %s: %w", path, err)
	}
	write, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s for reading: %w", path, err)
	}
	n := max(4, runtime.NumCPU()*2)
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	db := sqldb.New(write, read, sqldb.SQLite)
	if err := CheckDurability(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Settings are the pragmas that matter for durability, as the engine reports them.
type Settings struct {
	JournalMode string
	Synchronous int // 2 = FULL
	ForeignKeys int
	BusyTimeout int
}

// ReadSettings reads the pragmas back from the write connection.
func ReadSettings(ctx context.Context, db *sqldb.DB) (Settings, error) {
	var s Settings
	conn, err := db.Writer().Conn(ctx)
	if err != nil {
		return s, err
	}
	defer conn.Close()
	for q, dst := range map[string]any{
		"PRAGMA journal_mode": &s.JournalMode,
		"PRAGMA synchronous":  &s.Synchronous,
		"PRAGMA foreign_keys": &s.ForeignKeys,
		"PRAGMA busy_timeout": &s.BusyTimeout,
	} {
		if err := conn.QueryRowContext(ctx, q).Scan(dst); err != nil {
			return s, fmt.Errorf("sqlite: %s: %w", q, err)
		}
	}
	return s, nil
}

// CheckDurability refuses a database that would not keep acknowledged writes.
func CheckDurability(ctx context.Context, db *sqldb.DB) error {
	s, err := ReadSettings(ctx, db)
	if err != nil {
		return err
	}
	if strings.ToLower(s.JournalMode) != "wal" || s.Synchronous != 2 || s.ForeignKeys != 1 {
		return fmt.Errorf("sqlite: unsafe settings (journal_mode=%s synchronous=%d foreign_keys=%d); want wal, 2 (FULL), 1",
			s.JournalMode, s.Synchronous, s.ForeignKeys)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns its answer ("ok" when sound).
func IntegrityCheck(ctx context.Context, db *sqldb.DB) (string, error) {
	var res string
	err := db.Writer().QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res)
	return res, err
}
