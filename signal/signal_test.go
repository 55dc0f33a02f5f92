package signal

import (
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

var now = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// ev builds an event: kind, date, tags ("plaatsing=pleeggezin;tijdelijk"), helpers, organisations.
func ev(id string, d timeline.Date, kind timeline.Kind, tags string, helpers, orgs []string) timeline.Event {
	tg, bad := timeline.ParseTags(tags)
	if bad != "" {
		panic(bad)
	}
	return timeline.Event{ID: id, Date: d, Kind: kind, Lane: kind.DefaultLane(), Source: timeline.SourceDossier,
		Description: id, Tags: tg, Helpers: helpers, Organisations: orgs}
}

func day(y, m, d int) timeline.Date { return timeline.Day(y, m, d) }

func mustPlain(t *testing.T, s Signal) {
	t.Helper()
	for _, txt := range []string{s.Title.Message("nl"), s.Title.Message("en"), s.Explanation.Message("nl"), s.Explanation.Message("en")} {
		if txt == "" {
			t.Errorf("%s: empty title or explanation", s.Key)
		}
	}
	// Plain words, never a verdict or score.
	for _, w := range []string{"score", "te veel", "too many", "slecht", "bad", "/10", "%"} {
		if strings.Contains(strings.ToLower(s.Explanation.Message("nl")+s.Explanation.Message("en")), w) {
			t.Errorf("%s: explanation contains %q: %s", s.Key, w, s.Explanation.Message("nl"))
		}
	}
}

func TestHelpers(t *testing.T) {
	evs := []timeline.Event{
		ev("a", day(2019, 2, 1), timeline.KindContact, "", []string{"Sanne", "Ruben"}, []string{"Wijkteam"}),
		ev("b", day(2019, 3, 1), timeline.KindContact, "", []string{"sanne "}, []string{"wijkteam", "School"}),
		// 2019-H2 and 2020-H1 empty, filled with zero
		ev("c", day(2020, 8, 1), timeline.KindContact, "", []string{"Lotte"}, []string{"JB"}),
	}
	s := Helpers(evs, Options{})
	mustPlain(t, s)
	if len(s.Series) != 2 {
		t.Fatalf("series %+v", s.Series)
	}
	var labels []string
	var hv, ov []float64
	for i, p := range s.Series[0].Points {
		labels = append(labels, p.Label)
		hv = append(hv, p.Value)
		ov = append(ov, s.Series[1].Points[i].Value)
	}
	if !slices.Equal(labels, []string{"2019-H1", "2019-H2", "2020-H1", "2020-H2"}) ||
		!slices.Equal(hv, []float64{2, 0, 0, 1}) || !slices.Equal(ov, []float64{2, 0, 0, 1}) {
		t.Errorf("labels %v helpers %v orgs %v", labels, hv, ov)
	}
	if !strings.Contains(s.Explanation.Message("nl"), "3 verschillende hulpverleners uit 3 verschillende organisaties") {
		t.Errorf("explanation %q", s.Explanation.Message("nl"))
	}
	if !slices.Equal(s.EventIDs, []string{"a", "b", "c"}) {
		t.Errorf("event ids %v", s.EventIDs)
	}
	y := Helpers(evs, Options{Period: Year})
	if len(y.Series[0].Points) != 2 || y.Series[0].Points[0].Value != 2 {
		t.Errorf("yearly %+v", y.Series[0].Points)
	}
}

func TestPlacements(t *testing.T) {
	evs := []timeline.Event{
		ev("p1", day(2020, 1, 1), timeline.KindDecision, "plaatsing=pleeggezin", nil, nil),
		ev("x", day(2020, 2, 1), timeline.KindContact, "", nil, nil),
		ev("p2", day(2020, 7, 1), timeline.KindDecision, "plaatsing=crisisopvang;tijdelijk", nil, nil), // 182 days after p1
		ev("p3", day(2020, 9, 1), timeline.KindDecision, "plaatsing=residentiële groep", nil, nil),     // 62 days after p2
	}
	s := Placements(evs, Options{Now: now})
	mustPlain(t, s)
	if len(s.Items) != 3 || s.Items[0].Days != 182 || s.Items[1].Days != 62 || !s.Items[2].Open {
		t.Fatalf("items %+v", s.Items)
	}
	if !slices.Equal(s.EventIDs, []string{"p1", "p2", "p3"}) {
		t.Errorf("ids %v", s.EventIDs)
	}
	// (182+62)/2 = 122 days ≈ 4 months
	if !strings.Contains(s.Explanation.Message("nl"), "3 verhuizingen") || !strings.Contains(s.Explanation.Message("nl"), "gemiddeld 4 maanden") ||
		!strings.Contains(s.Explanation.Message("nl"), "pleeggezin (1 januari 2020) → crisisopvang") {
		t.Errorf("explanation %q", s.Explanation.Message("nl"))
	}
	if e := Placements(nil, Options{}); len(e.EventIDs) != 0 || e.Explanation.Message("nl") == "" {
		t.Errorf("empty: %+v", e)
	}
}

func TestParallel(t *testing.T) {
	evs := []timeline.Event{
		ev("s1", day(2019, 1, 1), timeline.KindDecision, "start=A", nil, nil),
		ev("s2", day(2019, 3, 1), timeline.KindDecision, "start=B", nil, nil),
		ev("s3", day(2019, 4, 1), timeline.KindDecision, "start=C", nil, nil),
		ev("e1", day(2019, 5, 1), timeline.KindDecision, "einde=a", nil, nil), // case-insensitive match
		ev("e2", day(2019, 6, 1), timeline.KindDecision, "einde=B", nil, nil),
		// C never ends: open, counted up to now
		ev("s4", day(2021, 1, 1), timeline.KindDecision, "start=D", nil, nil),
		ev("e4", day(2021, 2, 1), timeline.KindDecision, "einde=D", nil, nil),
	}
	s := Parallel(evs, Options{Now: now})
	mustPlain(t, s)
	if !strings.Contains(s.Explanation.Message("nl"), "De meeste tegelijk: 3, van 1 april 2019 tot 1 mei 2019 (A, B en C)") {
		t.Errorf("explanation %q", s.Explanation.Message("nl"))
	}
	if !strings.Contains(s.Explanation.Message("nl"), "Eén hulpvorm heeft geen einde") {
		t.Errorf("open help not mentioned: %q", s.Explanation.Message("nl"))
	}
	for _, id := range []string{"s1", "s2", "s3", "e1", "e2"} {
		if !slices.Contains(s.EventIDs, id) {
			t.Errorf("missing %s in %v", id, s.EventIDs)
		}
	}
	if slices.Contains(s.EventIDs, "s4") {
		t.Errorf("D was not running at the peak: %v", s.EventIDs)
	}
	seq := Parallel(evs[5:], Options{Now: now})
	if !strings.Contains(seq.Explanation.Message("nl"), "niet tegelijk") {
		t.Errorf("single: %q", seq.Explanation.Message("nl"))
	}
}

func TestRepeated(t *testing.T) {
	evs := []timeline.Event{
		ev("a", day(2019, 1, 1), timeline.KindDecision, "start=Gezinsbehandeling", nil, nil),
		ev("b", day(2020, 1, 1), timeline.KindDecision, "start=MST", nil, nil),
		ev("c", day(2022, 1, 1), timeline.KindDecision, "start=gezinsbehandeling", nil, nil),
		ev("d", day(2022, 2, 1), timeline.KindDecision, "plaatsing=thuis", nil, nil),
		ev("e", day(2023, 2, 1), timeline.KindDecision, "plaatsing=thuis", nil, nil),
	}
	s := Repeated(evs, Options{})
	mustPlain(t, s)
	if len(s.Items) != 1 || s.Items[0].Days != 2 || !slices.Equal(s.EventIDs, []string{"a", "c"}) {
		t.Errorf("items %+v ids %v", s.Items, s.EventIDs)
	}
	if !strings.Contains(s.Explanation.Message("nl"), "Gezinsbehandeling 2 keer (1 januari 2019 en 1 januari 2022)") {
		t.Errorf("explanation %q", s.Explanation.Message("nl"))
	}
}

func TestEscalation(t *testing.T) {
	evs := []timeline.Event{
		ev("a", day(2018, 1, 1), timeline.KindDecision, "start=X", nil, nil),
		ev("b", day(2019, 1, 1), timeline.KindDecision, "plaatsing=pleeggezin", nil, nil), // skips the measure
		ev("c", day(2019, 6, 1), timeline.KindDecision, "maatregel", nil, nil),            // lower: not a step up
		ev("d", day(2020, 1, 1), timeline.KindDecision, "plaatsing=thuis", nil, nil),      // home: not a step
		ev("e", day(2021, 1, 1), timeline.KindDecision, "gesloten", nil, nil),
		ev("f", day(2021, 2, 1), timeline.KindDecision, "gesloten;plaatsing=gesloten jeugdzorg", nil, nil),
	}
	s := Escalation(evs, Options{})
	mustPlain(t, s)
	var steps []string
	for _, it := range s.Items {
		steps = append(steps, it.EventID)
	}
	if !slices.Equal(steps, []string{"a", "b", "e"}) {
		t.Errorf("steps %v", steps)
	}
	if !slices.Equal(s.EventIDs, []string{"a", "b", "e", "f"}) {
		t.Errorf("ids %v", s.EventIDs)
	}
	if !strings.Contains(s.Explanation.Message("nl"), "vrijwillige hulp (1 januari 2018) → uithuisplaatsing (1 januari 2019) → gesloten jeugdzorg (1 januari 2021)") ||
		!strings.Contains(s.Explanation.Message("nl"), "2 keer") {
		t.Errorf("explanation %q", s.Explanation.Message("nl"))
	}
}

func TestWaiting(t *testing.T) {
	evs := []timeline.Event{
		ev("w1", day(2019, 1, 1), timeline.KindDecision, "wachtlijst=GGZ", nil, nil),
		ev("w1b", day(2019, 2, 1), timeline.KindDecision, "wachtlijst=ggz", nil, nil), // same list: not counted twice
		ev("s", day(2019, 4, 1), timeline.KindDecision, "start=GGZ", nil, nil),        // 90 days
		ev("t", day(2020, 1, 1), timeline.KindDecision, "plaatsing=crisisopvang;tijdelijk", nil, nil),
		ev("p", day(2020, 3, 1), timeline.KindDecision, "plaatsing=pleeggezin", nil, nil),   // 60 days
		ev("w2", day(2020, 2, 1), timeline.KindDecision, "wachtlijst=pleeggezin", nil, nil), // 29 days, inside t
	}
	timeline.Sort(evs)
	s := Waiting(evs, Options{Now: now})
	mustPlain(t, s)
	if len(s.Items) != 3 {
		t.Fatalf("items %+v", s.Items)
	}
	days := map[string]int{}
	for _, it := range s.Items {
		days[it.EventID] = it.Days
	}
	if days["w1"] != 90 || days["t"] != 60 || days["w2"] != 29 {
		t.Errorf("days %v", days)
	}
	// Union: 90 + 60 = 150 days ≈ 5 months.
	if !strings.Contains(s.Explanation.Message("nl"), "Samen 5 maanden") {
		t.Errorf("explanation %q", s.Explanation.Message("nl"))
	}
	open := Waiting([]timeline.Event{ev("w", day(2025, 3, 1), timeline.KindDecision, "wachtlijst=kamertraining", nil, nil)}, Options{Now: now})
	if !open.Items[0].Open || !strings.Contains(open.Explanation.Message("nl"), "wacht nog") {
		t.Errorf("open waiting: %+v", open)
	}
}

func TestGapsSignal(t *testing.T) {
	evs := []timeline.Event{
		ev("a", day(2019, 1, 1), timeline.KindContact, "", nil, nil),
		ev("b", day(2020, 3, 1), timeline.KindContact, "", nil, nil),
		ev("c", day(2020, 5, 1), timeline.KindContact, "", nil, nil),
	}
	s := Gaps(evs, Options{Now: now})
	mustPlain(t, s)
	if len(s.Items) != 1 || !slices.Equal(s.EventIDs, []string{"a", "b"}) || !strings.Contains(s.Explanation.Message("nl"), "2 januari 2019 tot 29 februari 2020 (14 maanden)") {
		t.Errorf("gaps %+v", s)
	}
	if !strings.Contains(s.Explanation.Message("nl"), "Sinds 1 mei 2020 staat er niets meer") {
		t.Errorf("silence since last event not mentioned: %q", s.Explanation.Message("nl"))
	}
	if g := Gaps(evs, Options{GapMonths: 15}); len(g.Items) != 0 {
		t.Errorf("15-month threshold: %+v", g.Items)
	}
}

func TestVoice(t *testing.T) {
	fam := ev("f", day(2024, 3, 1), timeline.KindContact, "", nil, nil)
	fam.Source = timeline.SourceFamily
	evs := []timeline.Event{
		ev("n", day(2023, 1, 1), timeline.KindNeed, "", nil, nil),
		fam,
		ev("x", day(2025, 6, 1), timeline.KindDecision, "", nil, nil),
	}
	s := Voice(evs, Options{Now: now})
	mustPlain(t, s)
	if !slices.Equal(s.EventIDs, []string{"f"}) || s.Items[0].Days != 730 {
		t.Errorf("voice %+v", s)
	}
	if !strings.Contains(s.Explanation.Message("nl"), "2 keer") || !strings.Contains(s.Explanation.Message("nl"), "24 maanden geleden") ||
		!strings.Contains(s.Explanation.Message("nl"), "In het laatste jaar staat 1 gebeurtenis op de tijdlijn, niet vanuit het gezin zelf.") {
		t.Errorf("explanation %q", s.Explanation.Message("nl"))
	}
	none := Voice(evs[2:], Options{Now: now})
	if len(none.EventIDs) != 0 || !strings.Contains(none.Explanation.Message("nl"), "geen uitspraak") {
		t.Errorf("none %+v", none)
	}
}

// TestDemoTellsAStory checks the demo makes every signal say something.
func TestDemoTellsAStory(t *testing.T) {
	sigs := Compute(demo.NoorTimeline(), Options{Now: now})
	if len(sigs) != 8 {
		t.Fatalf("%d signals", len(sigs))
	}
	for _, s := range sigs {
		mustPlain(t, s)
		if len(s.EventIDs) == 0 {
			t.Errorf("%s: no events behind it: %s", s.Key, s.Explanation.Message("nl"))
		}
	}
	if !strings.Contains(sigs[4].Explanation.Message("nl"), "gesloten jeugdzorg") {
		t.Errorf("no escalation to closed care: %s", sigs[4].Explanation.Message("nl"))
	}
}

func TestSparkline(t *testing.T) {
	s := Helpers(demo.NoorTimeline(), Options{})
	s.Title = verbatim("<Hulp & zo>")
	var buf bytes.Buffer
	if err := Sparkline(&buf, s, SparkOptions{}); err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(&buf)
	polylines := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "polyline" {
			polylines++
		}
	}
	if polylines != 2 {
		t.Errorf("%d lines, want 2", polylines)
	}
}
