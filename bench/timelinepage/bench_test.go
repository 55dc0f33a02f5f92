// Package timelinepagebench measures the timeline page with 20,000 events
// as a user meets it (first contentful paint in Chromium, budget 1.5 s),
// the same page server-side, and importing 100,000 CSV rows through to
// SQLite (parse + store in one transaction, budget 3 s).
//
//	go test -run x -bench . -benchtime 5x ./bench/timelinepage/
package timelinepagebench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/bench/internal/harness"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/internal/wire"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/password"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/sqlite"
	"github.com/rotonde-jeugd/rotonde/timeline"
	"github.com/rotonde-jeugd/rotonde/web"
)

// events is a long invented history of n events from 2000 on.
func events(n int) []timeline.Event { return harness.Events(n, 2000, 26) }

// world serves the demo network with 20,000 extra events on the demo case.
type world struct {
	srv    *httptest.Server
	db     *sqldb.DB
	caseID int64
}

func newWorld(b *testing.B, n int) *world {
	b.Helper()
	ctx := context.Background()
	db := testenv.OpenSQLite(b)
	hash, _ := testenv.HashPassword(demo.Password)
	if _, err := demo.Seed(ctx, wire.Demo(db), hash); err != nil {
		b.Fatal(err)
	}
	owner, _, err := db.Users.UserByEmail(ctx, "hulpverlener@demo.test")
	if err != nil {
		b.Fatal(err)
	}
	cases, err := db.Cases.Cases(ctx, owner)
	if err != nil || len(cases) != 1 {
		b.Fatal(cases, err)
	}
	if err := db.Timeline.AddTimelineEvents(ctx, owner, cases[0].ID, events(n)); err != nil {
		b.Fatal(err)
	}
	cat, _ := i18n.Load()
	dummy, _ := testenv.HashPassword("x")
	s, err := web.New(wire.Services(db), cat, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{
		VerifyPassword: password.Verify, PasswordHash: testenv.HashPassword, DummyHash: dummy})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s)
	b.Cleanup(srv.Close)
	return &world{srv: srv, db: db, caseID: cases[0].ID}
}

func (w *world) login(b *testing.B) *http.Client {
	b.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(w.srv.URL+"/login", url.Values{"email": {"facilitator@demo.test"}, "password": {demo.Password}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		b.Fatalf("login: %v %v", res, err)
	}
	res.Body.Close()
	jarless := res.Cookies()
	c.Transport = cookieTransport{cookies: jarless}
	return c
}

type cookieTransport struct{ cookies []*http.Cookie }

func (t cookieTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	for _, c := range t.cookies {
		r.AddCookie(c)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// BenchmarkTimelinePage20000 is the server side of the page: load 20,000
// events, draw the SVG, list the first 500, log the read.
func BenchmarkTimelinePage20000(b *testing.B) {
	w := newWorld(b, 20000)
	c := w.login(b)
	path := fmt.Sprintf("%s/casussen/%d/tijdlijn", w.srv.URL, w.caseID)
	var size int
	for b.Loop() {
		res, err := c.Get(path)
		if err != nil || res.StatusCode != 200 {
			b.Fatalf("%v %v", res, err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		size = len(body)
	}
	b.ReportMetric(float64(size)/1024, "KiB/page")
}

// BenchmarkCloseMeeting20000 closes a live meeting of a case with 20,000
// timeline events: closing freezes the timeline and geno-sociogram into
// the meeting's snapshot in the same transaction. report-ms is the report
// page read afterwards, drawn from the frozen snapshot.
func BenchmarkCloseMeeting20000(b *testing.B) {
	w := newWorld(b, 20000)
	c := w.login(b)
	ctx := context.Background()
	fac, _, err := w.db.Users.UserByEmail(ctx, "facilitator@demo.test")
	if err != nil {
		b.Fatal(err)
	}
	lib, err := method.Load()
	if err != nil {
		b.Fatal(err)
	}
	steps, err := meeting.StepsForCard(lib, "facilitator", "")
	if err != nil {
		b.Fatal(err)
	}
	var report time.Duration
	runs := 0
	for b.Loop() {
		b.StopTimer()
		m := &meeting.Meeting{CaseID: w.caseID, Title: "Bijeenkomst"}
		if err := w.db.Meetings.CreateMeeting(ctx, fac, m); err != nil {
			b.Fatal(err)
		}
		if err := w.db.Meetings.AddSteps(ctx, fac, m.ID, steps); err != nil {
			b.Fatal(err)
		}
		if _, err := w.db.Meetings.StartMeeting(ctx, fac, m.ID, meeting.NewJoinCode()); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := w.db.Meetings.CloseMeeting(ctx, fac, m.ID, "Terugkoppeling"); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		t0 := time.Now()
		res, err := c.Get(fmt.Sprintf("%s/bijeenkomsten/%d/verslag", w.srv.URL, m.ID))
		if err != nil || res.StatusCode != 200 {
			b.Fatalf("report: %v %v", res, err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		report += time.Since(t0)
		runs++
		b.StartTimer()
	}
	b.ReportMetric(float64(report.Milliseconds())/float64(runs), "report-ms")
}

// BenchmarkFirstPaint20000 loads the page in Chromium and reports the first
// contentful paint (from navigation start, so it includes the server).
func BenchmarkFirstPaint20000(b *testing.B) {
	w := newWorld(b, 20000)
	ctx, cancel := chromedp.NewContext(browsertest.New(b))
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 5*time.Minute)
	defer cancelT()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(w.srv.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("email"), "facilitator@demo.test"),
		chromedp.SendKeys(chromedp.ID("password"), demo.Password),
		chromedp.Click(`button.primary`),
		chromedp.WaitVisible(chromedp.ID("cases-h")),
	); err != nil {
		b.Fatal(err)
	}
	page := fmt.Sprintf("%s/casussen/%d/tijdlijn", w.srv.URL, w.caseID)
	var total, worst float64
	n := 0
	for b.Loop() {
		if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#tekening svg"))); err != nil {
			b.Fatal(err)
		}
		fcp, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => { const e = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint'); return e ? e.startTime : -1; })()`))
		if err != nil || fcp < 0 {
			b.Fatalf("first contentful paint: %v %v", fcp, err)
		}
		total += fcp
		worst = max(worst, fcp)
		n++
	}
	b.ReportMetric(total/float64(n), "fcp-ms")
	b.ReportMetric(worst, "fcp-max-ms")
}

// BenchmarkImport100000SQLite parses a 100,000-row CSV and stores every
// event in one transaction on a SQLite file, as confirming an import does.
func BenchmarkImport100000SQLite(b *testing.B) {
	var buf bytes.Buffer
	if err := timeline.WriteCSV(&buf, events(100000)); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	var parse, store time.Duration
	runs := 0
	defer func() {
		if runs > 0 {
			b.ReportMetric(float64(parse.Milliseconds())/float64(runs), "parse-ms")
			b.ReportMetric(float64(store.Milliseconds())/float64(runs), "store-ms")
		}
	}()
	for b.Loop() {
		b.StopTimer()
		db, owner, caseID := importWorld(b)
		id, err := db.Timeline.StageTimelineImport(ctx, owner, caseID, "groot.csv", data)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		p, err := timeline.ParseCSV(ctx, bytes.NewReader(data), timeline.ParseOptions{})
		if err != nil || !p.OK() {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := db.Timeline.ConfirmTimelineImport(ctx, owner, caseID, id, p.Events); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		parse += t1.Sub(t0)
		store += time.Since(t1)
		runs++
		db.Close()
		b.StartTimer()
	}
}

func importWorld(b *testing.B) (*sqldb.DB, *rotonde.User, int64) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "import.db"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	org := testenv.MustOrg(b, db, "Wijkteam", rotonde.OrgNeighbourhood)
	owner := testenv.MustUser(b, db, &rotonde.User{Email: "o@test.nl", Name: "Eigenaar", Role: rotonde.RoleProfessional, OrgID: org.ID}, "wachtwoord-1")
	c := &rotonde.Case{Title: "Groot (15)"}
	if err := db.Cases.CreateCase(ctx, owner, c); err != nil {
		b.Fatal(err)
	}
	return db, owner, c.ID
}
