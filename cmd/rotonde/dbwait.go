package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/rotonde-jeugd/rotonde/postgres"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// openDatabaseWaiting opens the database like openDatabase, but tries a
// PostgreSQL server that does not answer again, waiting 0.5 s, then 1 s, 2 s
// and so on up to 10 s between tries, for up to wait in all: at a machine's
// start the database may come up after Rotonde. Other errors (a bad URL,
// unsafe settings) end at once.
func openDatabaseWaiting(ctx context.Context, url string, wait time.Duration, log *slog.Logger) (*sqldb.DB, error) {
	deadline := time.Now().Add(wait)
	pause := 500 * time.Millisecond
	for try := 1; ; try++ {
		db, err := openDatabase(ctx, url)
		if err == nil || !errors.Is(err, postgres.ErrUnreachable) {
			return db, err
		}
		left := time.Until(deadline)
		if left <= 0 {
			if wait > 0 {
				return nil, fmt.Errorf("na %s en %d pogingen (after %s and %d tries): %w", wait, try, wait, try, err)
			}
			return nil, err
		}
		log.Warn("database not reachable yet; trying again", "try", try, "in", min(pause, left).String(), "err", err)
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(min(pause, left)):
		}
		pause = min(2*pause, 10*time.Second)
	}
}
