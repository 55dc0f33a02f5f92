package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/internal/pdftest"
	"github.com/rotonde-jeugd/rotonde/knowledge"
)

// A case's dilemma is recorded with what its author takes home; sharing it
// refuses a paraphrase that names the child, and once shared the network
// codes the paraphrase — never the original text — in a codebook whose
// synthesis, agreement and reports show it. Family members never reach the
// threads.
func TestKnowledgeSharedAndCoded(t *testing.T) {
	e := newEnv(t)
	id, original, para := shareDemoRecord(t, e)
	codeSharedRecord(t, e, id, original, para)
}

// shareDemoRecord writes a dilemma in the demo case, checks the warning about
// names known in the case, and shares it with a paraphrase without them.
func shareDemoRecord(t *testing.T, e *env) (id int64, original, para string) {
	t.Helper()
	ctx := context.Background()
	caseID := e.demoCaseID()
	fac := e.login("facilitator@demo.test")
	page := "/casussen/" + itoa(caseID) + "/kennis"
	original = "Noor wacht al maanden omdat niemand over de tweede lijn besluit."
	res := e.post(fac, page, url.Values{"kind": {"dilemma"}, "body": {original}, "level": {"network"}, "themes": {"wachttijd, regie"},
		"component": {"clear-roles"}, "takeaway": {"Wachttijd agenderen in het regio-overleg"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add record: %d %s", res.StatusCode, body(t, res))
	}
	recs, err := e.db.Knowledge.CaseRecords(ctx, e.user("facilitator@demo.test"), caseID)
	if err != nil || len(recs) != 1 || len(recs[0].Links) != 3 || recs[0].FollowUpDue.IsZero() {
		t.Fatalf("records: %+v %v", recs, err)
	}
	id = recs[0].ID
	res, html := e.get(fac, page)
	if res.StatusCode != 200 || !strings.Contains(html, original) || !strings.Contains(html, "deze namen zijn bekend in de casus") || !strings.Contains(html, "Noor") {
		t.Fatalf("knowledge page: %d", res.StatusCode)
	}
	// The start page shows when Rotonde will ask what was done with it.
	if _, home := e.get(fac, "/"); !strings.Contains(home, "Wachttijd agenderen in het regio-overleg") {
		t.Error("the start page does not show the follow-up question")
	}
	share := page + "/" + itoa(id) + "/delen"
	res = e.post(fac, share, url.Values{"paraphrase": {"Noor wacht maanden op een besluit."}, "stripped": {"on"}})
	if b := body(t, res); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "noemt nog namen") || !strings.Contains(b, "Noor") {
		t.Fatalf("paraphrase with the child's name: %d", res.StatusCode)
	}
	para = "Een jongere wacht maanden omdat niemand over specialistische hulp besluit."
	if res := e.post(fac, share, url.Values{"paraphrase": {para}, "stripped": {"on"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("share: %d %s", res.StatusCode, body(t, res))
	}
	return id, original, para
}

// codeSharedRecord: a family member does not reach the threads; an
// administrator opens a codebook, two people code the shared record, and
// the synthesis and its reports show the paraphrase, never the original.
func codeSharedRecord(t *testing.T, e *env, id int64, original, para string) {
	t.Helper()
	ctx := context.Background()
	fac := e.login("facilitator@demo.test")

	// A family member does not reach the threads; an administrator opens a codebook.
	if res, _ := e.get(e.login("ouder@demo.test"), "/rode-draden"); allowedStatus(res) {
		t.Errorf("a family member opens the threads: %d", res.StatusCode)
	}
	admin := e.login("bestuurder@demo.test")
	res := e.post(admin, "/rode-draden", url.Values{"name": {"Rode draden Lindeveld"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("open codebook: %d %s", res.StatusCode, body(t, res))
	}
	bookPath := res.Header.Get("Location")
	var bookID int64
	books, _ := e.db.Knowledge.Codebooks(ctx, e.user("bestuurder@demo.test"))
	for _, b := range books {
		if b.Name == "Rode draden Lindeveld" {
			bookID = b.ID
		}
	}
	if bookID == 0 || bookPath != "/rode-draden/"+itoa(bookID) {
		t.Fatalf("codebooks: %+v", books)
	}
	book, err := e.db.Knowledge.Codebook(ctx, e.user("bestuurder@demo.test"), bookID)
	if err != nil || len(book.Codes) < 10 {
		t.Fatalf("ready-made codes: %+v %v", book, err)
	}
	if res := e.post(admin, bookPath+"/codes", url.Values{"name": {"Wachttijd"}, "colour": {"#aa3300"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add theme: %d %s", res.StatusCode, body(t, res))
	}
	book, _ = e.db.Knowledge.Codebook(ctx, e.user("bestuurder@demo.test"), bookID)
	var theme, comp int64
	for _, c := range book.Codes {
		if c.Name == "Wachttijd" {
			theme = c.ID
		}
		if c.Group == knowledge.GroupComponent && comp == 0 {
			comp = c.ID
		}
	}
	for _, c := range []struct {
		who  string
		code int64
	}{{"bestuurder@demo.test", theme}, {"bestuurder@demo.test", comp}, {"facilitator@demo.test", theme}} {
		cl := admin
		if c.who != "bestuurder@demo.test" {
			cl = fac
		}
		if res := e.post(cl, bookPath+"/coderingen", url.Values{"record": {itoa(id)}, "code": {itoa(c.code)}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("coding: %d %s", res.StatusCode, body(t, res))
		}
	}
	if res := e.post(admin, bookPath+"/notities", url.Values{"kind": {"decision"}, "body": {"Wachttijd krijgt een eigen thema."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("note: %d %s", res.StatusCode, body(t, res))
	}
	res, html := e.get(admin, bookPath)
	if res.StatusCode != 200 || !strings.Contains(html, para) || strings.Contains(html, original) || !strings.Contains(html, `class="cooccurrence"`) ||
		!strings.Contains(html, "Wachttijd krijgt een eigen thema.") || !strings.Contains(html, "Overeenstemming tussen codeurs") {
		t.Fatalf("codebook page: %d", res.StatusCode)
	}
	res, md := e.get(admin, bookPath+"/synthese.md")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/markdown") || !strings.Contains(md, "# Rode draden Lindeveld") ||
		!strings.Contains(md, "> Een jongere wacht maanden") || strings.Contains(md, "Noor") || !strings.Contains(md, "| Wachttijd |") {
		t.Errorf("markdown report: %d\n%s", res.StatusCode, md)
	}
	if text := pdftest.Text(t, e.getPDF(admin, bookPath+"/synthese.pdf")); !strings.Contains(text, "Rode draden Lindeveld") || !strings.Contains(text, "Wachttijd") || strings.Contains(text, "Noor") {
		t.Errorf("pdf report: %q", text)
	}
	if res, rep := e.get(admin, bookPath+"/synthese.html"); res.StatusCode != 200 || !strings.Contains(rep, para) || strings.Contains(rep, original) {
		t.Errorf("html report: %d", res.StatusCode)
	}
}

func allowedStatus(res *http.Response) bool { return res.StatusCode < 300 }

// An administrator opens an intervision group and plans a series; a policy
// officer commits and brings a dilemma, shown to the group without a name;
// only she can share a paraphrase of it.
func TestIntervisionSeriesPages(t *testing.T) {
	e := newEnv(t)
	admin := e.login("bestuurder@demo.test")
	group, series := groupWithSeries(t, e)
	if _, html := e.get(admin, group); !strings.Contains(html, "Reeks 2027") || !strings.Contains(html, "6 sessies") {
		t.Error("the group page does not list the series")
	}
	pol := e.login("beleid@demo.test")
	if res := e.post(pol, series+"/toezeggen", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("commit: %d", res.StatusCode)
	}
	dilemma := "Ik vraag om maatwerk en reken af op productie."
	if res := e.post(pol, series+"/inbreng", url.Values{"kind": {"dilemma"}, "body": {dilemma}, "level": {"organisation"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("bring: %d %s", res.StatusCode, body(t, res))
	}
	res, html := e.get(admin, series)
	if res.StatusCode != 200 || !strings.Contains(html, dilemma) || strings.Contains(html, "Aylin Demir") || !strings.Contains(html, "1 van de 2 leden hebben toegezegd") {
		t.Fatalf("series page: %d", res.StatusCode)
	}
	if res, _ := e.get(e.login("facilitator@demo.test"), series); res.StatusCode != http.StatusNotFound {
		t.Errorf("someone outside the group reads the series: %d", res.StatusCode)
	}
	var id int64
	for _, k := range mustGroupRecords(t, e, "beleid@demo.test", series) {
		id = k
	}
	para := map[string][]string{"paraphrase": {"Wie maatwerk vraagt, rekent soms af op productie."}, "stripped": {"on"}}
	if res := e.post(admin, "/kennis/"+itoa(id)+"/delen", para); res.StatusCode != http.StatusForbidden {
		t.Errorf("another member shares her words: %d", res.StatusCode)
	}
	if res := e.post(pol, "/kennis/"+itoa(id)+"/delen", para); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the author shares: %d %s", res.StatusCode, body(t, res))
	}
}

// mustGroupRecords returns the ids of the records brought into the series' group.
func mustGroupRecords(t *testing.T, e *env, email, seriesPath string) []int64 {
	t.Helper()
	var sid int64
	for _, c := range strings.TrimPrefix(seriesPath, "/reeksen/") {
		sid = sid*10 + int64(c-'0')
	}
	se, err := e.db.Knowledge.Series(context.Background(), e.user(email), sid)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := e.db.Knowledge.GroupRecords(context.Background(), e.user(email), se.GroupID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range recs {
		ids = append(ids, r.ID)
	}
	return ids
}

// Administrators and policy officers take the initiative too: they prepare
// a theme meeting; family members, researchers and system administrators do not.
func TestAdministratorOpensThemeMeeting(t *testing.T) {
	e := newEnv(t)
	for _, email := range []string{"bestuurder@demo.test", "beleid@demo.test"} {
		c := e.login(email)
		res := e.post(c, "/bijeenkomsten", url.Values{"title": {"Themabijeenkomst regie"}, "theme": {"Wie beslist?"}})
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/bijeenkomsten/") {
			t.Errorf("%s prepares a theme meeting: %d %s", email, res.StatusCode, body(t, res))
		}
		if _, html := e.get(c, "/bijeenkomsten"); !strings.Contains(html, "Themabijeenkomst regie") {
			t.Errorf("%s does not see their theme meeting", email)
		}
	}
	for _, email := range []string{"ouder@demo.test", "onderzoeker@demo.test", "beheer@demo.test"} {
		if res := e.post(e.login(email), "/bijeenkomsten", url.Values{"title": {"Thema-avond"}, "theme": {"vertragen"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s prepares a theme meeting: %d", email, res.StatusCode)
		}
	}
}
