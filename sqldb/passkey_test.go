package sqldb_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

func TestPasskeyStorage(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		org := testenv.MustOrg(t, db, "Wijkteam", rotonde.OrgNeighbourhood)
		a := testenv.MustUser(t, db, &rotonde.User{Email: "a@test.nl", Name: "A", Role: rotonde.RoleProfessional, OrgID: org.ID}, "wachtwoord-a-123")
		b := testenv.MustUser(t, db, &rotonde.User{Email: "b@test.nl", Name: "B", Role: rotonde.RoleProfessional, OrgID: org.ID}, "wachtwoord-b-123")

		// Handles are random, stable per user and lead back to the user.
		h1, err := db.Passkeys.WebAuthnHandle(ctx, a.ID)
		if err != nil || len(h1) != 32 {
			t.Fatalf("handle %x %v", h1, err)
		}
		h2, _ := db.Passkeys.WebAuthnHandle(ctx, a.ID)
		hb, _ := db.Passkeys.WebAuthnHandle(ctx, b.ID)
		if !bytes.Equal(h1, h2) || bytes.Equal(h1, hb) {
			t.Fatal("handle not stable per user or shared between users")
		}
		if id, err := db.Passkeys.UserByWebAuthnHandle(ctx, h1); err != nil || id != a.ID {
			t.Fatalf("handle → %d %v", id, err)
		}
		if _, err := db.Passkeys.UserByWebAuthnHandle(ctx, []byte("onbekend")); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Fatalf("unknown handle: %v", err)
		}

		// Name is required; a credential id is registered once.
		if err := db.Passkeys.AddPasskey(ctx, &rotonde.Passkey{UserID: a.ID, CredentialID: "c1", Data: "{}", CreatedAt: now}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Fatalf("nameless passkey: %v", err)
		}
		p := &rotonde.Passkey{UserID: a.ID, CredentialID: "c1", Name: "laptop", Data: `{"n":1}`, CreatedAt: now}
		if err := db.Passkeys.AddPasskey(ctx, p); err != nil || p.ID == 0 {
			t.Fatalf("add: %v", err)
		}
		if err := db.Passkeys.AddPasskey(ctx, &rotonde.Passkey{UserID: b.ID, CredentialID: "c1", Name: "x", Data: "{}", CreatedAt: now}); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Fatalf("duplicate credential: %v", err)
		}
		if f, _ := db.Identity.SecondFactors(ctx, a.ID); !f.Any() || f.Passkeys != 1 {
			t.Fatalf("a passkey does not count as a second factor: %+v", f)
		}
		if err := db.Passkeys.PasskeyUsed(ctx, a.ID, "c1", `{"n":2}`, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := db.Passkeys.PasskeyUsed(ctx, b.ID, "c1", `{"n":3}`, now); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Fatalf("another user's passkey updated: %v", err)
		}
		ps, err := db.Passkeys.Passkeys(ctx, a.ID)
		if err != nil || len(ps) != 1 || ps[0].Data != `{"n":2}` || !ps[0].LastUsedAt.Equal(now.Add(time.Minute)) || ps[0].Name != "laptop" {
			t.Fatalf("passkeys %+v %v", ps, err)
		}

		// Removing: only one's own; the last factor takes the recovery codes with it.
		if err := db.Identity.ReplaceRecoveryCodes(ctx, a.ID, []string{"h1", "h2"}); err != nil {
			t.Fatal(err)
		}
		if err := db.Passkeys.RemovePasskey(ctx, b.ID, p.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Fatalf("removed another's passkey: %v", err)
		}
		if err := db.Passkeys.RemovePasskey(ctx, a.ID, p.ID); err != nil {
			t.Fatal(err)
		}
		if f, _ := db.Identity.SecondFactors(ctx, a.ID); f.Any() || f.RecoveryLeft != 0 {
			t.Fatalf("after removing the only factor: %+v", f)
		}

		// Ceremonies: used once, of the right kind, before expiry.
		c := &rotonde.WebAuthnCeremony{Kind: rotonde.CeremonyRegister, UserID: a.ID, Session: `{"challenge":"x"}`, ExpiresAt: now.Add(5 * time.Minute)}
		if err := db.Passkeys.CreateWebAuthnCeremony(ctx, c, []byte("hash-1"), now); err != nil {
			t.Fatal(err)
		}
		got, err := db.Passkeys.TakeWebAuthnCeremony(ctx, []byte("hash-1"), rotonde.CeremonyRegister, now)
		if err != nil || got.UserID != a.ID || got.Session != c.Session {
			t.Fatalf("take: %+v %v", got, err)
		}
		if _, err := db.Passkeys.TakeWebAuthnCeremony(ctx, []byte("hash-1"), rotonde.CeremonyRegister, now); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Fatalf("ceremony used twice: %v", err)
		}
		d := &rotonde.WebAuthnCeremony{Kind: rotonde.CeremonyLogin, Session: "{}", ExpiresAt: now.Add(time.Minute)}
		if err := db.Passkeys.CreateWebAuthnCeremony(ctx, d, []byte("hash-2"), now); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Passkeys.TakeWebAuthnCeremony(ctx, []byte("hash-2"), rotonde.CeremonySecondStep, now); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Fatalf("ceremony of another kind accepted: %v", err)
		}
		e := &rotonde.WebAuthnCeremony{Kind: rotonde.CeremonyLogin, Session: "{}", ExpiresAt: now.Add(time.Minute)}
		if err := db.Passkeys.CreateWebAuthnCeremony(ctx, e, []byte("hash-3"), now); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Passkeys.TakeWebAuthnCeremony(ctx, []byte("hash-3"), rotonde.CeremonyLogin, now.Add(2*time.Minute)); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Fatalf("expired ceremony accepted: %v", err)
		}
		f := &rotonde.WebAuthnCeremony{Kind: rotonde.CeremonyLogin, Session: "{}", ExpiresAt: now.Add(time.Minute)}
		if err := db.Passkeys.CreateWebAuthnCeremony(ctx, f, []byte("hash-4"), now); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Passkeys.TakeWebAuthnCeremony(ctx, []byte("hash-4"), rotonde.CeremonyLogin, now); err != nil || got.UserID != 0 {
			t.Fatalf("discoverable ceremony: %+v %v", got, err)
		}
	})
}
