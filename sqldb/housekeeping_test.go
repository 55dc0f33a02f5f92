package sqldb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

func countRows(t *testing.T, db *sqldb.DB, q string) int {
	t.Helper()
	var n int
	if err := db.Reader().QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestPurgeExpired(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		p := rotonde.AccountThrottle
		stale := rotonde.EmailThrottleKey("oud@test.nl")
		locked := rotonde.EmailThrottleKey("op-slot@test.nl")
		recent := rotonde.AddressThrottleKey("192.0.2.9")
		// The purge below uses a window of one minute.
		// A failure two hours ago, its lock long over: nothing left to remember.
		if err := db.Identity.RecordLoginFailure(ctx, stale, p, now.Add(-2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		// Many failures five minutes ago: outside the window, but the lock
		// (15 minutes) still runs.
		for range 12 {
			if err := db.Identity.RecordLoginFailure(ctx, locked, p, now.Add(-5*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		// A failure half a minute ago still counts towards a lock.
		if err := db.Identity.RecordLoginFailure(ctx, recent, rotonde.AddressThrottle, now.Add(-30*time.Second)); err != nil {
			t.Fatal(err)
		}
		// Sessions and pending logins: one past its end, one still valid.
		for i, end := range []time.Time{now.Add(-time.Minute), now.Add(time.Hour)} {
			s := &rotonde.Session{UserID: w.owner.ID, CreatedAt: now.Add(-13 * time.Hour), LastSeen: now.Add(-2 * time.Hour), ExpiresAt: end}
			if err := db.Sessions.CreateSession(ctx, s, fmt.Appendf(nil, "session-%d", i)); err != nil {
				t.Fatal(err)
			}
			pl := &rotonde.PendingLogin{UserID: w.owner.ID, CreatedAt: now.Add(-6 * time.Minute), ExpiresAt: end, Next: "/"}
			if err := db.Identity.CreatePendingLogin(ctx, pl, fmt.Appendf(nil, "pending-%d", i)); err != nil {
				t.Fatal(err)
			}
		}

		n, err := db.PurgeExpired(ctx, now, time.Minute)
		if err != nil || n != 3 {
			t.Fatalf("PurgeExpired: %d, %v; want 3 (a throttle row, a session, a pending login)", n, err)
		}
		if got := countRows(t, db, `SELECT COUNT(*) FROM login_throttle`); got != 2 {
			t.Errorf("%d throttle rows left, want 2 (locked, recent)", got)
		}
		if d, _ := db.Identity.LoginLockedFor(ctx, []rotonde.ThrottleKey{locked}, now); d <= 0 {
			t.Error("a running lock was purged")
		}
		if got := countRows(t, db, `SELECT COUNT(*) FROM sessions`); got != 1 {
			t.Errorf("%d sessions left, want 1", got)
		}
		if got := countRows(t, db, `SELECT COUNT(*) FROM pending_logins`); got != 1 {
			t.Errorf("%d pending logins left, want 1", got)
		}
		if n, err := db.PurgeExpired(ctx, now, time.Minute); err != nil || n != 0 {
			t.Errorf("second purge: %d, %v", n, err)
		}
	})
}

func TestPasswordChangeEndsPendingLogin(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		now := time.Now().UTC()
		// The old password was typed; the second step is still to come.
		p := &rotonde.PendingLogin{UserID: w.owner.ID, CreatedAt: now, ExpiresAt: now.Add(5 * time.Minute), Next: "/"}
		if err := db.Identity.CreatePendingLogin(ctx, p, []byte("pending-old-password")); err != nil {
			t.Fatal(err)
		}
		other := &rotonde.PendingLogin{UserID: w.colleague.ID, CreatedAt: now, ExpiresAt: now.Add(5 * time.Minute), Next: "/"}
		if err := db.Identity.CreatePendingLogin(ctx, other, []byte("pending-colleague")); err != nil {
			t.Fatal(err)
		}
		hash, err := testenv.HashPassword("een-nieuw-wachtwoord")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Users.SetPasswordHash(ctx, w.owner, w.owner.ID, hash); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Identity.PendingLogin(ctx, []byte("pending-old-password"), now); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Errorf("pending login survived the password change: %v", err)
		}
		if _, err := db.Identity.PendingLogin(ctx, []byte("pending-colleague"), now); err != nil {
			t.Errorf("another user's pending login ended too: %v", err)
		}
	})
}
