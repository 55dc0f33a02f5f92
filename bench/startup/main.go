// Command startup measures what an operator notices first about the rotonde
// binary: how long `rotonde serve` takes on a new, empty SQLite file until
// GET /healthz answers 200 (goal ≤ 500 ms), how much memory an idle server
// holds (goal ≤ 50 MB) and how large the binary is.
//
//	go run ./bench/startup [-runs 10] [-idle 2s] [-long 130s] [-env GOMEMLIMIT=30MiB]
//
// Memory is read -idle after the last request and, with -long, again
// -long after it: Go returns freed memory to the kernel mostly after a
// garbage collection, and an idle server collects only every two minutes.
//
// Everything runs on 127.0.0.1 in a temporary folder that is removed
// afterwards.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/rotonde-jeugd/rotonde/bench/internal/harness"
	"github.com/rotonde-jeugd/rotonde/demo"
)

const (
	startGoal = 500 * time.Millisecond
	rssGoal   = 50 * 1000 * 1000 // bytes; "50 MB" as the goal states it
)

func main() {
	runs := flag.Int("runs", 10, "cold starts to time (1–100)")
	idle := flag.Duration("idle", 2*time.Second, "how long the server idles after the requests before its memory is read")
	long := flag.Duration("long", 0, "read memory again this long after the requests (0: not; > -idle, at most 5m)")
	var env envList
	flag.Var(&env, "env", "NAME=value for every server started (repeatable), e.g. GOMEMLIMIT=30MiB")
	flag.Parse()
	if *runs < 1 || *runs > 100 || *idle < 0 || *idle > time.Minute || (*long != 0 && (*long <= *idle || *long > 5*time.Minute)) {
		fmt.Fprintln(os.Stderr, "startup: -runs must be 1–100, -idle 0–1m, -long 0 or more than -idle and at most 5m")
		os.Exit(2)
	}
	points := []time.Duration{*idle}
	if *long > 0 {
		points = append(points, *long)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// A bound on the whole run: a hung server must not hang the benchmark.
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	if err := run(ctx, *runs, points, env); err != nil {
		fmt.Fprintln(os.Stderr, "startup:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, runs int, points []time.Duration, env []string) error {
	root, tmp, err := harness.Workspace(ctx, "startup")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	fmt.Print(harness.Machine(ctx))
	if len(env) > 0 {
		fmt.Printf("server environment: %s\n", strings.Join(env, " "))
	}
	bin := filepath.Join(tmp, "rotonde")
	full := filepath.Join(tmp, "rotonde-unstripped")
	if err := harness.Build(ctx, root, bin, true); err != nil {
		return err
	}
	if err := harness.Build(ctx, root, full, false); err != nil {
		return err
	}

	times, err := coldStarts(ctx, bin, tmp, runs, env)
	if err != nil {
		return err
	}
	med, worst := harness.Median(times), harness.Max(times)
	fmt.Printf("cold start (serve, new SQLite file, until GET /healthz = 200): median %s, max %s over %d runs (goal ≤ %s: %s)\n",
		ms(med), ms(worst), runs, ms(startGoal), verdict(worst <= startGoal))

	anon, err := idleEmpty(ctx, bin, tmp, points, env)
	if err != nil {
		return err
	}
	for i, m := range anon {
		fmt.Printf("idle RSS (serve, empty database, after /healthz, /login, /, /static/ requests, %s idle): %s (peak %s) (goal ≤ 50 MB: %s)\n",
			points[i], harness.MiB(m.RSS), harness.MiB(m.Peak), verdict(m.RSS*1024 <= rssGoal))
	}
	logged, err := idleDemo(ctx, bin, tmp, points, env)
	if err != nil {
		return err
	}
	for i, m := range logged {
		fmt.Printf("idle RSS (demo data, after a login and /api/v1/cases, /, /casussen/{id}, %s idle): %s (peak %s) (goal ≤ 50 MB: %s)\n",
			points[i], harness.MiB(m.RSS), harness.MiB(m.Peak), verdict(m.RSS*1024 <= rssGoal))
	}

	for _, b := range []struct{ label, path string }{{"stripped (-trimpath -ldflags=-s)", bin}, {"unstripped (-trimpath)", full}} {
		fi, err := os.Stat(b.path)
		if err != nil {
			return err
		}
		fmt.Printf("binary size %s: %.1f MiB (%d bytes)\n", b.label, float64(fi.Size())/(1<<20), fi.Size())
	}
	return nil
}

// coldStarts starts `rotonde serve` runs times, each on a SQLite file that
// does not exist yet (so migrations run), and returns the time from
// fork/exec to the first 200 from /healthz.
func coldStarts(ctx context.Context, bin, tmp string, runs int, env []string) ([]time.Duration, error) {
	var times []time.Duration
	for i := range runs {
		db := filepath.Join(tmp, fmt.Sprintf("cold-%02d", i), "rotonde.db")
		port, err := harness.FreePort()
		if err != nil {
			return nil, err
		}
		addr := fmt.Sprintf("127.0.0.1:%d", port)
		srv, err := harness.StartEnv(env, bin, "serve", "--database-url", "sqlite:"+db, "--addr", addr, "--log-level", "warn")
		if err != nil {
			return nil, err
		}
		d, err := srv.WaitHealthy(ctx, "http://"+addr, 10*time.Second)
		if stopErr := srv.Stop(); err == nil {
			err = stopErr
		}
		if err != nil {
			return nil, fmt.Errorf("cold start %d: %w", i+1, err)
		}
		times = append(times, d)
	}
	return times, nil
}

// idleEmpty measures a server on an empty database after the requests an
// anonymous visitor makes.
func idleEmpty(ctx context.Context, bin, tmp string, points []time.Duration, env []string) ([]harness.Memory, error) {
	srv, err := harness.StartEnv(env, bin, "serve", "--database-url", "sqlite:"+filepath.Join(tmp, "idle-empty", "rotonde.db"),
		"--addr", "127.0.0.1:0", "--log-level", "warn")
	if err != nil {
		return nil, err
	}
	defer srv.Stop()
	addr, err := srv.WaitListening(ctx, 10*time.Second)
	if err != nil {
		return nil, err
	}
	base := "http://" + addr
	for _, p := range []string{"/healthz", "/login", "/", "/static/", "/healthz"} {
		if _, _, err := harness.Get(ctx, base, p, ""); err != nil {
			return nil, fmt.Errorf("GET %s: %w", p, err)
		}
	}
	return settle(ctx, srv, points)
}

// idleDemo measures the demo after one login (argon2id needs 19 MiB for it)
// and the pages a logged-in user sees first.
func idleDemo(ctx context.Context, bin, tmp string, points []time.Duration, env []string) ([]harness.Memory, error) {
	srv, err := harness.StartEnv(env, bin, "demo", "--data", filepath.Join(tmp, "idle-demo"), "--addr", "127.0.0.1:0", "--log-level", "warn")
	if err != nil {
		return nil, err
	}
	defer srv.Stop()
	addr, err := srv.WaitListening(ctx, 30*time.Second)
	if err != nil {
		return nil, err
	}
	base := "http://" + addr
	session, err := harness.Login(ctx, base, "facilitator@demo.test", demo.Password)
	if err != nil {
		return nil, err
	}
	status, _, err := harness.Get(ctx, base, "/api/v1/cases", session)
	if err != nil {
		return nil, err
	}
	if status != 200 {
		return nil, fmt.Errorf("GET /api/v1/cases: status %d", status)
	}
	for _, p := range []string{"/", "/casussen/1", "/healthz"} {
		if _, _, err := harness.Get(ctx, base, p, session); err != nil {
			return nil, fmt.Errorf("GET %s: %w", p, err)
		}
	}
	return settle(ctx, srv, points)
}

// settle lets the server idle and reads its memory at each point (time
// since now, ascending).
func settle(ctx context.Context, srv *harness.Server, points []time.Duration) ([]harness.Memory, error) {
	start := time.Now()
	var out []harness.Memory
	for _, p := range points {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Until(start.Add(p))):
		}
		m, err := harness.ReadMemory(srv.PID())
		if err != nil {
			return nil, errors.Join(err, fmt.Errorf("server output:\n%s", srv.Output()))
		}
		out = append(out, m)
	}
	return out, nil
}

// envList collects repeated -env flags.
type envList []string

func (e *envList) String() string { return strings.Join(*e, " ") }

func (e *envList) Set(v string) error {
	if name, _, ok := strings.Cut(v, "="); !ok || name == "" {
		return fmt.Errorf("%q: want NAME=value", v)
	}
	*e = append(*e, v)
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}
