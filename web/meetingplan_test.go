package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The facilitator plans a meeting; the parent, a member of the case, finds
// the invitation on the start page and takes it into a calendar. A date in
// the past is refused with a Dutch message and changes nothing; a guest
// gets no calendar file; an outsider sees no invitation.
func TestPlannedMeetingInvitesTheMembers(t *testing.T) {
	e, fac, base := newDemoMeeting(t, "Leerbijeenkomst 2")
	day := time.Now().AddDate(0, 0, 10)

	res := e.post(fac, base+"/planning", url.Values{"date": {time.Now().AddDate(0, 0, -2).Format("2006-01-02")}, "time": {"14:00"}})
	if b := body(t, res); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "Die datum is al voorbij") {
		t.Errorf("past date: %d", res.StatusCode)
	}
	res = e.post(fac, base+"/planning", url.Values{"date": {day.Format("2006-01-02")}, "time": {"14 uur"}})
	if b := body(t, res); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "UU:MM") {
		t.Errorf("bad time: %d", res.StatusCode)
	}
	parent := e.login("ouder@demo.test")
	if _, home := e.get(parent, "/"); strings.Contains(home, "Leerbijeenkomst 2") {
		t.Fatal("a refused plan shows as an invitation")
	}

	res = e.post(fac, base+"/planning", url.Values{"date": {day.Format("2006-01-02")}, "time": {"14:00"}, "place": {"https://video.example/noor"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("plan: %d %s", res.StatusCode, body(t, res))
	}
	when := day.Format("02-01-2006") + " 14:00"
	if _, page := e.get(fac, base); !strings.Contains(page, when) || !strings.Contains(page, `value="14:00"`) {
		t.Errorf("prepare page lacks the plan %q", when)
	}
	_, home := e.get(parent, "/")
	if !strings.Contains(home, "Bijeenkomsten waarvoor je bent uitgenodigd") || !strings.Contains(home, "Leerbijeenkomst 2") ||
		!strings.Contains(home, when) || !strings.Contains(home, `<a href="https://video.example/noor" rel="noopener noreferrer">`) ||
		!strings.Contains(home, base+"/agenda.ics") {
		t.Errorf("parent's start page lacks the invitation")
	}
	res, ics := e.get(parent, base+"/agenda.ics")
	start := time.Date(day.Year(), day.Month(), day.Day(), 14, 0, 0, 0, time.Local).UTC().Format("20060102T150405Z")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") ||
		!strings.Contains(ics, "DTSTART:"+start) || !strings.Contains(ics, "SUMMARY:Leerbijeenkomst 2") || !strings.Contains(ics, "LOCATION:https://video.example/noor") {
		t.Errorf("calendar file: %d %q\n%s", res.StatusCode, res.Header.Get("Content-Type"), ics)
	}
	if _, home := e.get(e.login("bestuurder@demo.test"), "/"); strings.Contains(home, "Leerbijeenkomst 2") {
		t.Error("an outsider sees the invitation")
	}
	if res, _ := e.get(e.login("bestuurder@demo.test"), base+"/agenda.ics"); res.StatusCode != http.StatusNotFound {
		t.Errorf("outsider's calendar file: %d", res.StatusCode)
	}
}
