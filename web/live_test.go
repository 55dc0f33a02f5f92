package web_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/internal/wire"
	"github.com/rotonde-jeugd/rotonde/live"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/postgres"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/web"
)

// liveMeeting prepares and starts a meeting on the demo case as its
// facilitator and returns the facilitator's client, the meeting id and code.
func (e *env) liveMeeting(cards ...string) (*http.Client, int64, string) {
	e.t.Helper()
	fac := e.login("facilitator@demo.test")
	loc := e.openMeeting(fac, "Leerbijeenkomst Noor")
	mid, _ := parseID(strings.TrimPrefix(loc, "/bijeenkomsten/"))
	for _, c := range cards {
		if res := e.post(fac, loc+"/agenda", url.Values{"card": {c}}); res.StatusCode != http.StatusSeeOther {
			e.t.Fatalf("add card %s: %d", c, res.StatusCode)
		}
	}
	if res := e.post(fac, loc+"/starten", nil); res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("start: %d %s", res.StatusCode, body(e.t, res))
	}
	a, err := e.db.Meetings.MeetingAccess(context.Background(), meeting.Viewer{User: e.user("facilitator@demo.test")}, mid)
	if err != nil {
		e.t.Fatal(err)
	}
	return fac, mid, a.Meeting.JoinCode
}

func parseID(s string) (int64, error) {
	var n int64
	for _, r := range s {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int64(r-'0')
	}
	return n, nil
}

// sse is a test client of an event stream.
type sse struct {
	res *http.Response
	br  *bufio.Reader
}

type sseEvent struct{ id, kind, data string }

func (e *env) stream(c *http.Client, mid int64, lastID string) *sse {
	e.t.Helper()
	res := e.do(c, http.MethodGet, "/bijeenkomsten/"+itoa(mid)+"/events", nil, "Last-Event-ID", lastID)
	return &sse{res: res, br: bufio.NewReader(res.Body)}
}

// next reads the next event (skipping comments), failing after 5 s.
func (s *sse) next(t *testing.T) sseEvent {
	t.Helper()
	type result struct {
		ev  sseEvent
		err error
	}
	ch := make(chan result, 1)
	go func() {
		var ev sseEvent
		for {
			line, err := s.br.ReadString('\n')
			if err != nil {
				ch <- result{ev, err}
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case line == "":
				if ev.kind != "" {
					ch <- result{ev, nil}
					return
				}
			case strings.HasPrefix(line, "id: "):
				ev.id = line[4:]
			case strings.HasPrefix(line, "event: "):
				ev.kind = line[7:]
			case strings.HasPrefix(line, "data: "):
				ev.data = line[6:]
			}
		}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			t.Fatalf("stream ended: %v", r.err)
		}
		return r.ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5 s")
	}
	return sseEvent{}
}

// until reads events until one of the kind arrives.
func (s *sse) until(t *testing.T, kind string) sseEvent {
	t.Helper()
	for i := 0; i < 50; i++ {
		if ev := s.next(t); ev.kind == kind {
			return ev
		}
	}
	t.Fatalf("no %s event", kind)
	return sseEvent{}
}

// liveRun is one live meeting walked through by its facilitator, a parent
// who is a member of the case and a guest who joined with the code.
type liveRun struct {
	e                  *env
	t                  *testing.T
	fac, guest, parent *http.Client
	mid                int64
	base, code         string
	guestStream        *sse
	guestReport        string
}

func TestLiveMeetingEndToEnd(t *testing.T) {
	e := newEnv(t)
	fac, mid, code := e.liveMeeting("facilitator", "perspective-switch/stakeholders")
	r := &liveRun{e: e, t: t, fac: fac, mid: mid, code: code, base: "/bijeenkomsten/" + itoa(mid)}
	if len(code) != 6 || strings.ContainsAny(code, "01ILO") {
		t.Fatalf("join code %q", code)
	}
	r.guestJoinsAndIsAdmitted()
	r.nonParticipantsGetNoStream()
	r.inputArrivesLive()
	r.stepsAndReconnect()
	r.perspectiveSwitch()
	r.uploads()
	r.closeAndReport()
}

// guestJoinsAndIsAdmitted: a guest joins with the code (lower case, with a
// space) and waits; the facilitator sees the waiting guest live and lets them in.
func (r *liveRun) guestJoinsAndIsAdmitted() {
	e, t, base, mid := r.e, r.t, r.base, r.mid
	r.guest = e.client()
	res := e.post(r.guest, "/doe-mee", url.Values{"code": {strings.ToLower(r.code[:3]) + " " + r.code[3:]}, "name": {"oma (m)"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != base+"/live" {
		t.Fatalf("join: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, page := e.get(r.guest, base+"/live"); !strings.Contains(page, "oma (m)") || strings.Contains(page, "capture-form") {
		t.Errorf("waiting guest's page shows the meeting")
	}
	if s := e.stream(r.guest, mid, ""); s.res.StatusCode != http.StatusForbidden {
		t.Errorf("waiting guest streams: %d", s.res.StatusCode)
	}
	facStream := e.stream(r.fac, mid, "")
	if facStream.res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("stream content type %q", facStream.res.Header.Get("Content-Type"))
	}
	if res := e.admit(r.fac, mid, "oma (m)"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("admit: %d", res.StatusCode)
	}
	facStream.until(t, "participants")
}

// snapshot is the meeting as its facilitator sees it.
func (r *liveRun) snapshot() *meeting.Snapshot {
	snap, _, _ := r.e.db.Meetings.MeetingSnapshot(context.Background(), meeting.Viewer{User: r.e.user("facilitator@demo.test")}, r.mid)
	return snap
}

// nonParticipantsGetNoStream: a logged-in administrator and a stranger get nothing.
func (r *liveRun) nonParticipantsGetNoStream() {
	for _, c := range []*http.Client{r.e.login("bestuurder@demo.test"), r.e.client()} {
		s := r.e.stream(c, r.mid, "")
		b, _ := io.ReadAll(s.res.Body)
		if s.res.StatusCode != http.StatusNotFound || strings.Contains(string(b), "data:") {
			r.t.Errorf("non-participant stream: %d %q", s.res.StatusCode, b)
		}
	}
}

// post sends a form as the live page's script does, asking for JSON.
func (r *liveRun) post(c *http.Client, path string, v url.Values) *http.Response {
	return r.e.postScript(c, path, v)
}

// inputArrivesLive: input arrives live at the guest; silence is allowed,
// empty input stores nothing, anonymous input carries no author; the film
// check counts its answers.
func (r *liveRun) inputArrivesLive() {
	e, t, base := r.e, r.t, r.base
	r.guestStream = e.stream(r.guest, r.mid, "")
	r.parent = e.login("ouder@demo.test")
	// The connection texts reach the script as plain text: html/template
	// quotes data-on* attributes as JavaScript, which showed "Verbonden."
	// with its quotes.
	if _, page := e.get(r.parent, base+"/live"); !strings.Contains(page, `data-connected="Verbonden."`) {
		t.Error("live page lacks the plain connection text")
	}
	if res, page := e.get(r.parent, base+"/live"); res.StatusCode != 200 || !strings.Contains(page, r.code) {
		t.Fatalf("member's live page: %d", res.StatusCode)
	}
	if res := r.post(r.parent, base+"/inbreng", url.Values{"step": {"0"}, "kind": {"insight"}, "body": {"Het lijkt alsof wij doen wat het gezin doet"}}); res.StatusCode != 200 {
		t.Fatalf("capture: %d %s", res.StatusCode, body(t, res))
	}
	ev := r.guestStream.until(t, "capture")
	if !strings.Contains(ev.data, "Het lijkt alsof") || !strings.Contains(ev.data, "Moeder van Noor") {
		t.Errorf("capture event %q", ev.data)
	}
	if res := r.post(r.parent, base+"/inbreng", url.Values{"step": {"0"}, "kind": {"insight"}, "body": {"  "}}); res.StatusCode != 422 {
		t.Errorf("empty input: %d", res.StatusCode)
	}
	r.post(r.guest, base+"/inbreng", url.Values{"step": {"0"}, "kind": {"dilemma"}, "body": {"Mag ik dit zeggen?"}, "anonymous": {"1"}})
	if ev := r.guestStream.until(t, "capture"); strings.Contains(ev.data, "oma") || strings.Contains(ev.data, "author") {
		t.Errorf("anonymous capture names its author: %s", ev.data)
	}

	e.post(r.fac, base+"/film", url.Values{"open": {"1"}})
	r.guestStream.until(t, "film")
	r.post(r.guest, base+"/film/antwoord", url.Values{"answer": {"2"}})
	if ev := r.guestStream.until(t, "film"); !strings.Contains(ev.data, `"notYet":1`) {
		t.Errorf("film counts %s", ev.data)
	}
}

// stepsAndReconnect: the facilitator moves on and a second (stale) click is
// refused clearly; reconnecting from the last event seen brings only what
// came after.
func (r *liveRun) stepsAndReconnect() {
	t, base := r.t, r.base
	if res := r.post(r.fac, base+"/stap", url.Values{"from": {"0"}, "to": {"1"}}); res.StatusCode != 200 {
		t.Fatalf("next step: %d", res.StatusCode)
	}
	res := r.post(r.fac, base+"/stap", url.Values{"from": {"0"}, "to": {"1"}})
	if b := body(t, res); res.StatusCode != http.StatusConflict || !strings.Contains(b, "andere stap") {
		t.Errorf("stale step: %d %s", res.StatusCode, b)
	}
	stepEv := r.guestStream.until(t, "step")

	r.post(r.parent, base+"/inbreng", url.Values{"step": {"1"}, "kind": {"observation"}, "body": {"gemist tijdens de storing"}})
	again := r.e.stream(r.guest, r.mid, stepEv.id)
	if ev := again.next(t); ev.kind != "capture" || !strings.Contains(ev.data, "gemist tijdens de storing") {
		t.Errorf("after reconnect: %+v", ev)
	}
}

// perspectiveSwitch (stakeholders): never yourself; the table fills; input
// for a later step is refused.
func (r *liveRun) perspectiveSwitch() {
	t, base := r.t, r.base
	r.post(r.fac, base+"/stap", url.Values{"from": {"1"}, "to": {"2"}})
	if res := r.post(r.guest, base+"/inbreng", url.Values{"step": {"2"}, "kind": {"stakeholder"}, "stakeholder": {"oma (m)"}, "body": {"x"}}); res.StatusCode != 422 {
		t.Errorf("speaking as oneself: %d", res.StatusCode)
	}
	if res := r.post(r.guest, base+"/inbreng", url.Values{"step": {"2"}, "kind": {"stakeholder"}, "stakeholder": {"Noor"}, "body": {"Dat ik weer weg moet"}, "feeling": {"bang"}}); res.StatusCode != 200 {
		t.Errorf("stakeholder: %d %s", res.StatusCode, body(t, res))
	}
	if res := r.post(r.guest, base+"/inbreng", url.Values{"step": {"9"}, "kind": {"insight"}, "body": {"te vroeg"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("later step: %d", res.StatusCode)
	}
}

// upload sends a file as the guest, as art for step 2.
func (r *liveRun) upload(name string, data []byte) *http.Response {
	buf, ctype := multipartForm(r.t, name, data, "step", "2", "purpose", "art", "title", "Gedicht")
	return r.e.postBody(r.guest, r.base+"/bijlagen", ctype, buf, "")
}

// uploads: too large, wrong type, then a real image, which the guest can
// download again.
func (r *liveRun) uploads() {
	t := r.t
	if res := r.upload("groot.png", append(pngHeader(), make([]byte, meeting.MaxAttachmentBytes)...)); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized upload: %d", res.StatusCode)
	}
	if res := r.upload("foto.png", []byte("#!/bin/sh\necho dit is geen plaatje\n")); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("wrongly typed upload: %d", res.StatusCode)
	}
	if res := r.upload("beeld.png", pngHeader()); res.StatusCode != http.StatusSeeOther {
		t.Errorf("image upload: %d %s", res.StatusCode, body(t, res))
	}
	snap := r.snapshot()
	if len(snap.Attachments) != 1 || snap.Attachments[0].ContentType != "image/png" {
		t.Errorf("attachments %+v", snap.Attachments)
	}
	res, img := r.e.get(r.guest, r.base+"/bijlagen/"+itoa(snap.Attachments[0].ID))
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(img, "\x89PNG") {
		t.Errorf("attachment download %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}

	// While the meeting runs, the guest reads its report: without the case's
	// timeline and geno-sociogram, which members see.
	_, r.guestReport = r.e.get(r.guest, r.base+"/verslag")
	if res, md := r.e.get(r.guest, r.base+"/verslag.md"); res.StatusCode != 200 || !strings.Contains(md, "| Noor | Dat ik weer weg moet | bang |") {
		t.Errorf("guest's markdown report while live: %d\n%s", res.StatusCode, md)
	}
}

// closeAndReport: on closing, the code stops working with its own message,
// the guest's token ends, and the report has it all for the case's members.
func (r *liveRun) closeAndReport() {
	e, t, base, fac, parent, guest := r.e, r.t, r.base, r.fac, r.parent, r.guest
	e.post(fac, base+"/afsluiten", confirm(url.Values{"feedback": {"Sanne belt moeder vrijdag"}}))
	r.guestStream.until(t, "status")
	res := e.post(e.client(), "/doe-mee", url.Values{"code": {r.code}, "name": {"buurvrouw"}})
	if b := body(t, res); res.StatusCode != 404 || !strings.Contains(b, "al is afgelopen") {
		t.Errorf("code after close: %d", res.StatusCode)
	}
	for _, c := range []*http.Client{fac, parent} {
		res, page := e.get(c, base+"/verslag")
		if res.StatusCode != 200 || !strings.Contains(page, "Het lijkt alsof") || !strings.Contains(page, "Dat ik weer weg moet") || !strings.Contains(page, "Sanne belt moeder vrijdag") {
			t.Errorf("report: %d", res.StatusCode)
		}
	}
	for _, p := range []string{"/verslag", "/verslag.md", "/live", "/events?once=1"} {
		if res, _ := e.get(guest, base+p); res.StatusCode != http.StatusNotFound {
			t.Errorf("guest opens %s after the meeting closed: %d", p, res.StatusCode)
		}
	}
	res, md := e.get(parent, base+"/verslag.md")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/markdown") ||
		!strings.Contains(md, "| Noor | Dat ik weer weg moet | bang |") || !strings.Contains(md, "## Terugkoppeling aan het gezin") {
		t.Errorf("markdown report: %d\n%s", res.StatusCode, md)
	}
	// Snapshots of timeline and genogram: for members of the case, not for guests.
	if g, _, err := e.db.Genogram.Genogram(context.Background(), e.user("facilitator@demo.test"), e.demoCaseID()); err == nil && len(g.Persons) > 0 {
		_, facReport := e.get(fac, base+"/verslag")
		if !strings.Contains(facReport, `id="r-geno"`) || strings.Contains(r.guestReport, `id="r-geno"`) || strings.Contains(r.guestReport, `id="r-tl"`) {
			t.Errorf("genogram snapshot: facilitator %v, guest %v", strings.Contains(facReport, `id="r-geno"`), strings.Contains(r.guestReport, `id="r-geno"`))
		}
	} else {
		t.Log("demo case has no genogram; snapshot not checked")
	}
	res, pdfDoc := e.get(fac, base+"/verslag.pdf")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdfDoc, "%PDF-") {
		t.Errorf("pdf report: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if res, _ := e.get(e.login("bestuurder@demo.test"), base+"/verslag"); res.StatusCode != 404 {
		t.Errorf("administrator reads the report: %d", res.StatusCode)
	}
}

func pngHeader() []byte {
	return []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
}

func TestRemovedMemberStopsReceiving(t *testing.T) {
	e := newEnv(t)
	e.srv.Config.Handler.(*web.Server).SetLiveHeartbeat(50 * time.Millisecond)
	_, mid, _ := e.liveMeeting("facilitator")
	mentor := e.login("mentor@demo.test")
	s := e.stream(mentor, mid, "")
	if s.res.StatusCode != 200 {
		t.Fatalf("member stream %d", s.res.StatusCode)
	}
	owner := e.user("hulpverlener@demo.test")
	if err := e.db.Cases.RemoveMember(context.Background(), owner, e.demoCaseID(), e.user("mentor@demo.test").ID); err != nil {
		t.Fatal(err)
	}
	if ev := s.until(t, "gone"); ev.kind != "gone" {
		t.Fatal(ev)
	}
}

// TestTwoInstancesServeOneMeeting runs two servers on one PostgreSQL
// database, each with its own hub fed by LISTEN/NOTIFY: input posted through
// one reaches a participant streaming from the other.
func TestTwoInstancesServeOneMeeting(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	open := func() *sqldb.DB {
		db, err := postgres.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	dbA, dbB := open(), open()
	if _, err := dbA.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	hash, _ := testenv.HashPassword(demo.Password)
	if _, err := demo.Seed(ctx, wire.Demo(dbA), hash); err != nil {
		t.Fatal(err)
	}
	instance := func(db *sqldb.DB) *env {
		h := live.NewHub(db.Meetings, nil, 0)
		t.Cleanup(h.Close)
		if _, err := live.StartRelay(ctx, dsn, h, nil); err != nil {
			t.Fatal(err)
		}
		return serveOn(t, db, web.Config{Live: h})
	}
	a, b := instance(dbA), instance(dbB)
	fac, mid, code := a.liveMeeting("facilitator")
	guest := b.client()
	if res := b.post(guest, "/doe-mee", url.Values{"code": {code}, "name": {"buurvrouw"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("join on B: %d", res.StatusCode)
	}
	facStream := a.stream(fac, mid, "")
	// The waiting guest joined through B; the facilitator on A hears of it.
	if ev := facStream.until(t, "participants"); !strings.Contains(ev.data, "waiting") {
		t.Fatalf("facilitator on A: %s", ev.data)
	}
	snap, _, _ := dbA.Meetings.MeetingSnapshot(ctx, meeting.Viewer{User: a.user("facilitator@demo.test")}, mid)
	a.post(fac, "/bijeenkomsten/"+itoa(mid)+"/toelaten/"+itoa(snap.Participants[len(snap.Participants)-1].ID), nil)
	guestStream := b.stream(guest, mid, "")
	if guestStream.res.StatusCode != 200 {
		t.Fatalf("guest stream on B: %d", guestStream.res.StatusCode)
	}
	a.post(fac, "/bijeenkomsten/"+itoa(mid)+"/inbreng", url.Values{"step": {"0"}, "kind": {"insight"}, "body": {"via instantie A"}})
	if ev := guestStream.until(t, "capture"); !strings.Contains(ev.data, "via instantie A") {
		t.Fatalf("guest on B got %s", ev.data)
	}
}

// Wrong join codes from one address slow that address down: after
// rotonde.JoinThrottle.Threshold misses even the right code waits, with a
// clear message, and nobody is added to the meeting.
func TestJoinCodesCannotBeGuessed(t *testing.T) {
	e := newEnv(t)
	fac, mid, code := e.liveMeeting("facilitator")
	wrong := func(i int) string {
		const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
		c := []byte(code)
		c[0] = alphabet[(strings.IndexByte(alphabet, c[0])+1+i%5)%len(alphabet)]
		c[5] = alphabet[(strings.IndexByte(alphabet, c[5])+1+i/5)%len(alphabet)]
		return string(c)
	}
	guesser := e.client()
	for i := 0; i < rotonde.JoinThrottle.Threshold; i++ {
		if res := e.post(guesser, "/doe-mee", url.Values{"code": {wrong(i)}, "name": {"raden"}}); res.StatusCode != http.StatusNotFound {
			t.Fatalf("wrong code %d: status %d", i, res.StatusCode)
		}
	}
	res := e.post(e.client(), "/doe-mee", url.Values{"code": {code}, "name": {"buurvrouw"}})
	b := body(t, res)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(b, "Te veel mislukte pogingen") {
		t.Fatalf("right code after %d wrong ones: %d %q", rotonde.JoinThrottle.Threshold, res.StatusCode, res.Header.Get("Retry-After"))
	}
	snap, _, err := e.db.Meetings.MeetingSnapshot(context.Background(), meeting.Viewer{User: e.user("facilitator@demo.test")}, mid)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range snap.Participants {
		if p.Name == "buurvrouw" || p.Name == "raden" {
			t.Errorf("participant %q added while throttled", p.Name)
		}
	}
	// The facilitator's own meeting page is not affected.
	if res, _ := e.get(fac, "/bijeenkomsten/"+itoa(mid)+"/live"); res.StatusCode != http.StatusOK {
		t.Errorf("facilitator's live page: %d", res.StatusCode)
	}
}
