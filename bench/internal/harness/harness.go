// Package harness holds what the command-line benchmarks in bench/ share:
// building the rotonde binary, starting and stopping it on loopback, logging
// in, reading a process's memory from /proc and describing the machine,
// and the data they load: the seeded demo and a long invented timeline.
// It is Linux-only, like the figures it produces.
package harness

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// RepoRoot returns the module root (the directory of go.mod), so the
// benchmarks work from any directory inside the repository.
func RepoRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside the rotonde module (go env GOMOD is empty)")
	}
	return filepath.Dir(mod), nil
}

// Workspace returns the module root and a new temporary directory for the
// benchmark name's files, which the caller removes.
func Workspace(ctx context.Context, name string) (root, tmp string, err error) {
	if root, err = RepoRoot(ctx); err != nil {
		return "", "", err
	}
	if tmp, err = os.MkdirTemp("", "rotonde-bench-"+name+"-"); err != nil {
		return "", "", err
	}
	return root, tmp, nil
}

// Build compiles ./cmd/rotonde to out the way releases are built
// (-trimpath), stripped of its symbol table when strip is set.
func Build(ctx context.Context, root, out string, strip bool) error {
	args := []string{"build", "-trimpath"}
	if strip {
		args = append(args, "-ldflags=-s")
	}
	args = append(args, "-o", out, "./cmd/rotonde")
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, b)
	}
	return nil
}

// FreePort returns a port on 127.0.0.1 that was free a moment ago. Used
// where the start-up time must not include reading the server's output.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Server is a running rotonde process.
type Server struct {
	cmd  *exec.Cmd
	done chan struct{}
	// waitErr is set before done is closed.
	waitErr error
	out     *syncBuffer // stdout and stderr, for error messages
	Started time.Time   // just before fork/exec
}

// Start runs bin with args. The caller must call Stop.
func Start(bin string, args ...string) (*Server, error) { return StartEnv(nil, bin, args...) }

// StartEnv is Start with extra environment variables (NAME=value), e.g.
// GOMEMLIMIT, on top of ours.
func StartEnv(env []string, bin string, args ...string) (*Server, error) {
	// Not CommandContext: Stop ends the server gracefully, not a SIGKILL.
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	buf := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = buf, buf
	// Own process group, so a ^C on the terminal reaches only us and we
	// stop the server in order; SIGTERM if we die without stopping it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	s := &Server{cmd: cmd, done: make(chan struct{}), out: buf}
	s.Started = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() {
		s.waitErr = cmd.Wait()
		close(s.done)
	}()
	return s, nil
}

// PID is the server's process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Output is what the server printed so far.
func (s *Server) Output() string { return s.out.String() }

// WaitListening waits until the server prints its address ("… http://ADDR")
// and returns ADDR; for servers started with --addr 127.0.0.1:0.
func (s *Server) WaitListening(ctx context.Context, timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		for line := range strings.SplitSeq(s.out.String(), "\n") {
			if _, addr, ok := strings.Cut(line, "http://"); ok && strings.HasPrefix(addr, "127.0.0.1:") {
				return strings.TrimSpace(addr), nil
			}
		}
		select {
		case <-s.done:
			return "", fmt.Errorf("server exited (%v):\n%s", s.waitErr, s.Output())
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	return "", fmt.Errorf("server did not print its address within %s:\n%s", timeout, s.Output())
}

// WaitHealthy polls GET base/healthz until it answers 200 and returns the
// time since the process was started. Polls every millisecond: a refused
// loopback connection costs microseconds, and coarser polling would add
// its own interval to the measured start-up.
func (s *Server) WaitHealthy(ctx context.Context, base string, timeout time.Duration) (time.Duration, error) {
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	deadline := s.Started.Add(timeout)
	var lastErr error
	for time.Now().Before(deadline) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/healthz", nil)
		if err != nil {
			return 0, err
		}
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(s.Started), nil
			}
			err = fmt.Errorf("status %s", resp.Status)
		}
		lastErr = err
		select {
		case <-s.done:
			return 0, fmt.Errorf("server exited (%v):\n%s", s.waitErr, s.Output())
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
	return 0, fmt.Errorf("no 200 from %s/healthz within %s (last: %v):\n%s", base, timeout, lastErr, s.Output())
}

// Stop sends SIGTERM (graceful shutdown), waits up to 15 s, then kills.
func (s *Server) Stop() error {
	select {
	case <-s.done:
		return nil
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
		var ee *exec.ExitError
		if s.waitErr != nil && !errors.As(s.waitErr, &ee) {
			return s.waitErr
		}
		return nil
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
		return errors.New("server did not stop within 15 s; killed")
	}
}

// syncBuffer is a bytes.Buffer the child's output goroutines and we can
// share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.b.Len() > 1<<20 { // keep memory bounded if the server is chatty
		return len(p), nil
	}
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Login posts the login form and returns the session cookie's value.
func Login(ctx context.Context, base, email, password string) (string, error) {
	client := &http.Client{
		Timeout: 10 * time.Second,
		// The login answers 303; the cookie is on that answer.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	form := url.Values{"email": {email}, "password": {password}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	for _, c := range resp.Cookies() {
		if c.Name == "rotonde_session" && c.Value != "" {
			return c.Value, nil
		}
	}
	return "", fmt.Errorf("login as %s: %s without a session cookie", email, resp.Status)
}

// Get fetches base+path with the session cookie (if any) and returns the
// status and body.
func Get(ctx context.Context, base, path, session string) (int, []byte, error) {
	client := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
	if err != nil {
		return 0, nil, err
	}
	if session != "" {
		req.AddCookie(&http.Cookie{Name: "rotonde_session", Value: session})
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	return resp.StatusCode, body, err
}

// Memory is a process's resident memory from /proc/PID/status, in KiB.
type Memory struct {
	RSS  int64 // VmRSS: resident now
	Peak int64 // VmHWM: highest resident so far
}

// ReadMemory reads VmRSS and VmHWM of pid.
func ReadMemory(pid int) (Memory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return Memory{}, err
	}
	defer f.Close()
	var m Memory
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		var dst *int64
		switch name {
		case "VmRSS":
			dst = &m.RSS
		case "VmHWM":
			dst = &m.Peak
		default:
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		if err != nil {
			return Memory{}, fmt.Errorf("/proc/%d/status %s: %w", pid, name, err)
		}
		*dst = n
	}
	if err := sc.Err(); err != nil {
		return Memory{}, err
	}
	if m.RSS == 0 {
		return Memory{}, fmt.Errorf("/proc/%d/status has no VmRSS", pid)
	}
	return m, nil
}

// MiB formats KiB as MiB with one decimal.
func MiB(kib int64) string { return fmt.Sprintf("%.1f MiB", float64(kib)/1024) }

// Median and Max of durations; both 0 for none.
func Median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Max returns the largest duration.
func Max(d []time.Duration) time.Duration {
	var m time.Duration
	for _, x := range d {
		m = max(m, x)
	}
	return m
}

// Machine describes the computer the figures come from, one item a line.
func Machine(ctx context.Context) string {
	var b strings.Builder
	fmt.Fprintf(&b, "cpu:    %s (%d logical CPUs, GOMAXPROCS %d)\n", cpuModel(), runtime.NumCPU(), runtime.GOMAXPROCS(0))
	fmt.Fprintf(&b, "memory: %s total\n", memTotal())
	if k, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		fmt.Fprintf(&b, "kernel: %s\n", strings.TrimSpace(string(k)))
	}
	// Other work on the machine skews every figure; say how busy it was.
	if l, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(l)); len(f) >= 3 {
			fmt.Fprintf(&b, "load:   %s %s %s (1, 5, 15 min averages at the start)\n", f[0], f[1], f[2])
		}
	}
	if v, err := exec.CommandContext(ctx, "go", "version").Output(); err == nil {
		fmt.Fprintf(&b, "go:     %s\n", strings.TrimSpace(string(v)))
	}
	return b.String()
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "unknown"
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			kib, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err == nil {
				return fmt.Sprintf("%.1f GiB", float64(kib)/(1024*1024))
			}
		}
	}
	return "unknown"
}
