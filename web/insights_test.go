package web_test

import (
	"context"
	"encoding/json"
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
	res := e.post(parent, "/bijeenkomsten/"+itoa(mid)+"/inbreng", url.Values{"step": {"0"}, "kind": {"insight"}, "body": {"Iedereen wacht op iemand anders"}})
	if res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusOK {
		t.Fatalf("capture: %d", res.StatusCode)
	}

	fac := e.login("facilitator@demo.test")
	page := "/casussen/" + itoa(caseID) + "/inzichten"
	if res, html := e.get(fac, page); res.StatusCode != 200 || !strings.Contains(html, "Iedereen wacht op iemand anders") ||
		!strings.Contains(html, "Leerbijeenkomst Noor") || !strings.Contains(html, "Moeder van Noor") {
		t.Fatalf("insights page after the meeting: %d", res.StatusCode)
	}
	if _, html := e.get(fac, "/casussen/"+itoa(caseID)); !strings.Contains(html, "Iedereen wacht op iemand anders") {
		t.Errorf("case page does not show the new insight")
	}

	before, err := e.db.Progress.Insights(context.Background(), e.user("facilitator@demo.test"), caseID)
	if err != nil {
		t.Fatal(err)
	}
	res = e.post(fac, page, url.Values{"body": {"Wij verwachten dat het gezin zich aanpast"}, "level": {"bestaat-niet"}})
	if b := body(t, res); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "Kies een niveau uit de lijst") || !strings.Contains(b, "Wij verwachten dat het gezin zich aanpast") {
		t.Errorf("bad level: %d", res.StatusCode)
	}
	if after, _ := e.db.Progress.Insights(context.Background(), e.user("facilitator@demo.test"), caseID); len(after) != len(before) {
		t.Errorf("a refused insight was stored: %d → %d", len(before), len(after))
	}
	if res := e.post(fac, page, url.Values{"body": {"Wij verwachten dat het gezin zich aanpast"}, "level": {"organisation"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add insight: %d %s", res.StatusCode, body(t, res))
	}
	all, _ := e.db.Progress.Insights(context.Background(), e.user("facilitator@demo.test"), caseID)
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

// The API gives members a case's insights and small steps as JSON, each
// read logged; a non-member gets 404 and learns nothing.
func TestAPIInsightsAndSteps(t *testing.T) {
	e := newEnv(t)
	caseID := e.demoCaseID()
	fac := e.login("facilitator@demo.test")

	res := e.api(fac, http.MethodGet, "/api/v1/cases/"+itoa(caseID)+"/insights", "")
	var ins struct {
		Insights []struct {
			Body   string `json:"body"`
			Level  string `json:"level"`
			Author string `json:"author"`
		} `json:"insights"`
	}
	if err := json.NewDecoder(res.Body).Decode(&ins); err != nil || res.StatusCode != 200 {
		t.Fatalf("insights: %d %v", res.StatusCode, err)
	}
	levels := map[string]string{}
	for _, in := range ins.Insights {
		levels[in.Body[:20]] = in.Level
	}
	if len(ins.Insights) != 2 || levels["Elke nieuwe plek beg"] != "network" || levels["Ik merk dat ik voora"] != "" {
		t.Errorf("insights: %+v", ins.Insights)
	}

	res = e.api(fac, http.MethodGet, "/api/v1/cases/"+itoa(caseID)+"/steps", "")
	var steps struct {
		Steps []struct {
			Title    string  `json:"title"`
			Owner    string  `json:"owner"`
			Due      string  `json:"due"`
			Status   string  `json:"status"`
			ClosedAt *string `json:"closed_at"`
		} `json:"steps"`
	}
	if err := json.NewDecoder(res.Body).Decode(&steps); err != nil || res.StatusCode != 200 {
		t.Fatalf("steps: %d %v", res.StatusCode, err)
	}
	byTitle := map[string]int{}
	for i, st := range steps.Steps {
		byTitle[st.Title] = i
	}
	oma, ok1 := byTitle["Oma (mz) uitnodigen voor een kop koffie"]
	list, ok2 := byTitle["Alle betrokken hulpverleners op één lijst zetten"]
	if len(steps.Steps) != 4 || !ok1 || !ok2 || steps.Steps[oma].Owner != "oma (mz)" || steps.Steps[oma].Due != "2026-02-15" ||
		steps.Steps[list].ClosedAt == nil || steps.Steps[oma].ClosedAt != nil {
		t.Errorf("steps: %+v", steps.Steps)
	}
	if parts := e.auditParts(caseID); len(parts) < 2 || !strings.Contains(parts[len(parts)-1], "kleine stappen") || !strings.Contains(parts[len(parts)-2], "inzichten") {
		t.Errorf("API reads not logged: %v", parts)
	}

	outsider := e.login("bestuurder@demo.test")
	for _, part := range []string{"insights", "steps"} {
		res := e.api(outsider, http.MethodGet, "/api/v1/cases/"+itoa(caseID)+"/"+part, "")
		if b := body(t, res); res.StatusCode != http.StatusNotFound || strings.Contains(b, "Noor") || strings.Contains(b, "Oma") {
			t.Errorf("non-member reads %s: %d %s", part, res.StatusCode, b)
		}
	}
}
