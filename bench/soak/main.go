// Command soak runs the real rotonde binary on SQLite for a long time under a
// steady, mixed load and watches whether it keeps its resources: resident
// memory (RSS), open files and goroutines are sampled at a fixed interval
// and reported as first, last and highest value with a least-squares slope.
//
//	go run ./bench/soak [-duration 30m] [-rate 20] [-sample 30s] [-streams 2] [-inflight 64]
//
// The load, at -rate requests a second spread over the mix below, comes from
// one process on loopback:
//
//   - logins (a fresh session each time, as people come and go);
//   - case pages: the case, its timeline and its signals;
//   - timeline writes: an event added to a case of its own (so the pages
//     read above do not grow heavier over the run);
//   - API reads: the case list and one case, with a session cookie;
//   - a live meeting: -streams guests follow its event stream for the whole
//     run while the facilitator posts input into it (part of the mix).
//
// Samples come from /proc/PID (VmRSS, the entries of /proc/PID/fd) and from
// the server's Prometheus endpoint (--metrics-addr: go_goroutines). Every
// request must succeed; failures are counted and reported, and a stream
// that drops is reopened and counted. At most -inflight requests are open at
// once: when the server falls behind (on a busy machine), further ticks are
// skipped and counted rather than piling up connections in the load
// generator, which would look like a leak in the server. Each sample also
// records the machine's load average. After the load, the run waits a minute
// and samples once more, to see what the server gives back. The last line is:
//
//	soak: minutes=M requests=N failed=F rss_mb_first=… rss_mb_last=… fds_last=… goroutines_last=…
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/bench/internal/harness"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/sqlite"
	"github.com/rotonde-jeugd/rotonde/web"
)

func main() {
	duration := flag.Duration("duration", 30*time.Minute, "length of the run (1m–4h)")
	rate := flag.Float64("rate", 20, "requests a second (1–200)")
	sample := flag.Duration("sample", 30*time.Second, "time between samples (1s–5m)")
	streams := flag.Int("streams", 2, "guests following the live meeting (1–50)")
	inflight := flag.Int("inflight", 64, "most requests open at once (1–1000)")
	flag.Parse()
	if *inflight < 1 || *inflight > 1000 {
		fmt.Fprintln(os.Stderr, "soak: out of bounds: -inflight 1–1000")
		os.Exit(2)
	}
	maxInflight = *inflight
	if *duration < time.Minute || *duration > 4*time.Hour || *rate < 1 || *rate > 200 ||
		*sample < time.Second || *sample > 5*time.Minute || *streams < 1 || *streams > 50 {
		fmt.Fprintln(os.Stderr, "soak: out of bounds: -duration 1m–4h, -rate 1–200, -sample 1s–5m, -streams 1–50")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *duration, *rate, *sample, *streams); err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
}

// maxInflight bounds the requests open at once (-inflight).
var maxInflight = 64

// world is what the load needs to know about the seeded database.
type world struct {
	base        string
	readCase    int64 // the demo case: read only
	writeCase   int64 // a case of its own for the timeline writes
	meetingID   int64
	guestTokens []string
	session     string // the facilitator's, renewed by the login requests
	sessionMu   sync.Mutex
}

func (w *world) cookie() string {
	w.sessionMu.Lock()
	defer w.sessionMu.Unlock()
	return w.session
}

func run(ctx context.Context, duration time.Duration, rate float64, every time.Duration, streams int) error {
	root, tmp, err := harness.Workspace(ctx, "soak")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fmt.Print(harness.Machine(ctx))
	fmt.Printf("date:   %s\n", time.Now().UTC().Format(time.RFC3339))
	bin := filepath.Join(tmp, "rotonde")
	if err := harness.Build(ctx, root, bin, true); err != nil {
		return err
	}
	dbPath := filepath.Join(tmp, "rotonde.db")
	w := &world{}
	if err := seed(ctx, dbPath, w, streams); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	metricsPort, err := harness.FreePort()
	if err != nil {
		return err
	}
	metricsAddr := "127.0.0.1:" + strconv.Itoa(metricsPort)
	srv, err := harness.Start(bin, "serve", "--database-url", "sqlite:"+dbPath, "--addr", "127.0.0.1:0",
		"--log-level", "warn", "--require-second-factor=false", "--metrics-addr", metricsAddr)
	if err != nil {
		return err
	}
	defer srv.Stop()
	addr, err := srv.WaitListening(ctx, 30*time.Second)
	if err != nil {
		return err
	}
	w.base = "http://" + addr
	if w.session, err = harness.Login(ctx, w.base, "facilitator@demo.test", demo.Password); err != nil {
		return err
	}
	fmt.Printf("load:   %.0f req/s for %s, %d live stream(s), samples every %s; server pid %d\n", rate, duration, streams, every, srv.PID())

	client := &http.Client{
		Timeout:       15 * time.Second,
		Transport:     &http.Transport{MaxIdleConnsPerHost: 16},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	runCtx, cancel := context.WithTimeout(ctx, duration)
	defer cancel()

	var st stats
	var wg sync.WaitGroup
	// The live streams, for the whole run.
	for _, tok := range w.guestTokens {
		wg.Go(func() { follow(runCtx, w, tok, &st) })
	}
	// The sampler.
	sm := &sampler{pid: srv.PID(), metricsAddr: metricsAddr, started: srv.Started, st: &st}
	take := func() { sm.take(ctx) }
	take()
	wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-runCtx.Done():
				return
			case <-t.C:
				take()
			}
		}
	})
	drive(runCtx, client, w, rate, &st)
	wg.Wait()
	client.CloseIdleConnections()
	// A minute without load, streams closed: what does the server give back?
	select {
	case <-ctx.Done():
	case <-time.After(time.Minute):
	}
	take()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return report(sm.samples, &st, duration)
}

// sampler measures the server now and then and prints each sample.
type sampler struct {
	pid         int
	metricsAddr string
	started     time.Time
	st          *stats
	mu          sync.Mutex
	samples     []sample
}

func (sm *sampler) take(ctx context.Context) {
	s, err := measure(ctx, sm.pid, sm.metricsAddr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak: sample:", err)
		return
	}
	s.at = time.Since(sm.started)
	sm.mu.Lock()
	sm.samples = append(sm.samples, s)
	sm.mu.Unlock()
	st := sm.st
	fmt.Printf("sample t=%5.1fmin rss=%6.1fMiB fds=%3d goroutines=%4d requests=%d failed=%d skipped=%d load1=%.1f\n",
		s.at.Minutes(), float64(s.rssKiB)/1024, s.fds, s.goroutines, st.requests.Load(), st.failed.Load(), st.skipped.Load(), s.load1)
}

// drive sends one request every 1/rate seconds until ctx ends, each in its
// own goroutine so that a slow answer does not lower the rate, with at most
// maxInflight open at once.
func drive(ctx context.Context, client *http.Client, w *world, rate float64, st *stats) {
	interval := time.Duration(float64(time.Second) / rate)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	var reqs sync.WaitGroup
	defer reqs.Wait()
	slots := make(chan struct{}, maxInflight)
	n := 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			n++
			i := n
			select {
			case slots <- struct{}{}:
			default:
				st.skipped.Add(1) // the server is behind: do not pile up
				continue
			}
			reqs.Go(func() {
				defer func() { <-slots }()
				one(ctx, client, w, i, st)
			})
		}
	}
}

type stats struct {
	requests, failed, logins, pages, writes, api, inputs atomic.Int64
	events, reconnects, skipped                          atomic.Int64
	firstErr                                             atomic.Value
}

func (st *stats) fail(err error) {
	st.failed.Add(1)
	st.firstErr.CompareAndSwap(nil, err.Error())
}

// one sends request number i of the mix: in every 20, 1 login, 6 case
// pages, 3 timeline writes, 7 API reads and 3 inputs into the live meeting.
func one(ctx context.Context, client *http.Client, w *world, i int, st *stats) {
	st.requests.Add(1)
	var err error
	switch k := i % 20; {
	case k == 0:
		st.logins.Add(1)
		var s string
		if s, err = harness.Login(ctx, w.base, "facilitator@demo.test", demo.Password); err == nil {
			w.sessionMu.Lock()
			w.session = s
			w.sessionMu.Unlock()
		}
	case k <= 6:
		st.pages.Add(1)
		path := []string{"/casussen/%d", "/casussen/%d/tijdlijn", "/casussen/%d/signalen"}[k%3]
		err = do(ctx, client, w, "GET", fmt.Sprintf(path, w.readCase), nil, http.StatusOK)
	case k <= 9:
		st.writes.Add(1)
		form := url.Values{"date": {time.Now().Format("2006-01-02")}, "kind": {"contact"}, "lane": {"professioneel"},
			"description": {fmt.Sprintf("Overleg school en wijkteam (soak %d)", i)}}
		err = do(ctx, client, w, "POST", fmt.Sprintf("/casussen/%d/tijdlijn", w.writeCase), form, http.StatusSeeOther)
	case k <= 16:
		st.api.Add(1)
		if k%2 == 0 {
			err = do(ctx, client, w, "GET", "/api/v1/cases", nil, http.StatusOK)
		} else {
			err = do(ctx, client, w, "GET", fmt.Sprintf("/api/v1/cases/%d", w.readCase), nil, http.StatusOK)
		}
	default:
		st.inputs.Add(1)
		form := url.Values{"step": {"0"}, "kind": {"observation"}, "body": {fmt.Sprintf("Wat zie ik? (%d)", i)}}
		err = do(ctx, client, w, "POST", fmt.Sprintf("/bijeenkomsten/%d/inbreng", w.meetingID), form, http.StatusOK)
	}
	if err != nil && ctx.Err() == nil {
		st.fail(err)
	}
}

func do(ctx context.Context, client *http.Client, w *world, method, path string, form url.Values, want int) error {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, w.base+path, body)
	if err != nil {
		return err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
	}
	req.AddCookie(&http.Cookie{Name: "rotonde_session", Value: w.cookie()})
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	if res.StatusCode != want {
		return fmt.Errorf("%s %s: status %d, want %d", method, path, res.StatusCode, want)
	}
	return nil
}

// follow keeps one guest on the meeting's event stream until ctx ends,
// reopening it when it drops.
func follow(ctx context.Context, w *world, token string, st *stats) {
	client := &http.Client{} // no timeout: the stream lasts the whole run
	for ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/bijeenkomsten/%d/events", w.base, w.meetingID), nil)
		req.AddCookie(&http.Cookie{Name: web.GuestCookieName(w.meetingID), Value: token})
		res, err := client.Do(req)
		if err == nil {
			if res.StatusCode == http.StatusOK {
				sc := bufio.NewScanner(res.Body)
				for sc.Scan() {
					if strings.HasPrefix(sc.Text(), "event:") || strings.HasPrefix(sc.Text(), "data:") {
						st.events.Add(1)
					}
				}
			} else if ctx.Err() == nil {
				st.fail(fmt.Errorf("event stream: status %d", res.StatusCode))
			}
			res.Body.Close()
		}
		if ctx.Err() != nil {
			return
		}
		st.reconnects.Add(1)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// seed fills a new SQLite database with the demo data, a case of its own
// for the writes, and a started meeting with admitted guests.
func seed(ctx context.Context, path string, w *world, streams int) error {
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	fac, err := harness.SeedDemo(ctx, db)
	if err != nil {
		return err
	}
	cases, err := db.Cases.Cases(ctx, fac)
	if err != nil {
		return err
	}
	if len(cases) == 0 {
		return errors.New("the demo facilitator has no case")
	}
	w.readCase = cases[0].ID
	c := &rotonde.Case{Title: "Soak (16)", Reason: "Verzonnen casus voor de duurtest: de tijdlijn groeit hier."}
	if err := db.Cases.CreateCase(ctx, fac, c); err != nil {
		return err
	}
	w.writeCase = c.ID
	id, err := harness.RunningMeeting(ctx, db, fac, "Duurtest")
	if err != nil {
		return err
	}
	w.meetingID = id
	now := time.Now().UTC()
	for g := range streams {
		// The guest token ends with the meeting, not before the run does.
		gt, err := harness.Guest(ctx, db, fac, id, fmt.Sprintf("gast %d", g+1), now)
		if err != nil {
			return err
		}
		w.guestTokens = append(w.guestTokens, gt)
	}
	return nil
}

type sample struct {
	at         time.Duration
	rssKiB     int64
	fds        int
	goroutines int
	load1      float64 // the machine's 1-minute load average
}

func measure(ctx context.Context, pid int, metricsAddr string) (sample, error) {
	mem, err := harness.ReadMemory(pid)
	if err != nil {
		return sample{}, err
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return sample{}, err
	}
	status, body, err := harness.Get(ctx, "http://"+metricsAddr, "/metrics", "")
	if err != nil {
		return sample{}, err
	}
	if status != http.StatusOK {
		return sample{}, fmt.Errorf("/metrics: status %d", status)
	}
	g := -1
	for line := range strings.SplitSeq(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, "go_goroutines "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return sample{}, fmt.Errorf("go_goroutines %q: %w", v, err)
			}
			g = int(f)
		}
	}
	if g < 0 {
		return sample{}, errors.New("/metrics has no go_goroutines")
	}
	var load1 float64
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		load1, _ = strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	}
	return sample{rssKiB: mem.RSS, fds: len(fds), goroutines: g, load1: load1}, nil
}

// slope fits y = a + b·t by least squares and returns b per hour.
func slope(t, y []float64) float64 {
	n := float64(len(t))
	if n < 2 {
		return 0
	}
	var st, sy, stt, sty float64
	for i := range t {
		st += t[i]
		sy += y[i]
		stt += t[i] * t[i]
		sty += t[i] * y[i]
	}
	d := n*stt - st*st
	if d == 0 {
		return 0
	}
	return (n*sty - st*sy) / d
}

func report(samples []sample, st *stats, duration time.Duration) error {
	if len(samples) < 4 {
		return errors.New("fewer than four samples")
	}
	// The first sample is taken before the load starts and the last a
	// minute after it stopped; the figures describe the run under load,
	// those two are shown apart.
	before, after := samples[0], samples[len(samples)-1]
	load := samples[1 : len(samples)-1]
	series := func(name, unit string, v func(sample) float64) {
		var t, y []float64
		first, last, hi := v(load[0]), v(load[len(load)-1]), v(load[0])
		for _, s := range load {
			t = append(t, s.at.Hours())
			y = append(y, v(s))
			hi = max(hi, v(s))
		}
		// The slope over the second half leaves the warm-up out.
		h := len(t) / 2
		fmt.Printf("%-11s before load %7.1f | under load: first %7.1f  last %7.1f  max %7.1f  slope %+8.2f %s/h (second half %+8.2f %s/h) | 1 min after %7.1f\n",
			name, v(before), first, last, hi, slope(t, y), unit, slope(t[h:], y[h:]), unit, v(after))
	}
	fmt.Printf("requests:   %d (%d logins, %d case pages, %d timeline writes, %d API reads, %d meeting inputs), %d failed, %d skipped (server behind); %d stream lines, %d stream reconnects\n",
		st.requests.Load(), st.logins.Load(), st.pages.Load(), st.writes.Load(), st.api.Load(), st.inputs.Load(),
		st.failed.Load(), st.skipped.Load(), st.events.Load(), st.reconnects.Load())
	if e, ok := st.firstErr.Load().(string); ok {
		fmt.Printf("first failure: %s\n", e)
	}
	series("rss_mib", "MiB", func(s sample) float64 { return float64(s.rssKiB) / 1024 })
	series("open_fds", "fds", func(s sample) float64 { return float64(s.fds) })
	series("goroutines", "", func(s sample) float64 { return float64(s.goroutines) })
	series("load1", "", func(s sample) float64 { return s.load1 })
	l := load[len(load)-1]
	fmt.Printf("soak: minutes=%.0f requests=%d failed=%d rss_mb_first=%.1f rss_mb_last=%.1f fds_last=%d goroutines_last=%d\n",
		duration.Minutes(), st.requests.Load(), st.failed.Load(), float64(load[0].rssKiB)/1024, float64(l.rssKiB)/1024, l.fds, l.goroutines)
	return nil
}
