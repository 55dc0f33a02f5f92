package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// An insight captured in a live meeting lands on the case's insights page
// and in the case summary; members add and place their own; a bad level is
// refused with a Dutch message and stores nothing.
func TestInsightsLandInTheCase(t *testing.T) {
	e := newEnv(t)
	_, mid, _ := e.liveMeeting("facilitator")
	caseID := e.demoCaseID()
	parent := e.login("ouder@demo.test")
	req, _ := http.NewRequest("POST", e.srv.URL+"/bijeenkomsten/"+itoa(mid)+"/inbreng",
		strings.NewReader(url.Values{"step": {"0"}, "kind": {"insight"}, "body": {"Iedereen wacht op iemand anders"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := parent.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusOK {
		t.Fatalf("capture: %d", res.StatusCode)
	}

	fac := e.login("facilitator@demo.test")
	page := "/cases/" + itoa(caseID) + "/inzichten"
	if res, html := e.get(fac, page); res.StatusCode != 200 || !strings.Contains(html, "Iedereen wacht op iemand anders") ||
		!strings.Contains(html, "Leerbijeenkomst Noor") || !strings.Contains(html, "Moeder van Noor") {
		t.Fatalf("insights page after the meeting: %d", res.StatusCode)
	}
	if _, html := e.get(fac, "/cases/"+itoa(caseID)); !strings.Contains(html, "Iedereen wacht op iemand anders") {
		t.Errorf("case page does not show the new insight")
	}

	before, err := e.db.Insights(context.Background(), e.meetUser("facilitator@demo.test"), caseID)
	if err != nil {
		t.Fatal(err)
	}
	res = e.post(fac, page, url.Values{"body": {"Wij verwachten dat het gezin zich aanpast"}, "level": {"bestaat-niet"}})
	if b := body(t, res); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "Kies een niveau uit de lijst") || !strings.Contains(b, "Wij verwachten dat het gezin zich aanpast") {
		t.Errorf("bad level: %d", res.StatusCode)
	}
	if after, _ := e.db.Insights(context.Background(), e.meetUser("facilitator@demo.test"), caseID); len(after) != len(before) {
		t.Errorf("a refused insight was stored: %d → %d", len(before), len(after))
	}
	if res := e.post(fac, page, url.Values{"body": {"Wij verwachten dat het gezin zich aanpast"}, "level": {"organisation"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add insight: %d %s", res.StatusCode, body(t, res))
	}
	all, _ := e.db.Insights(context.Background(), e.meetUser("facilitator@demo.test"), caseID)
	var fromMeeting int64
	for _, in := range all {
		if in.Body == "Iedereen wacht op iemand anders" {
			fromMeeting = in.ID
		}
	}
	if res := e.post(fac, page+"/niveau", url.Values{"insight": {itoa(fromMeeting)}, "level": {"network"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("place insight: %d %s", res.StatusCode, body(t, res))
	}
	_, html := e.get(fac, page)
	net, org := strings.Index(html, "Netwerk of ecosysteem"), strings.Index(html, "Organisatie <span")
	if net < 0 || org < 0 || !(org < net) || !(strings.Index(html, "Iedereen wacht") > net) || !(strings.Index(html, "Wij verwachten") < net) {
		t.Errorf("insights not grouped by level (organisation %d, network %d)", org, net)
	}
	// A non-member gets nothing.
	if res, html := e.get(e.login("bestuurder@demo.test"), page); res.StatusCode != http.StatusNotFound || strings.Contains(html, "Iedereen wacht") {
		t.Errorf("non-member reads insights: %d", res.StatusCode)
	}
}
