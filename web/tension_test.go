package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/tension"
)

func TestTensionOwnPlacementsAreKeptAndPrivate(t *testing.T) {
	e := newEnv(t)
	c := e.login("onderzoeker@demo.test") // no placements in the demo
	res, page := e.get(c, "/spanningsvelden")
	if res.StatusCode != 200 || strings.Count(page, `type="range"`) != 6 || !strings.Contains(page, "Reflectievragen") || !strings.Contains(page, `aria-describedby="poles-makeable"`) {
		t.Fatalf("own page: %d\n%s", res.StatusCode, page)
	}
	// Bad input: a clear message and nothing stored, not even the valid field beside it.
	for _, bad := range []url.Values{
		{"set": {"core"}, "pos-makeable": {"30"}, "pos-slow-down": {"150"}},
		{"set": {"core"}, "pos-makeable": {"30"}, "num-slow-down": {"-5"}, "was-slow-down": {"50"}},
		{"set": {"core"}, "pos-makeable": {"dertig"}},
	} {
		res := e.post(c, "/spanningsvelden", bad)
		b := body(t, res)
		if res.StatusCode != http.StatusUnprocessableEntity || !(strings.Contains(b, "tussen 0 en 100") || strings.Contains(b, "geen getal")) {
			t.Errorf("bad %v: %d", bad, res.StatusCode)
		}
	}
	if mine, _ := e.db.Tension.MyPlacements(context.Background(), e.user("onderzoeker@demo.test")); len(mine) != 0 {
		t.Fatalf("rejected input stored: %+v", mine)
	}
	// The typed number wins over an untouched slider (no script).
	form := url.Values{"set": {"core"}, "pos-makeable": {"50"}, "was-makeable": {"50"}, "num-makeable": {"35"}, "context": {"in gesprekken over behandeldoelen"}}
	if res := e.post(c, "/spanningsvelden", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("place: %d %s", res.StatusCode, body(t, res))
	}
	if res := e.post(c, "/spanningsvelden", url.Values{"set": {"core"}, "pos-makeable": {"60"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("place again: %d", res.StatusCode)
	}
	mine, _ := e.db.Tension.MyPlacements(context.Background(), e.user("onderzoeker@demo.test"))
	if len(mine) != 2 || mine[0].Position != 35 || mine[0].Context != "in gesprekken over behandeldoelen" || mine[1].Position != 60 {
		t.Fatalf("placements %+v", mine)
	}
	_, page = e.get(c, "/spanningsvelden")
	if !strings.Contains(page, "Mijn plaatsingen op") || !strings.Contains(page, `value="60"`) {
		t.Errorf("movement not shown")
	}
	// Another person sees nothing of it.
	_, other := e.get(e.login("ouder@demo.test"), "/spanningsvelden")
	if strings.Contains(other, "Mijn plaatsingen op") || strings.Contains(other, "in gesprekken over behandeldoelen ·") {
		t.Errorf("someone else's placements shown")
	}
	// A field can be left out; leaving all out is refused and stores nothing.
	all := url.Values{"set": {"core"}}
	for _, k := range []string{"makeable", "doing-right", "head-heart-hands", "slow-down", "we-squared", "organisation-network"} {
		all.Set("pos-"+k, "50")
		all.Set("was-"+k, "50")
		all.Set("skip-"+k, "1")
	}
	if res := e.post(c, "/spanningsvelden", all); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body(t, res), "minstens één spanningsveld") {
		t.Errorf("all fields left out: %d", res.StatusCode)
	}
	all.Del("skip-slow-down")
	all.Set("pos-slow-down", "20")
	if res := e.post(c, "/spanningsvelden", all); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("place one field, skip the rest: %d %s", res.StatusCode, body(t, res))
	}
	mine, _ = e.db.Tension.MyPlacements(context.Background(), e.user("onderzoeker@demo.test"))
	if len(mine) != 3 || mine[2].FieldKey != "slow-down" || mine[2].Position != 20 {
		t.Errorf("after leaving fields out: %+v", mine)
	}
	// The administrators' set.
	if _, page := e.get(c, "/spanningsvelden?set=bestuurlijk"); strings.Count(page, `type="range"`) != 2 {
		t.Errorf("bestuurlijk set")
	}
	if res, _ := e.get(c, "/spanningsvelden?set=bestaat-niet"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown set: %d", res.StatusCode)
	}
}

type spreadJSON struct {
	State  string `json:"state"`
	Placed int    `json:"placed"`
	Fields []struct {
		Key    string `json:"key"`
		Spread struct {
			Count     int   `json:"count"`
			Shown     bool  `json:"shown"`
			Positions []int `json:"positions"`
		} `json:"spread"`
	} `json:"fields"`
}

func (e *env) spread(c *http.Client, id int64) (int, spreadJSON, string) {
	e.t.Helper()
	res, b := e.get(c, "/api/v1/rounds/"+itoa(id)+"/spread")
	var out spreadJSON
	if res.StatusCode == 200 {
		if err := json.Unmarshal([]byte(b), &out); err != nil {
			e.t.Fatal(err)
		}
	}
	return res.StatusCode, out, b
}

// The minimum of three and the facilitator's reveal hold on the page, in
// the API and in the export.
func TestTensionRoundMinimumHoldsInEveryOutput(t *testing.T) {
	e := newEnv(t)
	r := &roundRun{e: e, t: t, caseID: e.demoCaseID(), fac: e.login("facilitator@demo.test"), prof: e.login("ggz@demo.test")}
	r.openingRefused()
	// The demo case has revealed rounds of its own; what this test adds is counted on top.
	_, trendBefore := e.get(r.fac, "/casussen/"+itoa(r.caseID)+"/spanningsvelden")
	two := r.open("Bijeenkomst 1")
	r.people = []*http.Client{e.login("hulpverlener@demo.test"), r.prof, e.login("mentor@demo.test")}
	r.twoStayWithheld(two)
	three := r.open("Bijeenkomst 2")
	r.threeAreShown(three)
	r.trendShowsBoth(trendBefore)
	r.outsidersGetNothing(three)
}

// roundRun is a facilitator's rounds on the demo case, with the
// professionals who place themselves in them.
type roundRun struct {
	e         *env
	t         *testing.T
	caseID    int64
	fac, prof *http.Client
	people    []*http.Client
}

// openingRefused: an unknown field and a non-manager are refused.
func (r *roundRun) openingRefused() {
	e, t := r.e, r.t
	if res := e.post(r.fac, "/casussen/"+itoa(r.caseID)+"/spanningsvelden", url.Values{"name": {"x"}, "field": {"bestaat-niet"}}); res.StatusCode != 422 {
		t.Errorf("unknown field: %d", res.StatusCode)
	}
	if res := e.post(r.prof, "/casussen/"+itoa(r.caseID)+"/spanningsvelden", url.Values{"name": {"x"}, "field": {"makeable"}}); res.StatusCode != 403 {
		t.Errorf("professional opens a round: %d", res.StatusCode)
	}
}

// open opens a round on two fields and returns its id.
func (r *roundRun) open(name string) int64 {
	r.t.Helper()
	res := r.e.post(r.fac, "/casussen/"+itoa(r.caseID)+"/spanningsvelden", url.Values{"name": {name}, "field": {"makeable", "slow-down"}})
	if res.StatusCode != http.StatusSeeOther {
		r.t.Fatalf("open round: %d %s", res.StatusCode, body(r.t, res))
	}
	rounds, err := r.e.db.Tension.CaseRounds(context.Background(), r.e.user("facilitator@demo.test"), r.caseID)
	if err != nil {
		r.t.Fatal(err)
	}
	return rounds[len(rounds)-1].ID
}

// placeIn places c in round id on both fields.
func (r *roundRun) placeIn(c *http.Client, id int64, makeable, slow string) *http.Response {
	return r.e.post(c, "/spanningsvelden/rondes/"+itoa(id), url.Values{"pos-makeable": {makeable}, "pos-slow-down": {slow}})
}

// twoStayWithheld: a round with two placements shows counts only before the
// reveal and withholds the spread after it, on the page, in the API and in
// the export; nobody places after the reveal.
func (r *roundRun) twoStayWithheld(two int64) {
	e, t := r.e, r.t
	// Out of range: refused, nothing stored.
	if res := r.placeIn(r.people[0], two, "40", "101"); res.StatusCode != 422 {
		t.Errorf("101: %d", res.StatusCode)
	}
	for _, c := range r.people[:2] {
		if res := r.placeIn(c, two, "20", "80"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("place: %d %s", res.StatusCode, body(t, res))
		}
	}
	// Before the reveal: counts only, everywhere.
	_, page := e.get(r.fac, "/spanningsvelden/rondes/"+itoa(two))
	if !strings.Contains(page, "2 van 6 deelnemers") || strings.Contains(page, "<circle") {
		t.Errorf("open round page shows more than the count")
	}
	st, sp, raw := e.spread(r.fac, two)
	if st != 200 || sp.State != "open" || sp.Placed != 2 || sp.Fields[0].Spread.Count != 2 || sp.Fields[0].Spread.Positions != nil || strings.Contains(raw, "user") {
		t.Errorf("api before reveal: %d %s", st, raw)
	}
	if res := e.post(r.prof, "/spanningsvelden/rondes/"+itoa(two)+"/tonen", nil); res.StatusCode != 403 {
		t.Errorf("participant reveals: %d", res.StatusCode)
	}
	if res := e.post(r.fac, "/spanningsvelden/rondes/"+itoa(two)+"/tonen", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reveal: %d", res.StatusCode)
	}
	// Revealed with two: still withheld.
	_, page = e.get(r.people[0], "/spanningsvelden/rondes/"+itoa(two))
	if !strings.Contains(page, "nog te weinig plaatsingen om te tonen") || strings.Contains(page, "<circle") {
		t.Errorf("two placements shown")
	}
	_, sp, raw = e.spread(r.people[0], two)
	if sp.Fields[0].Spread.Shown || sp.Fields[0].Spread.Positions != nil {
		t.Errorf("api shows two: %s", raw)
	}
	_, csvText := e.get(r.people[0], "/spanningsvelden/rondes/"+itoa(two)+"/export.csv")
	if !strings.Contains(csvText, "makeable;alle;2;nee;;;;") || strings.Contains(csvText, "20") {
		t.Errorf("csv shows two: %q", csvText)
	}
	// No placements after the reveal.
	if res := r.placeIn(r.people[2], two, "50", "50"); res.StatusCode != http.StatusConflict {
		t.Errorf("place after reveal: %d", res.StatusCode)
	}

}

// threeAreShown: with three placements the export stays empty until the
// reveal, after which page, API and export show the spread without names.
func (r *roundRun) threeAreShown(three int64) {
	e, t := r.e, r.t
	for i, c := range r.people {
		if res := r.placeIn(c, three, []string{"90", "10", "40"}[i], "50"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("place: %d", res.StatusCode)
		}
	}
	_, csvText := e.get(r.fac, "/spanningsvelden/rondes/"+itoa(three)+"/export.csv")
	if strings.Contains(csvText, "90") {
		t.Errorf("csv before reveal shows values: %q", csvText)
	}
	e.post(r.fac, "/spanningsvelden/rondes/"+itoa(three)+"/tonen", nil)
	_, page := e.get(r.people[1], "/spanningsvelden/rondes/"+itoa(three))
	// Two fields × (the spread + the one role group of three professionals).
	if n := strings.Count(page, "<circle"); n != 12 {
		t.Errorf("%d dots for two fields of three, want 12", n)
	}
	for _, name := range []string{"Sanne Bakker", "Ruben Visser"} {
		if strings.Contains(page, name) {
			t.Errorf("round page names %s", name)
		}
	}
	_, sp, raw := e.spread(r.people[1], three)
	if !sp.Fields[0].Spread.Shown || len(sp.Fields[0].Spread.Positions) != 3 || sp.Fields[0].Spread.Positions[0] != 10 || sp.Fields[0].Spread.Positions[2] != 90 {
		t.Errorf("api after reveal: %s", raw)
	}
	_, csvText = e.get(r.fac, "/spanningsvelden/rondes/"+itoa(three)+"/export.csv")
	if !strings.HasPrefix(csvText, "\ufeffveld;groep;") || !strings.Contains(csvText, "makeable;alle;3;ja;40;10;90;10 40 90") {
		t.Errorf("csv after reveal: %q", csvText)
	}
}

// trendShowsBoth: the case's trend shows both rounds, the first withheld.
func (r *roundRun) trendShowsBoth(trendBefore string) {
	t := r.t
	_, page := r.e.get(r.fac, "/casussen/"+itoa(r.caseID)+"/spanningsvelden")
	if !strings.Contains(page, "Bijeenkomst 1 ·") || !strings.Contains(page, "Bijeenkomst 2 ·") || !strings.Contains(page, "nog te weinig plaatsingen om te tonen") || strings.Count(page, "<circle") != strings.Count(trendBefore, "<circle")+6 {
		t.Errorf("trend page: %s", page)
	}
}

// outsidersGetNothing: outsiders get nothing, in any form, and reads of case
// rounds are in the case's access log.
func (r *roundRun) outsidersGetNothing(three int64) {
	e, t := r.e, r.t
	adm := e.login("bestuurder@demo.test")
	for _, p := range []string{"/spanningsvelden/rondes/" + itoa(three), "/spanningsvelden/rondes/" + itoa(three) + "/export.csv", "/casussen/" + itoa(r.caseID) + "/spanningsvelden"} {
		if res, b := e.get(adm, p); res.StatusCode != 404 || strings.Contains(b, "Bijeenkomst") {
			t.Errorf("outsider %s: %d", p, res.StatusCode)
		}
	}
	if st, _, _ := e.spread(adm, three); st != 404 {
		t.Errorf("outsider api: %d", st)
	}
	// Reads of case rounds are in the case's access log.
	entries, err := e.db.Audit.CaseAudit(context.Background(), e.user("facilitator@demo.test"), r.caseID)
	if err != nil {
		t.Fatal(err)
	}
	var reads, exports int
	for _, en := range entries {
		if en.Part == "spanningsvelden" && en.Action == rotonde.AuditRead {
			reads++
		}
		if en.Part == "spanningsvelden" && en.Action == rotonde.AuditExport {
			exports++
		}
	}
	if reads == 0 || exports == 0 {
		t.Errorf("access log: %d reads, %d exports", reads, exports)
	}
}

func TestGroupsAndGroupRounds(t *testing.T) {
	e := newEnv(t)
	adm := e.login("bestuurder@demo.test")
	if res := e.post(e.login("ouder@demo.test"), "/groepen", url.Values{"name": {"x"}}); res.StatusCode != 403 {
		t.Errorf("family member makes a group: %d", res.StatusCode)
	}
	if res := e.post(adm, "/groepen", url.Values{"name": {"  "}}); res.StatusCode != 422 {
		t.Errorf("nameless group: %d", res.StatusCode)
	}
	res := e.post(adm, "/groepen", url.Values{"name": {"Intervisie bestuurders"}, "description": {"Zes sessies"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create group: %d", res.StatusCode)
	}
	groupPath := res.Header.Get("Location")
	for _, email := range []string{"beleid@demo.test", "hulpverlener@demo.test"} {
		if res := e.post(adm, groupPath+"/leden", url.Values{"email": {email}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add %s: %d", email, res.StatusCode)
		}
	}
	if res := e.post(adm, groupPath+"/leden", url.Values{"email": {"niemand@demo.test"}}); res.StatusCode != 422 {
		t.Errorf("unknown member: %d", res.StatusCode)
	}
	pol := e.login("beleid@demo.test")
	if res := e.post(pol, groupPath+"/leden", url.Values{"email": {"ggz@demo.test"}}); res.StatusCode != 403 {
		t.Errorf("member adds: %d", res.StatusCode)
	}
	if res, page := e.get(pol, groupPath); res.StatusCode != 200 || !strings.Contains(page, "Jeroen Mulder") {
		t.Errorf("member reads group: %d", res.StatusCode)
	}
	if res, _ := e.get(e.login("ggz@demo.test"), groupPath); res.StatusCode != 404 {
		t.Errorf("non-member reads group: %d", res.StatusCode)
	}
	res = e.post(adm, groupPath+"/rondes", url.Values{"name": {"Sessie 1"}, "field": {"cause-effect", "control-outcome"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("open group round: %d %s", res.StatusCode, body(t, res))
	}
	roundPath := res.Header.Get("Location")
	_, page := e.get(pol, "/spanningsvelden?set=bestuurlijk")
	if !strings.Contains(page, "Sessie 1") {
		t.Errorf("open round not offered on the own page")
	}
	// Placing through the own page with the round chosen counts in the round.
	roundID := roundPath[strings.LastIndex(roundPath, "/")+1:]
	if res := e.post(pol, "/spanningsvelden", url.Values{"set": {"bestuurlijk"}, "round": {roundID}, "pos-cause-effect": {"70"}, "pos-control-outcome": {"20"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("own page into round: %d %s", res.StatusCode, body(t, res))
	}
	_, page = e.get(adm, roundPath)
	if !strings.Contains(page, "1 van 3 deelnemers") {
		t.Errorf("count after own-page placement")
	}
	all, _ := e.db.Tension.MyPlacements(context.Background(), e.user("beleid@demo.test"))
	var mine []tension.Placement // the demo's own group round aside
	for _, p := range all {
		if itoa(p.RoundID) == roundID {
			mine = append(mine, p)
		}
	}
	if len(mine) != 2 || mine[0].Role != rotonde.RolePolicyOfficer {
		t.Errorf("placements %+v", mine)
	}
	var _ tension.Round
}
