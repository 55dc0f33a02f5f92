package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/internal/pdftest"
	"github.com/rotonde-jeugd/rotonde/meeting"
)

// The report of a meeting not yet held gives its planned date and says it
// has not been held, on the page, in Markdown and in the PDF; its agenda
// reads "1. Een perspectiefwissel uitvoeren", never "1. 5. …".
func TestReportOfAMeetingNotYetHeld(t *testing.T) {
	e, fac, base := newDemoMeeting(t, "Tweede leerbijeenkomst")
	e.post(fac, base+"/agenda", url.Values{"card": {"perspective-switch/two-groups"}})
	at := time.Now().AddDate(0, 0, 9)
	if res := e.post(fac, base+"/planning", url.Values{"date": {at.Format("2006-01-02")}, "time": {"14:30"}, "place": {"Wijkcentrum"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("plan: %d %s", res.StatusCode, body(t, res))
	}
	planned := at.Format("02-01-2006") + " 14:30"
	_, page := e.get(fac, base+"/verslag")
	page = html.UnescapeString(page)
	for _, want := range []string{"Deze bijeenkomst is nog niet gehouden. Gepland op " + planned + ".", "Gepland op</dt><dd>" + planned, ">1. Een perspectiefwissel uitvoeren</td>"} {
		if !strings.Contains(page, want) {
			t.Errorf("report page lacks %q", want)
		}
	}
	if regexp.MustCompile(`\b1\. 5\. `).MatchString(page) {
		t.Error("report page numbers an agenda line twice")
	}
	_, md := e.get(fac, base+"/verslag.md")
	if !strings.Contains(md, "Deze bijeenkomst is nog niet gehouden. Gepland op "+planned+".") || !strings.Contains(md, "| 1. Een perspectiefwissel uitvoeren |") ||
		strings.Contains(md, "- Datum:") {
		t.Errorf("Markdown report:\n%s", md)
	}
	txt := strings.Join(strings.Fields(pdftest.Text(t, e.getPDF(fac, base+"/verslag.pdf"))), " ")
	if !strings.Contains(txt, "nog niet gehouden. Gepland op "+planned) || !strings.Contains(txt, "1. Een perspectiefwissel uitvoeren —") || strings.Contains(txt, "1. 5. ") {
		t.Errorf("PDF report: %s", txt)
	}
	_, prep := e.get(fac, base)
	if prep = html.UnescapeString(prep); strings.Contains(prep, `<td data-label="Werkkaart">5. Een perspectiefwissel`) || !strings.Contains(prep, "Een perspectiefwissel uitvoeren <span class=\"muted\">(werkkaart 5)</span>") {
		t.Error("the preparation's agenda numbers the card as if it were the step")
	}
}

// The answers to "zit iedereen in de film?" are in the report: page,
// Markdown and PDF.
func TestReportHasTheFilmCheck(t *testing.T) {
	e := newEnv(t)
	fac, mid, _ := e.liveMeeting("facilitator")
	base := "/bijeenkomsten/" + itoa(mid)
	parent := e.login("ouder@demo.test")
	e.post(fac, base+"/film", url.Values{"open": {"1"}})
	if res := e.post(parent, base+"/film/antwoord", url.Values{"answer": {"2"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("parent answers: %d %s", res.StatusCode, body(t, res))
	}
	if res := e.post(fac, base+"/film/antwoord", url.Values{"answer": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("facilitator answers: %d %s", res.StatusCode, body(t, res))
	}
	e.post(fac, base+"/afsluiten", url.Values{"feedback": {"moeder wordt gebeld"}, "bevestigd": {"ja"}})
	a, _ := e.db.Meetings.MeetingAccess(context.Background(), meeting.Viewer{User: e.user("facilitator@demo.test")}, mid)
	if a.Meeting.Status != meeting.Closed {
		t.Fatalf("meeting not closed: %s", a.Meeting.Status)
	}
	_, page := e.get(fac, base+"/verslag")
	if !strings.Contains(html.UnescapeString(page), `<dd id="r-film">Ja: 1 · Nog niet: 1</dd>`) {
		t.Errorf("report page lacks the film check")
	}
	if _, md := e.get(fac, base+"/verslag.md"); !strings.Contains(md, "Zit iedereen in de film? 1 ja, 1 nog niet") {
		t.Errorf("Markdown lacks the film check:\n%s", md)
	}
	txt := strings.Join(strings.Fields(pdftest.Text(t, e.getPDF(fac, base+"/verslag.pdf"))), " ")
	if !strings.Contains(txt, "Zit iedereen in de film? 1 ja, 1 nog niet") {
		t.Errorf("PDF lacks the film check: %s", txt)
	}
}
