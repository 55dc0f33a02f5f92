package rotonde

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Learning-cycle step keys (method library, Hoofdstuk 2), in order.
var CycleSteps = []string{"connect", "analyse", "apply-knowledge", "monitor"}

// Phase keys of learning together (werkkaart 8), in order.
var Phases = []string{"urgency", "pause", "design"}

func known(list []string, v string) bool {
	for _, k := range list {
		if k == v {
			return true
		}
	}
	return false
}

func tooLong(v string, n int) bool { return utf8.RuneCountInString(v) > n }

// CycleEntry records what was done in one step of the learning cycle, with
// optional evidence: a link, or a reference to a timeline event or meeting.
type CycleEntry struct {
	ID          int64
	CaseID      int64
	Step        string
	Done        string
	EvidenceURL string
	EvidenceRef string // e.g. "gebeurtenis 12" or "bijeenkomst 3 november"
	CreatedBy   int64
	CreatedName string
	CreatedAt   time.Time
}

// Validate checks an entry before it is stored.
func (e *CycleEntry) Validate() error {
	e.Done = strings.TrimSpace(e.Done)
	e.EvidenceURL = strings.TrimSpace(e.EvidenceURL)
	e.EvidenceRef = strings.TrimSpace(e.EvidenceRef)
	if !known(CycleSteps, e.Step) {
		return E(EInvalid, "err.rotonde.choose_step_of_learning_cycle")
	}
	if e.Done == "" {
		return E(EInvalid, "err.rotonde.write_down_what_was_done_in")
	}
	if tooLong(e.Done, 5000) || tooLong(e.EvidenceRef, 200) || tooLong(e.EvidenceURL, 1000) {
		return E(EInvalid, "err.rotonde.one_of_fields_is_too_long")
	}
	if e.EvidenceURL != "" {
		u, err := url.Parse(e.EvidenceURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return E(EInvalid, "err.rotonde.link_to_evidence_starts_with_https")
		}
	}
	return nil
}

// PhaseChange is one entry of a case's phase history; the latest is current.
type PhaseChange struct {
	ID        int64
	CaseID    int64
	Phase     string
	Reason    string
	SetBy     int64
	SetByName string
	SetAt     time.Time
}

// Validate checks a phase change.
func (p *PhaseChange) Validate() error {
	p.Reason = strings.TrimSpace(p.Reason)
	if !known(Phases, p.Phase) {
		return E(EInvalid, "err.rotonde.choose_phase")
	}
	if tooLong(p.Reason, 2000) {
		return E(EInvalid, "err.rotonde.explanation_is_too_long_at_most")
	}
	return nil
}

// StepStatus is where a small step stands.
type StepStatus string

const (
	StepOpen    StepStatus = "open"
	StepDone    StepStatus = "done"
	StepDropped StepStatus = "dropped"
)

// Valid reports whether s is a known status.
func (s StepStatus) Valid() bool { return s == StepOpen || s == StepDone || s == StepDropped }

// SmallStep is an agreed next step with an owner and a date. A report-back
// step is the promise to tell an interviewee what became of their story.
type SmallStep struct {
	ID          int64
	CaseID      int64
	Title       string
	OwnerUserID int64  // a member of the case, or 0
	OwnerText   string // free text when the owner is not a member ("oma", "school")
	OwnerName   string // filled on reads
	Due         string // YYYY-MM-DD or ""
	Status      StepStatus
	ReportBack  bool
	InterviewID int64
	CreatedBy   int64
	CreatedAt   time.Time
	ClosedBy    int64
	ClosedName  string
	ClosedAt    time.Time
}

// Overdue reports whether an open step is past its date on day now.
func (s *SmallStep) Overdue(now time.Time) bool {
	return s.Status == StepOpen && s.Due != "" && s.Due < now.Format("2006-01-02")
}

// Validate checks a small step before it is stored.
func (s *SmallStep) Validate() error {
	s.Title = strings.TrimSpace(s.Title)
	s.OwnerText = strings.TrimSpace(s.OwnerText)
	s.Due = strings.TrimSpace(s.Due)
	if s.Status == "" {
		s.Status = StepOpen
	}
	if s.Title == "" {
		return E(EInvalid, "err.rotonde.describe_small_step")
	}
	if tooLong(s.Title, 300) || tooLong(s.OwnerText, 120) {
		return E(EInvalid, "err.rotonde.one_of_fields_is_too_long")
	}
	if s.Due != "" {
		if _, err := time.Parse("2006-01-02", s.Due); err != nil {
			return E(EInvalid, "err.rotonde.fill_in_date_as_yyyy_mm")
		}
	}
	if !s.Status.Valid() {
		return E(EInvalid, "err.rotonde.unknown_status", string(s.Status))
	}
	return nil
}

// Interview is a reflective interview (werkkaart 2) with a family member or
// another key person. Consent for recording and for notes is recorded
// explicitly; without consent for notes, no answers are stored.
type Interview struct {
	ID               int64
	CaseID           int64
	Interviewee      string // alias: "moeder", "Noor (15)"
	ConsentRecording bool
	ConsentNotes     bool
	ConsentBy        int64
	ConsentAt        time.Time
	CreatedBy        int64
	CreatedName      string
	CreatedAt        time.Time
	Answers          []InterviewAnswer
	ReportBack       *SmallStep // the promise to report back; filled on reads
}

// Validate checks an interview before it is started.
func (iv *Interview) Validate() error {
	iv.Interviewee = strings.TrimSpace(iv.Interviewee)
	if iv.Interviewee == "" {
		return E(EInvalid, "err.rotonde.fill_in_who_interview_is_with")
	}
	if tooLong(iv.Interviewee, 120) {
		return E(EInvalid, "err.rotonde.name_is_too_long_at_most")
	}
	return nil
}

// InterviewAnswer is the interviewee's experience of one period.
type InterviewAnswer struct {
	ID          int64
	InterviewID int64
	CaseID      int64
	Year        int
	Month       int // 0 when only the year is known
	Question    string
	Answer      string
	Interviewee string // filled on reads
	CreatedBy   int64
	CreatedAt   time.Time
}

// Validate checks an answer before it is stored.
func (a *InterviewAnswer) Validate() error {
	a.Question = strings.TrimSpace(a.Question)
	a.Answer = strings.TrimSpace(a.Answer)
	if a.Year < 1900 || a.Year > 2200 {
		return E(EInvalid, "err.rotonde.fill_in_year_of_period")
	}
	if a.Month < 0 || a.Month > 12 {
		return E(EInvalid, "err.rotonde.month_is_1_to_12_or")
	}
	if a.Answer == "" {
		return E(EInvalid, "err.rotonde.write_down_what_was_said")
	}
	if tooLong(a.Answer, 5000) || tooLong(a.Question, 500) {
		return E(EInvalid, "err.rotonde.one_of_fields_is_too_long")
	}
	return nil
}

// FeedItem is one recent happening in a case, for the case's feed.
type FeedItem struct {
	At    time.Time
	Kind  string // "step_done", "step_added", "phase", "cycle", "interview"
	Actor string
	Text  string // the step title, phase key, cycle step key or interviewee
}

// GenogramRefs gives the storage ids of the genogram items the drawing model
// does not identify itself, parallel to Genogram.Ties, .Events and .Children,
// so that forms can remove one.
type GenogramRefs struct {
	Ties     []int64
	Events   []int64
	Children []int64
}

// StakeholderIDs gives the storage id of each stakeholder of a force field
// (also in Stakeholder.ID, as text).
type StakeholderIDs []int64

// ProgressService keeps a case's learning cycle, phase, small steps, insights
// and interviews. Every method checks the actor's access to the case itself.
// (The interview answers as timeline events: timeline.Store.InterviewEvents.)
type ProgressService interface {
	AddCycleEntry(ctx context.Context, actor *User, e *CycleEntry) error
	CycleEntries(ctx context.Context, actor *User, caseID int64) ([]CycleEntry, error)
	SetPhase(ctx context.Context, actor *User, p *PhaseChange) error
	PhaseHistory(ctx context.Context, actor *User, caseID int64) ([]PhaseChange, error)
	AddStep(ctx context.Context, actor *User, s *SmallStep) error
	SetStepStatus(ctx context.Context, actor *User, caseID, stepID int64, status StepStatus) error
	Steps(ctx context.Context, actor *User, caseID int64) ([]SmallStep, error)
	AddInsight(ctx context.Context, actor *User, in *Insight) error
	SetInsightLevel(ctx context.Context, actor *User, caseID, insightID int64, level string) error
	Insights(ctx context.Context, actor *User, caseID int64) ([]Insight, error)
	StartInterview(ctx context.Context, actor *User, iv *Interview) error
	SetInterviewConsent(ctx context.Context, actor *User, caseID, interviewID int64, recording, notes bool) error
	AddInterviewAnswer(ctx context.Context, actor *User, a *InterviewAnswer) error
	Interviews(ctx context.Context, actor *User, caseID int64) ([]Interview, error)
	Feed(ctx context.Context, actor *User, caseID int64, limit int) ([]FeedItem, error)
}
