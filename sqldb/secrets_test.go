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

// secretColumn is a sealed column of table, its rows named by key.
type secretColumn struct{ table, column, key string }

var (
	totpColumn = secretColumn{"totp_secrets", "secret", "user_id"}
	ssoColumn  = secretColumn{"sso_configs", "client_secret", "org_id"}
)

// raw reads the column of row id as stored, bypassing sqldb.
func (c secretColumn) raw(t *testing.T, db *sqldb.DB, id int64) string {
	t.Helper()
	var v string
	q := fmt.Sprintf(`SELECT %s FROM %s WHERE %s = %d`, c.column, c.table, c.key, id)
	if err := db.Reader().QueryRowContext(context.Background(), q).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}

// set stores v in the column of row id as it is, bypassing sqldb.
func (c secretColumn) set(t *testing.T, db *sqldb.DB, id int64, v string) {
	t.Helper()
	mustExec(t, db, fmt.Sprintf(`UPDATE %s SET %s = '%s' WHERE %s = %d`, c.table, c.column, v, c.key, id))
}

// copy copies the stored value of row from into row to, as someone with
// write access to the database could.
func (c secretColumn) copy(t *testing.T, db *sqldb.DB, from, to int64) {
	t.Helper()
	mustExec(t, db, fmt.Sprintf(`UPDATE %[1]s SET %[2]s = (SELECT %[2]s FROM %[1]s WHERE %[3]s = %[4]d) WHERE %[3]s = %[5]d`,
		c.table, c.column, c.key, from, to))
}

// pendingTOTPs stores totpSecretA for w.owner and totpSecretB for w.colleague.
func pendingTOTPs(t *testing.T, db *sqldb.DB, w *world) {
	t.Helper()
	now := time.Now().UTC()
	for _, p := range []struct {
		id     int64
		secret string
	}{{w.owner.ID, totpSecretA}, {w.colleague.ID, totpSecretB}} {
		if err := db.Identity.SetPendingTOTP(context.Background(), p.id, p.secret, now); err != nil {
			t.Fatal(err)
		}
	}
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
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		now := time.Now().UTC()
		if err := db.Identity.SetPendingTOTP(ctx, w.owner.ID, totpSecretA, now); err != nil {
			t.Fatal(err)
		}
		raw := totpColumn.raw(t, db, w.owner.ID)
		if !seal.IsSealed(raw) || strings.Contains(raw, totpSecretA) {
			t.Errorf("totp secret stored as %q", raw)
		}
		if got, _, err := db.Identity.TOTPSecret(ctx, w.owner.ID); err != nil || got != totpSecretA {
			t.Errorf("TOTPSecret = %q, %v", got, err)
		}

		saveSSO(t, db, w.wijkteam.ID, ssoSecret)
		raw = ssoColumn.raw(t, db, w.wijkteam.ID)
		if !seal.IsSealed(raw) || strings.Contains(raw, ssoSecret) {
			t.Errorf("client secret stored as %q", raw)
		}
		if c, err := db.SSO.SSOLoginConfig(ctx, w.wijkteam.ID); err != nil || c.ClientSecret != ssoSecret {
			t.Errorf("SSOLoginConfig: %+v %v", c, err)
		}
		// Saving without a secret keeps the sealed one as it is.
		saveSSO(t, db, w.wijkteam.ID, "")
		if again := ssoColumn.raw(t, db, w.wijkteam.ID); again != raw {
			t.Error("saving without a secret changed the stored one")
		}
		if c, err := db.SSO.SSOLoginConfig(ctx, w.wijkteam.ID); err != nil || c.ClientSecret != ssoSecret {
			t.Errorf("after a save without secret: %+v %v", c, err)
		}
	})
}

func TestSealedSecretDoesNotMoveToAnotherRow(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		pendingTOTPs(t, db, w)
		// Someone with write access to the database copies the owner's
		// sealed secret into the colleague's row.
		totpColumn.copy(t, db, w.owner.ID, w.colleague.ID)
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
		ssoColumn.copy(t, db, w.wijkteam.ID, w.aanbieder.ID)
		if c, err := db.SSO.SSOLoginConfig(ctx, w.aanbieder.ID); err == nil || !errors.Is(err, seal.ErrOpen) {
			t.Errorf("moved client secret opened: %+v %v", c, err)
		}
	})
}

func TestWrongKeyIsRefused(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		if err := db.Identity.SetPendingTOTP(ctx, w.owner.ID, totpSecretA, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		before := totpColumn.raw(t, db, w.owner.ID)
		other, err := seal.New(seal.GenerateKey())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.UseSealer(ctx, other); !errors.Is(err, sqldb.ErrWrongKey) {
			t.Fatalf("another key: %v, want ErrWrongKey", err)
		}
		// Nothing was touched, and the right key still works.
		if after := totpColumn.raw(t, db, w.owner.ID); after != before {
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
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		pendingTOTPs(t, db, w)
		saveSSO(t, db, w.wijkteam.ID, ssoSecret)
		// A database from before secrets were sealed: plain values and no
		// key check. One plain value happens to look like a sealed one.
		mustExec(t, db, `DELETE FROM meta`)
		totpColumn.set(t, db, w.owner.ID, totpSecretA)
		totpColumn.set(t, db, w.colleague.ID, "v1:ABCD")
		ssoColumn.set(t, db, w.wijkteam.ID, ssoSecret)

		n, err := db.UseSealer(ctx, testenv.Sealer())
		if err != nil || n != 3 {
			t.Fatalf("first start with a key: sealed %d, %v; want 3", n, err)
		}
		for _, c := range []struct {
			col   secretColumn
			id    int64
			plain string
		}{{totpColumn, w.owner.ID, totpSecretA}, {totpColumn, w.colleague.ID, "v1:ABCD"}, {ssoColumn, w.wijkteam.ID, ssoSecret}} {
			if raw := c.col.raw(t, db, c.id); !seal.IsSealed(raw) || strings.Contains(raw, c.plain) {
				t.Errorf("%s of %d stored as %q", c.col.table, c.id, raw)
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
		raw := totpColumn.raw(t, db, w.owner.ID)
		if n, err := db.UseSealer(ctx, testenv.Sealer()); err != nil || n != 0 {
			t.Errorf("second start: sealed %d, %v", n, err)
		}
		if again := totpColumn.raw(t, db, w.owner.ID); again != raw {
			t.Error("second start changed a sealed secret")
		}
		// Once the key check exists, a plain value that appears (a restored
		// row) is sealed too, but a look-alike that does not open is left
		// to fail where it is used.
		totpColumn.set(t, db, w.owner.ID, totpSecretA)
		totpColumn.set(t, db, w.colleague.ID, "v1:ABCD")
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
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
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
		before := totpColumn.raw(t, db, w.owner.ID)
		if _, err := db.Rekey(ctx, stranger, next); !errors.Is(err, sqldb.ErrWrongKey) {
			t.Fatalf("rekey with a wrong old key: %v", err)
		}
		if totpColumn.raw(t, db, w.owner.ID) != before {
			t.Fatal("a refused rekey changed a secret")
		}
		// A damaged secret stops the whole change.
		saveSSO(t, db, w.aanbieder.ID, "een-ander-geheim")
		good := ssoColumn.raw(t, db, w.aanbieder.ID)
		ssoColumn.set(t, db, w.aanbieder.ID, stranger.Seal("x", "elders"))
		if _, err := db.Rekey(ctx, oldKey, next); err == nil || errors.Is(err, sqldb.ErrWrongKey) {
			t.Fatalf("rekey over a damaged secret: %v", err)
		}
		if totpColumn.raw(t, db, w.owner.ID) != before {
			t.Fatal("a failed rekey changed a secret")
		}
		ssoColumn.set(t, db, w.aanbieder.ID, good)

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
