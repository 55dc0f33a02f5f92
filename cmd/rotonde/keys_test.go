package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/seal"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// newKeyFile writes a fresh key file into a temporary folder.
func newKeyFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rotonde.key")
	if code, _, stderr := runCLI(t, "keygen", "--out", path); code != 0 {
		t.Fatalf("keygen: %d %s", code, stderr)
	}
	return path
}

// checkKeyFile fails unless path is a key file only its owner may read.
func checkKeyFile(t *testing.T, path string) []byte {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("key file: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file %s has mode %v, want 0600", path, fi.Mode().Perm())
	}
	key, err := readKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// serveUntilListening starts `rotonde serve …` and returns once it listens;
// stop ends it and returns its exit status.
func serveUntilListening(t *testing.T, args ...string) (stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), &out, &errOut) }()
	deadline := time.After(startTimeout)
	for !strings.Contains(out.String(), "listens on") {
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve %v exited with %d before listening: %s", args, code, errOut.String())
		case <-deadline:
			cancel()
			t.Fatalf("serve %v did not listen: %s", args, errOut.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	return func() int {
		cancel()
		return <-done
	}
}

func TestKeygen(t *testing.T) {
	code, out, _ := runCLI(t, "keygen")
	if code != 0 {
		t.Fatalf("keygen: %d", code)
	}
	if key, err := seal.ParseKey([]byte(out)); err != nil || len(key) != seal.KeySize {
		t.Errorf("keygen printed %q: %v", out, err)
	}
	path := newKeyFile(t)
	checkKeyFile(t, path)
	before, _ := os.ReadFile(path)
	if code, _, stderr := runCLI(t, "keygen", "--out", path); code != 2 || !strings.Contains(stderr, "bestaat al") {
		t.Errorf("keygen over an existing file: %d %q", code, stderr)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("keygen overwrote a key file")
	}
	if code, _, _ := runCLI(t, "keygen", "extra"); code != 2 {
		t.Errorf("keygen with an argument: %d", code)
	}
}

func TestServeRefusesBadKeyFile(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "kort.key")
	os.WriteFile(short, []byte(seal.EncodeKey(seal.GenerateKey()[:16])+"\n"), 0o600)
	junk := filepath.Join(dir, "rommel.key")
	os.WriteFile(junk, []byte("geen sleutel\n"), 0o600)
	db := "sqlite:" + filepath.Join(dir, "rotonde.db")
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"--database-url", db, "--key-file", filepath.Join(dir, "weg.key")}, []string{"ROTONDE_KEY_FILE", "bestand bestaat niet", "file does not exist"}},
		{[]string{"--database-url", db, "--key-file", dir}, []string{"ROTONDE_KEY_FILE", "niet te lezen", "cannot read"}},
		{[]string{"--database-url", db, "--key-file", short}, []string{"32 willekeurige bytes", "32 random bytes"}},
		{[]string{"--database-url", db, "--key-file", junk}, []string{"32 willekeurige bytes", "32 random bytes"}},
		{[]string{"--database-url", "postgres://rotonde@127.0.0.1:1/rotonde"}, []string{"ROTONDE_KEY_FILE", "op PostgreSQL is een sleutelbestand verplicht", "rotonde keygen"}},
	}
	for _, tc := range cases {
		code, _, stderr := runCLI(t, append([]string{"serve"}, tc.args...)...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (%q)", tc.args, code, stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%v: stderr %q lacks %q", tc.args, stderr, w)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "rotonde.db")); err == nil {
		t.Error("a refused start created the database")
	}
	// The variable is read the same way.
	t.Setenv("ROTONDE_KEY_FILE", short)
	if code, _, stderr := runCLI(t, "serve", "--database-url", db); code != 2 || !strings.Contains(stderr, "ROTONDE_KEY_FILE") {
		t.Errorf("bad ROTONDE_KEY_FILE: exit %d %q", code, stderr)
	}
}

// keyedDatabase makes a new, empty database of the engine and names its
// key file: beside the file for SQLite (serve makes it on first start), a
// new one passed with --key-file for PostgreSQL (keyArgs).
func keyedDatabase(t *testing.T, engine string) (url, keyFile string, keyArgs []string) {
	t.Helper()
	dbPath := filepath.Join(t.TempDir(), "rotonde.db")
	url, keyFile = "sqlite:"+dbPath, dbPath+".key"
	if engine == "postgres" {
		url = pgtest.NewDatabase(t)
		keyFile = newKeyFile(t)
		keyArgs = []string{"--key-file", keyFile}
	}
	return url, keyFile, keyArgs
}

// TestServeSealsOldSecretsAndChecksTheKey starts serve on a database from
// before secrets were sealed (a plain TOTP secret, no key check): the secret
// is sealed at start, and a start with another key is refused with exit 2.
func TestServeSealsOldSecretsAndChecksTheKey(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			url, keyFile, keyArgs := keyedDatabase(t, engine)
			if code, _, stderr := runCLI(t, "migrate", "--database-url", url); code != 0 {
				t.Fatalf("migrate: %s", stderr)
			}
			db := mustOpen(t, url)
			defer db.Close()
			u := testenv.MustUser(t, db, &rotonde.User{Email: "oud@geheim.test", Name: "Oud", Role: rotonde.RoleFamily}, "wachtwoord-1")
			if err := db.WriteTx(ctx, func(tx *sqldb.Tx) error {
				_, err := tx.Exec(ctx, `INSERT INTO totp_secrets (user_id, secret, confirmed, last_step, created_at) VALUES (?, ?, ?, 0, ?)`,
					u.ID, "JBSWY3DPEHPK3PXP", true, time.Now().UTC())
				return err
			}); err != nil {
				t.Fatal(err)
			}

			stop := serveUntilListening(t, append([]string{"--database-url", url}, keyArgs...)...)
			if code := stop(); code != 0 {
				t.Fatalf("serve exit %d", code)
			}
			key := checkKeyFile(t, keyFile)
			var raw string
			if err := db.WriteTx(ctx, func(tx *sqldb.Tx) error {
				return tx.QueryRow(ctx, `SELECT secret FROM totp_secrets WHERE user_id = ?`, u.ID).Scan(&raw)
			}); err != nil {
				t.Fatal(err)
			}
			if !seal.IsSealed(raw) || strings.Contains(raw, "JBSWY3DPEHPK3PXP") {
				t.Errorf("secret after start: %q", raw)
			}
			sealer, _ := seal.New(key)
			if _, err := db.UseSealer(ctx, sealer); err != nil {
				t.Fatal(err)
			}
			if got, _, err := db.Identity.TOTPSecret(ctx, u.ID); err != nil || got != "JBSWY3DPEHPK3PXP" {
				t.Errorf("secret read back: %q %v", got, err)
			}

			// Another key is refused at start, before it listens.
			code, _, stderr := runCLI(t, "serve", "--addr", "127.0.0.1:0", "--database-url", url, "--key-file", newKeyFile(t))
			if code != 2 || !strings.Contains(stderr, "past niet bij deze database") || !strings.Contains(stderr, "does not match this database") {
				t.Errorf("another key: exit %d %q", code, stderr)
			}
			if engine == "sqlite" {
				// The key file beside the database is gone: a new one is not
				// made for a database whose secrets need the old one.
				if err := os.Remove(keyFile); err != nil {
					t.Fatal(err)
				}
				code, _, stderr := runCLI(t, "serve", "--addr", "127.0.0.1:0", "--database-url", url)
				if code != 2 || !strings.Contains(stderr, "ontbreekt") || !strings.Contains(stderr, "is missing") {
					t.Errorf("missing key file: exit %d %q", code, stderr)
				}
				if _, err := os.Stat(keyFile); err == nil {
					t.Error("a refused start left a new key file")
				}
			}
		})
	}
}

func TestHousekeepingPurgesAndStops(t *testing.T) {
	db := testenv.OpenSQLite(t)
	ctx := context.Background()
	old := time.Now().UTC().Add(-3 * time.Hour)
	if err := db.Identity.RecordLoginFailure(ctx, rotonde.EmailThrottleKey("oud@test.nl"), rotonde.AccountThrottle, old); err != nil {
		t.Fatal(err)
	}
	if err := db.Identity.RecordLoginFailure(ctx, rotonde.EmailThrottleKey("nu@test.nl"), rotonde.AccountThrottle, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		var n int
		if err := db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM login_throttle`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	hkCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		housekeeping(hkCtx, db, slog.New(slog.NewTextHandler(io.Discard, nil)), 5, 10*time.Millisecond)
	}()
	for deadline := time.Now().Add(10 * time.Second); count() != 1; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d throttle rows after housekeeping, want 1 (the recent one)", count())
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("housekeeping did not stop when its context ended")
	}
}

// rotonde rekey moves a database to a new key: afterwards serve starts
// with the new key file and refuses the old one; a wrong current key or a
// missing new one changes nothing and exits 2.
func TestRekeyCommand(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			url, oldKey, keyArgs := keyedDatabase(t, engine)
			// A first start makes (SQLite) or checks the key and stores its check.
			stop := serveUntilListening(t, append([]string{"--database-url", url}, keyArgs...)...)
			if code := stop(); code != 0 {
				t.Fatalf("serve exit %d", code)
			}
			db := mustOpen(t, url)
			defer db.Close()
			old, _ := seal.New(checkKeyFile(t, oldKey))
			if _, err := db.UseSealer(ctx, old); err != nil {
				t.Fatal(err)
			}
			u := testenv.MustUser(t, db, &rotonde.User{Email: "sleutel@wissel.test", Name: "Wissel", Role: rotonde.RoleFamily}, "wachtwoord-1")
			if err := db.Identity.SetPendingTOTP(ctx, u.ID, "JBSWY3DPEHPK3PXP", time.Now().UTC()); err != nil {
				t.Fatal(err)
			}
			newKey := newKeyFile(t)

			for _, bad := range [][]string{
				{"rekey", "--database-url", url, "--key-file", newKeyFile(t), "--new-key-file", newKey},            // not the current key
				{"rekey", "--database-url", url, "--key-file", oldKey},                                             // no new key
				{"rekey", "--database-url", url, "--key-file", oldKey, "--new-key-file", oldKey},                   // the same file
				{"rekey", "--database-url", url, "--key-file", oldKey, "--new-key-file", newKey + ".bestaat-niet"}, // missing file
			} {
				if code, _, stderr := runCLI(t, bad...); code != 2 || stderr == "" {
					t.Errorf("%v: exit %d %q", bad[3:], code, stderr)
				}
			}
			if got, _, err := db.Identity.TOTPSecret(ctx, u.ID); err != nil || got != "JBSWY3DPEHPK3PXP" {
				t.Fatalf("a refused rekey changed the secret: %q %v", got, err)
			}

			args := []string{"rekey", "--database-url", url, "--new-key-file", newKey}
			if engine == "postgres" {
				args = append(args, "--key-file", oldKey) // on SQLite the key beside the database is the default
			}
			code, out, stderr := runCLI(t, args...)
			if code != 0 || !strings.Contains(out, "1 geheim(en) opnieuw versleuteld") {
				t.Fatalf("rekey: exit %d %q %q", code, out, stderr)
			}
			next, _ := seal.New(checkKeyFile(t, newKey))
			if _, err := db.UseSealer(ctx, next); err != nil {
				t.Fatal(err)
			}
			if got, _, err := db.Identity.TOTPSecret(ctx, u.ID); err != nil || got != "JBSWY3DPEHPK3PXP" {
				t.Errorf("secret with the new key: %q %v", got, err)
			}
			code, _, stderr = runCLI(t, "serve", "--addr", "127.0.0.1:0", "--database-url", url, "--key-file", oldKey)
			if code != 2 || !strings.Contains(stderr, "past niet bij deze database") {
				t.Errorf("old key after rekey: exit %d %q", code, stderr)
			}
			stop = serveUntilListening(t, "--database-url", url, "--key-file", newKey)
			if code := stop(); code != 0 {
				t.Fatalf("serve with the new key: exit %d", code)
			}
		})
	}
}
