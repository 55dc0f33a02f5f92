package durability

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// buildBinary builds ./cmd/rotonde into a temporary folder of t and returns its path.
func buildBinary(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		t.Fatal("not inside a Go module")
	}
	bin := filepath.Join(t.TempDir(), "rotonde")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/rotonde")
	cmd.Dir = filepath.Dir(gomod)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/rotonde: %v\n%s", err, out)
	}
	return bin
}

// childEnv is the test's environment without ROTONDE_* settings, so the
// child runs with its defaults plus the flags we pass, whatever the caller set.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ROTONDE_") {
			env = append(env, kv)
		}
	}
	return env
}

// syncBuffer collects a child's output; exec copies into it from its own goroutine.
type syncBuffer struct {
	mu    sync.Mutex
	b     bytes.Buffer
	watch string        // a line containing this closes found
	found chan struct{} // nil when not watching
	seen  bool
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.b.Write(p)
	if s.found != nil && !s.seen && strings.Contains(s.b.String(), s.watch) {
		s.seen = true
		close(s.found)
	}
	return n, err
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runCLI runs a rotonde subcommand to completion with stdin and returns its stdout.
func runCLI(t *testing.T, bin, stdin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = childEnv()
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("rotonde %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// setupAccount creates an organisation directly in the database (there is
// no CLI for that) and a professional in it with `rotonde user create`.
func setupAccount(t *testing.T, bin, dbURL string, open func() *sqldb.DB, email, pw string) {
	t.Helper()
	db := open()
	ctx := context.Background()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	org := &rotonde.Organisation{Name: "Wijkteam Noord (test)", Kind: rotonde.OrgNeighbourhood}
	if err := db.Orgs.CreateOrganisation(ctx, nil, org); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	out := runCLI(t, bin, pw+"\n", "user", "create", "--database-url", dbURL,
		"--email", email, "--name", "Sam (test)", "--role", "professional", "--org", org.Name, "--password-stdin")
	if strings.Contains(out, pw) {
		t.Errorf("user create printed the password it read from stdin: %q", out)
	}
}

const readyMarker = "listens on http://"

// server is one running `rotonde serve` child process.
type server struct {
	t      *testing.T
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:PORT
	stdout *syncBuffer
	stderr *syncBuffer
	done   chan struct{} // closed when the process has exited and its output is copied
	state  *os.ProcessState
}

// startServer starts `rotonde serve` on a port the kernel picks and waits
// until it listens. The process is killed when t ends, and its output is
// shown if t failed.
func startServer(t *testing.T, bin, dbURL string, extra ...string) *server {
	t.Helper()
	// The API client logs in with a password only; a second factor is tested elsewhere.
	args := append([]string{"serve", "--database-url", dbURL, "--addr", "127.0.0.1:0", "--require-second-factor=false"}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Env = childEnv()
	s := &server{
		t: t, cmd: cmd,
		stdout: &syncBuffer{watch: readyMarker, found: make(chan struct{})},
		stderr: &syncBuffer{},
		done:   make(chan struct{}),
	}
	cmd.Stdout, cmd.Stderr = s.stdout, s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start rotonde serve: %v", err)
	}
	go func() {
		_ = cmd.Wait() // the exit status is read from ProcessState
		s.state = cmd.ProcessState
		close(s.done)
	}()
	t.Cleanup(func() {
		s.kill()
		if t.Failed() {
			t.Logf("rotonde serve (pid %d) stdout:\n%s\nstderr:\n%s", cmd.Process.Pid, s.stdout, s.stderr)
		}
	})
	select {
	case <-s.stdout.found:
	case <-s.done:
		t.Fatalf("rotonde serve exited before listening (%v)\nstderr:\n%s", s.state, s.stderr)
	case <-time.After(60 * time.Second):
		t.Fatalf("rotonde serve did not listen within 60 s\nstderr:\n%s", s.stderr)
	}
	out := s.stdout.String()
	rest := out[strings.Index(out, readyMarker)+len(readyMarker):]
	addr, _, _ := strings.Cut(rest, "\n")
	s.base = "http://" + strings.TrimSpace(addr)
	return s
}

// kill sends SIGKILL (if still running) and waits for the exit.
func (s *server) kill() {
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
}

// stop asks for a graceful shutdown (SIGINT) and fails unless the process exits with 0.
func (s *server) stop() {
	s.t.Helper()
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.kill()
		s.t.Fatal("rotonde serve did not stop within 30 s after SIGINT")
	}
	if !s.state.Success() {
		s.t.Fatalf("rotonde serve exited with %v after SIGINT", s.state)
	}
}

// killedBySIGKILL reports whether the process died of SIGKILL.
func (s *server) killedBySIGKILL() bool {
	ws, ok := s.state.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

func newClient(t *testing.T) *http.Client {
	c := &http.Client{
		Timeout:   15 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 32, DisableCompression: true},
		// The login answers with a redirect; we want its Set-Cookie, not the page behind it.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// login posts the login form and returns the session cookie's value.
func login(t *testing.T, c *http.Client, base, email, pw string) string {
	t.Helper()
	res, err := c.PostForm(base+"/login", url.Values{"email": {email}, "password": {pw}})
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: status %d, want 303", res.StatusCode)
	}
	for _, ck := range res.Cookies() {
		if ck.Name == "rotonde_session" && ck.Value != "" {
			return ck.Value
		}
	}
	t.Fatal("login: no rotonde_session cookie")
	return ""
}

type apiCase struct {
	ID     int64  `json:"id"`
	Title  string `json:"title"`
	Reason string `json:"reason"`
}

// postCase creates a case through the API. It returns the status and, for
// 201, the id from the body (0 when the body could not be read whole).
func postCase(c *http.Client, base, cookie, title, reason string) (int, int64, error) {
	body, _ := json.Marshal(map[string]string{"title": title, "reason": reason})
	req, err := http.NewRequest(http.MethodPost, base+"/api/v1/cases", bytes.NewReader(body))
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(&http.Cookie{Name: "rotonde_session", Value: cookie})
	res, err := c.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer res.Body.Close()
	var out apiCase
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return res.StatusCode, 0, err
	}
	return res.StatusCode, out.ID, nil
}

// listCases returns the cases the session's user can see, following the
// API's pages.
func listCases(c *http.Client, base, cookie string) ([]apiCase, error) {
	var all []apiCase
	for cursor := ""; ; {
		req, err := http.NewRequest(http.MethodGet, base+"/api/v1/cases?limit=500&cursor="+url.QueryEscape(cursor), nil)
		if err != nil {
			return nil, err
		}
		req.AddCookie(&http.Cookie{Name: "rotonde_session", Value: cookie})
		res, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		if res.StatusCode != http.StatusOK {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			return nil, fmt.Errorf("GET /api/v1/cases: status %d: %s", res.StatusCode, b)
		}
		var out struct {
			Cases      []apiCase `json:"cases"`
			NextCursor string    `json:"next_cursor"`
		}
		err = json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if err != nil {
			return nil, err
		}
		all = append(all, out.Cases...)
		if out.NextCursor == "" {
			return all, nil
		}
		cursor = out.NextCursor
	}
}
