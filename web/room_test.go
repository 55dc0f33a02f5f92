package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/meeting"
)

// A meeting started with an empty agenda goes back to the agenda with a
// notice, not to an error page, and stays a draft.
func TestStartWithEmptyAgendaLeadsToTheAgenda(t *testing.T) {
	e, fac, loc := newDemoMeeting(t, "Zonder agenda")
	res := e.post(fac, loc+"/starten", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != loc+"#agenda" {
		t.Fatalf("start with an empty agenda: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, page := e.get(fac, loc)
	if !strings.Contains(html.UnescapeString(page), "zet eerst minstens één werkkaart op de agenda") {
		t.Errorf("the agenda does not say why the meeting did not start:\n%s", page)
	}
	mid, _ := parseID(strings.TrimPrefix(loc, "/bijeenkomsten/"))
	a, err := e.db.Meetings.MeetingAccess(context.Background(), meeting.Viewer{User: e.user("facilitator@demo.test")}, mid)
	if err != nil || a.Meeting.Status != meeting.Draft {
		t.Errorf("meeting after a refused start: %+v %v", a.Meeting, err)
	}
}

// The step's clock starts when the facilitator starts the first step, not
// when the code is made; the join address is a link with the code and a QR
// code drawn on the server.
func TestClockStartsWithTheFirstStepAndTheJoinAddressIsALinkAndQR(t *testing.T) {
	e := newEnv(t)
	fac, mid, code := e.liveMeeting("art")
	live := "/bijeenkomsten/" + itoa(mid) + "/live"
	_, page := e.get(fac, live)
	if !strings.Contains(page, `id="start-clock"`) || !strings.Contains(page, `data-ends=""`) {
		t.Fatalf("the clock runs before the first step was started:\n%s", page)
	}
	if !strings.Contains(page, `href="`+e.srv.URL+`/doe-mee?code=`+code+`" id="join-link"`) {
		t.Errorf("the join address is not a link with the code")
	}
	if !strings.Contains(page, `class="qr join-qr"`) || !strings.Contains(page, `<path fill="#000" d="M`) || strings.Contains(page, "<img") && strings.Contains(page, "qr.png") {
		t.Errorf("no server-made QR code next to the code")
	}
	a, _ := e.db.Meetings.MeetingAccess(context.Background(), meeting.Viewer{User: e.user("facilitator@demo.test")}, mid)
	if !a.Meeting.StepStartedAt.IsZero() {
		t.Errorf("step started at %v before the facilitator started it", a.Meeting.StepStartedAt)
	}
	if res := e.post(fac, "/bijeenkomsten/"+itoa(mid)+"/stap", url.Values{"from": {"0"}, "to": {"0"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start the first step: %d %s", res.StatusCode, body(t, res))
	}
	_, page = e.get(fac, live)
	if strings.Contains(page, `id="start-clock"`) || strings.Contains(page, `data-ends=""`) || !strings.Contains(page, `data-ends="20`) {
		t.Errorf("the clock does not run after the first step was started")
	}
	a, _ = e.db.Meetings.MeetingAccess(context.Background(), meeting.Viewer{User: e.user("facilitator@demo.test")}, mid)
	if a.Meeting.StepStartedAt.IsZero() {
		t.Error("no start time after starting the first step")
	}
	// A second click on a stale page does not restart the clock.
	if res := e.post(fac, "/bijeenkomsten/"+itoa(mid)+"/stap", url.Values{"from": {"0"}, "to": {"0"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("restart a running clock: %d", res.StatusCode)
	}
	// The parent sees neither the QR code nor the start button.
	_, page = e.get(e.login("ouder@demo.test"), live)
	if strings.Contains(page, "join-qr") || strings.Contains(page, "start-clock") || strings.Contains(page, "/zaal") {
		t.Error("a participant sees the facilitator's controls")
	}
}

// The room view shows the case's pictures to the facilitator only, one at
// a time, with links between them.
func TestRoomViewShowsThePicturesToTheFacilitator(t *testing.T) {
	e := newEnv(t)
	fac, mid, _ := e.liveMeeting("art")
	base := "/bijeenkomsten/" + itoa(mid) + "/zaal"
	_, page := e.get(fac, "/bijeenkomsten/"+itoa(mid)+"/live")
	if !strings.Contains(page, `href="`+base+`" id="room-open"`) {
		t.Errorf("the live page does not open the room view")
	}
	for _, tc := range []struct{ part, want string }{
		{"", `<svg`},
		{"?toon=tijdlijn", `<svg`},
		{"?toon=genogram", `<svg`},
		{"?toon=droom", "eigen kamer waar ik mag blijven"},
		{"?toon=spanningsveld", "Koppel een ronde in de voorbereiding"},
	} {
		res, page := e.get(fac, base+tc.part)
		page = html.UnescapeString(page)
		if res.StatusCode != http.StatusOK || !strings.Contains(page, tc.want) {
			t.Errorf("%s: %d, want %q", tc.part, res.StatusCode, tc.want)
			continue
		}
		for _, link := range []string{`id="room-prev"`, `id="room-next"`, `href="` + base + `?toon=droom"`, `aria-current="page"`} {
			if !strings.Contains(page, link) {
				t.Errorf("%s: no %s", tc.part, link)
			}
		}
		// No editing chrome: no site navigation, no forms.
		if strings.Contains(page, `class="top"`) || strings.Contains(page, "<form") || strings.Contains(page, "<textarea") {
			t.Errorf("%s: the room view carries the site's chrome or forms", tc.part)
		}
	}
	for _, who := range []string{"ouder@demo.test", "jeugdbeschermer@demo.test", "bestuurder@demo.test"} {
		if res, _ := e.get(e.login(who), base); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
			t.Errorf("%s opens the room view: %d", who, res.StatusCode)
		}
	}
}
