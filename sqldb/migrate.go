package sqldb

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one numbered SQL file, applied in one transaction.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations reads NNN_name.sql files from the engine's embedded folder.
func (db *DB) Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(db.migrations, ".")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".sql" {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %q: name must be NNN_name.sql", name)
		}
		body, err := fs.ReadFile(db.migrations, name)
		if err != nil {
			return nil, fmt.Errorf("read migration %q: %w", name, err)
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	// A gap in the numbers is allowed (a number may be reserved and never
	// used); a number used twice is always an error.
	for i := 1; i < len(ms); i++ {
		if ms[i].Version == ms[i-1].Version {
			return nil, fmt.Errorf("migration number %d is used twice (%s, %s)", ms[i].Version, ms[i-1].Name, ms[i].Name)
		}
	}
	return ms, nil
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

// SchemaVersion returns the highest applied migration (0 for an empty database).
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	w := &Tx{tx: db.write, db: db.store}
	if _, err := w.Exec(ctx, createMigrationsTable); err != nil {
		return 0, fmt.Errorf("create schema_migrations: %w", err)
	}
	var v int
	if err := w.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

// Migrate applies every migration not yet applied, each in its own
// transaction, and returns how many it applied. On PostgreSQL an advisory
// lock keeps two instances starting together from racing.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	ms, err := db.Migrations()
	if err != nil {
		return 0, err
	}
	if _, err := db.SchemaVersion(ctx); err != nil {
		return 0, err
	}
	applied, reindex := 0, false
	for _, m := range ms {
		done := false
		err := db.WriteTx(ctx, func(tx *Tx) error {
			if db.dialect == Postgres {
				if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(7042001)`); err != nil {
					return fmt.Errorf("lock: %w", err)
				}
			}
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				done = true
				return nil
			}
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("apply %s: %w", m.Name, err)
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.Version, m.Name, db.Now().Format("2006-01-02T15:04:05Z"))
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if !done {
			applied++
			if reindexAfter(m.Version) {
				reindex = true
			}
		}
	}
	if reindex { // the content stored before search existed (sqldb/search.go)
		if err := db.Search.Reindex(ctx); err != nil {
			return applied, fmt.Errorf("search index: %w", err)
		}
	}
	return applied, nil
}

// CheckSchema returns an error unless the database is exactly at the
// version this binary knows: behind means "run rotonde migrate", ahead means
// a newer rotonde wrote it and this one must not touch it.
func (db *DB) CheckSchema(ctx context.Context) error {
	ms, err := db.Migrations()
	if err != nil {
		return err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	want := 0
	if len(ms) > 0 {
		want = ms[len(ms)-1].Version
	}
	switch {
	case v < want:
		return fmt.Errorf("database schema is at version %d, this rotonde needs %d: run `rotonde migrate` (databaseschema loopt achter)", v, want)
	case v > want:
		return fmt.Errorf("database schema is at version %d, newer than this rotonde knows (%d): upgrade rotonde (databaseschema is nieuwer dan dit programma)", v, want)
	}
	return nil
}
