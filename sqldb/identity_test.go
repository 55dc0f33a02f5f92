package sqldb_test

import (
	"context"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

func TestThrottlePolicyDelay(t *testing.T) {
	p := rotonde.AccountThrottle
	for n, want := range map[int]time.Duration{0: 0, 4: 0, 5: time.Minute, 6: 2 * time.Minute, 7: 4 * time.Minute,
		8: 8 * time.Minute, 9: 15 * time.Minute, 50: 15 * time.Minute} {
		if got := p.Delay(n); got != want {
			t.Errorf("Delay(%d) = %v, want %v", n, got, want)
		}
	}
	if rotonde.EmailThrottleKey(" Noor@Example.NL ") != rotonde.EmailThrottleKey("noor@example.nl") {
		t.Error("e-mail key not normalized")
	}
	if rotonde.AddressThrottleKey("2001:db8::1") != rotonde.AddressThrottleKey("2001:db8::ffff") ||
		rotonde.AddressThrottleKey("2001:db8::1") == rotonde.AddressThrottleKey("2001:db8:0:1::1") {
		t.Error("IPv6 addresses are not grouped per /64")
	}
	if rotonde.AddressThrottleKey("192.0.2.1") == rotonde.AddressThrottleKey("192.0.2.2") {
		t.Error("IPv4 addresses collide")
	}
}

func TestLoginThrottle(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		acct := rotonde.EmailThrottleKey("iemand@test.nl")
		addr := rotonde.AddressThrottleKey("192.0.2.7")
		p := rotonde.AccountThrottle
		for i := 1; i <= 4; i++ {
			if err := db.Identity.RecordLoginFailure(ctx, acct, p, now); err != nil {
				t.Fatal(err)
			}
		}
		if d, err := db.Identity.LoginLockedFor(ctx, []rotonde.ThrottleKey{acct, addr}, now); err != nil || d != 0 {
			t.Fatalf("after 4 failures locked for %v (%v)", d, err)
		}
		if err := db.Identity.RecordLoginFailure(ctx, acct, p, now); err != nil {
			t.Fatal(err)
		}
		if d, _ := db.Identity.LoginLockedFor(ctx, []rotonde.ThrottleKey{addr, acct}, now); d != time.Minute {
			t.Fatalf("after 5 failures locked for %v, want 1m", d)
		}
		if d, _ := db.Identity.LoginLockedFor(ctx, []rotonde.ThrottleKey{addr}, now); d != 0 {
			t.Fatalf("another key is locked too: %v", d)
		}
		// The sixth failure doubles the delay.
		later := now.Add(90 * time.Second)
		_ = db.Identity.RecordLoginFailure(ctx, acct, p, later)
		if d, _ := db.Identity.LoginLockedFor(ctx, []rotonde.ThrottleKey{acct}, later); d != 2*time.Minute {
			t.Fatalf("after 6 failures locked for %v, want 2m", d)
		}
		if d, _ := db.Identity.LoginLockedFor(ctx, []rotonde.ThrottleKey{acct}, later.Add(3*time.Minute)); d > 0 {
			t.Fatalf("lock did not end: %v", d)
		}
		// After the window, counting starts over.
		muchLater := later.Add(2 * time.Hour)
		_ = db.Identity.RecordLoginFailure(ctx, acct, p, muchLater)
		if d, _ := db.Identity.LoginLockedFor(ctx, []rotonde.ThrottleKey{acct}, muchLater); d != 0 {
			t.Fatalf("old failures still counted: %v", d)
		}
		// A success resets the key.
		for range 6 {
			_ = db.Identity.RecordLoginFailure(ctx, acct, p, muchLater)
		}
		if err := db.Identity.ResetLoginThrottle(ctx, acct); err != nil {
			t.Fatal(err)
		}
		if d, _ := db.Identity.LoginLockedFor(ctx, []rotonde.ThrottleKey{acct}, muchLater); d != 0 {
			t.Fatalf("reset did not unlock: %v", d)
		}
		// Concurrent failures (as from several instances) are all counted.
		key := rotonde.EmailThrottleKey("parallel@test.nl")
		for _, err := range atOnce(8, func(int) error { return db.Identity.RecordLoginFailure(ctx, key, p, now) }) {
			if err != nil {
				t.Error(err)
			}
		}
		if d, _ := db.Identity.LoginLockedFor(ctx, []rotonde.ThrottleKey{key}, now); d != p.Delay(8) {
			t.Errorf("8 concurrent failures locked for %v, want %v", d, p.Delay(8))
		}
	})
}

func TestSecondFactorsAndRecoveryCodes(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		uid := w.owner.ID
		if f, err := db.Identity.SecondFactors(ctx, uid); err != nil || f.Any() || f.TOTPPending {
			t.Fatalf("fresh user has factors: %+v %v", f, err)
		}
		if err := db.Identity.SetPendingTOTP(ctx, uid, "SECRETONE", now); err != nil {
			t.Fatal(err)
		}
		if err := db.Identity.SetPendingTOTP(ctx, uid, "SECRETTWO", now); err != nil {
			t.Fatalf("replacing an unconfirmed secret: %v", err)
		}
		if f, _ := db.Identity.SecondFactors(ctx, uid); f.Any() || !f.TOTPPending {
			t.Fatalf("pending secret counts as factor: %+v", f)
		}
		if s, confirmed, err := db.Identity.TOTPSecret(ctx, uid); err != nil || s != "SECRETTWO" || confirmed {
			t.Fatalf("secret %q %v %v", s, confirmed, err)
		}
		if err := db.Identity.UseTOTPStep(ctx, uid, 1000); err != nil {
			t.Fatal(err)
		}
		if f, _ := db.Identity.SecondFactors(ctx, uid); !f.TOTP || !f.Any() {
			t.Fatalf("confirmed secret not a factor: %+v", f)
		}
		// A used step, or an earlier one, is a replay.
		for _, step := range []int64{1000, 999} {
			if err := db.Identity.UseTOTPStep(ctx, uid, step); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
				t.Errorf("step %d reused: %v", step, err)
			}
		}
		if err := db.Identity.UseTOTPStep(ctx, uid, 1001); err != nil {
			t.Errorf("next step refused: %v", err)
		}
		if err := db.Identity.SetPendingTOTP(ctx, uid, "OTHER", now); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Errorf("overwrote a confirmed secret: %v", err)
		}
		// Recovery codes: each works once, only for its owner; replacing drops old ones.
		if err := db.Identity.ReplaceRecoveryCodes(ctx, uid, []string{"h1", "h2", "h3"}); err != nil {
			t.Fatal(err)
		}
		if err := db.Identity.UseRecoveryCode(ctx, w.colleague.ID, "h1", now); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Errorf("another user's code accepted: %v", err)
		}
		if err := db.Identity.UseRecoveryCode(ctx, uid, "h1", now); err != nil {
			t.Fatal(err)
		}
		if err := db.Identity.UseRecoveryCode(ctx, uid, "h1", now); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Errorf("code used twice: %v", err)
		}
		if f, _ := db.Identity.SecondFactors(ctx, uid); f.RecoveryLeft != 2 {
			t.Errorf("recovery left %d, want 2", f.RecoveryLeft)
		}
		// Concurrent use of one code: exactly one wins.
		wins, _ := succeeded(atOnce(4, func(int) error { return db.Identity.UseRecoveryCode(ctx, uid, "h2", now) }))
		if wins != 1 {
			t.Errorf("code h2 accepted %d times", wins)
		}
		if err := db.Identity.ReplaceRecoveryCodes(ctx, uid, []string{"n1"}); err != nil {
			t.Fatal(err)
		}
		if err := db.Identity.UseRecoveryCode(ctx, uid, "h3", now); err == nil {
			t.Error("replaced code still works")
		}
		if err := db.Identity.RemoveTOTP(ctx, uid); err != nil {
			t.Fatal(err)
		}
		if f, _ := db.Identity.SecondFactors(ctx, uid); f.Any() || f.TOTPPending || f.RecoveryLeft != 0 {
			t.Errorf("after removal: %+v", f)
		}
		if _, _, err := db.Identity.TOTPSecret(ctx, uid); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("removed secret: %v", err)
		}
	})
}

func TestPendingLogins(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		p := &rotonde.PendingLogin{UserID: w.owner.ID, CreatedAt: now, ExpiresAt: now.Add(5 * time.Minute), Next: "/casussen/1"}
		if err := db.Identity.CreatePendingLogin(ctx, p, []byte("token-a")); err != nil {
			t.Fatal(err)
		}
		got, err := db.Identity.PendingLogin(ctx, []byte("token-a"), now.Add(time.Minute))
		if err != nil || got.UserID != w.owner.ID || got.Next != "/casussen/1" {
			t.Fatalf("pending login %+v %v", got, err)
		}
		if _, err := db.Identity.PendingLogin(ctx, []byte("token-a"), now.Add(6*time.Minute)); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Errorf("expired pending login accepted: %v", err)
		}
		if _, err := db.Identity.PendingLogin(ctx, []byte("token-b"), now); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Errorf("unknown pending login: %v", err)
		}
		for i := rotonde.MaxSecondStepAttempts - 1; i >= 0; i-- {
			left, err := db.Identity.FailPendingLogin(ctx, p.ID)
			if err != nil || left != i {
				t.Fatalf("attempts left %d (%v), want %d", left, err, i)
			}
		}
		if _, err := db.Identity.PendingLogin(ctx, []byte("token-a"), now); err == nil {
			t.Error("pending login survives too many wrong codes")
		}
		// A disabled user's pending login is worthless.
		p2 := &rotonde.PendingLogin{UserID: w.colleague.ID, CreatedAt: now, ExpiresAt: now.Add(5 * time.Minute), Next: "/"}
		_ = db.Identity.CreatePendingLogin(ctx, p2, []byte("token-c"))
		if err := db.Users.SetDisabled(ctx, nil, w.colleague.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Identity.PendingLogin(ctx, []byte("token-c"), now); err == nil {
			t.Error("disabled user's pending login accepted")
		}
	})
}

func TestSessionListingAndEnding(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		now := time.Now().UTC().Truncate(time.Second)
		mk := func(u *rotonde.User, tok string, age time.Duration) *rotonde.Session {
			s := &rotonde.Session{UserID: u.ID, CreatedAt: now.Add(-age), LastSeen: now.Add(-age), ExpiresAt: now.Add(12*time.Hour - age),
				UserAgent: "Firefox", Address: "192.0.2.1"}
			if err := db.Sessions.CreateSession(ctx, s, []byte(tok)); err != nil {
				t.Fatal(err)
			}
			return s
		}
		a := mk(w.owner, "a", 0)
		b := mk(w.owner, "b", time.Minute)
		c := mk(w.owner, "c", 2*time.Minute)
		mk(w.owner, "old", 13*time.Hour) // past its absolute end
		other := mk(w.colleague, "d", 0)
		list, err := db.Identity.UserSessions(ctx, w.owner, now)
		if err != nil || len(list) != 3 || list[0].ID != a.ID || list[2].ID != c.ID || list[0].UserAgent != "Firefox" {
			t.Fatalf("sessions %+v %v", list, err)
		}
		if err := db.Identity.EndSession(ctx, w.owner, other.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("ended another user's session: %v", err)
		}
		if err := db.Identity.EndSession(ctx, w.owner, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Sessions.SessionUser(ctx, []byte("b"), now, time.Hour); err == nil {
			t.Error("ended session still works")
		}
		if err := db.Identity.EndOtherSessions(ctx, w.owner, a.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := db.Identity.UserSessions(ctx, w.owner, now); len(list) != 1 || list[0].ID != a.ID {
			t.Errorf("after ending others: %+v", list)
		}
		if _, _, err := db.Sessions.SessionUser(ctx, []byte("d"), now, time.Hour); err != nil {
			t.Errorf("another user's session ended too: %v", err)
		}
		// Re-authentication time: the start, then the last password check.
		at, err := db.Identity.AuthenticatedAt(ctx, a.ID)
		if err != nil || !at.Equal(a.CreatedAt) {
			t.Errorf("authenticated at %v, want %v (%v)", at, a.CreatedAt, err)
		}
		if err := db.Identity.MarkReauthenticated(ctx, a.ID, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if at, _ := db.Identity.AuthenticatedAt(ctx, a.ID); !at.Equal(now.Add(time.Minute)) {
			t.Errorf("after re-authentication %v", at)
		}
		// Administrators end the sessions of their own organisation's people only.
		if err := db.Identity.EndUserSessions(ctx, w.admin, w.outsider.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("admin ended another organisation's user: %v", err)
		}
		if err := db.Identity.EndUserSessions(ctx, w.colleague, w.owner.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("professional ended a colleague's sessions: %v", err)
		}
		if err := db.Identity.EndUserSessions(ctx, w.admin, w.colleague.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Sessions.SessionUser(ctx, []byte("d"), now, time.Hour); err == nil {
			t.Error("admin's end-sessions left a session")
		}
	})
}

func TestTokenListAndRevoke(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		tok := &rotonde.APIToken{Name: "script", ExpiresAt: time.Now().Add(24 * time.Hour)}
		if err := db.Sessions.CreateAPIToken(ctx, w.owner, tok, []byte("tok")); err != nil {
			t.Fatal(err)
		}
		list, err := db.Identity.APITokens(ctx, w.owner)
		if err != nil || len(list) != 1 || list[0].Name != "script" || list[0].Revoked {
			t.Fatalf("tokens %+v %v", list, err)
		}
		if l, _ := db.Identity.APITokens(ctx, w.colleague); len(l) != 0 {
			t.Errorf("colleague sees %d tokens", len(l))
		}
		if err := db.Identity.RevokeAPIToken(ctx, w.colleague, tok.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("colleague revoked the token: %v", err)
		}
		if _, err := db.Sessions.TokenUser(ctx, []byte("tok"), time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := db.Identity.RevokeAPIToken(ctx, w.owner, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Sessions.TokenUser(ctx, []byte("tok"), time.Now()); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Errorf("revoked token works: %v", err)
		}
		if list, _ := db.Identity.APITokens(ctx, w.owner); len(list) != 1 || !list[0].Revoked {
			t.Errorf("after revoke: %+v", list)
		}
	})
}

func TestSetEmail(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		if err := db.Identity.SetEmail(ctx, w.owner, "collega@test.nl"); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Errorf("taken address: %v", err)
		}
		if err := db.Identity.SetEmail(ctx, w.owner, "geen adres"); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("bad address: %v", err)
		}
		if err := db.Identity.SetEmail(ctx, w.owner, " Nieuw@Test.nl "); err != nil {
			t.Fatal(err)
		}
		if u, _, err := db.Users.UserByEmail(ctx, "nieuw@test.nl"); err != nil || u.ID != w.owner.ID {
			t.Errorf("new address: %v %v", u, err)
		}
	})
}
