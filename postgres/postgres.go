// Package postgres opens Rotonde on PostgreSQL through pgx, for organisations
// that run it for real and want several instances behind a load balancer.
package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib" // also registers the "pgx" driver

	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// ErrUnreachable is wrapped by Open when the server did not answer; a caller
// may wait and try again (the server may be starting).
var ErrUnreachable = errors.New("cannot reach the database")

// Open connects to the server at url (postgres://…) and checks durability settings.
func Open(ctx context.Context, url string) (*sqldb.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	// No JIT compilation: it starts when a query's estimated cost is high
	// (a search for someone in many cases), takes 100 ms and more to compile,
	// and Rotonde's queries run in milliseconds without it.
	// No parallel workers either: starting them cost 30–35 ms a query on a
	// two-core server, where the facilitator's search reading 3,000 index
	// rows alone takes 3 ms (BENCHMARKS.md, "Parallel workers").
	for param, value := range map[string]string{"jit": "off", "max_parallel_workers_per_gather": "0"} {
		if _, set := cfg.RuntimeParams[param]; !set {
			cfg.RuntimeParams[param] = value
		}
	}
	pool := stdlib.OpenDB(*cfg)
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w: %w", ErrUnreachable, err)
	}
	db := sqldb.New(pool, pool, sqldb.Postgres)
	if err := CheckDurability(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// CheckDurability refuses a server that may lose acknowledged commits.
func CheckDurability(ctx context.Context, db *sqldb.DB) error {
	for _, name := range []string{"fsync", "synchronous_commit"} {
		var v string
		if err := db.Reader().QueryRowContext(ctx, "SHOW "+name).Scan(&v); err != nil {
			return fmt.Errorf("postgres: SHOW %s: %w", name, err)
		}
		if v != "on" {
			return fmt.Errorf("postgres: %s is %q; Rotonde needs it on so that acknowledged writes survive a crash", name, v)
		}
	}
	return nil
}
