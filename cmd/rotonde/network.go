package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// signalBatch is how many cases one refresh summarises at most; the rest
// follow in the next round.
const signalBatch = 2000

// refreshSignals summarises the stagnation signals of cases whose timeline
// changed (or whose summary is a day old) for the network view, at start
// and then every interval until ctx ends (sqldb.NetworkService.RefreshSignals).
func refreshSignals(ctx context.Context, db *sqldb.DB, log *slog.Logger, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		for {
			n, err := db.Network.RefreshSignals(ctx, time.Now().UTC(), signalBatch)
			if err != nil && ctx.Err() == nil {
				log.Error("summarising signals for the network view failed", "err", err)
			}
			if err != nil || n < signalBatch || ctx.Err() != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
