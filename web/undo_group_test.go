package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/meeting"
)

// A meeting without a case: the confirmation says its facilitator can
// reopen it for 30 days, the notice after closing offers to, and only they
// can; the access log holds the closing and the reopening.
func TestUndoClosingAMeetingWithoutCase(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	fac := e.user("facilitator@demo.test")
	m := &meeting.Meeting{Title: "Themabijeenkomst", Theme: "Wachtlijsten in de regio"}
	if err := e.db.Meetings.CreateMeeting(ctx, fac, m); err != nil {
		t.Fatal(err)
	}
	femke, sanne := e.login("facilitator@demo.test"), e.login("hulpverlener@demo.test")
	path := fmt.Sprintf("/bijeenkomsten/%d/afsluiten", m.ID)
	page := body(t, e.post(femke, path, nil))
	if !strings.Contains(page, "Een begeleider kan de bijeenkomst 30 dagen lang heropenen.") || strings.Contains(page, "Dit kun je niet ongedaan maken.") {
		t.Errorf("the confirmation does not say the meeting can be reopened:\n%s", page)
	}
	if !strings.Contains(page, "het verslag wordt vastgelegd zoals het nu is") || strings.Contains(page, "het verslag wordt definitief") {
		t.Errorf("the confirmation does not say what closing does")
	}
	undo := e.doneThenUndo(femke, path, url.Values{"feedback": {"klaar"}}, "Bijeenkomst afgesloten: Themabijeenkomst")
	status := func() meeting.Status {
		a, _ := e.db.Meetings.MeetingAccess(ctx, meeting.Viewer{User: fac}, m.ID)
		return a.Meeting.Status
	}
	if status() != meeting.Closed {
		t.Fatal("not closed")
	}
	if res := e.post(sanne, undo, nil); res.StatusCode == http.StatusSeeOther || status() != meeting.Closed {
		t.Errorf("someone else reopens the meeting: %d", res.StatusCode)
	}
	res := e.post(femke, undo, nil)
	if res.StatusCode != http.StatusSeeOther || status() != meeting.Draft {
		t.Fatalf("reopen: %d, status %s", res.StatusCode, status())
	}
	if _, page := e.get(femke, res.Header.Get("Location")); !strings.Contains(page, "Bijeenkomst heropend: Themabijeenkomst") {
		t.Errorf("the page does not say the meeting was reopened")
	}
	for _, q := range []struct{ part, detail string }{{"bijeenkomst-afsluiten", ""}, {"bijeenkomst", "heropenen"}} {
		var n int
		if err := e.db.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE case_id = 0 AND part = ? AND detail LIKE ? AND outcome = 'allowed'`,
			q.part, fmt.Sprintf("bijeenkomst %d%%%s", m.ID, q.detail)).Scan(&n); err != nil || n != 1 {
			t.Errorf("access log %s %s: %d %v", q.part, q.detail, n, err)
		}
	}
}
