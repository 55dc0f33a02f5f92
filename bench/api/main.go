// Command api measures the throughput of the authenticated JSON API,
// GET /api/v1/cases, with wrk on loopback, once on SQLite and once on
// PostgreSQL (a throwaway cluster from the machine's server binaries).
//
//	go run ./bench/api [-engines sqlite,postgres] [-duration 10s] [-threads 2] [-conns 32] [-cases 0]
//
// Each engine gets a fresh database with the demo data (plus -cases extra
// cases for the logged-in facilitator), a `rotonde serve` built like a
// release (second factors not required, as in the demo), and one login;
// wrk then reuses that session cookie. Needs wrk
// (Debian: apt-get install -y wrk) and, for PostgreSQL, Debian's
// postgresql server package.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/bench/internal/harness"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
	"github.com/rotonde-jeugd/rotonde/postgres"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/sqlite"
)

type options struct {
	engines  []string
	duration time.Duration
	threads  int
	conns    int
	cases    int
}

func main() {
	var o options
	engines := flag.String("engines", "sqlite,postgres", "comma-separated: sqlite, postgres")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "wrk run per engine (1s–2m)")
	flag.IntVar(&o.threads, "threads", 2, "wrk threads (1–16)")
	flag.IntVar(&o.conns, "conns", 32, "wrk connections (1–256)")
	flag.IntVar(&o.cases, "cases", 0, "extra cases for the facilitator besides the demo case (0–10000)")
	flag.Parse()
	o.engines = strings.Split(*engines, ",")
	if err := o.check(); err != nil {
		fmt.Fprintln(os.Stderr, "api:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// A bound on the whole run, whatever hangs.
	ctx, cancel := context.WithTimeout(ctx, 15*time.Minute)
	defer cancel()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "api:", err)
		os.Exit(1)
	}
}

func (o options) check() error {
	for _, e := range o.engines {
		if e != "sqlite" && e != "postgres" {
			return fmt.Errorf("unknown engine %q (sqlite or postgres)", e)
		}
	}
	switch {
	case o.duration < time.Second || o.duration > 2*time.Minute:
		return errors.New("-duration must be 1s–2m")
	case o.threads < 1 || o.threads > 16:
		return errors.New("-threads must be 1–16")
	case o.conns < o.threads || o.conns > 256:
		return errors.New("-conns must be at least -threads and at most 256")
	case o.cases < 0 || o.cases > 10000:
		return errors.New("-cases must be 0–10000")
	}
	return nil
}

func run(ctx context.Context, o options) error {
	if _, err := exec.LookPath("wrk"); err != nil {
		return errors.New("wrk not found; install it (Debian: apt-get install -y wrk)")
	}
	root, tmp, err := harness.Workspace(ctx, "api")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fmt.Print(harness.Machine(ctx))
	bin := filepath.Join(tmp, "rotonde")
	if err := harness.Build(ctx, root, bin, true); err != nil {
		return err
	}
	for _, engine := range o.engines {
		r, err := benchEngine(ctx, o, bin, tmp, engine)
		if err != nil {
			return fmt.Errorf("%s: %w", engine, err)
		}
		fmt.Printf("api %-8s GET /api/v1/cases (%d case(s) in the answer, %d bytes): %.0f req/s, latency p50 %s, p99 %s; %d requests, %d socket errors/timeouts; server RSS after %s (peak %s) (wrk -t%d -c%d -d%s)\n",
			engine, r.cases, r.bytes, r.wrk.rps, r.wrk.p50, r.wrk.p99, r.wrk.requests, r.wrk.socket,
			harness.MiB(r.mem.RSS), harness.MiB(r.mem.Peak), o.threads, o.conns, o.duration)
	}
	return nil
}

type result struct {
	cases int // in the answer
	bytes int
	wrk   wrkResult
	mem   harness.Memory
}

func benchEngine(ctx context.Context, o options, bin, tmp, engine string) (result, error) {
	var url string
	var keyArgs []string // on SQLite the key file beside the database is made at start
	switch engine {
	case "sqlite":
		url = "sqlite:" + filepath.Join(tmp, "sqlite", "rotonde.db")
	case "postgres":
		// Its own top-level temporary folder: the cluster runs as the
		// postgres user, who cannot enter tmp (mode 0700, ours).
		dir, err := os.MkdirTemp("", "rotonde-bench-pg-")
		if err != nil {
			return result{}, err
		}
		defer os.RemoveAll(dir)
		cluster, err := pgtest.StartCluster(ctx, dir)
		if err != nil {
			return result{}, err
		}
		defer cluster.Stop()
		if err := createDatabase(ctx, cluster.URL("postgres"), "rotonde_bench"); err != nil {
			return result{}, err
		}
		url = cluster.URL("rotonde_bench")
		// PostgreSQL needs a key file for the secrets kept at rest.
		keyFile := filepath.Join(tmp, "rotonde-pg.key")
		if out, err := exec.CommandContext(ctx, bin, "keygen", "--out", keyFile).CombinedOutput(); err != nil {
			return result{}, fmt.Errorf("rotonde keygen: %w\n%s", err, out)
		}
		keyArgs = []string{"--key-file", keyFile}
	}
	if err := seed(ctx, url, o.cases); err != nil {
		return result{}, fmt.Errorf("seed: %w", err)
	}

	// Second factors off, as in the demo: the demo accounts have none, and
	// enrolling one would make this benchmark depend on the TOTP flow.
	srv, err := harness.Start(bin, append([]string{"serve", "--database-url", url, "--addr", "127.0.0.1:0", "--log-level", "warn",
		"--require-second-factor=false"}, keyArgs...)...)
	if err != nil {
		return result{}, err
	}
	defer srv.Stop()
	addr, err := srv.WaitListening(ctx, 30*time.Second)
	if err != nil {
		return result{}, err
	}
	base := "http://" + addr
	session, err := harness.Login(ctx, base, "facilitator@demo.test", demo.Password)
	if err != nil {
		return result{}, err
	}
	// One request by hand first, so a wrong answer fails loudly instead of
	// being measured at full speed.
	status, body, err := harness.Get(ctx, base, "/api/v1/cases", session)
	if err != nil {
		return result{}, err
	}
	var list struct {
		Cases []json.RawMessage `json:"cases"`
	}
	// The list comes in pages of at most 100 cases (the API's default).
	if want := min(1+o.cases, 100); status != 200 || json.Unmarshal(body, &list) != nil || len(list.Cases) != want {
		return result{}, fmt.Errorf("GET /api/v1/cases: status %d, want 200 with %d cases:\n%.500s", status, want, body)
	}

	w, err := runWrk(ctx, o, base+"/api/v1/cases", "Cookie: rotonde_session="+session)
	if err != nil {
		return result{}, err
	}
	if w.non2xx > 0 {
		return result{}, fmt.Errorf("%d of %d answers were not 2xx/3xx:\n%s", w.non2xx, w.requests, w.raw)
	}
	mem, err := harness.ReadMemory(srv.PID())
	if err != nil {
		return result{}, err
	}
	return result{cases: len(list.Cases), bytes: len(body), wrk: w, mem: mem}, nil
}

func createDatabase(ctx context.Context, adminURL, name string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	return err
}

// seed migrates the database, fills it with the demo data and gives the
// facilitator extra cases, all through the same code the binary uses.
func seed(ctx context.Context, url string, extra int) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	var db *sqldb.DB
	var err error
	if path, ok := strings.CutPrefix(url, "sqlite:"); ok {
		db, err = sqlite.Open(ctx, path)
	} else {
		db, err = postgres.Open(ctx, url)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := harness.SeedDemo(ctx, db)
	if err != nil {
		return err
	}
	if err := db.CheckSchema(ctx); err != nil {
		return err
	}
	for i := range extra {
		c := &rotonde.Case{
			Title:  fmt.Sprintf("Casus %d (%d)", i+1, 10+i%8),
			Reason: "Verzonnen casus voor de benchmark; de hulp loopt vast tussen school, wijkteam en jeugdbescherming.",
		}
		if err := db.Cases.CreateCase(ctx, u, c); err != nil {
			return fmt.Errorf("case %d: %w", i+1, err)
		}
	}
	return nil
}

type wrkResult struct {
	rps      float64
	p50, p99 time.Duration
	requests int64
	non2xx   int64 // non-2xx/3xx answers: wrong, so the run fails
	socket   int64 // connect/read/write errors and timeouts (> 2 s): reported
	raw      string
}

func runWrk(ctx context.Context, o options, url, header string) (wrkResult, error) {
	ctx, cancel := context.WithTimeout(ctx, o.duration+time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "wrk", "-t"+strconv.Itoa(o.threads), "-c"+strconv.Itoa(o.conns),
		"-d"+strconv.Itoa(int(o.duration.Seconds()))+"s", "--latency", "-H", header, url)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %w\n%s", err, out)
	}
	return parseWrk(string(out))
}

// parseWrk reads wrk's --latency report.
func parseWrk(out string) (wrkResult, error) {
	r := wrkResult{raw: out}
	var haveRPS, have50, have99 bool
	for line := range strings.SplitSeq(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return r, fmt.Errorf("wrk Requests/sec %q: %w", f[1], err)
			}
			r.rps, haveRPS = v, true
		case len(f) == 2 && (f[0] == "50%" || f[0] == "99%"):
			d, err := time.ParseDuration(f[1]) // wrk writes us, ms, s, m: all Go units
			if err != nil {
				return r, fmt.Errorf("wrk latency %q: %w", f[1], err)
			}
			if f[0] == "50%" {
				r.p50, have50 = d, true
			} else {
				r.p99, have99 = d, true
			}
		case len(f) >= 3 && f[1] == "requests" && f[2] == "in":
			r.requests, _ = strconv.ParseInt(f[0], 10, 64)
		case strings.HasPrefix(strings.TrimSpace(line), "Non-2xx or 3xx responses:"):
			n, _ := strconv.ParseInt(f[len(f)-1], 10, 64)
			r.non2xx += n
		case strings.HasPrefix(strings.TrimSpace(line), "Socket errors:"):
			// "Socket errors: connect 0, read 0, write 0, timeout 0"
			for i := 2; i+1 < len(f); i += 2 {
				n, _ := strconv.ParseInt(strings.TrimSuffix(f[i+1], ","), 10, 64)
				r.socket += n
			}
		}
	}
	if !haveRPS || !have50 || !have99 {
		return r, fmt.Errorf("could not read wrk's report:\n%s", out)
	}
	return r, nil
}
