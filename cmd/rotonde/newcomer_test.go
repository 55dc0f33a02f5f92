package main

import (
	"net"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// TestVersionSaysWhichBuild: `rotonde version` names the Go version always,
// and the commit that `go build` records in a git checkout, or the module
// version of `go install`, instead of a bare "dev".
func TestVersionSaysWhichBuild(t *testing.T) {
	if code, out, _ := runCLI(t, "version"); code != 0 || !strings.Contains(out, runtime.Version()) {
		t.Errorf("version: %d %q", code, out)
	}
	stamped := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-02T22:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	for _, c := range []struct {
		set  string
		info *debug.BuildInfo
		want string
	}{
		{"dev", stamped, "dev (commit 0123456789ab (gewijzigd/modified) 2026-12-02T22:00:00Z, go1.26.8)"},
		{"dev", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0 (go1.26.8)"},
		{"v2.0.0", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}}, "v2.0.0 (go1.26.8)"},
	} {
		if got := versionString(c.set, c.info); got != c.want {
			t.Errorf("versionString(%q): %q, want %q", c.set, got, c.want)
		}
	}
}

// TestDemoHelpShowsOnlyWhatItHonours: the demo has its own database and key
// and never asks for a second factor, so its help does not offer those.
func TestDemoHelpShowsOnlyWhatItHonours(t *testing.T) {
	code, _, stderr := runCLI(t, "demo", "-h")
	if code != 2 && code != 0 {
		t.Errorf("demo -h: exit %d", code)
	}
	for _, want := range []string{"-addr", "-data", "-log-level"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("demo -h lacks %s:\n%s", want, stderr)
		}
	}
	for _, ignored := range []string{"-database-url", "-key-file", "-require-second-factor", "-database-wait"} {
		if strings.Contains(stderr, ignored) {
			t.Errorf("demo -h offers %s, which the demo ignores", ignored)
		}
	}
	if code, _, _ := runCLI(t, "demo", "--database-url", "sqlite:x.db"); code != 2 {
		t.Errorf("demo --database-url: exit %d, want 2", code)
	}
}

// TestDemoReportsABusyPortBeforeSeeding: a port in use stops the demo at
// once, before its data folder gets a database.
func TestDemoReportsABusyPortBeforeSeeding(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dir := t.TempDir()
	start := time.Now()
	code, _, stderr := runCLI(t, "demo", "--addr", ln.Addr().String(), "--data", dir)
	if code != 1 || !strings.Contains(stderr, "kan niet luisteren") {
		t.Errorf("busy port: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "rotonde.db")); err == nil {
		t.Error("the demo made its database before finding the port busy")
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("reported after %s", took)
	}
}

// TestDemoReusesOneDefaultFolder: runs without --data share one folder in
// the user's cache instead of leaving a new one behind each time.
func TestDemoReusesOneDefaultFolder(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	for range 2 {
		_, stop, done, errOut := startDemoArgs(t, []string{"demo", "--addr", "127.0.0.1:0"})
		stop()
		if code := <-done; code != 0 {
			t.Fatalf("demo exit %d: %s", code, errOut.String())
		}
	}
	entries, err := os.ReadDir(filepath.Join(cache, "rotonde"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "demo" {
		t.Errorf("cache folder holds %v, want only demo", entries)
	}
}
