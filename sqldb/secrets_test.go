package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/seal"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/sqlite"
)

const (
	totpSecretA = "JBSWY3DPEHPK3PXP"
	totpSecretB = "KRSXG5CTMVRXEZLU"
	ssoSecret   = "s3cr3t-waarde-van-de-organisatie"
)

// rawSecret reads a sealed column as stored, bypassing sqldb.
func rawSecret(t *testing.T, db *sqldb.DB, table, column, key string, id int64) string {
	t.Helper()
	var v string
	q := fmt.Sprintf(`SELECT %s FROM %s WHERE %s = %d`, column, table, key, id)
	if err := db.Reader().QueryRowContext(context.Background(), q).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}

func mustExec(t *testing.T, db *sqldb.DB, q string) {
	t.Helper()
	if _, err := db.Writer().ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func saveSSO(t *testing.T, db *sqldb.DB, orgID int64, secret string) {
	t.Helper()
	err := db.SSO.SaveSSOConfig(context.Background(), nil, &rotonde.SSOConfig{OrgID: orgID, Issuer: "https://login.example",
		ClientID: "rotonde", ClientSecret: secret, Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSecretsAreSealedAtRest(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		now := time.Now().UTC()
		if err := db.Identity.SetPendingTOTP(ctx, w.owner.ID, totpSecretA, now); err != nil {
			t.Fatal(err)
		}
		raw := rawSecret(t, db, "totp_secrets", "secret", "user_id", w.owner.ID)
		if !seal.IsSealed(raw) || strings.Contains(raw, totpSecretA) {
			t.Errorf("totp secret stored as %q", raw)
		}
		if got, _, err := db.Identity.TOTPSecret(ctx, w.owner.ID); err != nil || got != totpSecretA {
			t.Errorf("TOTPSecret = %q, %v", got, err)
		}

		saveSSO(t, db, w.wijkteam.ID, ssoSecret)
		raw = rawSecret(t, db, "sso_configs", "client_secret", "org_id", w.wijkteam.ID)
		if !seal.IsSealed(raw) || strings.Contains(raw, ssoSecret) {
			t.Errorf("client secret stored as %q", raw)
		}
		if c, err := db.SSO.SSOLoginConfig(ctx, w.wijkteam.ID); err != nil || c.ClientSecret != ssoSecret {
			t.Errorf("SSOLoginConfig: %+v %v", c, err)
		}
		// Saving without a secret keeps the sealed one as it is.
		saveSSO(t, db, w.wijkteam.ID, "")
		if again := rawSecret(t, db, "sso_configs", "client_secret", "org_id", w.wijkteam.ID); again != raw {
			t.Error("saving without a secret changed the stored one")
		}
		if c, err := db.SSO.SSOLoginConfig(ctx, w.wijkteam.ID); err != nil || c.ClientSecret != ssoSecret {
			t.Errorf("after a save without secret: %+v %v", c, err)
		}
	})
}

func TestSealedSecretDoesNotMoveToAnotherRow(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		now := time.Now().UTC()
		for _, p := range []struct {
			id     int64
			secret string
		}{{w.owner.ID, totpSecretA}, {w.colleague.ID, totpSecretB}} {
			if err := db.Identity.SetPendingTOTP(ctx, p.id, p.secret, now); err != nil {
				t.Fatal(err)
			}
		}
		// Someone with write access to the database copies the owner's
		// sealed secret into the colleague's row.
		mustExec(t, db, fmt.Sprintf(`UPDATE totp_secrets SET secret = (SELECT secret FROM totp_secrets WHERE user_id = %d) WHERE user_id = %d`,
			w.owner.ID, w.colleague.ID))
		if got, _, err := db.Identity.TOTPSecret(ctx, w.colleague.ID); err == nil || got != "" {
			t.Errorf("moved totp secret opened: %q, %v", got, err)
		} else if !errors.Is(err, seal.ErrOpen) || strings.Contains(err.Error(), totpSecretA) {
			t.Errorf("error %v; want ErrOpen without the secret", err)
		}
		if got, _, err := db.Identity.TOTPSecret(ctx, w.owner.ID); err != nil || got != totpSecretA {
			t.Errorf("the owner's own secret: %q %v", got, err)
		}

		saveSSO(t, db, w.wijkteam.ID, ssoSecret)
		saveSSO(t, db, w.aanbieder.ID, "een-ander-geheim")
		mustExec(t, db, fmt.Sprintf(`UPDATE sso_configs SET client_secret = (SELECT client_secret FROM sso_configs WHERE org_id = %d) WHERE org_id = %d`,
			w.wijkteam.ID, w.aanbieder.ID))
		if c, err := db.SSO.SSOLoginConfig(ctx, w.aanbieder.ID); err == nil || !errors.Is(err, seal.ErrOpen) {
			t.Errorf("moved client secret opened: %+v %v", c, err)
		}
	})
}

func TestWrongKeyIsRefused(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		if err := db.Identity.SetPendingTOTP(ctx, w.owner.ID, totpSecretA, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		before := rawSecret(t, db, "totp_secrets", "secret", "user_id", w.owner.ID)
		other, err := seal.New(seal.GenerateKey())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.UseSealer(ctx, other); !errors.Is(err, sqldb.ErrWrongKey) {
			t.Fatalf("another key: %v, want ErrWrongKey", err)
		}
		// Nothing was touched, and the right key still works.
		if after := rawSecret(t, db, "totp_secrets", "secret", "user_id", w.owner.ID); after != before {
			t.Error("a refused key changed a stored secret")
		}
		if got, _, err := db.Identity.TOTPSecret(ctx, w.owner.ID); err != nil || got != totpSecretA {
			t.Errorf("after refusing another key: %q %v", got, err)
		}
		if n, err := db.UseSealer(ctx, testenv.Sealer()); err != nil || n != 0 {
			t.Errorf("the right key again: %d %v", n, err)
		}
	})
}

func TestPlainSecretsAreSealedAtStart(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		now := time.Now().UTC()
		if err := db.Identity.SetPendingTOTP(ctx, w.owner.ID, totpSecretA, now); err != nil {
			t.Fatal(err)
		}
		if err := db.Identity.SetPendingTOTP(ctx, w.colleague.ID, totpSecretB, now); err != nil {
			t.Fatal(err)
		}
		saveSSO(t, db, w.wijkteam.ID, ssoSecret)
		// A database from before secrets were sealed: plain values and no
		// key check. One plain value happens to look like a sealed one.
		mustExec(t, db, `DELETE FROM meta`)
		mustExec(t, db, fmt.Sprintf(`UPDATE totp_secrets SET secret = '%s' WHERE user_id = %d`, totpSecretA, w.owner.ID))
		mustExec(t, db, fmt.Sprintf(`UPDATE totp_secrets SET secret = 'v1:ABCD' WHERE user_id = %d`, w.colleague.ID))
		mustExec(t, db, fmt.Sprintf(`UPDATE sso_configs SET client_secret = '%s' WHERE org_id = %d`, ssoSecret, w.wijkteam.ID))

		n, err := db.UseSealer(ctx, testenv.Sealer())
		if err != nil || n != 3 {
			t.Fatalf("first start with a key: sealed %d, %v; want 3", n, err)
		}
		for _, c := range []struct {
			table, column, key string
			id                 int64
			plain              string
		}{{"totp_secrets", "secret", "user_id", w.owner.ID, totpSecretA}, {"totp_secrets", "secret", "user_id", w.colleague.ID, "v1:ABCD"},
			{"sso_configs", "client_secret", "org_id", w.wijkteam.ID, ssoSecret}} {
			if raw := rawSecret(t, db, c.table, c.column, c.key, c.id); !seal.IsSealed(raw) || strings.Contains(raw, c.plain) {
				t.Errorf("%s of %d stored as %q", c.table, c.id, raw)
			}
		}
		if got, _, err := db.Identity.TOTPSecret(ctx, w.owner.ID); err != nil || got != totpSecretA {
			t.Errorf("TOTPSecret after sealing: %q %v", got, err)
		}
		if got, _, err := db.Identity.TOTPSecret(ctx, w.colleague.ID); err != nil || got != "v1:ABCD" {
			t.Errorf("look-alike after sealing: %q %v", got, err)
		}
		if c, err := db.SSO.SSOLoginConfig(ctx, w.wijkteam.ID); err != nil || c.ClientSecret != ssoSecret {
			t.Errorf("SSOLoginConfig after sealing: %+v %v", c, err)
		}
		// Idempotent: the next start seals nothing and changes nothing.
		raw := rawSecret(t, db, "totp_secrets", "secret", "user_id", w.owner.ID)
		if n, err := db.UseSealer(ctx, testenv.Sealer()); err != nil || n != 0 {
			t.Errorf("second start: sealed %d, %v", n, err)
		}
		if again := rawSecret(t, db, "totp_secrets", "secret", "user_id", w.owner.ID); again != raw {
			t.Error("second start changed a sealed secret")
		}
		// Once the key check exists, a plain value that appears (a restored
		// row) is sealed too, but a look-alike that does not open is left
		// to fail where it is used.
		mustExec(t, db, fmt.Sprintf(`UPDATE totp_secrets SET secret = '%s' WHERE user_id = %d`, totpSecretA, w.owner.ID))
		mustExec(t, db, fmt.Sprintf(`UPDATE totp_secrets SET secret = 'v1:ABCD' WHERE user_id = %d`, w.colleague.ID))
		if n, err := db.UseSealer(ctx, testenv.Sealer()); err != nil || n != 1 {
			t.Errorf("plain value after the key check: sealed %d, %v; want 1", n, err)
		}
		if _, _, err := db.Identity.TOTPSecret(ctx, w.colleague.ID); err == nil {
			t.Error("a value that does not open was accepted")
		}
	})
}

func TestSecretsNeedASealer(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "rotonde.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	u := testenv.MustUser(t, db, &rotonde.User{Email: "zonder@sleutel.test", Name: "Zonder", Role: rotonde.RoleFamily}, "wachtwoord-1")
	if err := db.Identity.SetPendingTOTP(ctx, u.ID, totpSecretA, time.Now().UTC()); err == nil {
		t.Error("a secret was stored without a key")
	}
	if _, err := db.UseSealer(ctx, nil); err == nil {
		t.Error("nil sealer accepted")
	}
}

// Changing the key re-seals every secret in one go: afterwards the new key
// opens them and the old one is refused; a wrong "old" key, or one stored
// secret that does not open, changes nothing at all.
func TestRekeyReSealsEverything(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		if err := db.Identity.SetPendingTOTP(ctx, w.owner.ID, totpSecretA, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		saveSSO(t, db, w.wijkteam.ID, ssoSecret)
		oldKey := testenv.Sealer()
		next, err := seal.New(seal.GenerateKey())
		if err != nil {
			t.Fatal(err)
		}
		stranger, _ := seal.New(seal.GenerateKey())
		before := rawSecret(t, db, "totp_secrets", "secret", "user_id", w.owner.ID)
		if _, err := db.Rekey(ctx, stranger, next); !errors.Is(err, sqldb.ErrWrongKey) {
			t.Fatalf("rekey with a wrong old key: %v", err)
		}
		if rawSecret(t, db, "totp_secrets", "secret", "user_id", w.owner.ID) != before {
			t.Fatal("a refused rekey changed a secret")
		}
		// A damaged secret stops the whole change.
		saveSSO(t, db, w.aanbieder.ID, "een-ander-geheim")
		good := rawSecret(t, db, "sso_configs", "client_secret", "org_id", w.aanbieder.ID)
		mustExec(t, db, fmt.Sprintf(`UPDATE sso_configs SET client_secret = '%s' WHERE org_id = %d`, stranger.Seal("x", "elders"), w.aanbieder.ID))
		if _, err := db.Rekey(ctx, oldKey, next); err == nil || errors.Is(err, sqldb.ErrWrongKey) {
			t.Fatalf("rekey over a damaged secret: %v", err)
		}
		if rawSecret(t, db, "totp_secrets", "secret", "user_id", w.owner.ID) != before {
			t.Fatal("a failed rekey changed a secret")
		}
		mustExec(t, db, fmt.Sprintf(`UPDATE sso_configs SET client_secret = '%s' WHERE org_id = %d`, good, w.aanbieder.ID))

		n, err := db.Rekey(ctx, oldKey, next)
		if err != nil || n != 3 {
			t.Fatalf("rekey: %d %v", n, err)
		}
		if got, _, err := db.Identity.TOTPSecret(ctx, w.owner.ID); err != nil || got != totpSecretA {
			t.Errorf("totp after rekey: %q %v", got, err)
		}
		if c, err := db.SSO.SSOLoginConfig(ctx, w.wijkteam.ID); err != nil || c.ClientSecret != ssoSecret {
			t.Errorf("sso after rekey: %+v %v", c, err)
		}
		if _, err := db.UseSealer(ctx, oldKey); !errors.Is(err, sqldb.ErrWrongKey) {
			t.Errorf("the old key after rekey: %v", err)
		}
		if n, err := db.UseSealer(ctx, next); err != nil || n != 0 {
			t.Errorf("the new key at the next start: %d %v", n, err)
		}
	})
}
