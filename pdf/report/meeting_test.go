package report_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/pdftest"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/pdf/report"
	"github.com/rotonde-jeugd/rotonde/tension"
)

// caseReport is the report of a case meeting as a member of the case gets
// it: perspective tables, a revealed round (one field shown, one withheld)
// and the snapshots of the invented demo case.
func caseReport(t *testing.T) (*meeting.Report, *method.Library) {
	t.Helper()
	lib, err := method.Load()
	if err != nil {
		t.Fatal(err)
	}
	steps, _ := meeting.StepsForCard(lib, "perspective-switch", "stakeholders")
	s := &meeting.Snapshot{Meeting: meeting.Meeting{Title: "Leerbijeenkomst Noor", CaseTitle: "Noor (15)", Feedback: "Femke belt moeder"}, Steps: steps,
		Captures: []meeting.Capture{
			{Kind: meeting.Stakeholder, Stakeholder: "buurvrouw Els", Body: "dat niemand haar belt", Feeling: "machteloos"},
			{Kind: meeting.Stakeholder, Stakeholder: "mentor", Body: "dat Noor uitvalt", Feeling: "bezorgd"},
			{Kind: meeting.GroupText, Group: meeting.GroupHelp, Slot: "perspective", Body: "veilig thuis wonen"},
			{Kind: meeting.GroupText, Group: meeting.GroupFamily, Slot: "perspective", Body: "samen met broertje"},
			{Kind: meeting.GroupText, Group: meeting.GroupFamily, Slot: "step1", Body: "oma belt elke week"},
		}}
	r := meeting.BuildReport(s, lib, "nl", false)
	r.TensionRound = "Ronde 1"
	for _, f := range []struct {
		key    string
		values []int
		text   string
	}{{"makeable", []int{10, 40, 40, 90}, "mediaan 40, van 10 tot 90 (n=4)"}, {"slow-down", []int{20, 80}, "te weinig plaatsingen om te tonen"}} {
		field, _ := lib.Field(f.key)
		r.Tension = append(r.Tension, meeting.TensionField{Label: field.Title.In("nl"), Text: f.text, Left: field.Left.In("nl"), Right: field.Right.In("nl"),
			Spread: tension.ComputeSpread(f.key, f.values)})
	}
	r.Events = demo.NoorTimeline()
	r.Genogram = demo.Stepfamily()
	return r, lib
}

func writePDF(t *testing.T, r *meeting.Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := report.WriteMeeting(&buf, r, "nl", time.Date(2026, 2, 3, 10, 0, 0, 0, time.Local)); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	return pdftest.WriteFile(t, buf.Bytes())
}

func find(t *testing.T, words []pdftest.Word, phrase string) pdftest.Word {
	t.Helper()
	w, ok := pdftest.Find(words, phrase)
	if !ok {
		t.Fatalf("PDF lacks %q", phrase)
	}
	return w
}

// Colours of the figures (package figure), as rendered.
var (
	dotGreen     = pdftest.Near(47, 93, 98, 16)
	medianBrown  = pdftest.Near(138, 75, 18, 30)
	profBlue     = pdftest.Near(38, 89, 179, 30)
	familyOrange = pdftest.Near(217, 115, 26, 30)
)

// TestReportPDFDrawsFiguresAndTables reads a case meeting's PDF back with
// poppler: the snapshots, the strips and the tables are there as text, and
// the figures are drawn where their headings say.
func TestReportPDFDrawsFiguresAndTables(t *testing.T) {
	r, lib := caseReport(t)
	file := writePDF(t, r)
	txt := pdftest.Text(t, file)
	words := pdftest.Words(t, file)
	makeable, _ := lib.Field("makeable")
	slow, _ := lib.Field("slow-down")
	for _, want := range []string{"Spanningsvelden: Ronde 1", "te weinig plaatsingen om te tonen", "Tijdlijn (zoals op 03-02-2026)", "Geno-sociogram (zoals op 03-02-2026)",
		"Noor begint op de middelbare school", "Kinderrechter spreekt een ondertoezichtstelling", "Betrokkene", "Grootste dilemma of angst", "Hulpverlening", "Gezin en netwerk",
		"Volgende stappen", "Femke belt moeder"} {
		if !strings.Contains(txt, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	for _, alias := range []string{"tante Ilse", "pleegmoeder", "Daan (12)", "opa (vz)", makeable.Left.In("nl")} {
		find(t, words, alias)
	}

	// The perspective tables: one row per stakeholder, the columns side by side.
	sameRow := func(cells ...string) {
		t.Helper()
		first := find(t, words, cells[0])
		prev := first
		for _, c := range cells[1:] {
			w := find(t, words, c)
			if w.Page != first.Page || w.Y0-first.Y0 > 1 || first.Y0-w.Y0 > 1 || w.X0 <= prev.X1 {
				t.Errorf("%q is not beside %q in one row: %+v %+v", c, prev.Text, w, prev)
			}
			prev = w
		}
	}
	sameRow("Betrokkene", "Grootste dilemma", "Gevoel")
	sameRow("buurvrouw Els", "dat niemand haar belt", "machteloos")
	sameRow("Hulpverlening", "Gezin en netwerk")
	sameRow("Gewenst", "veilig thuis wonen", "samen met broertje")
	sameRow("Eerste stap", "oma belt elke week")

	// The strips: dots and a median under the shown field, none under the withheld one.
	shown := find(t, words, strings.Join(strings.Fields(makeable.Title.In("nl"))[:3], " "))
	page := pdftest.Page(t, file, shown.Page)
	if n := pdftest.Count(page, 56, shown.Y0, 540, shown.Y0+75, dotGreen); n < 80 {
		t.Errorf("shown strip: %d dot pixels", n)
	}
	if n := pdftest.Count(page, 56, shown.Y0, 540, shown.Y0+75, medianBrown); n < 20 {
		t.Errorf("shown strip: %d median pixels", n)
	}
	withheld := find(t, words, strings.Join(strings.Fields(slow.Title.In("nl"))[:3], " "))
	page = pdftest.Page(t, file, withheld.Page)
	if n := pdftest.Count(page, 56, withheld.Y0, 540, withheld.Y0+75, dotGreen); n != 0 {
		t.Errorf("withheld strip shows %d dot pixels", n)
	}
	if n := pdftest.Count(page, 56, withheld.Y0+20, 540, withheld.Y0+75, pdftest.Inked); n < 200 {
		t.Errorf("withheld strip has no line: %d pixels", n)
	}

	// The timeline: markers of both lanes below its heading.
	tl := find(t, words, "Tijdlijn (zoals")
	page = pdftest.Page(t, file, tl.Page)
	if n := pdftest.Count(page, 56, tl.Y1, 540, tl.Y1+225, profBlue); n < 300 {
		t.Errorf("timeline: %d pixels of professional markers", n)
	}
	if n := pdftest.Count(page, 56, tl.Y1, 540, tl.Y1+225, familyOrange); n < 100 {
		t.Errorf("timeline: %d pixels of family markers", n)
	}

	// The genogram: drawn below its heading, with the persons' names in it.
	geno := find(t, words, "Geno-sociogram (zoals")
	noor := find(t, words, "tante Ilse")
	if noor.Page != geno.Page || noor.Y0 < geno.Y1 {
		t.Errorf("genogram names not under the heading: %+v %+v", noor, geno)
	}
	page = pdftest.Page(t, file, geno.Page)
	if n := pdftest.Count(page, 56, geno.Y1, 540, geno.Y1+300, pdftest.Inked); n < 1500 {
		t.Errorf("genogram: %d inked pixels", n)
	}
}

// A theme meeting has no case: no snapshots and no spreads, and the
// headings do not appear empty.
func TestThemeReportPDFHasNoSnapshots(t *testing.T) {
	lib, _ := method.Load()
	steps, _ := meeting.StepsForCard(lib, "facilitator", "")
	s := &meeting.Snapshot{Meeting: meeting.Meeting{Title: "Themabijeenkomst", Theme: "Wachtlijsten"}, Steps: steps}
	txt := pdftest.Text(t, writePDF(t, meeting.BuildReport(s, lib, "nl", false)))
	if !strings.Contains(txt, "Wachtlijsten") {
		t.Errorf("theme missing:\n%s", txt)
	}
	for _, absent := range []string{"Tijdlijn", "Geno-sociogram", "Spanningsvelden"} {
		if strings.Contains(txt, absent) {
			t.Errorf("theme report shows %q", absent)
		}
	}
}

// Long tables break across pages between rows, repeat their header and
// never print past the bottom margin, even for a cell longer than a page.
func TestReportPDFTableBreaksPages(t *testing.T) {
	lib, _ := method.Load()
	var cs []meeting.Capture
	for i := range 40 {
		cs = append(cs, meeting.Capture{Kind: meeting.Stakeholder, Stakeholder: "betrokkene " + strings.Repeat("x", i%5), Body: "een zorg die over meer regels loopt dan één, zodat de rij hoger wordt", Feeling: "onrustig"})
	}
	cs = append(cs, meeting.Capture{Kind: meeting.Stakeholder, Stakeholder: "lang", Body: strings.Repeat("heel veel woorden ", 230), Feeling: "moe"})
	s := &meeting.Snapshot{Meeting: meeting.Meeting{Title: "Lange tabel"}, Captures: cs}
	file := writePDF(t, meeting.BuildReport(s, lib, "nl", false))
	words := pdftest.Words(t, file)
	headers := map[int]bool{}
	for _, w := range words {
		// The footer stands at 30 points from the bottom; nothing else may go below the margin.
		if w.Y1 > 841.89-56+1 && w.Y0 < 841.89-45 {
			t.Errorf("word %q printed below the margin at %.0f on page %d", w.Text, w.Y1, w.Page)
		}
		if w.Text == "Betrokkene" {
			headers[w.Page] = true
		}
	}
	last := find(t, words, "moe").Page
	for p := 1; p <= last; p++ {
		if !headers[p] {
			t.Errorf("page %d continues the table without its header", p)
		}
	}
	if last < 3 {
		t.Errorf("table fits on %d pages; the test wants a break", last)
	}
}
