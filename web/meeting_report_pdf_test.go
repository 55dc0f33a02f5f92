package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/internal/pdftest"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// The PDF report of a case meeting holds what the HTML report holds: the
// linked round's spreads (a field below the minimum withheld), and the
// snapshots of the timeline and the geno-sociogram, read through the
// reader's own access to the case. A guest gets none of the case's file; a
// theme meeting has no snapshots.
func TestReportPDFHasSnapshotsForCaseMembersOnly(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	caseID := e.demoCaseID()
	fac, mid, code := e.liveMeeting("facilitator")
	base := "/bijeenkomsten/" + itoa(mid)
	lib, err := method.Load()
	if err != nil {
		t.Fatal(err)
	}
	makeable, _ := lib.Field("makeable")
	slow, _ := lib.Field("slow-down")

	// A round of the case, revealed and linked to the meeting.
	e.linkReportRound(fac, caseID, base)
	// A guest joins with the code and is let in.
	guest := e.client()
	if res := e.post(guest, "/doe-mee", url.Values{"code": {code}, "name": {"buurvrouw"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("join: %d", res.StatusCode)
	}
	e.admit(fac, mid, "buurvrouw")
	// The guest reads the report while the meeting runs; their token ends with it.
	guestRes, guestPDF := e.get(guest, base+"/verslag.pdf")
	_, guestMD := e.get(guest, base+"/verslag.md")
	e.post(fac, base+"/afsluiten", confirm(url.Values{"feedback": {"Femke belt moeder vrijdag"}}))
	if res, _ := e.get(guest, base+"/verslag.pdf"); res.StatusCode != http.StatusNotFound {
		t.Errorf("guest reads the report after the meeting closed: %d", res.StatusCode)
	}
	// After closing, the agenda is a record (no edit form) and the
	// report-back can still be written down.
	_, page := e.get(fac, base)
	if strings.Contains(page, `action="`+base+`/stappen"`) || !strings.Contains(page, `action="`+base+`/afsluiten"`) || !strings.Contains(page, "Terugkoppeling opslaan") {
		t.Error("closed meeting page: agenda still editable or no report-back form")
	}
	if res := e.post(fac, base+"/afsluiten", url.Values{"feedback": {"Femke belt moeder vrijdag; Sanne mailt school"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("update report-back: %d %s", res.StatusCode, body(t, res))
	}
	// The case moves on after the meeting; the report keeps the picture
	// taken when it closed.
	if _, err := e.db.Timeline.AddTimelineEvent(ctx, e.user("facilitator@demo.test"), caseID, &timeline.Event{Date: timeline.Day(2026, 1, 5),
		Kind: timeline.KindContact, Lane: timeline.LaneProfessional, Source: timeline.SourceDossier, Description: "Na afloop toegevoegd"}); err != nil {
		t.Fatal(err)
	}

	caseFile := []string{"Tijdlijn bij het afsluiten van de bijeenkomst", "Geno-sociogram bij het afsluiten van de bijeenkomst", "tante Ilse", "pleegmoeder", "Noor begint op de middelbare school",
		"Spanningsvelden: Ronde voor het verslag", makeable.Title.In("nl"), "mediaan 55, van 15 tot 85 (n=3)", slow.Title.In("nl"), "te weinig plaatsingen om te tonen"}

	// The facilitator, a member of the case: the spreads as on the page, and the snapshots.
	e.checkMemberMeetingReport(fac, base, caseFile, makeable.Title.In("nl"), slow.Title.In("nl"))

	// The guest: what happened in the meeting, nothing of the case's file.
	if guestRes.StatusCode != 200 || guestRes.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("guest's PDF: %d %s", guestRes.StatusCode, guestRes.Header.Get("Content-Type"))
	}
	txt := strings.Join(strings.Fields(pdftest.Text(t, pdftest.WriteFile(t, []byte(guestPDF)))), " ")
	for _, absent := range append(caseFile, "Tijdlijn", "Geno-sociogram", "Spanningsvelden") {
		if strings.Contains(txt, absent) {
			t.Errorf("guest's PDF shows %q", absent)
		}
	}

	// The Markdown report: the snapshots in words for the member, none for the guest.
	if _, md := e.get(fac, base+"/verslag.md"); !strings.Contains(md, "## Tijdlijn bij het afsluiten van de bijeenkomst") || !strings.Contains(md, "tante Ilse") || strings.Contains(md, "Na afloop toegevoegd") {
		t.Errorf("member's Markdown lacks the frozen snapshots:\n%s", md)
	}
	if strings.Contains(guestMD, "Tijdlijn") || strings.Contains(guestMD, "tante Ilse") {
		t.Errorf("guest's Markdown:\n%s", guestMD)
	}

	// A theme meeting has no case, so no snapshots.
	res := e.post(fac, "/bijeenkomsten", url.Values{"title": {"Themabijeenkomst wachtlijsten"}, "theme": {"Wachtlijsten"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("theme meeting: %d %s", res.StatusCode, body(t, res))
	}
	txt = pdftest.Text(t, e.getPDF(fac, res.Header.Get("Location")+"/verslag.pdf"))
	if !strings.Contains(txt, "Wachtlijsten") || strings.Contains(txt, "Tijdlijn") || strings.Contains(txt, "Geno-sociogram") {
		t.Errorf("theme meeting PDF:\n%s", txt)
	}
}

// linkReportRound opens a round of the case in which three place themselves
// on one field and two on the other, reveals it and links it to the meeting.
func (e *env) linkReportRound(fac *http.Client, caseID int64, base string) {
	e.t.Helper()
	if res := e.post(fac, "/casussen/"+itoa(caseID)+"/spanningsvelden", url.Values{"name": {"Ronde voor het verslag"}, "field": {"makeable", "slow-down"}}); res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("open round: %d %s", res.StatusCode, body(e.t, res))
	}
	rounds, err := e.db.Tension.CaseRounds(context.Background(), e.user("facilitator@demo.test"), caseID)
	if err != nil {
		e.t.Fatal(err)
	}
	round := itoa(rounds[len(rounds)-1].ID)
	for i, email := range []string{"hulpverlener@demo.test", "ggz@demo.test", "mentor@demo.test"} {
		form := url.Values{"pos-makeable": {[]string{"15", "55", "85"}[i]}}
		if i < 2 {
			form.Set("pos-slow-down", "30")
		}
		if res := e.post(e.login(email), "/spanningsvelden/rondes/"+round, form); res.StatusCode != http.StatusSeeOther {
			e.t.Fatalf("place: %d %s", res.StatusCode, body(e.t, res))
		}
	}
	if res := e.post(fac, "/spanningsvelden/rondes/"+round+"/tonen", nil); res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("reveal: %d", res.StatusCode)
	}
	if res := e.post(fac, base+"/spanningsveld", url.Values{"round": {round}}); res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("link round: %d %s", res.StatusCode, body(e.t, res))
	}
}

// admit lets the waiting participant of that name into the meeting.
func (e *env) admit(fac *http.Client, mid int64, name string) *http.Response {
	e.t.Helper()
	snap, _, err := e.db.Meetings.MeetingSnapshot(context.Background(), meeting.Viewer{User: e.user("facilitator@demo.test")}, mid)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, p := range snap.Participants {
		if p.Name == name {
			return e.post(fac, "/bijeenkomsten/"+itoa(mid)+"/toelaten/"+itoa(p.ID), nil)
		}
	}
	e.t.Fatalf("no participant %q", name)
	return nil
}

// getPDF fetches a PDF and writes it to a file for the pdftest readers.
func (e *env) getPDF(c *http.Client, path string) string {
	e.t.Helper()
	res, doc := e.get(c, path)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
		e.t.Fatalf("%s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
	}
	return pdftest.WriteFile(e.t, []byte(doc))
}

// checkMemberMeetingReport checks the HTML and PDF reports as a member of the
// case reads them: the report-back, the spreads (the slow field withheld)
// and the snapshots taken at closing, drawn in the PDF.
func (e *env) checkMemberMeetingReport(fac *http.Client, base string, caseFile []string, makeable, slow string) {
	t := e.t
	t.Helper()
	_, page := e.get(fac, base+"/verslag")
	for _, want := range []string{"Femke belt moeder vrijdag; Sanne mailt school", makeable + ": mediaan 55, van 15 tot 85 (n=3)", slow + ": te weinig plaatsingen om te tonen", `id="r-tl"`, `id="r-geno"`,
		"Tijdlijn bij het afsluiten van de bijeenkomst", "Geno-sociogram bij het afsluiten van de bijeenkomst"} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML report lacks %q", want)
		}
	}
	if strings.Contains(page, "Na afloop toegevoegd") {
		t.Error("HTML report shows an event added after the meeting closed")
	}
	file := e.getPDF(fac, base+"/verslag.pdf")
	txt := strings.Join(strings.Fields(pdftest.Text(t, file)), " ")
	for _, want := range append(caseFile, "Femke belt moeder vrijdag") {
		if !strings.Contains(txt, want) {
			t.Errorf("member's PDF lacks %q", want)
		}
	}
	if strings.Contains(txt, "Na afloop toegevoegd") {
		t.Error("PDF report shows an event added after the meeting closed")
	}
	words := pdftest.Words(t, file)
	if w, ok := pdftest.Find(words, "Geno-sociogram bij het"); !ok {
		t.Error("no genogram heading")
	} else if n := pdftest.Count(pdftest.Page(t, file, w.Page), 56, w.Y1, 540, w.Y1+300, pdftest.Inked); n < 1500 {
		t.Errorf("genogram page: %d inked pixels under the heading", n)
	}
	dots := pdftest.Near(47, 93, 98, 16)
	for field, want := range map[string]bool{makeable: true, slow: false} {
		w, ok := pdftest.Find(words, strings.Join(strings.Fields(field)[:3], " "))
		if !ok {
			t.Errorf("no strip for %q", field)
			continue
		}
		if n := pdftest.Count(pdftest.Page(t, file, w.Page), 56, w.Y0, 540, w.Y0+75, dots); (n > 40) != want {
			t.Errorf("strip of %q: %d dot pixels, want dots %v", field, n, want)
		}
	}
}
