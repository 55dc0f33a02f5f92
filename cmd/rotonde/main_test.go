package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// startTimeout bounds the wait for a server or demo to listen. Seeding the
// demo under the race detector on a loaded two-core machine has taken over
// 30 s; the wait is for readiness, not a measure of speed.
const startTimeout = 2 * time.Minute

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestServeRefusesBadSettings(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--database-url", "mysql://x"}, "moet beginnen met sqlite: of postgres://"},
		{[]string{"serve", "--database-url", "sqlite:"}, "geef een pad na sqlite:"},
		{[]string{"serve", "--database-url", "sqlite:x.db", "--addr", "geenpoort"}, "verwacht host:poort"},
		{[]string{"serve", "--database-url", "sqlite:x.db", "--session-idle", "soms"}, "ROTONDE_SESSION_IDLE"},
		{[]string{"serve", "--database-url", "sqlite:x.db", "--secure-cookies", "misschien"}, "ROTONDE_SECURE_COOKIES"},
		{[]string{"serve", "--database-url", "sqlite:x.db", "--log-level", "luid"}, "ROTONDE_LOG_LEVEL"},
		{[]string{"serve", "--onbekend"}, "flag provided but not defined"},
	}
	for _, tc := range cases {
		code, _, stderr := runCLI(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	// Environment variables are read the same way.
	t.Setenv("ROTONDE_DATABASE_URL", "oracle://x")
	if code, _, stderr := runCLI(t, "serve"); code != 2 || !strings.Contains(stderr, "ROTONDE_DATABASE_URL") {
		t.Errorf("bad env: exit %d %q", code, stderr)
	}
}

func TestServeExitsWhenDatabaseUnusable(t *testing.T) {
	// A server that is not there.
	code, _, stderr := runCLI(t, "serve", "--database-url", "postgres://rotonde:geheim@127.0.0.1:1/rotonde?connect_timeout=2",
		"--key-file", newKeyFile(t), "--database-wait", "0")
	if code != 1 || !strings.Contains(stderr, "niet bereikbaar") || strings.Contains(stderr, "geheim") {
		t.Errorf("unreachable postgres: exit %d, %q", code, stderr)
	}
	// A file that is not a SQLite database.
	bad := filepath.Join(t.TempDir(), "kapot.db")
	if err := os.WriteFile(bad, bytes.Repeat([]byte("geen database "), 400), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "serve", "--database-url", "sqlite:"+bad); code != 1 || stderr == "" {
		t.Errorf("corrupt sqlite: exit %d, %q", code, stderr)
	}
}

func TestMigrateAndUserCommands(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			url := "sqlite:" + filepath.Join(t.TempDir(), "rotonde.db")
			if engine == "postgres" {
				url = pgtest.NewDatabase(t)
			}
			code, out, stderr := runCLI(t, "migrate", "--database-url", url)
			if code != 0 || !strings.Contains(out, "schema op versie") {
				t.Fatalf("migrate: %d %q %q", code, out, stderr)
			}
			code, out, _ = runCLI(t, "migrate", "--database-url", url)
			if code != 0 || !strings.HasPrefix(out, "0 migratie(s)") {
				t.Errorf("second migrate: %d %q", code, out)
			}
			code, out, stderr = runCLI(t, "user", "create", "--database-url", url, "--email", "Beheer@Voorbeeld.nl", "--name", "Beheer", "--role", "sysadmin")
			if code != 0 || !strings.Contains(out, "Eenmalig wachtwoord") {
				t.Fatalf("user create: %d %q %q", code, out, stderr)
			}
			code, _, stderr = runCLI(t, "user", "create", "--database-url", url, "--email", "beheer@voorbeeld.nl", "--name", "Dubbel", "--role", "sysadmin")
			if code != 1 || !strings.Contains(stderr, "Er is al een account") {
				t.Errorf("duplicate user: %d %q", code, stderr)
			}
			code, _, stderr = runCLI(t, "user", "create", "--database-url", url, "--email", "p@voorbeeld.nl", "--name", "P", "--role", "professional", "--org", "Bestaat Niet")
			if code != 1 || !strings.Contains(stderr, "bestaat niet") {
				t.Errorf("unknown org: %d %q", code, stderr)
			}
			if code, out, _ := runCLI(t, "user", "disable", "--database-url", url, "--email", "beheer@voorbeeld.nl"); code != 0 || !strings.Contains(out, "uitgeschakeld") {
				t.Errorf("disable: %d %q", code, out)
			}
			// A reset prints a one-time code to choose a password with, never a password,
			// and is written to the security log without breaking the chain.
			if code, out, _ := runCLI(t, "user", "reset-password", "--database-url", url, "--email", "beheer@voorbeeld.nl"); code != 0 ||
				!regexp.MustCompile(`Herstelcode .*: [A-Z2-9]{4}(-[A-Z2-9]{4}){4}\n`).MatchString(out) || strings.Contains(out, "Eenmalig wachtwoord") {
				t.Errorf("reset: %d %q", code, out)
			}
			if code, out, stderr := runCLI(t, "audit", "verify", "--database-url", url); code != 0 || !strings.Contains(out, "2 records") {
				t.Errorf("audit verify after reset: %d %q %q", code, out, stderr)
			}
			if code, _, _ := runCLI(t, "user", "disable", "--database-url", url, "--email", "niemand@voorbeeld.nl"); code != 1 {
				t.Errorf("disable unknown: %d", code)
			}
		})
	}
}

func TestUsageAndVersion(t *testing.T) {
	if code, out, _ := runCLI(t, "version"); code != 0 || !strings.HasPrefix(out, "rotonde ") {
		t.Errorf("version: %d %q", code, out)
	}
	if code, _, stderr := runCLI(t, "vlieg"); code != 2 || !strings.Contains(stderr, "onbekend commando") {
		t.Errorf("unknown command: %d %q", code, stderr)
	}
	if code, _, _ := runCLI(t); code != 2 {
		t.Errorf("no command: %d", code)
	}
	if code, _, stderr := runCLI(t, "user"); code != 2 || !strings.Contains(stderr, "rotonde user create") {
		t.Errorf("user usage: %d %q", code, stderr)
	}
}

// TestDemoServes starts the demo on a free port with its own data folder,
// logs in as the facilitator through the real HTTP stack and stops it.
func TestDemoServes(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"demo", "--addr", "127.0.0.1:0", "--data", dir}, &out, &errOut) }()
	var base string
	for deadline := time.Now().Add(startTimeout); base == ""; {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("demo did not start: %q %q", out.String(), errOut.String())
		}
		if i := strings.Index(out.String(), "Rotonde demo: http://"); i >= 0 {
			rest := out.String()[i+len("Rotonde demo: "):]
			base = strings.TrimSpace(rest[:strings.Index(rest, "\n")])
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, want := range []string{"facilitator@demo.test", "bestuurder@demo.test", "demo-rotonde", filepath.Join(dir, "rotonde.db")} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo banner lacks %q", want)
		}
	}
	// The key for secrets at rest lies beside the demo's database.
	checkKeyFile(t, filepath.Join(dir, "rotonde.db.key"))
	status, body := demoLogin(t, base, "facilitator@demo.test")
	if status != 200 || !strings.Contains(body, "Noor (15)") {
		t.Errorf("facilitator's API list: %d %s", status, body)
	}
	status, body = demoLogin(t, base, "beleid@demo.test")
	if status != 200 || strings.Contains(body, "Noor") {
		t.Errorf("policy officer's API list: %d %s", status, body)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("demo exit %d: %s", code, errOut.String())
	}
	// Run again on the same folder: the data is reused, not seeded twice.
	ctx2, cancel2 := context.WithCancel(context.Background())
	var out2 syncBuffer
	go func() { done <- run(ctx2, []string{"demo", "--addr", "127.0.0.1:0", "--data", dir}, &out2, &errOut) }()
	for deadline := time.Now().Add(startTimeout); !strings.Contains(out2.String(), "Rotonde demo:"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("second demo run did not start")
		}
	}
	cancel2()
	<-done
	if !strings.Contains(out2.String(), "hergebruikt") {
		t.Errorf("second run did not reuse: %q", out2.String())
	}
}

func TestRenderCommandsWithoutServer(t *testing.T) {
	dir := t.TempDir()
	csv, svg := filepath.Join(dir, "noor.csv"), filepath.Join(dir, "noor.svg")
	if code, _, stderr := runCLI(t, "timeline", "demo", "--out", csv); code != 0 {
		t.Fatalf("timeline demo: %d %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "timeline", "render", "--csv", csv, "--out", svg)
	if code != 0 {
		t.Fatalf("timeline render: %d %s", code, stderr)
	}
	if !strings.Contains(stdout, "gebeurtenissen getekend in "+svg) {
		t.Errorf("timeline render says %q", stdout)
	}
	if code, stdout, _ := runCLI(t, "timeline", "render", "--lang", "en", "--csv", csv, "--out", svg); code != 0 || !strings.Contains(stdout, "events drawn in "+svg) {
		t.Errorf("timeline render in English: %d %q", code, stdout)
	}
	b, err := os.ReadFile(svg)
	if err != nil || !strings.Contains(string(b), `class="event"`) {
		t.Fatalf("timeline svg: %v", err)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("datum,soort,omschrijving\n2019-13-40,beslismoment,x\n"), 0o600)
	if code, _, stderr := runCLI(t, "timeline", "render", "--csv", bad, "--out", filepath.Join(dir, "bad.svg")); code == 0 || !strings.Contains(stderr, "2") {
		t.Errorf("bad csv: %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.svg")); err == nil {
		t.Error("bad csv left an svg")
	}
	gsvg := filepath.Join(dir, "fam.svg")
	if code, _, stderr := runCLI(t, "genogram", "render", "--gedcom", "../../genogram/testdata/small.ged", "--out", gsvg); code != 0 {
		t.Fatalf("genogram render: %d %s", code, stderr)
	}
	if b, err := os.ReadFile(gsvg); err != nil || !strings.Contains(string(b), `class="person"`) {
		t.Fatalf("genogram svg: %v", err)
	}
}
