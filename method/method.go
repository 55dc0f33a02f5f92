// Package method holds Rotonde's method library as data: the eight work
// cards, the tension fields, the learning cycle, the phases of learning
// together, the nine verbs, the dream questions, the levels of insight, the
// success components and the emotion words.
//
// The content paraphrases the source publications in Rotonde's own words and
// credits them per item (see Source). It lives in embedded JSON so that an
// organisation can reword it without code: Merge applies an organisation's
// Override to the base library.
//
// A Library is a plain value: Load returns a fresh copy each time, so callers
// may cache it themselves; nothing in this package is global or mutable.
package method

import (
	"strconv"
	"strings"

	"github.com/rotonde-jeugd/rotonde/i18n"
)

// Text is a user-facing text in Dutch (shown first) and English.
type Text struct {
	NL string `json:"nl"`
	EN string `json:"en"`
}

// In returns the text for lang: English for "en" or "en-…", Dutch otherwise.
// An empty translation falls back to the other language so that a partly
// reworded organisation text never shows as blank.
func (t Text) In(lang string) string {
	if lang == "en" || strings.HasPrefix(lang, "en-") || strings.HasPrefix(lang, "en_") {
		if t.EN != "" {
			return t.EN
		}
		return t.NL
	}
	if t.NL != "" {
		return t.NL
	}
	return t.EN
}

// Catalogued returns the catalogue's Dutch and English text of key,
// formatted with args, for content that is stored in both languages at once
// (an organisation's own addition to the library).
func Catalogued(key string, args ...any) Text {
	cat := i18n.Default()
	return Text{NL: cat.T("nl", key, args...), EN: cat.T("en", key, args...)}
}

// IsZero reports whether both languages are empty.
func (t Text) IsZero() bool { return t.NL == "" && t.EN == "" }

// Tension-field sets. Organisations may add sets of their own.
const (
	SetCore        = "core"        // the six fields of bijlage 1
	SetBestuurlijk = "bestuurlijk" // Kenis's two fields for administrators
	SetOwn         = "eigen"       // fields an organisation added itself
)

// Emotion valences.
const (
	ValencePleasant   = "pleasant"
	ValenceUnpleasant = "unpleasant"
	ValenceMixed      = "mixed"
)

// Library is the complete method library.
type Library struct {
	Sources []Source `json:"sources"`

	Cards []Card `json:"cards"`

	// FieldsIntro explains how to read a tension field (no pole is right).
	FieldsIntro         Text        `json:"fieldsIntro"`
	Fields              []Field     `json:"fields"`
	StagnationQuestions QuestionSet `json:"stagnationQuestions"`
	Cycle               Cycle       `json:"cycle"`
	Phases              []Phase     `json:"phases"`
	Verbs               []Verb      `json:"verbs"`
	Orders              []Order     `json:"orders"`
	Dream               Dream       `json:"dream"`
	Levels              []Level     `json:"levels"`
	SuccessComponents   []Component `json:"successComponents"`
	Emotions            []Emotion   `json:"emotions"`
}

// Source is a publication the library credits.
type Source struct {
	Key       string `json:"key"`
	Title     string `json:"title"` // publication titles are not translated
	Subtitle  string `json:"subtitle,omitempty"`
	Authors   string `json:"authors,omitempty"`
	Publisher string `json:"publisher"`
	Year      int    `json:"year"`
	URL       string `json:"url,omitempty"`
	// Note says how Rotonde used the source (paraphrase, additions).
	Note Text `json:"note"`
}

// Citation renders the short attribution line shown wherever the content
// appears: title, publisher and year, as the publications ask, e.g.
// "Samen bereiken wat niemand alleen lukt. Nederlands Jeugdinstituut, 2022."
// Authors, subtitle and address stay in the Source for a full reference.
func (s Source) Citation() string {
	var b strings.Builder
	b.WriteString(strings.TrimSuffix(s.Title, "."))
	b.WriteString(". ")
	b.WriteString(s.Publisher)
	b.WriteString(", ")
	if s.Year > 0 {
		b.WriteString(strconv.Itoa(s.Year))
	} else {
		b.WriteString("z.j.")
	}
	b.WriteString(".")
	return b.String()
}

// Question is one question with a stable key, so answers can refer to it.
type Question struct {
	Key  string `json:"key"`
	Text Text   `json:"text"`
	// Hint is optional guidance shown under the question.
	Hint *Text `json:"hint,omitempty"`
}

// QuestionSet is a titled list of questions with an introduction.
type QuestionSet struct {
	Title     Text       `json:"title"`
	Intro     Text       `json:"intro"`
	Questions []Question `json:"questions"`
	Source    string     `json:"source"`
}

// Card is a work card (werkkaart) for a learning meeting.
type Card struct {
	Key       string `json:"key"`
	Number    int    `json:"number"`
	Title     Text   `json:"title"`
	Purpose   Text   `json:"purpose"`
	WhenToUse Text   `json:"whenToUse"`
	// Steps is the main route. It may be empty when the card consists of
	// alternative formats only; then the first variant is the main route.
	Steps     []Step    `json:"steps,omitempty"`
	Variants  []Variant `json:"variants,omitempty"`
	GroupSize GroupSize `json:"groupSize"`
	// Online tells whether the main route works in an online meeting.
	Online     bool   `json:"online"`
	OnlineNote Text   `json:"onlineNote"`
	Materials  []Text `json:"materials"`
	// Preparation holds the facilitator's preparation questions (card 1).
	Preparation []Question `json:"preparation,omitempty"`
	Source      string     `json:"source"`
	// Hidden cards stay resolvable by key (old meetings refer to them) but
	// are not offered for new agendas.
	Hidden bool `json:"hidden,omitempty"`
}

// Step is one timed step of a card.
type Step struct {
	Key         string `json:"key"`
	Title       Text   `json:"title"`
	Description Text   `json:"description"`
	Minutes     int    `json:"minutes"`
	// BeforeMeeting marks work done ahead of the meeting (the facilitator's
	// preparation, collecting information, a reflective interview): it is
	// on the card but its minutes are not meeting time.
	BeforeMeeting bool `json:"beforeMeeting,omitempty"`
}

// Variant is an alternative format of a card with its own steps.
type Variant struct {
	Key       string `json:"key"`
	Title     Text   `json:"title"`
	WhenToUse Text   `json:"whenToUse"`
	Steps     []Step `json:"steps"`
	Online    bool   `json:"online"`
}

// GroupSize is the suggested number of participants, inclusive.
type GroupSize struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// StepsFor returns the steps of the named variant, or the main route for ""
// or an unknown variant.
func (c Card) StepsFor(variant string) []Step {
	if variant != "" {
		for _, v := range c.Variants {
			if v.Key == variant {
				return v.Steps
			}
		}
	}
	if len(c.Steps) > 0 || len(c.Variants) == 0 {
		return c.Steps
	}
	return c.Variants[0].Steps
}

// Minutes is the total duration of the named variant (or the main route).
func (c Card) Minutes(variant string) int {
	total := 0
	for _, s := range c.StepsFor(variant) {
		total += s.Minutes
	}
	return total
}

// MeetingMinutes is the time the named variant (or the main route) takes in
// the meeting itself: Minutes without the steps done before it.
func (c Card) MeetingMinutes(variant string) int {
	total := 0
	for _, s := range c.StepsFor(variant) {
		if !s.BeforeMeeting {
			total += s.Minutes
		}
	}
	return total
}

// BeforeMinutes is the time of the steps done before the meeting.
func (c Card) BeforeMinutes(variant string) int {
	return c.Minutes(variant) - c.MeetingMinutes(variant)
}

// Variant returns the named variant.
func (c Card) Variant(key string) (Variant, bool) {
	for _, v := range c.Variants {
		if v.Key == key {
			return v, true
		}
	}
	return Variant{}, false
}

// Field is a tension field (spanningsveld): a line between two poles.
type Field struct {
	Key         string     `json:"key"`
	Number      int        `json:"number"`
	Set         string     `json:"set"`
	Title       Text       `json:"title"`
	Left        Text       `json:"left"`
	Right       Text       `json:"right"`
	Description Text       `json:"description"`
	Questions   []Question `json:"questions"`
	// FamilyQuestions are the field's questions for family members and
	// young people, in their words; a field without them asks families
	// nothing (the professionals' questions are not theirs).
	FamilyQuestions []Question `json:"familyQuestions,omitempty"`
	Source          string     `json:"source"`
	Hidden          bool       `json:"hidden,omitempty"`
}

// Cycle is the four-step learning cycle.
type Cycle struct {
	Title Text        `json:"title"`
	Intro Text        `json:"intro"`
	Steps []CycleStep `json:"steps"`
	// SkipPattern is the gentle message shown when steps 1–2 are skipped and
	// the work bounces between steps 3 and 4.
	SkipPattern Text `json:"skipPattern"`
	// LateStall is shown when steps 1–2 were taken but 3 or 4 is missing.
	LateStall Text   `json:"lateStall"`
	Source    string `json:"source"`
}

// CycleStep is one step of the learning cycle.
type CycleStep struct {
	Key         string `json:"key"`
	Number      int    `json:"number"`
	Title       Text   `json:"title"`
	Explanation Text   `json:"explanation"`
}

// Phase is a phase of learning together (werkkaart 8).
type Phase struct {
	Key         string `json:"key"`
	Number      int    `json:"number"`
	Title       Text   `json:"title"`
	Description Text   `json:"description"`
	// Signs are the phase's subcategories (werkkaart 8), in Rotonde's words.
	Signs []Text `json:"signs"`
	// Quotes are remarks of participants in learning meetings as the source
	// records them (NL word for word, EN translated), shown with the phase's
	// source; a test holds them to the source text.
	Quotes []Text `json:"quotes"`
	Source string `json:"source"`
}

// Verb is one of the nine verbs of transformation.
type Verb struct {
	Key         string `json:"key"`
	Number      int    `json:"number"`
	Title       Text   `json:"title"`
	Explanation Text   `json:"explanation"`
	Source      string `json:"source"`
}

// Order is an order of learning (first, second, third order).
type Order struct {
	Key         string `json:"key"`
	Number      int    `json:"number"`
	Title       Text   `json:"title"`
	Focus       Text   `json:"focus"`
	Kind        Text   `json:"kind"` // kennis / kunde / kunst
	Description Text   `json:"description"`
	Measure     Text   `json:"measure"`
	Source      string `json:"source"`
}

// Dream holds the questions that keep the child's lasting perspective in view.
type Dream struct {
	Title             Text       `json:"title"`
	Intro             Text       `json:"intro"`
	ChildIntro        Text       `json:"childIntro"`
	Child             []Question `json:"child"`
	ProfessionalIntro Text       `json:"professionalIntro"`
	Professional      []Question `json:"professional"`
	Source            string     `json:"source"`
}

// Level is a level at which dilemmas and insights are recorded.
type Level struct {
	Key         string `json:"key"`
	Number      int    `json:"number"`
	Title       Text   `json:"title"`
	Question    Text   `json:"question"`
	Description Text   `json:"description"`
	Source      string `json:"source"`
}

// Component is a success component of teams that keep the child central.
type Component struct {
	Key         string `json:"key"`
	Number      int    `json:"number"`
	Title       Text   `json:"title"`
	Description Text   `json:"description"`
	Source      string `json:"source"`
}

// Emotion is an emotion card for werkkaart 6.
type Emotion struct {
	Key     string `json:"key"`
	Word    Text   `json:"word"`
	Valence string `json:"valence"`
	Source  string `json:"source"`
}

// Cycle step keys, in order.
const (
	StepConnect        = "connect"
	StepAnalyse        = "analyse"
	StepApplyKnowledge = "apply-knowledge"
	StepMonitor        = "monitor"
)

// Advice looks at the cycle steps a case worked on, oldest first (step
// keys), and returns the skip-pattern message when the known failure shows:
// steps 3 and 4 worked on at least twice while steps 1 and 2 had not both
// been taken. Starting again at step 1 begins a new round.
func (c Cycle) Advice(history []string) (Text, bool) {
	var connected, analysed bool
	bounces := 0
	for _, k := range history {
		switch k {
		case StepConnect:
			connected, analysed, bounces = true, false, 0
		case StepAnalyse:
			analysed = true
		case StepApplyKnowledge, StepMonitor:
			if !connected || !analysed {
				bounces++
			}
		}
	}
	if bounces >= 2 {
		return c.SkipPattern, true
	}
	return Text{}, false
}

// LateAdvice returns the late-stall message when the current round (from
// the last step 1 on) took steps 1 and 2 but not yet both 3 and 4: the
// learning can still run aground after a shared goal was chosen. It says
// nothing when Advice already speaks.
func (c Cycle) LateAdvice(history []string) (Text, bool) {
	if _, ok := c.Advice(history); ok {
		return Text{}, false
	}
	var connected, analysed, applied, monitored bool
	for _, k := range history {
		switch k {
		case StepConnect:
			connected, analysed, applied, monitored = true, false, false, false
		case StepAnalyse:
			analysed = true
		case StepApplyKnowledge:
			applied = true
		case StepMonitor:
			monitored = true
		}
	}
	if connected && analysed && !(applied && monitored) && !c.LateStall.IsZero() {
		return c.LateStall, true
	}
	return Text{}, false
}
