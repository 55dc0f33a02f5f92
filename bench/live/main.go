// Command live measures how fast an update in a live learning meeting
// reaches every participant: many guests follow their meeting's event
// stream (Server-Sent Events) while each meeting's facilitator posts input;
// the time from posting to arrival at each participant is collected.
//
//	go run ./bench/live                                   # SQLite, one instance
//	go run ./bench/live -engine postgres -instances 2     # PostgreSQL, two instances
//
// Flags: -clients (1000), -meetings (20), -updates per meeting (20),
// -interval between a meeting's updates (500ms), -timeout for the whole run
// (3m). Everything runs in this process on 127.0.0.1: the Rotonde
// instance(s), and for PostgreSQL a throwaway cluster from the machine's
// server binaries. The load generator bounds itself: at most 5000 clients,
// 200 meetings, and the timeout. RSS is this whole process (servers and
// load generator together), so it overstates the server's own.
//
// The last line is: live: clients=N meetings=M p99_ms=X rss_mb=Y
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/bench/internal/harness"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
	"github.com/rotonde-jeugd/rotonde/internal/wire"
	"github.com/rotonde-jeugd/rotonde/live"
	"github.com/rotonde-jeugd/rotonde/password"
	"github.com/rotonde-jeugd/rotonde/postgres"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/sqlite"
	"github.com/rotonde-jeugd/rotonde/web"
)

func main() {
	clients := flag.Int("clients", 1000, "live participants in total")
	meetings := flag.Int("meetings", 20, "meetings the participants are spread over")
	updates := flag.Int("updates", 20, "updates each facilitator posts")
	interval := flag.Duration("interval", 500*time.Millisecond, "time between a meeting's updates")
	engine := flag.String("engine", "sqlite", "sqlite or postgres")
	instances := flag.Int("instances", 1, "Rotonde instances (PostgreSQL only for more than one)")
	timeout := flag.Duration("timeout", 3*time.Minute, "upper bound for the whole run")
	flag.Parse()
	if *clients < 1 || *clients > 5000 || *meetings < 1 || *meetings > 200 || *updates < 1 || *updates > 1000 || *instances < 1 || *instances > 4 {
		fatal(errors.New("out of bounds: 1–5000 clients, 1–200 meetings, 1–1000 updates, 1–4 instances"))
	}
	if *engine == "sqlite" && *instances != 1 {
		fatal(errors.New("several instances need PostgreSQL"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	raiseFileLimit()
	res, err := run(ctx, *engine, *instances, *clients, *meetings, *updates, *interval)
	if err != nil {
		fatal(err)
	}
	fmt.Printf("engine=%s instances=%d deliveries=%d missing=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
		*engine, *instances, res.deliveries, res.missing, ms(res.p50), ms(res.p99), ms(res.max))
	fmt.Printf("live: clients=%d meetings=%d p99_ms=%.1f rss_mb=%.0f\n", *clients, *meetings, ms(res.p99), res.rssMB)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "live:", err)
	os.Exit(1)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func raiseFileLimit() {
	var l syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l) == nil && l.Cur < 16384 {
		l.Cur = min(l.Max, 16384)
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l)
	}
}

type result struct {
	deliveries, missing int
	p50, p99, max       time.Duration
	rssMB               float64
}

type world struct {
	dbs       []*sqldb.DB
	bases     []string
	facCookie string
	meetings  []int64
	guests    [][]string // per meeting: guest tokens
	closers   []func()
}

func run(ctx context.Context, engine string, instances, clients, meetings, updates int, interval time.Duration) (*result, error) {
	w := &world{}
	defer func() {
		for i := len(w.closers) - 1; i >= 0; i-- {
			w.closers[i]()
		}
	}()
	dsn := ""
	switch engine {
	case "sqlite":
		dir, err := os.MkdirTemp("", "rotonde-bench-live-")
		if err != nil {
			return nil, err
		}
		w.closers = append(w.closers, func() { os.RemoveAll(dir) })
		db, err := sqlite.Open(ctx, filepath.Join(dir, "rotonde.db"))
		if err != nil {
			return nil, err
		}
		w.closers = append(w.closers, func() { db.Close() })
		w.dbs = append(w.dbs, db)
	case "postgres":
		dir, err := os.MkdirTemp("", "rotonde-bench-live-pg-")
		if err != nil {
			return nil, err
		}
		w.closers = append(w.closers, func() { os.RemoveAll(dir) })
		cl, err := pgtest.StartCluster(ctx, dir)
		if err != nil {
			return nil, err
		}
		w.closers = append(w.closers, func() { cl.Stop() })
		if dsn, err = cl.CreateDatabase(ctx, "rotonde"); err != nil {
			return nil, err
		}
		for range instances {
			db, err := postgres.Open(ctx, dsn)
			if err != nil {
				return nil, err
			}
			w.closers = append(w.closers, func() { db.Close() })
			w.dbs = append(w.dbs, db)
		}
	default:
		return nil, fmt.Errorf("unknown engine %q", engine)
	}
	if _, err := w.dbs[0].Migrate(ctx); err != nil {
		return nil, err
	}
	if err := seed(ctx, w, clients, meetings); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	for _, db := range w.dbs {
		base, err := serve(ctx, w, db, dsn)
		if err != nil {
			return nil, err
		}
		w.bases = append(w.bases, base)
	}
	return measure(ctx, w, updates, interval)
}

// seed makes a facilitator, the meetings (started) and one admitted guest
// per client, straight in the store.
func seed(ctx context.Context, w *world, clients, meetings int) error {
	db := w.dbs[0]
	org := &rotonde.Organisation{Name: "Bench", Kind: rotonde.OrgNeighbourhood}
	if err := db.Orgs.CreateOrganisation(ctx, nil, org); err != nil {
		return err
	}
	hash, err := password.Hash("bench-wachtwoord", password.Params{Memory: 512, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16})
	if err != nil {
		return err
	}
	fac := &rotonde.User{Email: "facilitator@bench.test", Name: "Facilitator", Role: rotonde.RoleFacilitator, OrgID: org.ID}
	if err := db.Users.CreateUser(ctx, nil, fac, hash); err != nil {
		return err
	}
	tok, tokHash := web.NewToken("")
	now := time.Now().UTC()
	if err := db.Sessions.CreateSession(ctx, &rotonde.Session{UserID: fac.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(2 * time.Hour)}, tokHash); err != nil {
		return err
	}
	w.facCookie = tok
	w.guests = make([][]string, meetings)
	for i := range meetings {
		id, err := harness.RunningMeeting(ctx, db, fac, fmt.Sprintf("Bijeenkomst %d", i+1))
		if err != nil {
			return err
		}
		w.meetings = append(w.meetings, id)
	}
	for c := range clients {
		i := c % meetings
		gt, err := harness.Guest(ctx, db, fac, w.meetings[i], fmt.Sprintf("gast %d", c+1), now)
		if err != nil {
			return err
		}
		w.guests[i] = append(w.guests[i], gt)
	}
	return nil
}

// serve starts one Rotonde instance on a loopback port; on PostgreSQL its
// hub is fed by its own LISTEN connection.
func serve(ctx context.Context, w *world, db *sqldb.DB, dsn string) (string, error) {
	log := slog.New(slog.DiscardHandler)
	hub := live.NewHub(db.Meetings, log, 0)
	w.closers = append(w.closers, hub.Close)
	if dsn != "" {
		rctx, cancel := context.WithCancel(ctx)
		w.closers = append(w.closers, cancel)
		if _, err := live.StartRelay(rctx, dsn, hub, log); err != nil {
			return "", err
		}
	}
	cat, err := i18n.Load()
	if err != nil {
		return "", err
	}
	s, err := web.New(wire.Services(db), cat, log, web.Config{VerifyPassword: password.Verify,
		PasswordHash: func(string) (string, error) { return "", errors.New("no") }, Live: hub})
	if err != nil {
		return "", err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	w.closers = append(w.closers, func() {
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		srv.Close()
	})
	return "http://" + ln.Addr().String(), nil
}

func measure(ctx context.Context, w *world, updates int, interval time.Duration) (*result, error) {
	tr := &http.Transport{MaxIdleConns: 0, MaxConnsPerHost: 0, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		ready     sync.WaitGroup
		done      sync.WaitGroup
		failures  atomic.Int64
	)
	streamCtx, stopStreams := context.WithCancel(ctx)
	defer stopStreams()
	n := 0
	for i, mid := range w.meetings {
		for _, gt := range w.guests[i] {
			base := w.bases[n%len(w.bases)] // spread the clients over the instances
			n++
			ready.Add(1)
			done.Add(1)
			go func() {
				defer done.Done()
				got := follow(streamCtx, client, base, mid, gt, updates, &ready)
				if len(got) < updates {
					failures.Add(int64(updates - len(got)))
				}
				mu.Lock()
				latencies = append(latencies, got...)
				mu.Unlock()
			}()
		}
	}
	waitCh := make(chan struct{})
	go func() { ready.Wait(); close(waitCh) }()
	select {
	case <-waitCh:
	case <-ctx.Done():
		return nil, errors.New("clients did not all connect in time")
	}
	// Every meeting's facilitator posts through the first instance, spread in time.
	var posters sync.WaitGroup
	var postMu sync.Mutex
	var postTimes []time.Duration
	for i, mid := range w.meetings {
		posters.Add(1)
		go func() {
			defer posters.Done()
			time.Sleep(interval * time.Duration(i) / time.Duration(len(w.meetings)))
			for u := range updates {
				if ctx.Err() != nil {
					return
				}
				body := url.Values{"step": {"0"}, "kind": {"observation"}, "body": {fmt.Sprintf("t=%d u=%d", time.Now().UnixNano(), u)}}
				req, _ := http.NewRequestWithContext(ctx, "POST", w.bases[0]+"/bijeenkomsten/"+strconv.FormatInt(mid, 10)+"/inbreng", strings.NewReader(body.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Accept", "application/json")
				req.AddCookie(&http.Cookie{Name: "rotonde_session", Value: w.facCookie})
				t0 := time.Now()
				res, err := client.Do(req)
				postMu.Lock()
				postTimes = append(postTimes, time.Since(t0))
				postMu.Unlock()
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != 200 {
						fmt.Fprintf(os.Stderr, "post: status %d\n", res.StatusCode)
					}
				}
				time.Sleep(interval)
			}
		}()
	}
	posters.Wait()
	// Give the last updates a moment, then stop the streams.
	finished := make(chan struct{})
	go func() { done.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(5 * time.Second):
		stopStreams()
		<-finished
	}
	rss := rssMB()
	sort.Slice(postTimes, func(i, j int) bool { return postTimes[i] < postTimes[j] })
	if len(postTimes) > 0 {
		fmt.Printf("posts=%d post_p50_ms=%.1f post_p99_ms=%.1f\n", len(postTimes), ms(postTimes[len(postTimes)/2]), ms(postTimes[len(postTimes)*99/100]))
	}
	if len(latencies) == 0 {
		return nil, errors.New("no update arrived")
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pick := func(q float64) time.Duration { return latencies[min(len(latencies)-1, int(q*float64(len(latencies))))] }
	return &result{deliveries: len(latencies), missing: int(failures.Load()), p50: pick(0.50), p99: pick(0.99), max: latencies[len(latencies)-1], rssMB: rss}, nil
}

// follow reads one guest's event stream until it has seen `want` updates.
func follow(ctx context.Context, client *http.Client, base string, mid int64, guestToken string, want int, ready *sync.WaitGroup) []time.Duration {
	once := sync.OnceFunc(ready.Done)
	defer once()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/bijeenkomsten/"+strconv.FormatInt(mid, 10)+"/events", nil)
	req.AddCookie(&http.Cookie{Name: web.GuestCookieName(mid), Value: guestToken})
	res, err := client.Do(req)
	if err != nil {
		return nil
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		fmt.Fprintf(os.Stderr, "stream: status %d\n", res.StatusCode)
		return nil
	}
	br := bufio.NewReaderSize(res.Body, 4096)
	var out []time.Duration
	for len(out) < want {
		line, err := br.ReadString('\n')
		if err != nil {
			return out
		}
		if strings.HasPrefix(line, "retry:") {
			once() // the stream is established and subscribed
			continue
		}
		i := strings.Index(line, `"body":"t=`)
		if !strings.HasPrefix(line, "data: ") || i < 0 {
			continue
		}
		rest := line[i+len(`"body":"t=`):]
		end := strings.IndexByte(rest, ' ')
		if end < 0 {
			continue
		}
		sent, err := strconv.ParseInt(rest[:end], 10, 64)
		if err == nil {
			out = append(out, time.Since(time.Unix(0, sent)))
		}
	}
	return out
}

// rssMB is the peak resident set of this process (VmHWM).
func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseFloat(f[1], 64)
				return kb / 1024
			}
		}
	}
	return -1
}
