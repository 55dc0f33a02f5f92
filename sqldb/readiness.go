package sqldb

import (
	"context"
	"fmt"
	"time"
)

// WriteProbe writes one row and commits, to learn whether the database
// accepts writes now: a read-only SQLite file, a read-only PostgreSQL
// server or a failing disk answer with an error. serve calls it at start
// and /readyz at every check.
func (db *DB) WriteProbe(ctx context.Context, now time.Time) error {
	err := db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO write_probe (id, written_at) VALUES (1, ?)
			ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at`, now.UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("database neemt geen wijzigingen aan (does not accept writes): %w", err)
	}
	return nil
}
