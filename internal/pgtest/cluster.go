package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Cluster is a private PostgreSQL server started from the machine's server
// binaries: data in a directory of its own, listening only on 127.0.0.1.
// It is meant for tests and benchmarks, never for real data: trust
// authentication, no password.
type Cluster struct {
	dir  string // holds data/, postgres.log and the unix socket
	port int
	cmd  *exec.Cmd
	done chan struct{} // closed when the server process has exited
	// waitErr is set before done is closed.
	waitErr error

	stopOnce sync.Once
	stopErr  error
}

// StartCluster initialises a new cluster in dir (created if missing; it
// should be empty) and starts it on a free port of 127.0.0.1. It finds the
// server binaries under /usr/lib/postgresql/*/bin (highest version), else in
// PATH. When run as root the cluster runs as the "postgres" user, because
// initdb and postgres refuse to run as root; dir is then handed to that user
// and every directory above it must be searchable by it (os.MkdirTemp("", …)
// is; t.TempDir() is not).
//
// The server is a child process that gets SIGTERM if this process dies, so
// a crashed test binary does not leave it running. Call Stop when done.
func StartCluster(ctx context.Context, dir string) (*Cluster, error) {
	bin, err := findBinDir()
	if err != nil {
		return nil, err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("pgtest: create cluster dir: %w", err)
	}
	cred, err := serverCredential()
	if err != nil {
		return nil, err
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return nil, fmt.Errorf("pgtest: hand cluster dir to postgres user: %w", err)
		}
	}

	data := filepath.Join(dir, "data")
	// --no-sync only skips initdb's final flush of the fresh files; the
	// running server still has fsync=on (see start).
	initdb := exec.CommandContext(ctx, filepath.Join(bin, "initdb"),
		"-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
		"--locale=C.UTF-8", "--no-sync")
	initdb.Dir = dir
	initdb.Env = serverEnv()
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pgtest: initdb in %s: %w\n%s", dir, err, out)
	}

	// The free port is only free until someone else takes it (other test
	// binaries run in parallel), so a bind failure is retried on a new port.
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		c, err := start(ctx, bin, dir, port, cred)
		if err == nil {
			return c, nil
		}
		lastErr = err
		if !errors.Is(err, errPortTaken) {
			break
		}
	}
	return nil, lastErr
}

var errPortTaken = errors.New("port already in use")

func start(ctx context.Context, bin, dir string, port int, cred *syscall.Credential) (*Cluster, error) {
	logPath := filepath.Join(dir, "postgres.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, fmt.Errorf("pgtest: open server log: %w", err)
	}
	defer logFile.Close() // the child has its own copy of the descriptor

	// A unix socket path is limited to ~107 bytes; without a socket the
	// server is still reachable over TCP, which is all we use.
	sockDir := dir
	if len(sockDir)+len("/.s.PGSQL.65535.lock") > 100 {
		sockDir = ""
	}
	// Not exec.CommandContext: ctx bounds the start-up only, not the
	// server's life.
	cmd := exec.Command(filepath.Join(bin, "postgres"),
		"-D", filepath.Join(dir, "data"),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "port="+strconv.Itoa(port),
		"-c", "unix_socket_directories="+sockDir,
		"-c", "fsync=on",
		"-c", "synchronous_commit=on",
		"-c", "max_connections=300",
	)
	cmd.Dir = dir
	cmd.Env = serverEnv()
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: cred,
		// Fast shutdown if the test binary dies without calling Stop.
		Pdeathsig: syscall.SIGINT,
		Setpgid:   true, // keep terminal signals (^C) for us to handle
	}
	c := &Cluster{dir: dir, port: port, cmd: cmd, done: make(chan struct{})}
	// Pdeathsig fires when the OS thread that started the child exits, not
	// the process (go.dev/issue/27505), so start and wait on one goroutine
	// locked to its thread for the server's whole life.
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		c.waitErr = cmd.Wait()
		close(c.done)
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("pgtest: start postgres: %w", err)
	}

	if err := c.waitReady(ctx); err != nil {
		_ = c.Stop()
		log := tail(logPath, 2000)
		if strings.Contains(log, "could not bind") || strings.Contains(log, "already in use") {
			return nil, fmt.Errorf("pgtest: %w: %d", errPortTaken, port)
		}
		return nil, fmt.Errorf("pgtest: postgres did not start: %w\nlog %s:\n%s", err, logPath, log)
	}
	return c, nil
}

// waitReady polls until the server accepts connections, the server exits,
// or 60 s pass (a loaded 2-core machine with -race can be slow).
func (c *Cluster) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	for {
		conn, err := pgx.Connect(ctx, c.URL("postgres"))
		if err == nil {
			return conn.Close(ctx)
		}
		select {
		case <-c.done:
			return fmt.Errorf("server exited: %v", c.waitErr)
		case <-ctx.Done():
			return fmt.Errorf("%w (last error: %v)", ctx.Err(), err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// URL returns the connection URL of database dbname as the superuser
// "postgres" (trust authentication, no TLS).
func (c *Cluster) URL(dbname string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User("postgres"),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)),
		Path:     "/" + dbname,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// CreateDatabase creates an empty UTF8 database called name and returns its
// URL (as URL(name) does).
func (c *Cluster) CreateDatabase(ctx context.Context, name string) (string, error) {
	if err := createDatabase(ctx, c.URL("postgres"), name); err != nil {
		return "", fmt.Errorf("pgtest: create database %s: %w", name, err)
	}
	return c.URL(name), nil
}

// Dir is the directory holding the cluster's data and its log (postgres.log).
func (c *Cluster) Dir() string { return c.dir }

// Stop shuts the server down (fast mode: open sessions are ended) and waits
// for it to exit. It does not remove the directory. Safe to call more than
// once and from several goroutines; later calls return the first result.
func (c *Cluster) Stop() error {
	c.stopOnce.Do(func() {
		select {
		case <-c.done:
			return // already gone
		default:
		}
		// SIGINT is postgres' "fast shutdown".
		if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil && !errors.Is(err, os.ErrProcessDone) {
			c.stopErr = fmt.Errorf("pgtest: signal postgres: %w", err)
		}
		select {
		case <-c.done:
		case <-time.After(30 * time.Second):
			_ = c.cmd.Process.Kill()
			<-c.done
			c.stopErr = errors.New("pgtest: postgres did not stop within 30 s; killed")
		}
	})
	return c.stopErr
}

// findBinDir returns the directory with initdb and postgres: Debian's
// /usr/lib/postgresql/<version>/bin with the highest version, else the
// directory of initdb in PATH (other systems).
func findBinDir() (string, error) {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	type cand struct {
		version float64
		dir     string
	}
	var cands []cand
	for _, m := range matches {
		dir := filepath.Dir(m)
		v, err := strconv.ParseFloat(filepath.Base(filepath.Dir(dir)), 64)
		if err != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err != nil {
			continue
		}
		cands = append(cands, cand{v, dir})
	}
	if len(cands) > 0 {
		sort.Slice(cands, func(i, j int) bool { return cands[i].version > cands[j].version })
		return cands[0].dir, nil
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
			return dir, nil
		}
	}
	return "", errNoServer
}

var errNoServer = errors.New("no PostgreSQL server binaries (no /usr/lib/postgresql/*/bin/initdb, no initdb in PATH)")

// serverCredential returns the postgres user's identity when we are root
// (initdb and postgres refuse to run as root), else nil: run as ourselves.
// This drops privileges like `runuser -u postgres --`, but directly, so the
// server is our child and Pdeathsig reaches it.
func serverCredential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("pgtest: running as root but no postgres user to run the server as: %w", err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("pgtest: postgres user has non-numeric uid/gid %q/%q", u.Uid, u.Gid)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
}

// serverEnv is our environment minus PG* variables, which would otherwise
// change where initdb/postgres look, and with a locale that surely exists.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PG") || strings.HasPrefix(kv, "LC_") || strings.HasPrefix(kv, "LANG=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "LANG=C.UTF-8")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgtest: find free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tail returns at most the last n bytes of a file, for error messages.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
