package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/seal"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

const drillTOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// TestBackupDrill, on both engines: while serve takes writes, make a backup,
// restore it into a fresh database and find every write acknowledged before
// the backup started, the access log's chain intact and the secrets readable
// with the key file; `backup verify` agrees, and refuses another key.
func TestBackupDrill(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { backupDrill(t, engine) })
	}
}

func backupDrill(t *testing.T, engine string) {
	dir := t.TempDir()
	srcURL, dstURL := "sqlite:"+filepath.Join(dir, "bron.db"), "sqlite:"+filepath.Join(dir, "doel.db")
	if engine == "postgres" {
		srcURL, dstURL = pgtest.NewDatabase(t), pgtest.NewDatabase(t)
	}
	keyFile := filepath.Join(dir, "rotonde.key")
	if err := os.WriteFile(keyFile, []byte(seal.EncodeKey(testenv.Key)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	backupKey := newKeyFile(t)
	org := drillSeed(t, srcURL)

	base, stop := serveAt(t, "--database-url", srcURL, "--key-file", keyFile, "--require-second-factor", "false")
	c := drillLogin(t, base)
	file := filepath.Join(dir, "rotonde.backup")
	before := drillBackupUnderWrites(t, c, base, file, srcURL, backupKey)
	if code := stop(); code != 0 {
		t.Errorf("serve exit %d", code)
	}
	drillVerifyAndRestore(t, file, dstURL, backupKey)
	drillCheckRestored(t, dstURL, before, org)
}

// drillSeed creates the drill's organisation and user, with a TOTP secret,
// in the source database and returns the organisation.
func drillSeed(t *testing.T, srcURL string) *rotonde.Organisation {
	ctx := context.Background()
	src := openURL(t, srcURL)
	org := testenv.MustOrg(t, src, "Wijkteam Drill", rotonde.OrgMunicipality)
	u := testenv.MustUser(t, src, &rotonde.User{Email: "drill@example.nl", Name: "Drill", OrgID: org.ID, Role: rotonde.RoleProfessional}, "wachtwoord-drill-1")
	if err := src.Identity.SetPendingTOTP(ctx, u.ID, drillTOTP, time.Now()); err != nil {
		t.Fatal(err)
	}
	src.Close()

	return org
}

// drillLogin logs the drill user in on the server at base.
func drillLogin(t *testing.T, base string) *http.Client {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 20 * time.Second}
	res, err := c.PostForm(base+"/login", url.Values{"email": {"drill@example.nl"}, "password": {"wachtwoord-drill-1"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()

	return c
}

// drillBackupUnderWrites makes a backup into file while writers keep making
// cases through the API; it returns the cases acknowledged before the backup
// started.
func drillBackupUnderWrites(t *testing.T, c *http.Client, base, file, srcURL, backupKey string) []string {
	// Writers keep making cases through the API until the backup is done.
	var mu sync.Mutex
	var acked []string
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				title := fmt.Sprintf("Drill %d-%d (9)", w, i)
				res, err := c.Post(base+"/api/v1/cases", "application/json", strings.NewReader(`{"title":"`+title+`","reason":"drill"}`))
				if err != nil {
					continue
				}
				res.Body.Close()
				if res.StatusCode == http.StatusCreated {
					mu.Lock()
					acked = append(acked, title)
					mu.Unlock()
				}
			}
		})
	}
	// Wait for at least five acknowledged writes (not a fixed time: under
	// load the first writes can take seconds).
	var before []string
	for deadline := time.Now().Add(startTimeout); len(before) < 5 && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		mu.Lock()
		before = append([]string(nil), acked...)
		mu.Unlock()
	}
	code, out, stderr := runCLI(t, "backup", "--out", file, "--database-url", srcURL, "--backup-key-file", backupKey)
	time.Sleep(200 * time.Millisecond)
	close(done)
	wg.Wait()
	if code != 0 {
		t.Fatalf("backup: %d %s %s", code, out, stderr)
	}
	if len(before) < 5 {
		t.Fatalf("only %d writes before the backup", len(before))
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v %v", st, err)
	}
	return before
}

// drillVerifyAndRestore verifies the backup, with its key and another, and
// restores it into dstURL, once.
func drillVerifyAndRestore(t *testing.T, file, dstURL, backupKey string) {
	code, out, stderr := runCLI(t, "backup", "verify", file, "--backup-key-file", backupKey)
	if code != 0 || !strings.Contains(out, "access log intact") {
		t.Errorf("verify: %d %s %s", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, "backup", "verify", file, "--backup-key-file", newKeyFile(t)); code != 1 || !strings.Contains(stderr, "sleutel") {
		t.Errorf("verify with another key: %d %s", code, stderr)
	}
	code, out, stderr = runCLI(t, "restore", "--from", file, "--database-url", dstURL, "--backup-key-file", backupKey)
	if code != 0 || !strings.Contains(out, "access log intact") {
		t.Fatalf("restore: %d %s %s", code, out, stderr)
	}
	// A second restore into the now filled database is refused.
	if code, _, stderr := runCLI(t, "restore", "--from", file, "--database-url", dstURL, "--backup-key-file", backupKey); code != 1 || !strings.Contains(stderr, "niet leeg") {
		t.Errorf("restore into a filled database: %d %s", code, stderr)
	}
}

// drillCheckRestored checks that the restored database has every write
// acknowledged before the backup, an intact access log, a readable secret
// and fresh ids after the restored ones.
func drillCheckRestored(t *testing.T, dstURL string, before []string, org *rotonde.Organisation) {
	ctx := context.Background()
	dst := openURL(t, dstURL)
	restored, _, err := dst.Users.UserByEmail(ctx, "drill@example.nl")
	if err != nil {
		t.Fatal(err)
	}
	cases, err := dst.Cases.Cases(ctx, restored)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, c := range cases {
		have[c.Title] = true
	}
	for _, title := range before {
		if !have[title] {
			t.Errorf("write acknowledged before the backup is missing after restore: %s", title)
		}
	}
	if v, err := dst.Audit.VerifyAudit(ctx); err != nil || v.BrokenSeq != 0 || v.Checked < len(before) {
		t.Errorf("access log after restore: %+v %v", v, err)
	}
	if secret, _, err := dst.Identity.TOTPSecret(ctx, restored.ID); err != nil || secret != drillTOTP {
		t.Errorf("TOTP secret after restore: %q %v", secret, err)
	}
	// New rows get fresh ids after the restored ones.
	o := testenv.MustOrg(t, dst, "Na het terugzetten", rotonde.OrgMunicipality)
	if o.ID <= org.ID {
		t.Errorf("new organisation id %d after restore, restored one is %d", o.ID, org.ID)
	}
}

// openURL opens and migrates a database and unlocks it with the test key.
func openURL(t *testing.T, url string) *sqldb.DB {
	t.Helper()
	db, err := openDatabase(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	testenv.Unlock(t, db)
	return db
}
