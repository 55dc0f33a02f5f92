package web_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/internal/pdftest"
	"github.com/rotonde-jeugd/rotonde/method"
)

// The method on screen: each work card's particulars where it is chosen and
// where it runs, with the source named, and preparation kept out of the
// meeting's minutes.

// methodWithSource loads the method library and its main source, the NJI's
// 2022 publication, which the pages cite.
func methodWithSource(t *testing.T) (*method.Library, method.Source) {
	t.Helper()
	lib, err := method.Load()
	if err != nil {
		t.Fatal(err)
	}
	nji, ok := lib.Source("nji-2022")
	if !ok {
		t.Fatal("the method library has no source nji-2022")
	}
	return lib, nji
}

func TestWorkCardParticularsWhereChosenAndWhereRun(t *testing.T) {
	e := newEnv(t)
	lib, nji := methodWithSource(t)
	c1, _ := lib.Card("facilitator")
	c2, _ := lib.Card("reflective-interview")
	c5, _ := lib.Card("perspective-switch")

	fac := e.login("facilitator@demo.test")
	base := e.openMeeting(fac, "Kaarten op tafel")
	if res := e.post(fac, base+"/agenda", url.Values{"card": {"facilitator"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add card: %d", res.StatusCode)
	}

	// Where it is chosen: every card's purpose, use, group, materials and timing.
	page := visibleText(e.page(fac, base))
	for _, want := range []string{
		c2.Purpose.NL, c2.WhenToUse.NL, c2.Materials[0].NL, "2 tot 4 personen", c5.Variants[0].Title.NL,
		"30 minuten in de bijeenkomst", "120 minuten vooraf, buiten de bijeenkomst",
		"1. " + c1.Title.NL + " (85 min; 45 min vooraf)",
		// The agenda's total is meeting time; the preparation is named apart.
		"Totaal 85 minuten", "Daarnaast 45 minuten vooraf",
		"Bron: " + nji.Citation(),
		// Card 1's preparation asks all its questions.
		"tijd, ruimte en legitimering", c1.Preparation[len(c1.Preparation)-1].Text.NL,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("preparation page lacks %q", want)
		}
	}
	if strings.Contains(page, "Totaal 130 minuten") {
		t.Error("the facilitator's preparation counts as meeting minutes")
	}

	// Where it runs: the live step shows its card, and that it is done beforehand.
	if res := e.post(fac, base+"/starten", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start: %d", res.StatusCode)
	}
	live := visibleText(e.page(fac, base+"/live"))
	for _, want := range []string{c1.Purpose.NL, c1.Materials[0].NL, "3 tot 14 personen", "Vooraf, buiten de bijeenkomst", "Bron: " + nji.Citation()} {
		if !strings.Contains(live, want) {
			t.Errorf("live page lacks %q", want)
		}
	}
}

// The calendar entry lasts as long as the meeting, not its preparation.
func TestCalendarLeavesOutPreparation(t *testing.T) {
	e, fac, base := newDemoMeeting(t, "Zonder voorbereiding")
	e.post(fac, base+"/agenda", url.Values{"card": {"facilitator"}})
	day := time.Now().AddDate(0, 0, 10).Format("2006-01-02")
	if res := e.post(fac, base+"/planning", url.Values{"date": {day}, "time": {"14:00"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("plan: %d", res.StatusCode)
	}
	res, err := fac.Get(e.srv.URL + base + "/agenda.ics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	fields := map[string]string{}
	for _, l := range strings.Split(strings.ReplaceAll(string(b), "\r\n ", ""), "\r\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			fields[strings.Split(k, ";")[0]] = v
		}
	}
	start, err1 := parseICSTime(fields["DTSTART"])
	end, err2 := parseICSTime(fields["DTEND"])
	if err1 != nil || err2 != nil {
		t.Fatalf("calendar times %q %q:\n%s", fields["DTSTART"], fields["DTEND"], b)
	}
	if got := end.Sub(start); got != 85*time.Minute {
		t.Errorf("calendar entry lasts %v, want 85m (card 1 without its 45 minutes of preparation)", got)
	}
}

var (
	htmlTags = regexp.MustCompile(`<[^>]*>`)
	spaces   = regexp.MustCompile(`\s+`)
)

// visibleText is a page's text as read: tags dropped, white space collapsed.
func visibleText(page string) string {
	return spaces.ReplaceAllString(htmlTags.ReplaceAllString(page, ""), " ")
}

func parseICSTime(s string) (time.Time, error) {
	if strings.HasSuffix(s, "Z") {
		return time.Parse("20060102T150405Z", s)
	}
	return time.Parse("20060102T150405", s)
}

// The learning cycle page: the advice for a late stall, the phase's
// subcategories, quotes as the source's participants said them with the
// source named, and no "bewijs" asked of anyone.
func TestCyclePageShowsTheMethod(t *testing.T) {
	e := newEnv(t)
	lib, nji := methodWithSource(t)
	pause, _ := lib.Phase("pause")
	fac := e.login("facilitator@demo.test")
	base := "/casussen/" + itoa(e.demoCaseID())
	for _, step := range []string{"connect", "analyse"} {
		if res := e.post(fac, base+"/leercyclus", url.Values{"step": {step}, "done": {"Samen gedaan: " + step}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("cycle entry %s: %d %s", step, res.StatusCode, body(t, res))
		}
	}
	if res := e.post(fac, base+"/fase", url.Values{"phase": {"pause"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("phase: %d", res.StatusCode)
	}
	page := visibleText(e.page(fac, base+"/leercyclus"))
	for _, want := range []string{
		lib.Cycle.LateStall.NL, pause.Signs[0].NL, pause.Signs[len(pause.Signs)-1].NL,
		pause.Quotes[0].NL, "Een deelnemer aan een leerbijeenkomst, opgetekend in " + nji.Citation(),
		"Bron: " + nji.Citation(), "Link naar een verslag of document",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("cycle page lacks %q", want)
		}
	}
	if strings.Contains(page, "bewijs") {
		t.Error("the cycle page still asks for bewijs")
	}
	// The case page's summary names the quote's source too.
	if summary := visibleText(e.page(fac, base)); !strings.Contains(summary, "opgetekend in "+nji.Citation()) || !strings.Contains(summary, lib.Cycle.LateStall.NL) {
		t.Error("case summary shows a quote without its source, or no late-stall advice")
	}
}

// Where insights are placed, the orders of learning and the nine verbs are
// at hand, with their source.
func TestInsightsPageShowsOrdersAndVerbs(t *testing.T) {
	e := newEnv(t)
	lib, nji := methodWithSource(t)
	nji25, _ := lib.Source("nji-2025")
	fac := e.login("facilitator@demo.test")
	page := visibleText(e.page(fac, "/casussen/"+itoa(e.demoCaseID())+"/inzichten"))
	want := []string{"Bron: ", nji.Citation(), nji25.Citation()}
	for _, o := range lib.Orders {
		want = append(want, o.Title.NL, o.Focus.NL, o.Description.NL)
	}
	for _, v := range lib.Verbs {
		want = append(want, v.Title.NL, v.Explanation.NL)
	}
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("insights page lacks %q", w)
		}
	}
}

// A family member reads questions written for families, or none; the
// professionals see theirs, the general questions with their
// introduction, and the source.
func TestTensionQuestionsForFamiliesAndProfessionals(t *testing.T) {
	e := newEnv(t)
	lib, nji := methodWithSource(t)
	makeable, _ := lib.Field("makeable")
	network, _ := lib.Field("organisation-network")

	pro := visibleText(e.page(e.login("facilitator@demo.test"), "/spanningsvelden"))
	for _, want := range []string{makeable.Questions[0].Text.NL, network.Questions[0].Text.NL,
		lib.StagnationQuestions.Intro.NL, lib.StagnationQuestions.Questions[0].Text.NL, "Bron: " + nji.Citation()} {
		if !strings.Contains(pro, want) {
			t.Errorf("professional's tension page lacks %q", want)
		}
	}
	if strings.Contains(pro, makeable.FamilyQuestions[0].Text.NL) {
		t.Error("a professional gets the family's questions")
	}

	fam := visibleText(e.page(e.login("ouder@demo.test"), "/spanningsvelden"))
	if !strings.Contains(fam, makeable.FamilyQuestions[0].Text.NL) || !strings.Contains(fam, "Bron: "+nji.Citation()) {
		t.Error("family member's tension page lacks the family questions or the source")
	}
	for _, f := range lib.Fields {
		for _, q := range f.Questions {
			if strings.Contains(fam, q.Text.NL) {
				t.Errorf("family member reads the professionals' question %q", q.Text.NL)
			}
		}
	}
	if strings.Contains(fam, lib.StagnationQuestions.Title.NL) {
		t.Error("family member reads the professionals' general questions")
	}
}

// Family members read the timeline's tags in words, not the kenmerken
// notation professionals type.
func TestFamilyReadsTimelineTagsInWords(t *testing.T) {
	e := newEnv(t)
	path := "/casussen/" + itoa(e.demoCaseID()) + "/tijdlijn"
	pro := e.page(e.login("facilitator@demo.test"), path)
	if !strings.Contains(pro, "start=opvoedondersteuning") {
		t.Fatal("the demo timeline lacks the tag this test reads")
	}
	fam := e.page(e.login("ouder@demo.test"), path)
	for _, raw := range []string{"start=", "einde=", "plaatsing=", "wachtlijst="} {
		if strings.Contains(fam, raw) {
			t.Errorf("family member's timeline shows the raw tag %q", raw)
		}
	}
	if !strings.Contains(fam, "Hulp begint: opvoedondersteuning") {
		t.Error("family member's timeline lacks the tag in words")
	}
}

// citesSource fails the test for each of paths whose visible text, as c
// sees it, does not name src; what says whose source it is.
func (e *env) citesSource(c *http.Client, src method.Source, what string, paths ...string) {
	e.t.Helper()
	for _, p := range paths {
		if page := visibleText(e.page(c, p)); !strings.Contains(page, "Bron: "+src.Citation()) {
			e.t.Errorf("%s does not name %s", p, what)
		}
	}
}

// The dream's questions name their source on the case page and the dream page.
func TestDreamNamesItsSource(t *testing.T) {
	e := newEnv(t)
	_, nji := methodWithSource(t)
	base := "/casussen/" + itoa(e.demoCaseID())
	e.citesSource(e.login("facilitator@demo.test"), nji, "the source of the dream questions", base, base+"/droom", base+"/tijdlijn", base+"/signalen")
}

// The meeting report and the reflective-interview pages name their source.
func TestReportAndInterviewsNameTheirSource(t *testing.T) {
	e := newEnv(t)
	_, nji := methodWithSource(t)
	fac, mid, _ := e.liveMeeting("facilitator")
	e.citesSource(fac, nji, "its source", "/bijeenkomsten/"+itoa(mid)+"/verslag", "/casussen/"+itoa(e.demoCaseID())+"/gesprekken")
}

// The report's Markdown and PDF name the source of the work cards on the
// agenda, as the page does.
func TestReportFilesNameTheirSource(t *testing.T) {
	e := newEnv(t)
	_, nji := methodWithSource(t)
	fac, mid, _ := e.liveMeeting("facilitator")
	base := "/bijeenkomsten/" + itoa(mid) + "/verslag"
	if _, md := e.get(fac, base+".md"); !strings.Contains(strings.Join(strings.Fields(md), " "), "Bron van de werkkaarten: "+nji.Citation()) {
		t.Errorf("the Markdown report does not name its source:\n%s", md)
	}
	res, pdfBody := e.get(fac, base+".pdf")
	if res.StatusCode != 200 {
		t.Fatalf("report PDF: %d", res.StatusCode)
	}
	text := strings.Join(strings.Fields(pdftest.Text(t, pdftest.WriteFile(t, []byte(pdfBody)))), " ")
	if !strings.Contains(text, "Bron van de werkkaarten") || !strings.Contains(text, "Nederlands Jeugdinstituut") {
		t.Errorf("the PDF report does not name its source")
	}
}
