package durability

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
	"github.com/rotonde-jeugd/rotonde/postgres"
	"github.com/rotonde-jeugd/rotonde/seal"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/sqlite"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const (
	burstWorkers     = 8
	burstMaxRequests = 2000             // per cycle
	burstMaxDuration = 20 * time.Second // per cycle; the kill comes by then at the latest
	killCycles       = 3                // per engine
)

// engine is one storage engine under test: how the server is pointed at
// it, how the test opens it directly, and what must hold after a crash.
type engine struct {
	url   string
	open  func() *sqldb.DB
	check func(t *testing.T, db *sqldb.DB)
	// serveFlags are extra flags for `rotonde serve` (the key file on
	// PostgreSQL; on SQLite the one beside the database is made at start).
	serveFlags []string
}

// openWithin30s opens the database at url with open, giving it 30 seconds.
func openWithin30s(t *testing.T, open func(context.Context, string) (*sqldb.DB, error), url string) *sqldb.DB {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func sqliteEngine(t *testing.T) engine {
	path := filepath.Join(t.TempDir(), "rotonde.db")
	return engine{
		url:  "sqlite:" + path,
		open: func() *sqldb.DB { return openWithin30s(t, sqlite.Open, path) },
		check: func(t *testing.T, db *sqldb.DB) {
			ctx := context.Background()
			res, err := sqlite.IntegrityCheck(ctx, db)
			if err != nil || res != "ok" {
				t.Errorf("PRAGMA integrity_check = %q, %v; want ok", res, err)
			}
			s, err := sqlite.ReadSettings(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.EqualFold(s.JournalMode, "wal") || s.Synchronous != 2 {
				t.Errorf("settings %+v; want journal_mode wal, synchronous 2 (FULL)", s)
			}
			// journal_mode is stored in the file itself (header bytes 18 and 19
			// are 2 in WAL mode), so this reads what the killed server left,
			// not what our own connection asked for.
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			hdr := make([]byte, 20)
			if _, err := f.ReadAt(hdr, 0); err != nil {
				t.Fatal(err)
			}
			if hdr[18] != 2 || hdr[19] != 2 {
				t.Errorf("file header read/write versions %d/%d; want 2/2 (WAL)", hdr[18], hdr[19])
			}
		},
	}
}

func postgresEngine(t *testing.T) engine {
	url := pgtest.NewDatabase(t)
	keyFile := filepath.Join(t.TempDir(), "rotonde.key")
	if err := os.WriteFile(keyFile, []byte(seal.EncodeKey(seal.GenerateKey())+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return engine{
		url:        url,
		serveFlags: []string{"--key-file", keyFile},
		open:       func() *sqldb.DB { return openWithin30s(t, postgres.Open, url) },
		check: func(t *testing.T, db *sqldb.DB) {
			for _, name := range []string{"fsync", "synchronous_commit"} {
				var v string
				if err := db.Reader().QueryRowContext(context.Background(), "SHOW "+name).Scan(&v); err != nil {
					t.Fatalf("SHOW %s: %v", name, err)
				}
				if v != "on" {
					t.Errorf("SHOW %s = %q; want on", name, v)
				}
			}
		},
	}
}

// TestAcknowledgedWritesSurviveKill kills the server with SIGKILL in the
// middle of a burst of case writes and checks, after a restart on the same
// database, that every case answered with 201 is there with its title and
// id. Requests in flight at the kill may or may not have been stored.
//
// SIGKILL kills the process, not the machine: the operating system keeps
// what was written to its cache. This proves that 201 is sent only after the
// commit and that recovery keeps every commit; fsync against power loss is
// guarded by the settings checked here (and refused at start-up otherwise).
func TestAcknowledgedWritesSurviveKill(t *testing.T) {
	bin := buildBinary(t)
	for _, tc := range []struct {
		name string
		eng  func(t *testing.T) engine
	}{{"sqlite", sqliteEngine}, {"postgres", postgresEngine}} {
		t.Run(tc.name, func(t *testing.T) { killCycleTest(t, bin, tc.eng(t)) })
	}
}

func killCycleTest(t *testing.T, bin string, eng engine) {
	const email, pw = "sam.test@wijkteam.example", "lang-genoeg-wachtwoord-1"
	setupAccount(t, bin, eng.url, eng.open, email, pw)

	c := newClient(t)
	srv := startServer(t, bin, eng.url, eng.serveFlags...)
	cookie := login(t, c, srv.base, email, pw)

	attempted := map[string]bool{} // every title ever sent
	acked := map[string]int64{}    // title → id (0 when the 201's body was cut off)
	for cycle := 1; cycle <= killCycles; cycle++ {
		killAfter := 150 + rand.IntN(650)
		start := time.Now()
		r := burst(t, c, srv, cookie, cycle, killAfter)
		burstTime := time.Since(start)
		if t.Failed() {
			return
		}
		if !srv.killedBySIGKILL() {
			t.Fatalf("cycle %d: server ended with %v, not by our SIGKILL", cycle, srv.state)
		}
		for _, title := range r.attempted {
			attempted[title] = true
		}
		for _, a := range r.acks {
			acked[a.title] = a.id
		}

		db := eng.open()
		eng.check(t, db)
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}

		restart := time.Now()
		srv = startServer(t, bin, eng.url, eng.serveFlags...)
		restartTime := time.Since(restart)
		// The session was acknowledged (303 + cookie) before the burst, so it
		// must have survived the kill too.
		if _, err := listCases(c, srv.base, cookie); err != nil {
			t.Errorf("cycle %d: session from before the kill no longer works: %v", cycle, err)
		}
		cookie = login(t, c, srv.base, email, pw)
		list, err := listCases(c, srv.base, cookie)
		if err != nil {
			t.Fatal(err)
		}
		problems, extra := verify(list, attempted, acked)
		for _, p := range problems {
			t.Errorf("cycle %d: %s", cycle, p)
		}
		t.Logf("cycle %d: kill planned after %d acks; %d requests sent, %d acked (%d at the kill, %d in flight then), "+
			"%d unacknowledged writes found committed so far; burst %v, restart %v, %d cases in total",
			cycle, killAfter, len(r.attempted), len(r.acks), r.acksAtKill, r.inFlightAtKill,
			extra, burstTime.Round(time.Millisecond), restartTime.Round(time.Millisecond), len(list))
		if t.Failed() {
			return
		}
	}
	srv.stop()
	db := eng.open()
	defer db.Close()
	eng.check(t, db)
}

type ack struct {
	title string
	id    int64
}

type burstResult struct {
	attempted      []string
	acks           []ack
	acksAtKill     int64
	inFlightAtKill int64
}

// burst sends case writes from several workers and kills the server once
// killAfter writes are acknowledged (or after burstMaxDuration), while the
// other workers still have requests in flight. It returns when the server
// process has exited.
func burst(t *testing.T, c *http.Client, srv *server, cookie string, cycle, killAfter int) burstResult {
	t.Helper()
	var (
		mu       sync.Mutex
		res      burstResult
		problems []string
		next     atomic.Int64
		started  atomic.Int64
		finished atomic.Int64
		nAcks    atomic.Int64
		killOnce sync.Once
		killed   = make(chan struct{})
	)
	kill := func() {
		killOnce.Do(func() {
			res.inFlightAtKill = started.Load() - finished.Load()
			res.acksAtKill = nAcks.Load()
			// Closed before the signal: any error a worker sees from the
			// kill comes after it can see that the kill was ours.
			close(killed)
			if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Errorf("SIGKILL: %v", err)
			}
		})
	}
	isKilled := func() bool {
		select {
		case <-killed:
			return true
		default:
			return false
		}
	}

	var wg sync.WaitGroup
	for range burstWorkers {
		wg.Go(func() {
			for !isKilled() {
				n := next.Add(1)
				if n > burstMaxRequests {
					return
				}
				title := fmt.Sprintf("Casus r%d-%04d", cycle, n)
				mu.Lock()
				res.attempted = append(res.attempted, title)
				mu.Unlock()
				started.Add(1)
				status, id, err := postCase(c, srv.base, cookie, title, "Duurzaamheidstest: vader en oma (m) willen meedenken.")
				finished.Add(1)
				switch {
				case status == http.StatusCreated:
					// The status line arrived, so the commit is done even
					// if the kill cut off the body (then the id is unknown).
					if err != nil {
						id = 0
					}
					mu.Lock()
					res.acks = append(res.acks, ack{title, id})
					mu.Unlock()
					if nAcks.Add(1) >= int64(killAfter) {
						kill()
					}
				case isKilled():
					return // connection refused or reset: expected after the kill
				default:
					mu.Lock()
					problems = append(problems, fmt.Sprintf("%s: status %d, %v", title, status, err))
					mu.Unlock()
					return
				}
			}
		})
	}
	deadline := time.NewTimer(burstMaxDuration)
	defer deadline.Stop()
	go func() {
		select {
		case <-deadline.C:
			kill()
		case <-killed:
		}
	}()
	wg.Wait()
	if !isKilled() {
		t.Logf("cycle %d: all %d requests done before %d acks; killing after the burst", cycle, burstMaxRequests, killAfter)
	}
	kill()
	select {
	case <-srv.done:
	case <-time.After(30 * time.Second):
		t.Fatal("server did not exit after SIGKILL")
	}
	for _, p := range problems {
		t.Errorf("cycle %d: write failed before the kill: %s", cycle, p)
	}
	if len(res.acks) == 0 {
		t.Errorf("cycle %d: no write was acknowledged", cycle)
	}
	return res
}

// verify checks the listed cases against what was sent and acknowledged.
// It returns what is wrong and how many unacknowledged writes turned out
// to be committed (allowed: they were in flight at the kill).
func verify(list []apiCase, attempted map[string]bool, acked map[string]int64) (problems []string, extra int) {
	byTitle := map[string][]int64{}
	for _, c := range list {
		if !attempted[c.Title] {
			problems = append(problems, fmt.Sprintf("case %d has title %q, which was never sent", c.ID, c.Title))
			continue
		}
		byTitle[c.Title] = append(byTitle[c.Title], c.ID)
	}
	lost := 0
	for title, id := range acked {
		ids := byTitle[title]
		switch {
		case len(ids) == 0:
			lost++
			if lost <= 10 {
				problems = append(problems, fmt.Sprintf("acknowledged case %q (id %d) is lost", title, id))
			}
		case id != 0 && ids[0] != id:
			problems = append(problems, fmt.Sprintf("case %q has id %d, acknowledged as %d", title, ids[0], id))
		}
	}
	if lost > 0 {
		problems = append(problems, fmt.Sprintf("%d of %d acknowledged cases lost", lost, len(acked)))
	}
	for title, ids := range byTitle {
		if len(ids) > 1 {
			problems = append(problems, fmt.Sprintf("case %q stored %d times (ids %v)", title, len(ids), ids))
		}
		if _, ok := acked[title]; !ok {
			extra++
		}
	}
	sort.Strings(problems)
	return problems, extra
}
