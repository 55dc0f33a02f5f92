package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/pdftest"
	"github.com/rotonde-jeugd/rotonde/internal/testtool"
)

// postText posts a multipart form with text fields, as the import confirm form does.
func (e *env) postText(c *http.Client, path string, fields map[string]string) (*http.Response, string) {
	e.t.Helper()
	var kv []string
	for k, v := range fields {
		kv = append(kv, k, v)
	}
	buf, ctype := multipartForm(e.t, "", nil, kv...)
	res := e.postBody(c, path, ctype, buf, "")
	return res, body(e.t, res)
}

var personIDs = regexp.MustCompile(`data-person-id="(p\d+)"`)

func TestGenogramPagesShowTheDemoCase(t *testing.T) {
	e, id, base := newDemoCase(t)
	c := e.login("facilitator@demo.test")

	res, page := e.get(c, base+"/genogram")
	if res.StatusCode != 200 || !strings.Contains(page, `<svg xmlns="http://www.w3.org/2000/svg" class="genogram"`) || !strings.Contains(page, "Noor (15)") {
		t.Fatalf("genogram page %d", res.StatusCode)
	}
	if strings.Contains(page, `style="`) || strings.Contains(page, "<script>") {
		t.Errorf("genogram page has inline style or script")
	}
	if !strings.Contains(page, `src="/static/genogram-drag.js" nonce="`) {
		t.Errorf("drag script missing")
	}
	// The professionals overlay is a toggle: off by default, on with pro=1.
	if strings.Contains(page, `class="person professional"`) {
		t.Errorf("professionals drawn without the toggle")
	}
	_, pro := e.get(c, base+"/genogram?pro=1")
	if !strings.Contains(pro, `class="person professional"`) {
		t.Errorf("professionals overlay not drawn with pro=1")
	}
	// Focus on a person, one generation: fewer persons drawn.
	all := len(personIDs.FindAllString(page, -1))
	noor := regexp.MustCompile(`<option value="(p\d+)">Noor \(15\)</option>`).FindStringSubmatch(page)
	if noor == nil {
		t.Fatal("no focus option for Noor")
	}
	_, focused := e.get(c, base+"/genogram?focus="+noor[1]+"&gen=1")
	if n := len(personIDs.FindAllString(focused, -1)); n == 0 || n >= all {
		t.Errorf("focus on Noor, 1 generation: %d persons drawn of %d", n, all)
	}

	for path, want := range map[string]string{
		"/krachtenveld": "budgetplafond",
		"/leercyclus":   "heen en weer", // the skip pattern, said plainly
		"/stappen":      "Terugkoppelen aan moeder",
		"/gesprekken":   "moeder",
		"":              "Gelukt en gevierd", // the feed on the case page
	} {
		res, page := e.get(c, base+path)
		if res.StatusCode != 200 || !strings.Contains(html.UnescapeString(page), want) {
			t.Errorf("%s: status %d, want %q on the page", path, res.StatusCode, want)
		}
	}
	// The open report-back is shown prominently on the case page.
	if _, page := e.get(c, base); !strings.Contains(page, `class="alert report-back"`) {
		t.Errorf("case page does not show the open report-back")
	}
	// Reads are in the access log, without content.
	entries, err := e.db.Audit.CaseAudit(context.Background(), e.user("facilitator@demo.test"), id)
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]bool{}
	for _, en := range entries {
		parts[en.Part] = true
		if strings.Contains(en.Detail, "Noor") || strings.Contains(en.Detail, "moeder") {
			t.Errorf("access log detail holds case content: %q", en.Detail)
		}
	}
	for _, p := range []string{"genogram", "krachtenveld", "leercyclus,fase", "kleine stappen", "reflectief gesprek"} {
		if !parts[p] {
			t.Errorf("no access-log record for %q", p)
		}
	}
}

func TestGenogramBadInputChangesNothing(t *testing.T) {
	e, id, base := newDemoCase(t)
	c := e.login("hulpverlener@demo.test")
	ctx := context.Background()
	owner := e.user("hulpverlener@demo.test")
	before, _, err := e.db.Genogram.Genogram(ctx, owner, id)
	if err != nil {
		t.Fatal(err)
	}
	p := before.Persons[0].ID

	// A person of another case: a clear message, nothing stored.
	other := &rotonde.Case{Title: "Ander (8)"}
	if err := e.db.Cases.CreateCase(ctx, owner, other); err != nil {
		t.Fatal(err)
	}
	res := e.post(c, "/casussen/"+itoa(other.ID)+"/genogram/personen", url.Values{"alias": {"vreemde"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add person to other case: %d", res.StatusCode)
	}
	g2, _, _ := e.db.Genogram.Genogram(ctx, owner, other.ID)
	res = e.post(c, base+"/genogram/banden", url.Values{"a": {p}, "b": {g2.Persons[0].ID}, "kind": {"conflict"}})
	if page := body(t, res); res.StatusCode != 422 || !strings.Contains(page, "hoort niet bij het geno-sociogram van deze casus") {
		t.Errorf("tie across cases: %d", res.StatusCode)
	}
	res = e.post(c, base+"/genogram/banden", url.Values{"a": {p}, "b": {"p999999"}, "kind": {"close"}})
	if res.StatusCode != 422 {
		t.Errorf("tie to unknown person: %d", res.StatusCode)
	}
	res = e.post(c, base+"/genogram/personen", url.Values{"alias": {"x"}, "birth": {"negentien"}})
	if page := body(t, res); res.StatusCode != 422 || !strings.Contains(page, "jaar in cijfers") {
		t.Errorf("year in words: %d", res.StatusCode)
	}
	// Malformed GEDCOM: refused with the line, nothing stored.
	res2, page := e.upload(c, base+"/genogram/import", "stamboom.ged", []byte("0 HEAD\n1 CHAR UTF-8\n0 @I1@ INDI\nzomaar tekst\n0 TRLR\n"))
	if res2.StatusCode != 422 || !strings.Contains(page, "4") {
		t.Errorf("malformed GEDCOM: %d", res2.StatusCode)
	}
	res2, _ = e.upload(c, base+"/genogram/import", "stamboom.txt", []byte("0 HEAD\n0 TRLR\n"))
	if res2.StatusCode != 422 {
		t.Errorf("not a .ged file: %d", res2.StatusCode)
	}
	// A stale pin (the person was removed meanwhile) is refused plainly.
	res = e.post(c, base+"/genogram/posities", url.Values{"person": {"p999999"}, "x": {"10"}, "y": {"10"}, "js": {"1"}})
	if page := body(t, res); res.StatusCode != http.StatusConflict || !strings.Contains(page, "Laad de pagina opnieuw") {
		t.Errorf("stale pin: %d %q", res.StatusCode, page)
	}
	res = e.post(c, base+"/genogram/posities", url.Values{"person": {p}, "x": {"NaN"}, "y": {"10"}, "js": {"1"}})
	if res.StatusCode != 422 {
		t.Errorf("NaN pin: %d", res.StatusCode)
	}
	after, _, _ := e.db.Genogram.Genogram(ctx, owner, id)
	if len(after.Persons) != len(before.Persons) || len(after.Ties) != len(before.Ties) || len(after.Pinned) != len(before.Pinned) {
		t.Errorf("bad input changed the genogram")
	}
	// The family member (interviewee) cannot hold an interview; the answer of
	// an interview without consent for notes is refused.
	fam := e.login("ouder@demo.test")
	res = e.post(fam, base+"/gesprekken", url.Values{"interviewee": {"Noor"}, "consent_recording": {"no"}, "consent_notes": {"yes"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("family member starts an interview: %d", res.StatusCode)
	}
	res = e.post(c, base+"/gesprekken", url.Values{"interviewee": {"vader"}, "consent_recording": {"no"}, "consent_notes": {"no"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start interview: %d", res.StatusCode)
	}
	loc := res.Header.Get("Location")
	res = e.post(c, loc+"/antwoorden", url.Values{"year": {"2021"}, "answer": {"mag niet bewaard worden"}})
	if page := body(t, res); res.StatusCode != http.StatusConflict || !strings.Contains(page, "Zonder toestemming voor aantekeningen") {
		t.Errorf("answer without consent: %d", res.StatusCode)
	}
	res = e.post(c, base+"/gesprekken", url.Values{"interviewee": {"vader"}})
	if res.StatusCode != 422 {
		t.Errorf("interview without recorded consent: %d", res.StatusCode)
	}
}

func TestGenogramEditPinAndGEDCOMRoundTrip(t *testing.T) {
	e, id, base := newDemoCase(t)
	c := e.login("facilitator@demo.test")
	ctx := context.Background()
	u := e.user("facilitator@demo.test")

	// Implausible data is stored, with a visible warning.
	res := e.post(c, base+"/genogram/personen", url.Values{"alias": {"spook"}, "sex": {"x"}, "birth": {"2000"}, "death": {"1990"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add person: %d %s", res.StatusCode, body(t, res))
	}
	_, page := e.get(c, base+"/genogram")
	if !strings.Contains(html.UnescapeString(page), `"spook" overleed (1990) vóór de geboorte (2000)`) {
		t.Errorf("no warning naming the person by alias")
	}
	g, _, _ := e.db.Genogram.Genogram(ctx, u, id)
	ghost := g.Persons[len(g.Persons)-1].ID
	// The keyboard alternative moves by steps and resets.
	res = e.post(c, base+"/genogram/posities", url.Values{"person": {ghost}, "move": {"right"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("move: %d", res.StatusCode)
	}
	g, _, _ = e.db.Genogram.Genogram(ctx, u, id)
	if _, ok := g.Pinned[ghost]; !ok {
		t.Fatalf("move did not pin")
	}
	res = e.post(c, base+"/genogram/posities", url.Values{"person": {ghost}, "reset": {"1"}})
	g, _, _ = e.db.Genogram.Genogram(ctx, u, id)
	if _, ok := g.Pinned[ghost]; ok || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset kept the pin (%d)", res.StatusCode)
	}
	res = e.post(c, base+"/genogram/verwijderen", confirm(url.Values{"kind": {"person"}, "item": {ghost}}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.StatusCode)
	}

	// Export as GEDCOM, import it again: same persons; SVG export too.
	res, ged := e.get(c, base+"/genogram.ged")
	if res.StatusCode != 200 || !strings.HasPrefix(ged, "0 HEAD") || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("GEDCOM export %d", res.StatusCode)
	}
	res, svg := e.get(c, base+"/genogram.svg?pro=1")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(svg, "professional") {
		t.Errorf("SVG export %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	before, _, _ := e.db.Genogram.Genogram(ctx, u, id)
	fam := 0
	for _, p := range before.Persons {
		if !p.Professional {
			fam++
		}
	}
	res, page = e.upload(c, base+"/genogram/import", "noor.ged", []byte(ged))
	if res.StatusCode != 200 || !strings.Contains(page, "Bevestigen en inlezen") {
		t.Fatalf("preview %d", res.StatusCode)
	}
	if now, _, _ := e.db.Genogram.Genogram(ctx, u, id); len(now.Persons) != len(before.Persons) {
		t.Fatalf("preview stored something")
	}
	res, _ = e.postText(c, base+"/genogram/import/bevestigen", map[string]string{"gedcom": ged})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm %d", res.StatusCode)
	}
	after, _, _ := e.db.Genogram.Genogram(ctx, u, id)
	if len(after.Persons) < fam || len(after.Partnerships) != len(before.Partnerships) {
		t.Errorf("round trip: %d persons (%d family before), %d partnerships (%d before)", len(after.Persons), fam, len(after.Partnerships), len(before.Partnerships))
	}
	// A broken file at confirm: nothing replaced.
	res, _ = e.postText(c, base+"/genogram/import/bevestigen", map[string]string{"gedcom": "0 HEAD\nkapot\n"})
	if again, _, _ := e.db.Genogram.Genogram(ctx, u, id); res.StatusCode != 422 || len(again.Persons) != len(after.Persons) {
		t.Errorf("broken confirm: %d", res.StatusCode)
	}
}

func TestStepsCycleAndPhaseForms(t *testing.T) {
	e, _, base := newDemoCase(t)
	c := e.login("ouder@demo.test")
	res := e.post(c, base+"/stappen", url.Values{"title": {"Samen naar de open dag van school"}, "owner_text": {"Noor"}, "due": {"2030-05-01"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add step: %d", res.StatusCode)
	}
	_, page := e.get(c, base+"/stappen")
	m := regexp.MustCompile(`name="step" value="(\d+)"><input type="hidden" name="status" value="done"><button type="submit">Gelukt<span class="sr-only"> Samen naar de open dag`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no done button for the new step")
	}
	res = e.post(c, base+"/stappen/status", url.Values{"step": {m[1]}, "status": {"done"}})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != base+"/stappen" {
		t.Fatalf("done: %d %s", res.StatusCode, loc)
	}
	_, page = e.get(c, res.Header.Get("Location"))
	if !strings.Contains(page, "Gelukt, gevierd!") {
		t.Errorf("done step not celebrated")
	}
	res = e.post(c, base+"/stappen", url.Values{"title": {"x"}, "due": {"1-5-2030"}})
	if res.StatusCode != 422 {
		t.Errorf("bad date: %d", res.StatusCode)
	}
	res = e.post(c, base+"/leercyclus", url.Values{"step": {"connect"}, "done": {"x"}, "evidence_url": {"javascript:alert(1)"}})
	if res.StatusCode != 422 {
		t.Errorf("javascript: link: %d", res.StatusCode)
	}
	// Steps 1 and 2 taken: the skip warning goes away.
	for _, st := range []string{"connect", "analyse"} {
		if res := e.post(c, base+"/leercyclus", url.Values{"step": {st}, "done": {"samen gedaan"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("cycle %s: %d", st, res.StatusCode)
		}
	}
	if _, page := e.get(c, base+"/leercyclus"); strings.Contains(page, "cycle-advice") {
		t.Errorf("skip warning still shown after steps 1 and 2")
	}
	if res := e.post(c, base+"/fase", url.Values{"phase": {"design"}, "reason": {"we ontwerpen samen"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("phase: %d", res.StatusCode)
	}
	_, page = e.get(c, base+"/leercyclus")
	if !strings.Contains(page, "we ontwerpen samen") || !strings.Contains(page, "Moeder van Noor") {
		t.Errorf("phase history lacks who and why")
	}
}

// TestDossierPDF exports the demo case and has poppler render it.
func TestDossierPDF(t *testing.T) {
	e, id, _ := newDemoCase(t)
	c := e.login("facilitator@demo.test")
	res, pdfBody := e.get(c, "/casussen/"+itoa(id)+"/dossier.pdf")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdfBody, "%PDF-1.4") {
		t.Fatalf("dossier: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	entries, _ := e.db.Audit.CaseAudit(context.Background(), e.user("facilitator@demo.test"), id)
	last := entries[len(entries)-1]
	if last.Action != rotonde.AuditExport || last.Part != "dossier" {
		t.Errorf("export not logged: %+v", last)
	}
	testtool.RequireTool(t, "pdftoppm")
	dir := t.TempDir()
	file := filepath.Join(dir, "dossier.pdf")
	if err := os.WriteFile(file, []byte(pdfBody), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "50", file, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "p-*.png"))
	if len(pngs) < 3 {
		t.Errorf("dossier has %d pages", len(pngs))
	}
	txt := pdftest.Text(t, file)
	for _, want := range []string{"VERTROUWELIJK", "Noor (15)", "De droom", "Geno-sociogram", "Let op:", "Terugkoppelen aan moeder",
		"Inzichten", "Netwerk of ecosysteem", "Ik merk dat ik vooral bel"} {
		if !strings.Contains(txt, want) {
			t.Errorf("dossier text lacks %q", want)
		}
	}
	// Not for a non-member; the refusal is logged as denied.
	admin := e.login("bestuurder@demo.test")
	if res, _ := e.get(admin, "/casussen/"+itoa(id)+"/dossier.pdf"); res.StatusCode != 404 {
		t.Errorf("non-member dossier: %d", res.StatusCode)
	}
}
