// Package pgtest gives tests a real, throwaway PostgreSQL database.
//
// A package whose tests use it calls Main from TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// and each test asks for its own empty database:
//
//	dsn := pgtest.NewDatabase(t) // postgres://…; dropped when t ends
//
// The server is found once per test binary: the superuser URL in
// ROTONDE_TEST_POSTGRES_URL (CI starts one), else a private cluster from the
// machine's server binaries (Debian's /usr/lib/postgresql/*/bin), stopped and
// removed when the test binary ends. Without either, tests are skipped, or
// fail when CI=true, so CI never passes by skipping.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the variable with a superuser URL of a running server
// (postgres://user@host:port/db). When set, no private cluster is started.
const EnvURL = "ROTONDE_TEST_POSTGRES_URL"

// server is what one test binary uses: the admin URL, and the private
// cluster behind it, if we started one.
type server struct {
	adminURL string
	cluster  *Cluster
	tmpDir   string // removed after the cluster stops
}

// perProcess is the one piece of package state, and it has to be: tests
// that share nothing else call NewDatabase, a cluster costs seconds to
// start so it must be shared by all tests of the binary, and Main must
// find it afterwards to stop it. It is unexported and guarded by mu.
var perProcess struct {
	mu      sync.Mutex
	inMain  bool // Main is running m.Run; a private cluster would be stopped
	started bool // obtain was attempted; srv/err hold the outcome
	srv     *server
	err     error
}

// Main runs the tests of m, then the after functions (a package's own
// clean-up), then stops the private cluster, if one was started, and exits
// with m's exit code. Call it from TestMain.
func Main(m *testing.M, after ...func()) {
	perProcess.mu.Lock()
	perProcess.inMain = true
	perProcess.mu.Unlock()

	code := m.Run()
	for _, f := range after {
		f()
	}

	perProcess.mu.Lock()
	srv := perProcess.srv
	perProcess.srv, perProcess.err = nil, errors.New("pgtest: used after Main returned")
	perProcess.mu.Unlock()
	if err := srv.close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// NewDatabase creates a new, empty database (UTF8) and returns its URL
// (postgres://…), connecting as a superuser. The database is dropped when
// tb ends, after its remaining connections are terminated, so a test need
// not close every pool first. Each call gives a different database, so
// parallel tests do not see each other's data.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	srv := getServer(tb)

	name := dbName(tb.Name())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := createDatabase(ctx, srv.adminURL, name); err != nil {
		tb.Fatalf("pgtest: create database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := dropDatabase(ctx, srv.adminURL, name); err != nil {
			tb.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	dsn, err := withDBName(srv.adminURL, name)
	if err != nil {
		tb.Fatal(err)
	}
	return dsn
}

// getServer returns the server of this test binary, obtaining it on first
// use, or ends the test: Skip when there is no PostgreSQL and we are not in
// CI, Fatal otherwise.
func getServer(tb testing.TB) *server {
	tb.Helper()
	perProcess.mu.Lock()
	defer perProcess.mu.Unlock()
	if !perProcess.started {
		perProcess.started = true
		perProcess.srv, perProcess.err = obtain(perProcess.inMain)
	}
	err := perProcess.err
	if err == nil {
		return perProcess.srv
	}
	if shouldSkip(err, os.Getenv("CI")) {
		tb.Skipf("PostgreSQL not available: %v; set %s or install Debian's postgresql package", err, EnvURL)
	}
	tb.Fatalf("pgtest: no PostgreSQL server: %v", err)
	return nil
}

// shouldSkip reports whether a test without a server is skipped rather than
// failed: only when there is no server at all and we are not in CI, so that
// CI never passes by skipping and a broken setup is never hidden.
func shouldSkip(err error, ci string) bool {
	return errors.Is(err, errNoServer) && ci != "true"
}

func obtain(inMain bool) (*server, error) {
	if !inMain {
		// Without Main nobody would stop a private cluster or remove its
		// files. Required with an external server too, so that a missing
		// TestMain fails everywhere alike, not only on machines without one.
		return nil, errors.New("the package's TestMain must call pgtest.Main(m)")
	}
	if u := os.Getenv(EnvURL); u != "" {
		if _, err := withDBName(u, "postgres"); err != nil {
			return nil, fmt.Errorf("%s: %w", EnvURL, err)
		}
		return &server{adminURL: u}, nil
	}
	if _, err := findBinDir(); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "rotonde-pgtest-")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := StartCluster(ctx, dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &server{adminURL: c.URL("postgres"), cluster: c, tmpDir: dir}, nil
}

func (s *server) close() error {
	if s == nil || s.cluster == nil {
		return nil
	}
	err := s.cluster.Stop()
	if rmErr := os.RemoveAll(s.tmpDir); rmErr != nil && err == nil {
		err = rmErr
	}
	return err
}

var unsafeChars = regexp.MustCompile(`[^a-z0-9]+`)

// dbName makes a unique database name that still says which test made it,
// for whoever looks at a server where a cleanup did not run.
func dbName(testName string) string {
	var rnd [6]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	s := strings.Trim(unsafeChars.ReplaceAllString(strings.ToLower(testName), "_"), "_")
	if len(s) > 40 {
		s = s[:40]
	}
	return "pgtest_" + s + "_" + hex.EncodeToString(rnd[:]) // ≤ 7+40+1+12 < 63
}

// withDBName replaces the database of a postgres:// URL.
func withDBName(rawURL, name string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", fmt.Errorf("pgtest: want a postgres:// URL, got %q", redact(rawURL))
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String(), nil
}

// redact hides a password in a URL for messages; anything that is not
// clearly a URL (a key=value DSN may hold password=…) is not shown at all.
func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "(not a URL)"
	}
	return u.Redacted()
}

func createDatabase(ctx context.Context, adminURL, name string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	// template0: empty whatever someone put in template1, and any encoding.
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE template0 ENCODING 'UTF8'")
	return err
}

// dropDatabase ends the sessions still connected (pools a test forgot to
// close, or still closing) and drops the database.
func dropDatabase(ctx context.Context, adminURL, name string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx,
		"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
		name); err != nil {
		return err
	}
	// WITH (FORCE) (PostgreSQL ≥ 13) also ends sessions that connected
	// between the statement above and this one.
	_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	return err
}
