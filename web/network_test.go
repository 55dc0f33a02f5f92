package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/demo"
)

func (e *env) demoRegion() (region, second int64) {
	e.t.Helper()
	ctx := context.Background()
	orgs, err := e.db.Orgs.Organisations(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, o := range orgs {
		if o.Name == "Gemeente Lindeveld" {
			region = o.RegionID
		}
		if o.Name == demo.SecondMunicipality {
			second = o.ID
		}
	}
	if region == 0 || second == 0 {
		e.t.Fatal("demo region or second municipality missing")
	}
	if _, err := e.db.Network.RefreshSignals(ctx, time.Now().UTC(), 1000); err != nil {
		e.t.Fatal(err)
	}
	return region, second
}

// The demo region shows real counts in the network view, with hidden small
// ones, to a policy officer and an administrator of the region; the JSON
// never carries a count from 1 to 9; professionals do not get in.
func TestNetworkViewOfTheDemoRegion(t *testing.T) {
	e := newEnv(t)
	region, second := e.demoRegion()
	for _, who := range []string{"beleid@demo.test", "bestuurder@demo.test"} {
		c := e.login(who)
		res, page := e.get(c, "/netwerk")
		if res.StatusCode != 200 || !strings.Contains(page, fmt.Sprintf(`href="/netwerk/regio/%d"`, region)) {
			t.Fatalf("%s: /netwerk %d", who, res.StatusCode)
		}
		res, page = e.get(c, fmt.Sprintf("/netwerk/regio/%d", region))
		if res.StatusCode != 200 {
			t.Fatalf("%s: region view %d", who, res.StatusCode)
		}
		for _, want := range []string{"Casussen per fase", "Gemeente Lindeveld", demo.SecondMunicipality, "&lt;10", "<svg", "Rode draden", "Wachtlijst", "Rode draden door de tijd"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: region view lacks %q", who, want)
			}
		}
		for _, never := range []string{"/casussen/", demo.CaseTitle, "Daan (12)", "Sanne Bakker"} {
			if strings.Contains(page, never) {
				t.Errorf("%s: region view shows %q", who, never)
			}
		}
		res, _ = e.get(c, fmt.Sprintf("/netwerk/gemeente/%d", second))
		if res.StatusCode != 200 {
			t.Fatalf("%s: municipality view %d", who, res.StatusCode)
		}
	}
	c := e.login("beleid@demo.test")
	var regionJSON, secondJSON apiOverviewJSON
	for path, into := range map[string]*apiOverviewJSON{
		fmt.Sprintf("/api/v1/regions/%d/overview", region):        &regionJSON,
		fmt.Sprintf("/api/v1/municipalities/%d/overview", second): &secondJSON,
	} {
		res := e.api(c, http.MethodGet, path, "")
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		if err := json.NewDecoder(res.Body).Decode(into); err != nil {
			t.Fatal(err)
		}
	}
	shown, hidden := 0, 0
	for _, tb := range regionJSON.Tables {
		for _, r := range tb.Rows {
			for _, n := range append([]*int{r.Total}, cellCounts(r)...) {
				switch {
				case n == nil:
					hidden++
				case *n > 0 && *n < 10:
					t.Fatalf("%s/%s: %d published", tb.Name, r.Label, *n)
				case *n >= 10:
					shown++
				}
			}
		}
	}
	if shown == 0 || hidden == 0 {
		t.Fatalf("the demo region shows %d counts and hides %d; want both", shown, hidden)
	}
	// Four tables of the municipality's cases, and the region's common
	// threads by level and, shared over several quarters, by quarter.
	if len(secondJSON.Tables) != 6 || len(secondJSON.Tables[0].Rows) != 1 || secondJSON.Tables[0].Rows[0].Label != demo.SecondMunicipality {
		t.Fatalf("municipality view %+v", secondJSON)
	}
	if threads := secondJSON.Tables[4]; threads.Name != "threads" || len(threads.Rows) < 2 || threads.Rows[len(threads.Rows)-1].Label != "total" {
		t.Fatalf("threads in the municipality view %+v", threads)
	}
	mv := secondJSON.Tables[5]
	if mv.Name != "threads_movement" || len(mv.Rows) < 2 || len(mv.Rows[0].Cells) < 6 {
		t.Fatalf("movement of the threads in the municipality view %+v", mv)
	}
	moving := false
	for _, r := range mv.Rows {
		seen := map[int]bool{}
		for _, n := range cellCounts(r) {
			if n != nil && *n > 0 {
				seen[*n] = true
			}
		}
		moving = moving || len(seen) > 1
	}
	if !moving {
		t.Errorf("no published movement of the threads over the quarters: %+v", mv)
	}
	// Nobody else gets the view: a professional, a family member, the JSON without login.
	for _, who := range []string{"hulpverlener@demo.test", "ouder@demo.test", "onderzoeker@demo.test"} {
		if res, _ := e.get(e.login(who), fmt.Sprintf("/netwerk/regio/%d", region)); res.StatusCode != 404 {
			t.Errorf("%s opens the region view: %d", who, res.StatusCode)
		}
	}
	if res := e.api(e.client(), http.MethodGet, fmt.Sprintf("/api/v1/regions/%d/overview", region), ""); res.StatusCode != 401 {
		t.Errorf("anonymous overview: %d", res.StatusCode)
	}
}

type apiOverviewJSON struct {
	Region       string `json:"region"`
	Municipality string `json:"municipality"`
	Tables       []struct {
		Name string           `json:"name"`
		Rows []apiOverviewRow `json:"rows"`
	} `json:"tables"`
}

type apiOverviewRow struct {
	Label string `json:"label"`
	Cells []struct {
		Label string `json:"label"`
		Count *int   `json:"count"`
	} `json:"cells"`
	Total *int `json:"total"`
}

func cellCounts(r apiOverviewRow) []*int {
	var out []*int
	for _, c := range r.Cells {
		out = append(out, c.Count)
	}
	return out
}

// The two demo stories are read in the region without a way to their case;
// a draft is not.
func TestPublishedStoriesOfTheRegion(t *testing.T) {
	e := newEnv(t)
	c := e.login("beleid@demo.test")
	res, page := e.get(c, "/verhalen")
	if res.StatusCode != 200 || !strings.Contains(page, "Negen plekken in vier jaar") || !strings.Contains(page, "Wachten op de juiste hulp") {
		t.Fatalf("stories: %d", res.StatusCode)
	}
	id := regexp.MustCompile(`href="/verhalen/(\d+)"`).FindStringSubmatch(page)
	if id == nil {
		t.Fatal("no link to a story")
	}
	res, page = e.get(c, "/verhalen/"+id[1])
	if res.StatusCode != 200 || strings.Contains(page, "/casussen/") {
		t.Fatalf("story page %d, or it links to a case", res.StatusCode)
	}
	// A draft written by the case owner stays in the case.
	owner := e.login("hulpverlener@demo.test")
	caseID := e.demoCaseID()
	draft := e.saveStory(owner, fmt.Sprintf("/casussen/%d/verhalen", caseID), "Concept", "Nog niet af.")
	if res, _ := e.get(c, "/verhalen/"+draft); res.StatusCode != 404 {
		t.Fatalf("a draft is read on the network: %d", res.StatusCode)
	}
	if _, page := e.get(c, "/verhalen"); strings.Contains(page, "Nog niet af") || strings.Contains(page, ">Concept<") {
		t.Fatal("a draft is listed on the network")
	}
}

// Publishing warns when the text still names people or places of the
// case, and needs the family's consent.
func TestStoryNamesWarningAndConsent(t *testing.T) {
	e := newEnv(t)
	owner := e.login("hulpverlener@demo.test")
	caseID := e.demoCaseID()
	base := fmt.Sprintf("/casussen/%d/verhalen", caseID)
	sid := e.saveStory(owner, base, "Een plek om te blijven", "Noor woonde bij oma en ging later naar Crisisopvang De Haven.")
	_, page := e.get(owner, base)
	if !strings.Contains(page, "<mark>Noor (15)</mark>") && !strings.Contains(page, "<mark>Crisisopvang De Haven</mark>") {
		t.Fatalf("the stories page does not mark the names still in the text")
	}
	publish := base + "/" + sid + "/publiceren"
	res := e.post(owner, publish, url.Values{"given_by": {"moeder"}})
	if b := body(t, res); res.StatusCode != 422 || !strings.Contains(b, "toestemming") {
		t.Fatalf("without consent: %d", res.StatusCode)
	}
	res = e.post(owner, publish, url.Values{"consent": {"yes"}, "given_by": {"moeder"}})
	if b := body(t, res); res.StatusCode != 422 || !strings.Contains(b, "Crisisopvang De Haven") {
		t.Fatalf("names not warned about: %d", res.StatusCode)
	}
	res = e.post(owner, publish, storyConsent())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	if res, _ := e.get(e.login("beleid@demo.test"), "/verhalen/"+sid); res.StatusCode != 200 {
		t.Fatalf("published story: %d", res.StatusCode)
	}
}

// The case page says where the case sits; its owner changes the
// municipality, nobody else; a new case can get one at once.
func TestCaseMunicipalityOnTheCasePage(t *testing.T) {
	e := newEnv(t)
	_, second := e.demoRegion()
	owner := e.login("hulpverlener@demo.test")
	caseID := e.demoCaseID()
	_, page := e.get(owner, fmt.Sprintf("/casussen/%d", caseID))
	if !strings.Contains(page, "Gemeente Lindeveld") || !strings.Contains(page, "Jeugdregio Lindeveld") || !strings.Contains(page, `name="municipality"`) {
		t.Fatal("the case page does not show the municipality and region with the owner's form")
	}
	fac := e.login("facilitator@demo.test")
	if _, page := e.get(fac, fmt.Sprintf("/casussen/%d", caseID)); strings.Contains(page, `action="/casussen/`+fmt.Sprint(caseID)+`/gemeente"`) {
		t.Fatal("the facilitator is offered the municipality form")
	}
	if res := e.post(fac, fmt.Sprintf("/casussen/%d/gemeente", caseID), url.Values{"municipality": {fmt.Sprint(second)}}); res.StatusCode != 403 {
		t.Fatalf("facilitator sets the municipality: %d", res.StatusCode)
	}
	if res := e.post(owner, fmt.Sprintf("/casussen/%d/gemeente", caseID), url.Values{"municipality": {fmt.Sprint(second)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("owner sets the municipality: %d", res.StatusCode)
	}
	if _, page := e.get(owner, fmt.Sprintf("/casussen/%d", caseID)); !strings.Contains(page, demo.SecondMunicipality) {
		t.Fatal("the new municipality is not shown")
	}
	res := e.post(owner, "/casussen", url.Values{"title": {"Nieuw (11)"}, "municipality": {fmt.Sprint(second)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create with municipality: %d", res.StatusCode)
	}
	if _, page := e.get(owner, res.Header.Get("Location")); !strings.Contains(page, demo.SecondMunicipality) {
		t.Fatal("the new case has no municipality")
	}
	if res := e.post(owner, "/casussen", url.Values{"title": {"Nieuw (12)"}, "municipality": {"999999"}}); res.StatusCode != 422 {
		t.Fatalf("create with an unknown municipality: %d", res.StatusCode)
	}
}

// Barriers: the page names the question and its source; writers add and
// change; the network view counts them.
func TestBarriersPage(t *testing.T) {
	e := newEnv(t)
	owner := e.login("hulpverlener@demo.test")
	caseID := e.demoCaseID()
	base := fmt.Sprintf("/casussen/%d/randvoorwaarden", caseID)
	res, page := e.get(owner, base)
	if res.StatusCode != 200 || !strings.Contains(page, "Welke randvoorwaarden staan een goede beslissing in de weg?") ||
		!strings.Contains(page, "Transformeren kun je leren") {
		t.Fatalf("barriers page %d lacks the question or its source", res.StatusCode)
	}
	if res := e.post(owner, base, url.Values{"kind": {"financing"}, "explanation": {""}}); res.StatusCode != 422 {
		t.Fatalf("empty explanation: %d", res.StatusCode)
	}
	if res := e.post(owner, base, url.Values{"kind": {"financing"}, "explanation": {"Het budget is op."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", res.StatusCode)
	}
	_, page = e.get(e.login("ouder@demo.test"), base)
	if !strings.Contains(page, "Het budget is op.") {
		t.Fatal("the family member does not read the barrier")
	}
	if res, _ := e.get(e.login("beleid@demo.test"), base); res.StatusCode != 404 {
		t.Fatalf("a non-member reads the barriers: %d", res.StatusCode)
	}
}

// storyRe finds a story's id in the address its saving leads to.
var storyRe = regexp.MustCompile(`#verhaal-(\d+)`)

// saveStory has c save a draft story in the stories of a case (base,
// /casussen/<id>/verhalen) and returns the story's id.
func (e *env) saveStory(c *http.Client, base, title, text string) string {
	e.t.Helper()
	res := e.post(c, base, url.Values{"title": {title}, "body": {text}})
	m := storyRe.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		e.t.Fatalf("save story: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	return m[1]
}

// storyConsent is the publishing form with the family's consent given and
// the names checked.
func storyConsent() url.Values {
	return url.Values{"consent": {"yes"}, "given_by": {"moeder"}, "names_checked": {"yes"}}
}

// publishedStory has c save and publish a story without names in the
// stories of a case (base) and returns the story's id.
func (e *env) publishedStory(c *http.Client, base string) string {
	e.t.Helper()
	sid := e.saveStory(c, base, "Een plek om te blijven", "Een meisje vond na lang zoeken een plek om te blijven.")
	if res := e.post(c, base+"/"+sid+"/publiceren", storyConsent()); res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("publish: %d", res.StatusCode)
	}
	return sid
}

// Withdrawing a published story asks first and says what happens: it
// leaves the network, stays a draft of the case and can be published again
// with the family's consent recorded again.
func TestWithdrawingAStoryAsksFirst(t *testing.T) {
	e := newEnv(t)
	owner := e.login("hulpverlener@demo.test")
	reader := e.login("beleid@demo.test")
	base := fmt.Sprintf("/casussen/%d/verhalen", e.demoCaseID())
	sid := e.publishedStory(owner, base)
	publish, withdraw := base+"/"+sid+"/publiceren", base+"/"+sid+"/intrekken"
	page := body(t, e.post(owner, withdraw, nil))
	for _, want := range []string{"Het verhaal ‘Een plek om te blijven’ wordt uit het netwerk gehaald.", "als concept bij de casus",
		"kan het concept opnieuw publiceren", `name="bevestigd" value="ja"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the confirmation lacks %q", want)
		}
	}
	if strings.Contains(page, "Dit kun je niet ongedaan maken.") {
		t.Error("the confirmation says withdrawing is final")
	}
	if res, _ := e.get(reader, "/verhalen/"+sid); res.StatusCode != 200 {
		t.Fatalf("the question alone withdrew the story: %d", res.StatusCode)
	}
	if res := e.post(owner, withdraw, confirm(nil)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", res.StatusCode)
	}
	if res, _ := e.get(reader, "/verhalen/"+sid); res.StatusCode != 404 {
		t.Fatalf("a withdrawn story is read on the network: %d", res.StatusCode)
	}
	if res := e.post(owner, publish, storyConsent()); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish again: %d", res.StatusCode)
	}
	if res, _ := e.get(reader, "/verhalen/"+sid); res.StatusCode != 200 {
		t.Fatalf("published again: %d", res.StatusCode)
	}
}
