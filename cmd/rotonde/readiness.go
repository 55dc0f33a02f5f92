package main

import (
	"context"
	"fmt"
	"time"

	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/sqlite"
)

// minFreeDisk is the room a SQLite database's file system must have left
// for /readyz to answer "ready": below it, writes may start to fail. A write
// probe alone does not see a full disk, since SQLite reuses its WAL file.
var minFreeDisk uint64 = 64 << 20

// readiness returns the check behind /readyz: the database accepts a write,
// and on SQLite (sqlitePath not empty) its file system has room.
func readiness(db *sqldb.DB, sqlitePath string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		if sqlitePath != "" {
			free, err := sqlite.FreeBytes(sqlitePath)
			if err != nil {
				return err
			}
			if free < minFreeDisk {
				return fmt.Errorf("schijf bijna vol (disk nearly full): %d MiB vrij/free beside %s", free>>20, sqlitePath)
			}
		}
		return db.WriteProbe(ctx, time.Now())
	}
}

// checkWritable refuses to start on a database that does not accept writes,
// such as a read-only SQLite file: every change would fail while pages load.
func checkWritable(ctx context.Context, db *sqldb.DB) error {
	if err := db.WriteProbe(ctx, time.Now()); err != nil {
		return fmt.Errorf("database is alleen-lezen of niet schrijfbaar; Rotonde start niet "+
			"(the database is read-only or cannot be written; not starting): %w", err)
	}
	return nil
}
