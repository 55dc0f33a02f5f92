package meeting_test

import (
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

func TestJoinCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		c := meeting.NewJoinCode()
		if len(c) != meeting.CodeLength || strings.ContainsAny(c, "01ILO") {
			t.Fatalf("code %q has look-alikes or the wrong length", c)
		}
		n, err := meeting.NormalizeCode(strings.ToLower(c[:2]) + "-" + c[2:4] + " " + c[4:])
		if err != nil || n != c {
			t.Fatalf("normalize %q: %q %v", c, n, err)
		}
		seen[c] = true
	}
	if len(seen) < 195 {
		t.Errorf("only %d distinct codes in 200", len(seen))
	}
	for _, bad := range []string{"", "ABC", "ABCDEFG", "ABCDE0", "ABCDEI", "ABC<DE"} {
		if _, err := meeting.NormalizeCode(bad); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("%q accepted: %v", bad, err)
		}
	}
}

func TestStepsForCardUsesVariantsAndDurations(t *testing.T) {
	lib, err := method.Load()
	if err != nil {
		t.Fatal(err)
	}
	steps, err := meeting.StepsForCard(lib, "perspective-switch", "two-groups")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, s := range steps {
		total += s.Minutes
		if s.Screen() != "two-groups" {
			t.Errorf("step %s screen %q", s.StepKey, s.Screen())
		}
	}
	if c, _ := lib.Card("perspective-switch"); total != c.Minutes("two-groups") || len(steps) == 0 {
		t.Errorf("two groups: %d minutes over %d steps", total, len(steps))
	}
	// A card of variants only defaults to its first variant.
	if steps, err := meeting.StepsForCard(lib, "other-language", ""); err != nil || len(steps) == 0 || steps[0].Variant == "" {
		t.Errorf("other-language default: %+v %v", steps, err)
	}
	for _, bad := range [][2]string{{"nope", ""}, {"perspective-switch", "nope"}} {
		if _, err := meeting.StepsForCard(lib, bad[0], bad[1]); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestCaptureValidation(t *testing.T) {
	lib, _ := method.Load()
	ok := []meeting.Capture{
		{Kind: meeting.Insight, Body: "inzicht"},
		{Kind: meeting.GroupText, Group: meeting.GroupFamily, Slot: "step2", Body: "x"},
		{Kind: meeting.Stakeholder, Stakeholder: "vader", Feeling: "machteloos"},
		{Kind: meeting.Emotion, Body: lib.Emotions[0].Key},
	}
	for _, c := range ok {
		if err := c.Validate(lib); err != nil {
			t.Errorf("%+v: %v", c, err)
		}
	}
	bad := []meeting.Capture{
		{Kind: "rant", Body: "x"},
		{Kind: meeting.Insight, Body: "   "}, // silence is fine, but is not input
		{Kind: meeting.GroupText, Group: "bestuur", Slot: "step1", Body: "x"},
		{Kind: meeting.GroupText, Group: meeting.GroupHelp, Slot: "step4", Body: "x"},
		{Kind: meeting.Stakeholder, Body: "angst"},
		{Kind: meeting.Emotion, Body: "onbekend"},
		{Kind: meeting.Insight, Body: strings.Repeat("x", 4001)},
	}
	for _, c := range bad {
		if err := c.Validate(lib); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("%+v accepted: %v", c, err)
		}
	}
}

func TestAttachmentChecks(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n....")
	cases := []struct {
		a    meeting.Attachment
		data []byte
		want rotonde.ErrorCode
	}{
		{meeting.Attachment{Purpose: meeting.PurposeArt, Title: "lied", Link: "https://example.org/lied"}, nil, ""},
		{meeting.Attachment{Purpose: meeting.PurposeArt, Title: "lied", Link: "javascript:alert(1)"}, nil, rotonde.EInvalid},
		{meeting.Attachment{Purpose: meeting.PurposeArt, Title: "pdf", ContentType: "application/pdf"}, []byte("%PDF-1.4"), ""},
		{meeting.Attachment{Purpose: meeting.PurposeImageCard, Title: "pdf", ContentType: "application/pdf"}, []byte("%PDF-1.4"), rotonde.EInvalid},
		{meeting.Attachment{Purpose: meeting.PurposeImageCard, Title: "beeld", ContentType: "image/png"}, png, ""},
		{meeting.Attachment{Purpose: meeting.PurposeArt, Title: "html", ContentType: "text/html"}, []byte("<html>"), rotonde.EInvalid},
		{meeting.Attachment{Purpose: meeting.PurposeArt, Title: "groot", ContentType: "image/png"}, make([]byte, meeting.MaxAttachmentBytes+1), rotonde.ETooLarge},
		{meeting.Attachment{Purpose: meeting.PurposeArt, Title: "", ContentType: "image/png"}, png, rotonde.EInvalid},
	}
	for i, c := range cases {
		err := meeting.ValidateAttachment(&c.a, c.data)
		if got := rotonde.ErrorCodeOf(err); got != c.want {
			t.Errorf("case %d: %v, want %q", i, err, c.want)
		}
	}
}

func TestReportMarkdownEscapesInput(t *testing.T) {
	lib, _ := method.Load()
	steps, _ := meeting.StepsForCard(lib, "perspective-switch", "stakeholders")
	s := &meeting.Snapshot{Meeting: meeting.Meeting{Title: "Bijeenkomst", Feedback: "Sanne belt moeder"}, Steps: steps,
		Captures: []meeting.Capture{
			{Kind: meeting.Insight, Body: "# kop | [link](javascript:x) <script>"},
			{Kind: meeting.Stakeholder, Stakeholder: "oma | opa", Body: "alleen blijven", Feeling: "bang"},
			{Kind: meeting.SmallStep, Body: "school bellen"},
			{Kind: meeting.GroupText, Group: meeting.GroupHelp, Slot: "perspective", Body: "thuis wonen"},
		}}
	md := meeting.BuildReport(s, lib, "nl", false).Markdown("nl", time.Now())
	for _, bad := range []string{"\n# kop", "<script>", "[link](", "| oma | opa |"} {
		if strings.Contains(md, bad) {
			t.Errorf("markdown contains unescaped %q:\n%s", bad, md)
		}
	}
	for _, want := range []string{"| oma \\| opa | alleen blijven | bang |", "- school bellen", "| Gewenst langetermijnperspectief | thuis wonen |  |", "Sanne belt moeder"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if en := meeting.BuildReport(s, lib, "en", false).Markdown("en", time.Now()); !strings.Contains(en, "## Next steps") {
		t.Errorf("English report:\n%s", en)
	}
}

// The Markdown report carries the snapshots in words: the timeline's
// events in order and the geno-sociogram's persons and relations, headed
// by the moment they were frozen; user text stays escaped.
func TestReportMarkdownHasTheSnapshotsInWords(t *testing.T) {
	lib, _ := method.Load()
	r := meeting.BuildReport(&meeting.Snapshot{Meeting: meeting.Meeting{Title: "Bijeenkomst"}}, lib, "nl", false)
	r.Events = []timeline.Event{ // in date order, as the store gives them
		{Date: timeline.MonthOf(2019, 9), Kind: timeline.KindEvent, Lane: timeline.LaneFamily, Description: "Ouders gaan uit elkaar"},
		{Date: timeline.Day(2021, 4, 2), Kind: timeline.KindDecision, Lane: timeline.LaneProfessional, Description: "Uithuisplaatsing # spoed", Persons: []string{"Noor (15)"}},
	}
	r.Genogram = demo.Stepfamily()
	r.SnapshotAt = time.Date(2026, 11, 20, 15, 30, 0, 0, time.Local)
	md := r.Markdown("nl", time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local))
	for _, want := range []string{
		"## Tijdlijn bij het afsluiten van de bijeenkomst (20-11-2026 15:30)",
		"Uithuisplaatsing \\# spoed (Noor (15))",
		"## Geno-sociogram bij het afsluiten van de bijeenkomst (20-11-2026 15:30)",
		"Noor (15)", "gescheiden",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if !strings.Contains(md, "september 2019 · ") && !strings.Contains(md, "09-2019 · ") {
		t.Errorf("month-precise date not written as a month:\n%s", md)
	}
	// Not frozen: as on the day of reading.
	r.SnapshotAt = time.Time{}
	if md := r.Markdown("en", time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local)); !strings.Contains(md, "## Timeline (as of 01-12-2026)") {
		t.Errorf("unfrozen heading:\n%s", md)
	}
}
