// Package meeting is the live learning meeting (leerbijeenkomst): an agenda
// of timed steps composed from the work cards, the facilitator's
// preparation (werkkaart 1), the people taking part (case members and
// guests without an account), what is captured during the meeting, and the
// numbered events that live clients follow.
//
// It holds rules and shapes only; storage (package sqldb) and transport
// (packages live and web) use it.
package meeting

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// Status is where a meeting stands.
type Status string

const (
	Draft  Status = "draft"  // being prepared
	Live   Status = "live"   // running; the join code works
	Closed Status = "closed" // over; the report is final
)

// Meeting is one learning meeting, for a case or for a free theme.
type Meeting struct {
	ID              int64
	CaseID          int64 // 0 for a free theme
	Title           string
	Theme           string
	FacilitatorID   int64
	FacilitatorName string
	Status          Status
	CurrentStep     int // position in Steps; -1 before the first step
	StepStartedAt   time.Time
	FilmOpen        bool // the "in de film" check is open
	JoinCode        string
	JoinExpiresAt   time.Time
	Prep            Prep
	Feedback        string // the report-back owed to the family
	TensionRoundID  int64
	LastSeq         int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	ClosedAt        time.Time
	// PlannedAt and Place say when and where the meeting takes place
	// (zero and "" until planned); Place is a room, an address or a link.
	PlannedAt time.Time
	Place     string
	CaseTitle string // filled on reads
}

// Plan is when and where a meeting takes place.
type Plan struct {
	At    time.Time
	Place string
}

// MaxPlaceLength bounds a meeting's place in characters.
const MaxPlaceLength = 300

// Validate checks a plan against the current time: a meeting is planned
// for today or later (not more than two years ahead). A zero time clears
// the plan.
func (p *Plan) Validate(now time.Time) error {
	p.Place = strings.TrimSpace(p.Place)
	if utf8.RuneCountInString(p.Place) > MaxPlaceLength {
		return rotonde.E(rotonde.EInvalid, "err.meeting.place_is_too_long_at_most", MaxPlaceLength)
	}
	if p.At.IsZero() {
		if p.Place != "" {
			return rotonde.E(rotonde.EInvalid, "err.meeting.choose_date_and_time_as_well")
		}
		return nil
	}
	y, m, d := now.Date()
	if p.At.Before(time.Date(y, m, d, 0, 0, 0, 0, now.Location())) {
		return rotonde.E(rotonde.EInvalid, "err.meeting.that_date_has_passed_choose_today")
	}
	if p.At.After(now.AddDate(2, 0, 0)) {
		return rotonde.E(rotonde.EInvalid, "err.meeting.plan_at_most_two_years_ahead")
	}
	return nil
}

// Prep holds the facilitator's answers to the preparation questions of
// werkkaart 1, by question key, plus the co-facilitator and the roles agreed.
type Prep struct {
	Answers       map[string]string `json:"answers,omitempty"`
	CoFacilitator string            `json:"coFacilitator,omitempty"`
	Roles         string            `json:"roles,omitempty"`
}

// Validate checks a new meeting.
func (m *Meeting) Validate() error {
	m.Title = strings.TrimSpace(m.Title)
	m.Theme = strings.TrimSpace(m.Theme)
	if m.Title == "" {
		return rotonde.E(rotonde.EInvalid, "err.meeting.give_meeting_title")
	}
	if utf8.RuneCountInString(m.Title) > 120 {
		return rotonde.E(rotonde.EInvalid, "err.rotonde.title_is_too_long_at_most")
	}
	if m.CaseID == 0 && m.Theme == "" {
		return rotonde.E(rotonde.EInvalid, "err.meeting.choose_case_or_describe_theme")
	}
	if utf8.RuneCountInString(m.Theme) > 2000 {
		return rotonde.E(rotonde.EInvalid, "err.meeting.theme_is_too_long_at_most")
	}
	return nil
}

// Validate checks preparation answers.
func (p *Prep) Validate() error {
	for k, v := range p.Answers {
		v = strings.TrimSpace(v)
		if v == "" {
			delete(p.Answers, k)
			continue
		}
		if utf8.RuneCountInString(v) > 5000 {
			return rotonde.E(rotonde.EInvalid, "err.meeting.answer_is_too_long_at_most")
		}
		p.Answers[k] = v
	}
	p.CoFacilitator = strings.TrimSpace(p.CoFacilitator)
	p.Roles = strings.TrimSpace(p.Roles)
	if utf8.RuneCountInString(p.CoFacilitator) > 200 || utf8.RuneCountInString(p.Roles) > 2000 {
		return rotonde.E(rotonde.EInvalid, "err.rotonde.one_of_fields_is_too_long")
	}
	return nil
}

// Step is one timed step of the agenda.
type Step struct {
	ID        int64
	Position  int
	CardKey   string
	Variant   string
	StepKey   string
	Minutes   int
	Anonymous bool // input in this step is anonymous
}

// StepsForCard expands a work card (and variant) into agenda steps with the
// card's default durations.
func StepsForCard(lib *method.Library, cardKey, variant string) ([]Step, error) {
	c, ok := lib.Card(cardKey)
	if !ok || c.Hidden {
		return nil, rotonde.E(rotonde.EInvalid, "err.meeting.choose_work_card_from_list")
	}
	if variant != "" {
		if _, ok := c.Variant(variant); !ok {
			return nil, rotonde.E(rotonde.EInvalid, "err.meeting.choose_format_of_this_work_card")
		}
	} else if len(c.Steps) == 0 && len(c.Variants) > 0 {
		variant = c.Variants[0].Key
	}
	var out []Step
	for _, s := range c.StepsFor(variant) {
		out = append(out, Step{CardKey: c.Key, Variant: variant, StepKey: s.Key, Minutes: max(1, s.Minutes)})
	}
	return out, nil
}

// StepText finds the library text of an agenda step.
func StepText(lib *method.Library, s Step) (card method.Card, step method.Step, ok bool) {
	card, ok = lib.Card(s.CardKey)
	if !ok {
		return card, step, false
	}
	for _, st := range card.StepsFor(s.Variant) {
		if st.Key == s.StepKey {
			return card, st, true
		}
	}
	return card, step, false
}

// Screen says which special screen a step gets in live mode.
func (s Step) Screen() string {
	switch {
	case s.CardKey == "perspective-switch" && s.Variant == "two-groups":
		return "two-groups"
	case s.CardKey == "perspective-switch" && s.Variant == "backpack":
		return "backpack"
	case s.CardKey == "perspective-switch" && s.Variant == "stakeholders":
		return "stakeholders"
	case s.CardKey == "other-language" && (s.Variant == "emotion-cards" || s.Variant == "emotion-posture"):
		return "emotions"
	case s.CardKey == "other-language":
		return "words"
	case s.CardKey == "art":
		return "art"
	case s.CardKey == IntervisionCard:
		return "intervision"
	}
	return ""
}

// ParticipantKind says how someone takes part.
type ParticipantKind string

const (
	KindMember ParticipantKind = "member" // a member of the case, logged in
	KindGuest  ParticipantKind = "guest"  // no account: joined by code or one-time invitation
)

// Film answers to "zit iedereen in de film?".
const (
	FilmUnknown = 0
	FilmYes     = 1
	FilmNotYet  = 2
)

// Participant is someone taking part in a meeting.
type Participant struct {
	ID        int64
	MeetingID int64
	UserID    int64
	Name      string
	Kind      ParticipantKind
	Admitted  bool
	InFilm    int
	JoinedAt  time.Time
	// InvitePending is true for a guest invitation not yet opened.
	InvitePending bool
}

// ValidateGuestName checks the name or alias a guest gives.
func ValidateGuestName(name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return "", rotonde.E(rotonde.EInvalid, "err.meeting.fill_in_name_or_alias_for")
	}
	if utf8.RuneCountInString(name) > 60 {
		return "", rotonde.E(rotonde.EInvalid, "err.meeting.name_is_too_long_at_most")
	}
	return name, nil
}

// CaptureKind is what a piece of input is.
type CaptureKind string

const (
	Observation     CaptureKind = "observation"
	ParallelPattern CaptureKind = "parallel-pattern"
	Dilemma         CaptureKind = "dilemma"
	Insight         CaptureKind = "insight"
	Commitment      CaptureKind = "commitment"
	SmallStep       CaptureKind = "small-step"
	// Werkkaart 5.
	GroupText   CaptureKind = "group-text"  // two groups: perspective or one of the first three steps
	Advice      CaptureKind = "advice"      // backpack
	Stakeholder CaptureKind = "stakeholder" // speaking as a stakeholder
	// Werkkaart 6.
	NewWord CaptureKind = "new-word"
	Emotion CaptureKind = "emotion"
)

// GeneralKinds are offered in every step.
var GeneralKinds = []CaptureKind{Observation, ParallelPattern, Dilemma, Insight, Commitment, SmallStep}

func (k CaptureKind) valid() bool {
	switch k {
	case Observation, ParallelPattern, Dilemma, Insight, Commitment, SmallStep, GroupText, Advice, Stakeholder, NewWord, Emotion, Question, Takeaway:
		return true
	}
	return false
}

// Groups of the two-groups perspective switch, and their slots.
const (
	GroupHelp   = "help"   // hulpverlening
	GroupFamily = "family" // gezin en netwerk
)

// Slots are what each group writes: the long-term perspective and the first three steps.
var Slots = []string{"perspective", "step1", "step2", "step3"}

// Capture is one piece of input during a meeting.
type Capture struct {
	ID            int64
	MeetingID     int64
	StepPosition  int
	Kind          CaptureKind
	Body          string
	Group         string
	Slot          string
	Stakeholder   string
	Feeling       string
	ParticipantID int64 // 0 when anonymous
	AuthorName    string
	Anonymous     bool
	CreatedAt     time.Time
}

// Validate checks a capture against the kinds and fields it needs.
func (c *Capture) Validate(lib *method.Library) error {
	c.Body = strings.TrimSpace(c.Body)
	c.Stakeholder = strings.TrimSpace(c.Stakeholder)
	c.Feeling = strings.TrimSpace(c.Feeling)
	if !c.Kind.valid() {
		return rotonde.E(rotonde.EInvalid, "err.meeting.choose_what_kind_of_input_this")
	}
	if utf8.RuneCountInString(c.Body) > 4000 || utf8.RuneCountInString(c.Stakeholder) > 120 || utf8.RuneCountInString(c.Feeling) > 500 {
		return rotonde.E(rotonde.EInvalid, "err.meeting.text_is_too_long_at_most")
	}
	switch c.Kind {
	case GroupText:
		if c.Group != GroupHelp && c.Group != GroupFamily {
			return rotonde.E(rotonde.EInvalid, "err.meeting.choose_group_help_or_family_and")
		}
		ok := false
		for _, s := range Slots {
			ok = ok || s == c.Slot
		}
		if !ok {
			return rotonde.E(rotonde.EInvalid, "err.meeting.choose_what_you_fill_in_perspective")
		}
	case Stakeholder:
		if c.Stakeholder == "" {
			return rotonde.E(rotonde.EInvalid, "err.meeting.choose_stakeholder_you_are_not_yourself")
		}
		if c.Body == "" && c.Feeling == "" {
			return rotonde.E(rotonde.EInvalid, "err.meeting.fill_in_greatest_dilemma_or_fear")
		}
		return nil
	case Emotion:
		if lib != nil {
			if _, ok := lib.Emotion(c.Body); !ok {
				return rotonde.E(rotonde.EInvalid, "err.meeting.choose_emotion_card_from_list")
			}
		}
		return nil
	}
	if c.Body == "" {
		return rotonde.E(rotonde.EInvalid, "err.meeting.nothing_was_filled_in_silence_is")
	}
	return nil
}

// Attachment purposes.
const (
	PurposeArt       = "art"        // werkkaart 7: a poem, song or image on a step
	PurposeImageCard = "image-card" // werkkaart 6: the group's own image card
)

// MaxAttachmentBytes is the largest file accepted.
const MaxAttachmentBytes = 8 << 20

// AllowedTypes maps accepted content types (sniffed, not declared) to a label.
var AllowedTypes = map[string]string{
	"image/png":       "image",
	"image/jpeg":      "image",
	"image/gif":       "image",
	"image/webp":      "image",
	"audio/mpeg":      "audio",
	"audio/wave":      "audio",
	"audio/ogg":       "audio",
	"application/pdf": "pdf",
}

// Attachment is a link or a file attached to a step.
type Attachment struct {
	ID           int64
	MeetingID    int64
	StepPosition int
	Purpose      string
	Title        string
	Link         string
	ContentType  string
	Size         int64
	CreatedAt    time.Time
}

// Media returns "image", "audio", "pdf" or "link".
func (a Attachment) Media() string {
	if a.Link != "" {
		return "link"
	}
	return AllowedTypes[a.ContentType]
}

// ValidateAttachment checks an attachment: a link (http or https) or a file
// whose sniffed type is allowed and whose size is within the limit.
func ValidateAttachment(a *Attachment, data []byte) error {
	a.Title = strings.TrimSpace(a.Title)
	a.Link = strings.TrimSpace(a.Link)
	if a.Purpose != PurposeArt && a.Purpose != PurposeImageCard {
		return rotonde.E(rotonde.EInvalid, "err.meeting.unknown_kind_of_attachment")
	}
	if a.Title == "" || utf8.RuneCountInString(a.Title) > 200 {
		return rotonde.E(rotonde.EInvalid, "err.meeting.give_attachment_title_at_most_200")
	}
	if a.Link != "" {
		if len(data) > 0 {
			return rotonde.E(rotonde.EInvalid, "err.meeting.choose_link_or_file_not_both")
		}
		u, err := url.Parse(a.Link)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(a.Link) > 2000 {
			return rotonde.E(rotonde.EInvalid, "err.meeting.link_must_start_with_https")
		}
		a.ContentType, a.Size = "", 0
		return nil
	}
	if len(data) == 0 {
		return rotonde.E(rotonde.EInvalid, "err.meeting.choose_file_or_fill_in_link")
	}
	if len(data) > MaxAttachmentBytes {
		return rotonde.E(rotonde.ETooLarge, "err.meeting.file_is_too_large_at_most")
	}
	kind, ok := AllowedTypes[a.ContentType]
	if !ok || (a.Purpose == PurposeImageCard && kind != "image") {
		return rotonde.E(rotonde.EInvalid, "err.meeting.this_kind_of_file_is_not")
	}
	a.Size = int64(len(data))
	return nil
}

// Join codes: six characters from an alphabet without look-alikes (no 0/O,
// 1/I/L), easy to read aloud and type on a phone.
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// CodeLength is the length of a join code.
const CodeLength = 6

// CodeValidity is how long a join code works after the meeting goes live.
const CodeValidity = 12 * time.Hour

// NewJoinCode returns a random join code.
func NewJoinCode() string {
	b := make([]byte, CodeLength)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b)
}

// NormalizeCode turns what someone typed into a code: upper case, spaces and
// dashes removed, look-alikes mapped (O→0 is not in the alphabet, so O and 0
// are refused rather than guessed).
func NormalizeCode(s string) (string, error) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			continue
		case strings.ContainsRune(codeAlphabet, r):
			b.WriteRune(r)
		default:
			return "", errBadCode()
		}
	}
	if b.Len() != CodeLength {
		return "", errBadCode()
	}
	return b.String(), nil
}

func errBadCode() error {
	return rotonde.E(rotonde.EInvalid, "err.meeting.code_has_6_letters_and_digits")
}

// Audiences of events.
const (
	AudienceAll          = "all"
	AudienceFacilitators = "facilitators"
)

// Event is one numbered change of a meeting.
type Event struct {
	MeetingID int64
	Seq       int64
	Kind      string
	Audience  string
	Payload   json.RawMessage
	CreatedAt time.Time
}

// Viewer is who asks: a logged-in user, a guest (by the hash of their
// cookie token for this meeting), or both.
type Viewer struct {
	User      *rotonde.User
	GuestHash []byte
}

// Access is what a viewer may do in one meeting.
type Access struct {
	Meeting     *Meeting
	Participant *Participant // nil until they joined
	Facilitate  bool         // may move steps, admit guests, close
	Guest       bool
	ReadOnly    bool // emergency access: may read the report only
	CaseRole    rotonde.MemberRole

	// Prep: may read and write the facilitator's preparation (werkkaart 1):
	// the meeting's own facilitator and the case's facilitators, not the
	// case owner as such (see PrepAllowed).
	Prep bool
	// OwnerFacilitates: the meeting's facilitator is the case's owner,
	// which the method advises against (a facilitator from outside the case).
	OwnerFacilitates bool
}

// PrepAllowed reports whether a user with the case role may see a meeting's
// preparation: its facilitator, or a facilitator of the case.
func PrepAllowed(m *Meeting, userID int64, role rotonde.MemberRole) bool {
	return m.FacilitatorID == userID || role == rotonde.MemberFacilitator
}

// CanSee reports whether an event reaches this viewer: facilitator-only
// events (waiting guests) reach facilitators only.
func (a Access) CanSee(e *Event) bool {
	return e.Audience != AudienceFacilitators || a.Facilitate
}

// Snapshot is everything about a meeting, for the pages and the report.
type Snapshot struct {
	Meeting      Meeting
	Steps        []Step
	Participants []Participant
	Captures     []Capture
	Attachments  []Attachment
	Series       *SeriesState // a series session's reveal state; nil for other meetings
}

// Current returns the current step, if any.
func (s *Snapshot) Current() (Step, bool) {
	if s.Meeting.CurrentStep < 0 || s.Meeting.CurrentStep >= len(s.Steps) {
		return Step{}, false
	}
	return s.Steps[s.Meeting.CurrentStep], true
}

// StepEnds is when the current step's timer runs out.
func (s *Snapshot) StepEnds() time.Time {
	st, ok := s.Current()
	if !ok || s.Meeting.StepStartedAt.IsZero() {
		return time.Time{}
	}
	return s.Meeting.StepStartedAt.Add(time.Duration(st.Minutes) * time.Minute)
}

// CapturesOf returns the captures of one kind, in order.
func (s *Snapshot) CapturesOf(k CaptureKind) []Capture {
	var out []Capture
	for _, c := range s.Captures {
		if c.Kind == k {
			out = append(out, c)
		}
	}
	return out
}

// StepEdit changes one step of the agenda.
type StepEdit struct {
	Position  int
	Minutes   int
	Anonymous bool
	Remove    bool
}

// CaseSnapshot is a case's timeline and geno-sociogram as they were when a
// meeting about the case was closed.
type CaseSnapshot struct {
	TakenAt  time.Time
	Events   []timeline.Event
	Genogram *genogram.Genogram
}

// Store keeps meetings. Every method checks access itself.
type Store interface {
	CreateMeeting(ctx context.Context, actor *rotonde.User, m *Meeting) error
	Meetings(ctx context.Context, actor *rotonde.User, caseID int64) ([]Meeting, error)
	MeetingAccess(ctx context.Context, v Viewer, id int64) (Access, error)
	MeetingSnapshot(ctx context.Context, v Viewer, id int64) (*Snapshot, Access, error)
	AddSteps(ctx context.Context, actor *rotonde.User, id int64, steps []Step) error
	EditSteps(ctx context.Context, actor *rotonde.User, id int64, edits []StepEdit) error
	SavePrep(ctx context.Context, actor *rotonde.User, id int64, p Prep) error
	InviteGuest(ctx context.Context, actor *rotonde.User, id int64, name string, inviteHash []byte, expires time.Time) (*Participant, error)
	AcceptGuestInvite(ctx context.Context, inviteHash, tokenHash []byte, now time.Time) (meetingID int64, err error)
	StartMeeting(ctx context.Context, actor *rotonde.User, id int64, code string) (seq int64, err error)
	MoveStep(ctx context.Context, actor *rotonde.User, id int64, from, to int) (seq int64, err error)
	JoinByCode(ctx context.Context, code string, actor *rotonde.User, guestName string, tokenHash []byte) (meetingID int64, seq int64, err error)
	JoinAsMember(ctx context.Context, actor *rotonde.User, id int64) (*Participant, int64, error)
	Admit(ctx context.Context, actor *rotonde.User, id, participantID int64) (int64, error)
	OpenFilmCheck(ctx context.Context, actor *rotonde.User, id int64, open bool) (int64, error)
	AnswerFilm(ctx context.Context, v Viewer, id int64, answer int) (int64, error)
	AddCapture(ctx context.Context, v Viewer, c *Capture) (int64, error)
	AddAttachment(ctx context.Context, v Viewer, a *Attachment, data []byte) (int64, error)
	AttachmentData(ctx context.Context, v Viewer, id, attachmentID int64) (*Attachment, []byte, error)
	// CloseMeeting also freezes a case meeting's CaseSnapshot.
	CloseMeeting(ctx context.Context, actor *rotonde.User, id int64, feedback string) (int64, error)
	// ReopenMeeting reopens a group's meeting closed less than
	// rotonde.TrashDays days ago (its facilitators; not a series session,
	// whose contributions became the group's records at closing). A case's
	// meeting is reopened through its reversal record (rotonde.TrashService).
	ReopenMeeting(ctx context.Context, actor *rotonde.User, id int64) (int64, error)
	PlanMeeting(ctx context.Context, actor *rotonde.User, id int64, p Plan) error
	// UpcomingMeetings lists the meetings the actor may join that are live
	// now or planned from today on, soonest first.
	UpcomingMeetings(ctx context.Context, actor *rotonde.User) ([]Meeting, error)
	MeetingCaseSnapshot(ctx context.Context, actor *rotonde.User, id, caseID int64) (CaseSnapshot, bool, error)
	LinkTensionRound(ctx context.Context, actor *rotonde.User, id, roundID int64) error
	MeetingEvents(ctx context.Context, id, after int64, limit int) ([]Event, error)
	MeetingLastSeq(ctx context.Context, id int64) (int64, error)
	// RevealStep shows the group of a series session the contributions to
	// the current step, without names (the facilitator).
	RevealStep(ctx context.Context, actor *rotonde.User, id int64) (int64, error)

	// RequestMeeting stores a family member's request for a meeting on
	// their case (CanRequest). CaseRequests lists a case's requests: all of
	// them for those who may plan a meeting, their own for the family.
	// OpenRequests lists the open requests of the cases where the actor may
	// plan a meeting. DecideRequest plans a meeting from a request (a draft
	// with the actor as facilitator; its id is returned) or declines it
	// with a reason: the case's owner and facilitators.
	RequestMeeting(ctx context.Context, actor *rotonde.User, r *Request) error
	CaseRequests(ctx context.Context, actor *rotonde.User, caseID int64) ([]Request, error)
	OpenRequests(ctx context.Context, actor *rotonde.User) ([]Request, error)
	DecideRequest(ctx context.Context, actor *rotonde.User, caseID, id int64, plan bool, reason string) (int64, error)
}
