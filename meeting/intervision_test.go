package meeting

import (
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// The work forms take their own kind of input: the Socratic round questions
// only, an insight one of the three levels.
func TestIntervisionCaptures(t *testing.T) {
	steps := IntervisionSteps()
	if len(steps) != 4 || steps[1].StepKey != FormSocratic || steps[1].Screen() != "intervision" {
		t.Fatalf("steps: %+v", steps)
	}
	total := 0
	for _, s := range steps {
		total += s.Minutes
	}
	if total != 120 {
		t.Errorf("a session's forms take %d minutes, want the series' two hours", total)
	}
	for _, c := range []struct {
		step int
		c    Capture
		ok   bool
	}{
		{0, Capture{Kind: Dilemma, Body: "Ruimte geven of sturen?"}, true},
		{0, Capture{Kind: Insight, Body: "Ruimte geven", Slot: "personal"}, false},
		{1, Capture{Kind: Question, Body: "Wat weet je eigenlijk zeker?"}, true},
		{1, Capture{Kind: Question, Body: "Je moet gewoon bellen."}, false},
		{2, Capture{Kind: Insight, Body: "Mijn organisatie wacht af.", Slot: "organisation"}, true},
		{2, Capture{Kind: Insight, Body: "Mijn organisatie wacht af."}, false},
		{3, Capture{Kind: Takeaway, Body: "Eerst vragen, dan sturen."}, true},
		{3, Capture{Kind: Takeaway, Body: "  "}, false},
	} {
		err := CheckIntervisionCapture(steps[c.step], &c.c)
		if (err == nil) != c.ok {
			t.Errorf("step %d %+v: %v", c.step, c.c, err)
		}
		if err != nil && rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("refusal is not EInvalid: %v", err)
		}
	}
	if _, ok := FormOf(Step{CardKey: "art", StepKey: "choose"}); ok {
		t.Error("a card's step is taken for a work form")
	}
}
