package method

import (
	"strings"
	"testing"
)

// Card 1 asks all of its questions: the conditions (tijd, ruimte,
// legitimering), how the facilitator helps the group learn (question 2),
// the general insights and the facilitator's own dilemmas.
func TestFacilitatorPreparationComplete(t *testing.T) {
	c, _ := load(t).Card("facilitator")
	for _, k := range []string{"conditions", "values", "contribute", "case-and-owner", "participants", "missing-perspectives",
		"what-touches-me", "missing-information", "expected-themes", "work-forms", "co-facilitator", "general-insights", "own-dilemmas"} {
		if !hasQuestion(c.Preparation, k) {
			t.Errorf("card 1 lacks preparation question %q", k)
		}
	}
	q := c.Preparation[0].Text.NL
	for _, w := range []string{"tijd", "ruimte", "legitimering"} {
		if !strings.Contains(q, w) {
			t.Errorf("conditions question lacks %q: %q", w, q)
		}
	}
}

// Preparation, collecting information and interviews happen before the
// meeting: their minutes are not meeting time.
func TestBeforeMeetingMinutes(t *testing.T) {
	lib := load(t)
	for key, want := range map[string][2]int{
		"facilitator":          {85, 45},
		"reflective-interview": {30, 120},
		"timeline":             {75, 60},
		"genogram":             {70, 30},
	} {
		c, _ := lib.Card(key)
		if got := [2]int{c.MeetingMinutes(""), c.BeforeMinutes("")}; got != want {
			t.Errorf("%s: meeting/before minutes = %v, want %v", key, got, want)
		}
	}
	c5, _ := lib.Card("perspective-switch")
	if c5.MeetingMinutes("two-groups") != c5.Minutes("two-groups") {
		t.Error("a card without preparation loses meeting minutes")
	}
}

func TestLateStallAdvice(t *testing.T) {
	c := load(t).Cycle
	for _, tc := range []struct {
		history []string
		want    bool
	}{
		{nil, false},
		{[]string{StepConnect}, false},
		{[]string{StepConnect, StepAnalyse}, true},
		{[]string{StepConnect, StepAnalyse, StepApplyKnowledge}, true},
		{[]string{StepConnect, StepAnalyse, StepApplyKnowledge, StepMonitor}, false},
		{[]string{StepConnect, StepAnalyse, StepApplyKnowledge, StepMonitor, StepConnect}, false},
		// The skip pattern speaks first.
		{[]string{StepApplyKnowledge, StepMonitor, StepApplyKnowledge}, false},
	} {
		got, ok := c.LateAdvice(tc.history)
		if ok != tc.want || (ok && got != c.LateStall) {
			t.Errorf("LateAdvice(%v) = %v, %v; want %v", tc.history, got, ok, tc.want)
		}
	}
}

func TestCitationIsShort(t *testing.T) {
	s, _ := load(t).Source("nji-2022")
	want := "Samen bereiken wat niemand alleen lukt. Nederlands Jeugdinstituut (Nji) en Design Innovation Group, Utrecht, 2022."
	if got := s.Citation(); got != want {
		t.Errorf("Citation() = %q, want %q", got, want)
	}
}
