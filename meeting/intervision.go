package meeting

import (
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
)

// An intervision session of a series runs as a live meeting whose steps are
// the intervision work forms: a member brings a dilemma, a Socratic round of
// questions only, the three levels of insight each member writes down, and
// what each member takes home. The forms are not cards of the method
// library; their texts are in the catalogue (intervision.form.<key>).

// IntervisionCard is the card key of the work-form steps.
const IntervisionCard = "intervision"

// The work forms, by step key.
const (
	FormDilemma  = "dilemma"
	FormSocratic = "socratic"
	FormLevels   = "levels"
	FormTakeaway = "takeaway"
)

// Kinds of input only the work forms take.
const (
	Question CaptureKind = "question" // the Socratic round: questions only
	Takeaway CaptureKind = "takeaway" // "wat neem je mee?"
)

// InsightLevels are the three levels of insight (the method library's
// levels): personal, organisation, network.
var InsightLevels = []string{"personal", "organisation", "network"}

// IntervisionForm is one work form: its step key, its default minutes and
// the kind of input it takes. Its title is the catalogue's
// "intervision.form.<key>.title", on the pages and in the report alike.
type IntervisionForm struct {
	Key     string
	Minutes int
	Kind    CaptureKind
}

// IntervisionForms are the work forms of a session, in order; together two hours.
var IntervisionForms = []IntervisionForm{
	{FormDilemma, 25, Dilemma},
	{FormSocratic, 45, Question},
	{FormLevels, 35, Insight},
	{FormTakeaway, 15, Takeaway},
}

// Title names the work form in lang.
func (f IntervisionForm) Title(lang string) string {
	return i18n.Default().T(lang, "intervision.form."+f.Key+".title")
}

// IntervisionSteps returns the agenda of a session. No step is anonymous
// in the meeting's sense: the author of each contribution is kept, so that
// it becomes their own knowledge record and they check its paraphrase; the
// group sees contributions without names all the same.
func IntervisionSteps() []Step {
	out := make([]Step, len(IntervisionForms))
	for i, f := range IntervisionForms {
		out[i] = Step{Position: i, CardKey: IntervisionCard, StepKey: f.Key, Minutes: f.Minutes}
	}
	return out
}

// FormOf returns the work form of a step, if it is one.
func FormOf(s Step) (IntervisionForm, bool) {
	if s.CardKey != IntervisionCard {
		return IntervisionForm{}, false
	}
	for _, f := range IntervisionForms {
		if f.Key == s.StepKey {
			return f, true
		}
	}
	return IntervisionForm{}, false
}

// CheckIntervisionCapture checks a contribution to a work-form step: the
// form's own kind, a question in the Socratic round, one of the three
// levels for an insight (in Slot).
func CheckIntervisionCapture(s Step, c *Capture) error {
	f, ok := FormOf(s)
	if !ok {
		return rotonde.E(rotonde.EInvalid, "err.meeting.intervision_step_unknown")
	}
	if c.Kind != f.Kind {
		return rotonde.E(rotonde.EInvalid, "err.meeting.intervision_wrong_kind")
	}
	c.Body = strings.TrimSpace(c.Body)
	if c.Body == "" {
		return rotonde.E(rotonde.EInvalid, "err.meeting.nothing_was_filled_in_silence_is")
	}
	switch f.Kind {
	case Question:
		if !strings.HasSuffix(c.Body, "?") {
			return rotonde.E(rotonde.EInvalid, "err.meeting.socratic_questions_only")
		}
	case Insight:
		for _, l := range InsightLevels {
			if l == c.Slot {
				return nil
			}
		}
		return rotonde.E(rotonde.EInvalid, "err.meeting.choose_level_of_insight")
	}
	c.Slot = ""
	return nil
}

// SeriesState is what the snapshot of a series session adds: up to which
// step the group sees the contributions, and per step how many of the
// others' contributions are not shown yet.
type SeriesState struct {
	RevealedThrough int
	Withheld        map[int]int
}

// Revealed reports whether the contributions to a step are shown to the group.
func (s *SeriesState) Revealed(step int) bool { return s != nil && step <= s.RevealedThrough }
