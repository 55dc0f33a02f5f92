package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// upload posts a file as the import form does.
func (e *env) upload(c *http.Client, path, name string, data []byte) (*http.Response, string) {
	e.t.Helper()
	buf, ctype := multipartForm(e.t, name, data)
	res := e.postBody(c, path, ctype, buf, "")
	return res, body(e.t, res)
}

func (e *env) eventCount(caseID int64) int {
	e.t.Helper()
	u := e.user("facilitator@demo.test")
	evs, err := e.db.Timeline.TimelineEvents(context.Background(), u, caseID, timeline.Query{})
	if err != nil {
		e.t.Fatal(err)
	}
	return len(evs)
}

// auditParts lists "action part" of the case's access log, oldest first.
func (e *env) auditParts(caseID int64) []string {
	e.t.Helper()
	entries, err := e.db.Audit.CaseAudit(context.Background(), e.user("facilitator@demo.test"), caseID)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, a := range entries {
		out = append(out, string(a.Action)+" "+a.Part+" "+a.Outcome)
	}
	return out
}

func lastAudit(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	return parts[len(parts)-1]
}

var importIDRe = regexp.MustCompile(`name="import" value="(\d+)"`)

func TestCasePageShowsTheDreamAndTheTimeline(t *testing.T) {
	e, id, base := newDemoCase(t)
	c := e.login("facilitator@demo.test")
	res, page := e.get(c, base)
	if res.StatusCode != 200 || !strings.Contains(page, `id="droom-h"`) || !strings.Contains(page, "Gewoon een eigen kamer") {
		t.Fatalf("case page %d lacks the dream", res.StatusCode)
	}
	if strings.Index(page, `id="droom-h"`) > strings.Index(page, `id="leden"`) {
		t.Errorf("the dream is not at the top of the case page")
	}
	if got := lastAudit(e.auditParts(id)); !strings.HasPrefix(got, "R casus,leden,toestemming,droom") || !strings.HasSuffix(got, " allowed") {
		t.Errorf("case page logged as %q", got)
	}
	res, page = e.get(c, base+"/tijdlijn")
	if res.StatusCode != 200 || !strings.Contains(page, "<svg") || !strings.Contains(page, "Gewoon een eigen kamer") {
		t.Fatalf("timeline page %d", res.StatusCode)
	}
	all := strings.Count(page, `<li id="ev-`)
	if all < 60 {
		t.Errorf("demo timeline lists %d events, want at least 60", all)
	}
	if strings.Contains(page, "<style") || strings.Contains(page, "<script") {
		t.Errorf("the inline drawing carries style or script")
	}
	if got := lastAudit(e.auditParts(id)); got != "R tijdlijn,droom allowed" {
		t.Errorf("timeline read logged as %q", got)
	}
	// Filter by organisation: fewer events, each naming it; the log says
	// "gefilterd" but never the name.
	res, page = e.get(c, base+"/tijdlijn?organisatie="+url.QueryEscape("crisisopvang de haven"))
	n := strings.Count(page, `<li id="ev-`)
	if res.StatusCode != 200 || n == 0 || n >= all {
		t.Fatalf("organisation filter: %d of %d events", n, all)
	}
	if strings.Count(page, "Crisisopvang De Haven</dd>")+strings.Count(page, "Crisisopvang De Haven, ")+strings.Count(page, ", Crisisopvang De Haven") < n {
		t.Errorf("a filtered event does not name the organisation")
	}
	entries, _ := e.db.Audit.CaseAudit(context.Background(), e.user("facilitator@demo.test"), id)
	if last := entries[len(entries)-1]; last.Detail != "gefilterd" || strings.Contains(last.Detail, "Haven") {
		t.Errorf("filtered read detail %q", last.Detail)
	}
	// Period zoom and a bad date.
	res, page = e.get(c, base+"/tijdlijn?van=2021&tot=2021")
	if z := strings.Count(page, `<li id="ev-`); res.StatusCode != 200 || z == 0 || z >= all {
		t.Errorf("zoom to 2021: %d events", z)
	}
	res, page = e.get(c, base+"/tijdlijn?van=2019-13-40")
	if res.StatusCode != 200 || !strings.Contains(page, "is geen datum") || strings.Count(page, `<li id="ev-`) != all {
		t.Errorf("bad filter date: %d", res.StatusCode)
	}
	// Exports are logged as exports.
	res, svg := e.get(c, base+"/tijdlijn.svg?persoon=moeder")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(svg, "<svg") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("svg export %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if got := lastAudit(e.auditParts(id)); got != "E tijdlijn allowed" {
		t.Errorf("svg export logged as %q", got)
	}
	res, body := e.get(c, base+"/tijdlijn.csv")
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	cr.Comma = ';'
	recs, err := cr.ReadAll()
	if res.StatusCode != 200 || err != nil || len(recs)-1 != all {
		t.Errorf("csv export %d: %d rows (%v), want %d", res.StatusCode, len(recs)-1, err, all)
	}
	// The dream page and saving it.
	res = e.post(c, base+"/droom", url.Values{"child.next-step": {"Samen met oma koken"}, "own.asks-of-me": {"Rust"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save dream: %d", res.StatusCode)
	}
	_, page = e.get(c, base+"/droom")
	if !strings.Contains(page, "Samen met oma koken") || !strings.Contains(page, ">Rust</textarea>") {
		t.Errorf("dream page does not show what was saved")
	}
	res = e.post(c, base+"/droom", url.Values{"child.bestaat-niet": {"x"}})
	if res.StatusCode != 422 {
		t.Errorf("unknown question: %d", res.StatusCode)
	}
}

func TestTimelineRolesAndReadOnlyAccess(t *testing.T) {
	e, id, base := newDemoCase(t)
	ctx := context.Background()
	// An observer from the network.
	if err := e.db.Cases.AddMember(ctx, e.user("hulpverlener@demo.test"), id, "onderzoeker@demo.test", rotonde.MemberObserver); err != nil {
		t.Fatal(err)
	}
	before := e.eventCount(id)
	exp := url.Values{"date": {"2025-05"}, "kind": {"beleving"}, "description": {"Ik werd niet gehoord"}}
	obs := e.login("onderzoeker@demo.test")
	for _, p := range []string{base, base + "/tijdlijn", base + "/signalen", base + "/droom"} {
		if res, _ := e.get(obs, p); res.StatusCode != 200 {
			t.Errorf("observer GET %s: %d", p, res.StatusCode)
		}
	}
	for path, form := range map[string]url.Values{
		base + "/tijdlijn": exp,
		base + "/droom":    {"child.dreams": {"x"}},
	} {
		if res := e.post(obs, path, form); res.StatusCode != 403 {
			t.Errorf("observer POST %s: %d", path, res.StatusCode)
		}
	}
	if res, _ := e.upload(obs, base+"/tijdlijn/import", "t.csv", []byte("datum;soort;omschrijving\n2020;contact;x\n")); res.StatusCode != 403 {
		t.Errorf("observer import: %d", res.StatusCode)
	}
	// Family: own experiences and the child's dream; not decisions, not the professionals' questions.
	fam := e.login("ouder@demo.test")
	res := e.post(fam, base+"/tijdlijn", exp)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("family adds an experience: %d", res.StatusCode)
	}
	res = e.post(fam, base+"/tijdlijn", url.Values{"date": {"2025-05"}, "kind": {"beslismoment"}, "description": {"Besluit"}})
	if res.StatusCode != 403 {
		t.Errorf("family adds a decision: %d", res.StatusCode)
	}
	if res := e.post(fam, base+"/droom", url.Values{"child.energy": {"Van oma"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("family writes the dream: %d", res.StatusCode)
	}
	if res := e.post(fam, base+"/droom", url.Values{"own.asks-of-me": {"x"}}); res.StatusCode != 403 {
		t.Errorf("family answers a professional's question: %d", res.StatusCode)
	}
	if res, _ := e.upload(fam, base+"/tijdlijn/import", "t.csv", []byte("datum;soort;omschrijving\n2020;contact;x\n")); res.StatusCode != 403 {
		t.Errorf("family import: %d", res.StatusCode)
	}
	if got := e.eventCount(id); got != before+1 {
		t.Errorf("events %d, want %d", got, before+1)
	}
	// Bad input from a professional: a message, nothing stored.
	pro := e.login("hulpverlener@demo.test")
	res = e.post(pro, base+"/tijdlijn", url.Values{"date": {"2019-02-30"}, "kind": {"contact"}, "description": {"Overleg"}})
	if page := body(t, res); res.StatusCode != 422 || !strings.Contains(page, "geen geldige datum") || !strings.Contains(page, `value="2019-02-30"`) {
		t.Errorf("impossible date: %d", res.StatusCode)
	}
	if got := e.eventCount(id); got != before+1 {
		t.Errorf("events after bad input %d", got)
	}
	// Emergency access reads, never writes.
	root := e.user("beheer@demo.test")
	if err := e.db.Trust.BreakGlass(ctx, root, &rotonde.BreakGlass{CaseID: id, Reason: "Controle na een melding van een datalek", ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	sys := e.login("beheer@demo.test")
	if res, _ := e.get(sys, base+"/tijdlijn"); res.StatusCode != 200 {
		t.Errorf("emergency read: %d", res.StatusCode)
	}
	if res := e.post(sys, base+"/tijdlijn", exp); res.StatusCode != 403 {
		t.Errorf("emergency write: %d", res.StatusCode)
	}
	// Not a member: nothing at all.
	adm := e.login("bestuurder@demo.test")
	for _, p := range []string{base + "/tijdlijn", base + "/tijdlijn.svg", base + "/signalen", base + "/droom"} {
		if res, page := e.get(adm, p); res.StatusCode != 404 || strings.Contains(page, "Noor") {
			t.Errorf("non-member GET %s: %d", p, res.StatusCode)
		}
	}
}

func xlsxFile(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestTimelineImportPreviewThenAllOrNothing(t *testing.T) {
	e, id, base := newDemoCase(t)
	c := e.login("hulpverlener@demo.test")
	before := e.eventCount(id)

	rejectedImportsStoreNothing(t, e, c, id)

	// A good file: preview first (nothing stored), then confirm stores all.
	good := "datum;soort;omschrijving;organisatie;hulpverlener\n2024-05;contact;Overleg school en wijkteam;Het Baken College;mentor\n2024-06-12;beslismoment;Besluit verlenging OTS;Jeugdbescherming Regio;jeugdbeschermer\n"
	res, page := e.upload(c, base+"/tijdlijn/import", "goed.csv", []byte(good))
	m := importIDRe.FindStringSubmatch(page)
	if res.StatusCode != 200 || m == nil || !strings.Contains(page, "Overleg school en wijkteam") {
		t.Fatalf("good csv preview: %d", res.StatusCode)
	}
	if got := e.eventCount(id); got != before {
		t.Fatalf("preview stored events")
	}
	// Someone else cannot confirm it.
	other := e.login("facilitator@demo.test")
	if res := e.post(other, base+"/tijdlijn/import/bevestigen", url.Values{"import": {m[1]}}); res.StatusCode != 404 {
		t.Errorf("another member confirms: %d", res.StatusCode)
	}
	res = e.post(c, base+"/tijdlijn/import/bevestigen", url.Values{"import": {m[1]}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", res.StatusCode)
	}
	if got := e.eventCount(id); got != before+2 {
		t.Fatalf("after confirm %d events, want %d", got, before+2)
	}
	_, page = e.get(c, res.Header.Get("Location"))
	if !strings.Contains(page, "2 gebeurtenissen ingelezen") {
		t.Errorf("no notice after import")
	}
	// A second confirm of the same file stores nothing.
	if res := e.post(c, base+"/tijdlijn/import/bevestigen", url.Values{"import": {m[1]}}); res.StatusCode != 404 {
		t.Errorf("second confirm: %d", res.StatusCode)
	}
	// XLSX preview and cancel.
	res, page = e.upload(c, base+"/tijdlijn/import", "dossier.xlsx", xlsxFile(t, [][]any{{"datum", "soort", "omschrijving"}, {"2024-07", "contact", "Goed"}}))
	m = importIDRe.FindStringSubmatch(page)
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("xlsx preview: %d", res.StatusCode)
	}
	if res := e.post(c, base+"/tijdlijn/import/annuleren", url.Values{"import": {m[1]}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("cancel: %d", res.StatusCode)
	}
	if res := e.post(c, base+"/tijdlijn/import/bevestigen", url.Values{"import": {m[1]}}); res.StatusCode != 404 {
		t.Errorf("confirm after cancel: %d", res.StatusCode)
	}
	if got := e.eventCount(id); got != before+2 {
		t.Errorf("after cancel %d events", got)
	}
	parts := strings.Join(e.auditParts(id), "\n")
	for _, want := range []string{"C tijdlijn-import allowed", "C tijdlijn allowed", "D tijdlijn-import allowed"} {
		if !strings.Contains(parts, want) {
			t.Errorf("access log lacks %q", want)
		}
	}
}

// rejectedImportsStoreNothing: rejected rows are named with line numbers,
// malformed files and wrong types get a clear message, and none of it is
// stored or can be confirmed.
func rejectedImportsStoreNothing(t *testing.T, e *env, c *http.Client, id int64) {
	t.Helper()
	base := "/casussen/" + itoa(id)
	before := e.eventCount(id)
	// Rejected rows are named with line numbers; nothing is stored, there is nothing to confirm.
	bad := "datum;soort;omschrijving;organisatie\n" +
		"2024-01;contact;Overleg;Wijkteam Oost\n" +
		"2019-13-40;contact;Onmogelijke datum;\n" +
		"2024-02;ruzie;Onbekende soort;\n" +
		"2024-03;beslismoment;;\n"
	res, page := e.upload(c, base+"/tijdlijn/import", "dossier.csv", []byte(bad))
	if res.StatusCode != 422 {
		t.Fatalf("bad csv: %d", res.StatusCode)
	}
	for _, want := range []string{"Regel 3:", "Regel 4:", "Regel 5:", "2019-13-40"} {
		if !strings.Contains(page, want) {
			t.Errorf("bad csv preview lacks %q", want)
		}
	}
	if strings.Contains(page, "/tijdlijn/import/bevestigen") {
		t.Errorf("a file with rejected rows can be confirmed")
	}
	// Malformed files and wrong types: a clear message.
	for name, data := range map[string]string{
		"leeg.csv":        "",
		"geenkop.csv":     "2019;contact;x\n",
		"kapot.xlsx":      "dit is geen excel",
		"tijdlijn.pdf":    "%PDF-1.4",
		"zonderkolom.csv": "datum;omschrijving\n2019;x\n",
	} {
		res, page := e.upload(c, base+"/tijdlijn/import", name, []byte(data))
		if res.StatusCode != 422 || !strings.Contains(page, `role="alert"`) {
			t.Errorf("%s: %d", name, res.StatusCode)
		}
	}
	if res, _ := e.upload(c, base+"/tijdlijn/import", "groot.csv", bytes.Repeat([]byte("x"), 32<<20+10)); res.StatusCode != 413 {
		t.Errorf("too large: %d", res.StatusCode)
	}
	// XLSX with an impossible date: the row number is named.
	res, page = e.upload(c, base+"/tijdlijn/import", "dossier.xlsx", xlsxFile(t, [][]any{
		{"datum", "soort", "omschrijving"}, {"2024-04", "contact", "Goed"}, {"2023-02-30", "contact", "Fout"},
	}))
	if res.StatusCode != 422 || !strings.Contains(page, "Regel 3:") {
		t.Errorf("bad xlsx: %d", res.StatusCode)
	}
	if got := e.eventCount(id); got != before {
		t.Fatalf("rejected files stored %d events", got-before)
	}
}

func TestTimelineEditAndDelete(t *testing.T) {
	e, id, base := newDemoCase(t)
	c := e.login("hulpverlener@demo.test")
	res := e.post(c, base+"/tijdlijn", url.Values{"date": {"2025-03"}, "kind": {"contact"}, "description": {"Overleg"},
		"persons": {"Noor (15); moeder"}, "opinions": {"moeder vond het te laat"}, "tags": {"start=MST"}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "#ev-") {
		t.Fatalf("add: %d %s", res.StatusCode, loc)
	}
	evID := loc[strings.Index(loc, "#ev-")+4:]
	res, page := e.get(c, base+"/tijdlijn/"+evID+"/bewerken")
	if res.StatusCode != 200 || !strings.Contains(page, `value="Noor (15); moeder"`) || !strings.Contains(page, "moeder vond het te laat</textarea>") {
		t.Fatalf("edit form %d", res.StatusCode)
	}
	// The family member did not add it: no edit.
	fam := e.login("ouder@demo.test")
	if res, _ := e.get(fam, base+"/tijdlijn/"+evID+"/bewerken"); res.StatusCode != 403 {
		t.Errorf("family edits another's event: %d", res.StatusCode)
	}
	res = e.post(c, base+"/tijdlijn/"+evID, url.Values{"date": {"2025-04"}, "kind": {"contact"}, "description": {"Overleg verplaatst"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d", res.StatusCode)
	}
	_, page = e.get(c, base+"/tijdlijn?van=2025-04&tot=2025-04")
	if !strings.Contains(page, "Overleg verplaatst") {
		t.Errorf("update not shown")
	}
	if res := e.post(c, base+"/tijdlijn/"+evID+"/verwijderen", confirm(nil)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if res, _ := e.get(c, base+"/tijdlijn/"+evID+"/bewerken"); res.StatusCode != 404 {
		t.Errorf("deleted event still there: %d", res.StatusCode)
	}
	if got := lastAudit(e.auditParts(id)); !strings.HasPrefix(got, "R tijdlijn denied") {
		t.Errorf("last log %q", got)
	}
}

func TestSignalsPageExplainsAndLinksToEvents(t *testing.T) {
	e, id, base := newDemoCase(t)
	c := e.login("facilitator@demo.test")
	res, page := e.get(c, base+"/signalen")
	if res.StatusCode != 200 {
		t.Fatalf("signals: %d", res.StatusCode)
	}
	for _, want := range []string{`id="sig-helpers"`, `id="sig-placements"`, `id="sig-voice"`, "<svg", "Gewoon een eigen kamer"} {
		if !strings.Contains(page, want) {
			t.Errorf("signals page lacks %q", want)
		}
	}
	for _, bad := range []string{"score", "Score"} {
		if strings.Contains(page, bad) && !strings.Contains(page, "Geen score") {
			t.Errorf("signals page speaks of a %s", bad)
		}
	}
	link := regexp.MustCompile(`href="(/casussen/\d+/tijdlijn\?signaal=placements#ev-(\d+))"`).FindStringSubmatch(page)
	if link == nil {
		t.Fatalf("no link to an event behind the placements signal")
	}
	res, tl := e.get(c, strings.ReplaceAll(link[1], "&amp;", "&"))
	if res.StatusCode != 200 || !strings.Contains(tl, `<li id="ev-`+link[2]+`"`) {
		t.Fatalf("followed link: %d, event %s not on the page", res.StatusCode, link[2])
	}
	if n := strings.Count(tl, `<li id="ev-`); n >= e.eventCount(id) {
		t.Errorf("signal filter keeps all %d events", n)
	}
	if got := lastAudit(e.auditParts(id)); got != "R tijdlijn,droom allowed" {
		t.Errorf("logged %q", got)
	}
	if res, _ := e.get(c, base+"/tijdlijn?signaal=bestaat-niet"); res.StatusCode != 422 {
		t.Errorf("unknown signal: %d", res.StatusCode)
	}
	// English.
	e.post(c, "/taal", url.Values{"lang": {"en"}, "next": {"/"}})
	_, page = e.get(c, base+"/signalen")
	if !strings.Contains(page, "Stagnation signals") || !strings.Contains(page, "Show on the timeline") {
		t.Errorf("signals page not in English")
	}
}
