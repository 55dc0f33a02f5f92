package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
)

// mountTmpfs mounts a small tmpfs of its own, for a disk that can fill up or
// turn read-only; it needs root. Elsewhere the test is skipped, except
// under CI=true, where it fails.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mount tmpfs: %v %s", err, out)
		}
		t.Skipf("cannot mount a tmpfs (root needed): %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// TestServeRefusesReadOnlySQLite: a database file that cannot be written is
// refused at start (status 1, a plain reason) instead of serving pages
// while every change fails.
func TestServeRefusesReadOnlySQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rotonde.db")
	url := "sqlite:" + path
	if code, _, stderr := runCLI(t, "migrate", "--database-url", url); code != 0 {
		t.Fatalf("migrate: %d %s", code, stderr)
	}
	makeReadOnly(t, path)
	code, _, stderr := runCLI(t, "serve", "--addr", "127.0.0.1:0", "--database-url", url, "--key-file", newKeyFile(t))
	if code != 1 || !strings.Contains(stderr, "alleen-lezen") || !strings.Contains(stderr, "read-only") {
		t.Errorf("serve on a read-only database: exit %d, %q", code, stderr)
	}
}

// makeReadOnly makes a file that this process cannot write: mode 0444, and
// for root, who writes regardless of the mode, the immutable attribute.
func makeReadOnly(t *testing.T, path string) {
	t.Helper()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		return
	}
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chattr +i: %v %s", err, out)
		}
		t.Skipf("cannot make %s immutable for root: %v %s", path, err, out)
	}
	t.Cleanup(func() { _ = exec.Command("chattr", "-i", path).Run() })
}

// serveAt starts `rotonde serve …` and returns its base URL and a stop func.
func serveAt(t *testing.T, args ...string) (base string, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), &out, &errOut) }()
	for deadline := time.Now().Add(startTimeout); ; time.Sleep(20 * time.Millisecond) {
		if i := strings.Index(out.String(), "listens on "); i >= 0 {
			base = strings.TrimSpace(out.String()[i+len("listens on "):])
			break
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve exited with %d: %s", code, errOut.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not listen: %s", errOut.String())
		}
	}
	stopped := false
	stop = func() int {
		stopped = true
		cancel()
		return <-done
	}
	t.Cleanup(func() {
		if !stopped {
			stop()
		}
	})
	return base, stop
}

func getStatus(t *testing.T, u string) (int, string) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestReadyzSeesAFullDisk: /readyz answers 503 while the database's disk
// is full and 200 again once there is room; /healthz stays 200 (the
// process lives), so an orchestrator stops sending work without killing it.
func TestReadyzSeesAFullDisk(t *testing.T) {
	old := minFreeDisk
	minFreeDisk = 2 << 20
	t.Cleanup(func() { minFreeDisk = old })
	dir := mountTmpfs(t, "12m")
	base, stop := serveAt(t, "--database-url", "sqlite:"+filepath.Join(dir, "rotonde.db"))
	if code, body := getStatus(t, base+"/readyz"); code != 200 || body != "ready\n" {
		t.Fatalf("readyz with room: %d %q", code, body)
	}
	filler := filepath.Join(dir, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			break // the disk is full
		}
	}
	f.Close()
	if code, _ := getStatus(t, base+"/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("readyz on a full disk: %d", code)
	}
	if code, _ := getStatus(t, base+"/healthz"); code != 200 {
		t.Errorf("healthz on a full disk: %d", code)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if code, _ := getStatus(t, base+"/readyz"); code != 200 {
		t.Errorf("readyz once there is room again: %d", code)
	}
	if code := stop(); code != 0 {
		t.Errorf("serve exit %d", code)
	}
}

// TestReadyzSeesAReadOnlyPostgres: when the PostgreSQL database stops
// accepting writes, /readyz answers 503; when it accepts them again, 200.
func TestReadyzSeesAReadOnlyPostgres(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	base, stop := serveAt(t, "--database-url", dsn, "--key-file", newKeyFile(t))
	if code, _ := getStatus(t, base+"/readyz"); code != 200 {
		t.Fatalf("readyz: %d", code)
	}
	u, _ := neturl.Parse(dsn)
	name := strings.TrimPrefix(u.Path, "/")
	u.Path = "/postgres"
	admin, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	setReadOnly := func(on bool) {
		t.Helper()
		if _, err := admin.Exec(fmt.Sprintf(`ALTER DATABASE %q SET default_transaction_read_only = %t`, name, on)); err != nil {
			t.Fatal(err)
		}
		// Existing connections keep their setting: end them.
		if _, err := admin.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, name); err != nil {
			t.Fatal(err)
		}
	}
	setReadOnly(true)
	t.Cleanup(func() { setReadOnly(false) })
	// Requests may meet pooled connections that were just cut; the pool
	// replaces them one by one, so ask until the answer settles.
	if code := readyzSettles(t, base, http.StatusServiceUnavailable); code != http.StatusServiceUnavailable {
		t.Errorf("readyz on a read-only database: %d", code)
	}
	setReadOnly(false)
	if code := readyzSettles(t, base, http.StatusOK); code != http.StatusOK {
		t.Errorf("readyz once writable again: %d", code)
	}
	if code := stop(); code != 0 {
		t.Errorf("serve exit %d", code)
	}
}

// readyzSettles asks /readyz until it answers want, at most 40 times, and
// returns the last answer.
func readyzSettles(t *testing.T, base string, want int) int {
	t.Helper()
	code := 0
	for range 40 {
		if code, _ = getStatus(t, base+"/readyz"); code == want {
			return code
		}
		time.Sleep(250 * time.Millisecond)
	}
	return code
}
