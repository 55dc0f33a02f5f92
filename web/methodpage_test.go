package web_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/web"
)

// The demo's Wijkteam Lindeveld-Noord plays organisation A (hulpverlener,
// owner of the demo case), GGZ Jong Lindeveld organisation B (ggz, a member
// of that case). An administrator of A is made here.

func (e *env) orgID(name string) int64 {
	e.t.Helper()
	orgs, err := e.db.Orgs.Organisations(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	for _, o := range orgs {
		if o.Name == name {
			return o.ID
		}
	}
	e.t.Fatalf("no organisation %q", name)
	return 0
}

func (e *env) methodAdminOfA() (*http.Client, string) {
	e.t.Helper()
	orgA := e.orgID("Wijkteam Lindeveld-Noord")
	testenv.MustUser(e.t, e.db, &rotonde.User{Email: "beheer-wijkteam@demo.test", Name: "Beheer Wijkteam", Role: rotonde.RoleAdministrator, OrgID: orgA}, demo.Password)
	return e.login("beheer-wijkteam@demo.test"), "/beheer/organisaties/" + itoa(orgA) + "/methode"
}

// themeMeetingCards creates a theme meeting as c and returns its composition page.
func (e *env) themeMeetingCards(c *http.Client) string {
	e.t.Helper()
	res := e.post(c, "/bijeenkomsten", url.Values{"title": {"Intervisie"}, "theme": {"Vastgelopen hulp"}})
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("create theme meeting: %d %s", res.StatusCode, body(e.t, res))
	}
	_, page := e.get(c, res.Header.Get("Location"))
	return html.UnescapeString(page)
}

func (e *env) page(c *http.Client, path string) string {
	e.t.Helper()
	res, page := e.get(c, path)
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("GET %s: %d\n%s", path, res.StatusCode, page)
	}
	return html.UnescapeString(page)
}

func TestOrganisationRewordsTheMethodForItsOwnPeople(t *testing.T) {
	e := newEnv(t)
	admin, path := e.methodAdminOfA()
	form := e.page(admin, path)
	if !strings.Contains(form, `value="Een tijdlijn maken"`) || !strings.Contains(form, `name="field.makeable.title.nl"`) {
		t.Fatalf("form is not prefilled with the current texts:\n%s", form)
	}
	// Reword: a word everywhere, one field renamed, a card hidden.
	res := e.post(admin, path, url.Values{"action": {"save"},
		"term_from_nl": {"tijdlijn", "droom", ""}, "term_to_nl": {"patient journey", "toekomstbeeld", ""},
		"term_from_en": {"", "", ""}, "term_to_en": {"", "", ""},
		"field.makeable.title.nl":  {"Tussen het bekende en het onbekende"},
		"field.makeable.title.en":  {"Between the proven and makeable and the not yet graspable"},
		"card.art.title.nl":        {"Kunst inzetten"},
		"card.art.title.en":        {"Using art"},
		"card.art.hidden":          {"on"},
		"card.timeline.title.nl":   {"Een tijdlijn maken"},
		"card.timeline.title.en":   {"Making a timeline"},
		"field.slow-down.title.nl": {""}, // empty: the standard text
	})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Fatalf("save: %d %s", res.StatusCode, body(t, res))
	}
	// Only what differs from the standard library is stored.
	o, err := e.db.Method.OrgMethodOverride(context.Background(), e.orgID("Wijkteam Lindeveld-Noord"))
	if err != nil {
		t.Fatal(err)
	}
	patch := string(o.Patch)
	if strings.Contains(patch, `"timeline"`) || strings.Contains(patch, "slow-down") || strings.Contains(patch, `"en"`) ||
		!strings.Contains(patch, "Tussen het bekende") || !strings.Contains(patch, `"hidden":true`) || len(o.Terms) != 2 {
		t.Fatalf("stored override: terms %+v patch %s", o.Terms, patch)
	}
	if saved := e.page(admin, path); !strings.Contains(saved, "Opgeslagen") || !strings.Contains(saved, `value="patient journey"`) {
		t.Fatalf("page after saving:\n%s", saved)
	}

	// A professional of A sees the new words on the tension page and when composing a meeting.
	a := e.login("hulpverlener@demo.test")
	if p := e.page(a, "/spanningsvelden"); !strings.Contains(p, "Tussen het bekende en het onbekende") || strings.Contains(p, "bewezen maakbare en het nog") {
		t.Errorf("A's tension page lacks the new field name")
	}
	cardsA := e.themeMeetingCards(a)
	if !strings.Contains(cardsA, "Een patient journey maken") || strings.Contains(cardsA, "Een tijdlijn maken") || strings.Contains(cardsA, "Kunst inzetten") {
		t.Errorf("A's meeting composition does not show A's words:\n%s", cardsA)
	}
	// A professional of B still sees the standard words.
	b := e.login("ggz@demo.test")
	if p := e.page(b, "/spanningsvelden"); strings.Contains(p, "Tussen het bekende") || !strings.Contains(p, "Tussen het bewezen maakbare en het nog ongrijpbare") {
		t.Errorf("B's tension page shows A's words")
	}
	cardsB := e.themeMeetingCards(b)
	if strings.Contains(cardsB, "patient journey") || !strings.Contains(cardsB, "Een tijdlijn maken") || !strings.Contains(cardsB, "Kunst inzetten") {
		t.Errorf("B's meeting composition shows A's words:\n%s", cardsB)
	}
	// In English A's field keeps its standard English name: only Dutch was changed.
	if res := e.post(a, "/taal", url.Values{"lang": {"en"}, "next": {"/spanningsvelden"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch language: %d", res.StatusCode)
	}
	if p := e.page(a, "/spanningsvelden"); !strings.Contains(p, "Between the proven and makeable") {
		t.Errorf("A's English tension page lost the standard English name")
	}
	// The case belongs to A: everyone in it, B's professional too, reads the case in A's words.
	dream := "/casussen/" + itoa(e.demoCaseID()) + "/droom"
	if p := e.page(b, dream); !strings.Contains(p, "toekomstbeeld") {
		t.Errorf("B's view of A's case does not use A's words")
	}
	// The admin page is logged.
	var n int
	if err := e.db.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE part = 'methode' AND outcome = 'allowed'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("audit records of the change: %d %v", n, err)
	}
}

func TestBrokenMethodInputChangesNothing(t *testing.T) {
	e := newEnv(t)
	admin, path := e.methodAdminOfA()
	if res := e.post(admin, path, url.Values{"action": {"save"}, "term_from_nl": {"tijdlijn"}, "term_to_nl": {"patient journey"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, body(t, res))
	}
	orgA := e.orgID("Wijkteam Lindeveld-Noord")
	before, err := e.db.Method.OrgMethodOverride(context.Background(), orgA)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, res *http.Response, want ...string) {
		t.Helper()
		page := html.UnescapeString(body(t, res))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d", name, res.StatusCode)
		}
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: page lacks %q", name, w)
			}
		}
		after, err := e.db.Method.OrgMethodOverride(context.Background(), orgA)
		if err != nil || after.Digest != before.Digest {
			t.Errorf("%s: the stored override changed (%v)", name, err)
		}
	}
	// A broken upload: pasted, and as a file.
	broken := `{"terms":[],"patch":{"cards":[{"key":"timeline","title":{"nl":""}}]}}`
	check("empty title (pasted)", e.post(admin, path, url.Values{"action": {"upload"}, "json": {broken}}),
		"Nederlandse tekst ontbreekt", `"key":"timeline"`)
	res, _ := e.uploadMethod(admin, path, "methode.json", []byte(`{"terms":[], "patch": {"cards": [`))
	check("not JSON (file)", res, "geen geldige aanpassing")
	res, _ = e.uploadMethod(admin, path, "methode.json", []byte(`{"termen":[]}`))
	check("misspelt name (file)", res, "termen")
	// Bad form input: the form comes back with what was typed.
	check("word without replacement", e.post(admin, path, url.Values{"action": {"save"}, "term_from_nl": {"tijdlijn", "casus"}, "term_to_nl": {"patient journey", ""}}),
		"ontbreekt de vervanging", `value="casus"`)
	check("new field without poles", e.post(admin, path, url.Values{"action": {"save"}, "nf_title_nl": {"Tussen regie nemen en regie laten"}}),
		"Vul voor het nieuwe spanningsveld", `value="Tussen regie nemen en regie laten"`)
	check("new card with a bad step", e.post(admin, path, url.Values{"action": {"save"}, "nc_title_nl": {"Wandelen"}, "nc_purpose_nl": {"Lopend praten"},
		"nc_steps": {"10 | Verzamelen\nwandelen"}, "nc_min": {"2"}, "nc_max": {"8"}}), "Stap 2 van de nieuwe werkkaart", "Lopend praten")
	check("English steps do not match", e.post(admin, path, url.Values{"action": {"save"}, "nc_title_nl": {"Wandelen"}, "nc_purpose_nl": {"Lopend praten"},
		"nc_steps": {"10 | Verzamelen\n30 | Wandelen"}, "nc_steps_en": {"Gathering"}, "nc_min": {"2"}, "nc_max": {"8"}}), "evenveel stappen", "Gathering")
	check("reset without confirming", e.post(admin, path, url.Values{"action": {"reset"}}), "Vink aan")
	// English when chosen.
	if res := e.post(admin, "/taal", url.Values{"lang": {"en"}, "next": {"/"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatal("switch language")
	}
	check("empty title (English)", e.post(admin, path, url.Values{"action": {"upload"}, "json": {broken}}), "Dutch text missing")
	// The people of A still see A's words.
	if p := e.themeMeetingCards(e.login("hulpverlener@demo.test")); !strings.Contains(p, "Een patient journey maken") {
		t.Error("A's words are gone after refused input")
	}
}

func (e *env) uploadMethod(c *http.Client, path, name string, data []byte) (*http.Response, string) {
	e.t.Helper()
	buf, ctype := multipartForm(e.t, name, data, "action", "upload")
	return e.postBody(c, path, ctype, buf, ""), ""
}

func TestOwnFieldAndCardDownloadUploadAndReset(t *testing.T) {
	e := newEnv(t)
	admin, path := e.methodAdminOfA()
	// Preview stores nothing.
	res := e.post(admin, path, url.Values{"action": {"preview"}, "term_from_nl": {"tijdlijn"}, "term_to_nl": {"patient journey"}})
	if p := html.UnescapeString(body(t, res)); res.StatusCode != http.StatusOK || !strings.Contains(p, "3. Een patient journey maken") {
		t.Fatalf("preview: %d", res.StatusCode)
	}
	if _, err := e.db.Method.OrgMethodOverride(context.Background(), e.orgID("Wijkteam Lindeveld-Noord")); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Fatalf("preview stored something: %v", err)
	}
	// An own tension field and an own work card, in the words of an administrator.
	res = e.post(admin, path, url.Values{"action": {"save"},
		"nf_title_nl": {"Tussen regie nemen en regie laten"}, "nf_left_nl": {"Regie nemen"}, "nf_right_nl": {"Regie laten"},
		"nf_desc_nl": {"Wie houdt het stuur vast?"}, "nf_questions_nl": {"Waar sta jij?\r\nWaar staat het gezin?\r\n"},
		"nc_title_nl": {"Samen wandelen"}, "nc_purpose_nl": {"Lopend praat het makkelijker."},
		"nc_steps":    {"10 | Verzamelen\n40 | Wandelen | In tweetallen, na twintig minuten wisselen"},
		"nc_steps_en": {"Gathering\nWalking | In pairs, swap after twenty minutes"}, "nc_min": {"2"}, "nc_max": {"10"}, "nc_online": {"on"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add own items: %d %s", res.StatusCode, body(t, res))
	}
	a := e.login("hulpverlener@demo.test")
	own := e.page(a, "/spanningsvelden?set=eigen")
	if !strings.Contains(own, "Tussen regie nemen en regie laten") || !strings.Contains(own, "Waar staat het gezin?") {
		t.Fatalf("own field not offered:\n%s", own)
	}
	if res := e.post(a, "/spanningsvelden", url.Values{"set": {"eigen"}, "pos-eigen-tussen-regie-nemen-en-regie-laten": {"35"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("place on own field: %d %s", res.StatusCode, body(t, res))
	}
	if p := e.themeMeetingCards(a); !strings.Contains(p, "9. Samen wandelen (50 min)") {
		t.Fatalf("own card not offered:\n%s", p)
	}
	// Download, and the same file uploaded again is accepted as is.
	res, dl := e.get(admin, path+".json")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: %d", res.StatusCode)
	}
	var doc struct {
		Terms []any          `json:"terms"`
		Patch map[string]any `json:"patch"`
	}
	if err := json.Unmarshal([]byte(dl), &doc); err != nil || doc.Patch["fields"] == nil || doc.Patch["cards"] == nil {
		t.Fatalf("download is not the override: %v\n%s", err, dl)
	}
	if !strings.Contains(dl, `"en": "In pairs, swap after twenty minutes"`) || !strings.Contains(dl, `"en": "Walking"`) {
		t.Errorf("own card's steps not in both languages:\n%s", dl)
	}
	if res, _ := e.uploadMethod(admin, path, "methode.json", []byte(dl)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload of the download: %d %s", res.StatusCode, body(t, res))
	}
	// An upload that leaves the own field out is refused: hide, never delete.
	res = e.post(admin, path, url.Values{"action": {"upload"}, "json": {`{"terms":[{"from":{"nl":"tijdlijn"},"to":{"nl":"reis"}}]}`}})
	if b := html.UnescapeString(body(t, res)); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "eigen-tussen-regie-nemen-en-regie-laten") {
		t.Fatalf("upload without own items: %d", res.StatusCode)
	}
	// Back to the standard library: the own items stay, hidden.
	res = e.post(admin, path, url.Values{"action": {"reset"}, "confirm": {"on"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Fatalf("reset: %d %s", res.StatusCode, body(t, res))
	}
	if p := e.themeMeetingCards(a); strings.Contains(p, "Samen wandelen") {
		t.Error("hidden own card still offered")
	}
	if res, _ := e.get(a, "/spanningsvelden?set=eigen"); res.StatusCode != http.StatusNotFound {
		t.Errorf("set of hidden own fields: %d", res.StatusCode)
	}
	if p := e.page(a, "/spanningsvelden"); !strings.Contains(p, "Tussen het bewezen maakbare") {
		t.Error("standard field names not back")
	}
	if p := e.page(admin, path); !strings.Contains(p, "standaardbibliotheek") {
		t.Error("reset notice missing")
	}
}

// TestMethodChangeReachesOtherInstances: two servers share one database; a
// change saved through one is seen by the other after its recheck interval.
func TestMethodChangeReachesOtherInstances(t *testing.T) {
	e := newEnv(t)
	e2 := serveOn(t, e.db, web.Config{MethodRecheck: 50 * time.Millisecond})
	a2 := e2.login("hulpverlener@demo.test")
	if p := e2.page(a2, "/spanningsvelden"); strings.Contains(p, "Tussen het bekende") {
		t.Fatal("changed before the change")
	}
	admin, path := e.methodAdminOfA()
	// Readers on the other instance while the change is saved (run with -race).
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if res, err := a2.Get(e2.srv.URL + "/spanningsvelden"); err == nil {
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
			}
		}()
	}
	defer func() { close(stop); wg.Wait() }()
	if res := e.post(admin, path, url.Values{"action": {"save"}, "field.makeable.title.nl": {"Tussen het bekende en het onbekende"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, body(t, res))
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(e2.page(a2, "/spanningsvelden"), "Tussen het bekende") {
		if time.Now().After(deadline) {
			t.Fatal("the other instance never saw the change")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
