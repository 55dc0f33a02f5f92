package sqldb

import (
	"context"
	"fmt"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// PurgeExpired deletes rows that can no longer be used, and returns how
// many it deleted:
//
//   - login-throttle rows whose lock has ended and whose last failure is
//     older than throttleWindow: a new failure would count from zero again,
//     so the row says nothing any more (see RecordLoginFailure);
//   - sessions past their absolute end (an idle session is ended at its next
//     use; one never used again would otherwise stay);
//   - logins still waiting for their second step past their end;
//   - deleted case content that lay in the case's trash for
//     rotonde.TrashDays days (and entries put back as long ago), and the
//     records of undoable actions as old (sqldb/undo.go).
//
// Run it now and then (`rotonde serve` does, hourly); each table is one
// short transaction.
func (db *DB) PurgeExpired(ctx context.Context, now time.Time, throttleWindow time.Duration) (int, error) {
	now = now.UTC()
	total := 0
	for _, p := range []struct {
		what, q string
		args    []any
	}{
		{"login throttle", `DELETE FROM login_throttle WHERE locked_until < ? AND last_failure < ?`, []any{now, now.Add(-throttleWindow)}},
		{"sessions", `DELETE FROM sessions WHERE expires_at < ?`, []any{now}},
		{"pending logins", `DELETE FROM pending_logins WHERE expires_at < ?`, []any{now}},
		{"trash", `DELETE FROM trash WHERE deleted_at < ?`, []any{now.AddDate(0, 0, -rotonde.TrashDays)}},
		{"reversals", `DELETE FROM reversals WHERE done_at < ?`, []any{now.AddDate(0, 0, -rotonde.TrashDays)}},
		{"group reversals", `DELETE FROM group_reversals WHERE done_at < ?`, []any{now.AddDate(0, 0, -rotonde.TrashDays)}},
	} {
		err := db.WriteTx(ctx, func(tx *Tx) error {
			res, err := tx.Exec(ctx, p.q, p.args...)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			total += int(n)
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("purge %s: %w", p.what, err)
		}
	}
	return total, nil
}
