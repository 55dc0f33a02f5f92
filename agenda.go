package rotonde

import (
	"context"
	"strings"
	"time"
)

// The shared development agenda (ontwikkelagenda) of a region: the
// organisations and municipalities of a region put their plans for a year
// side by side, and ask each other "wat heb je van mij nodig?". It holds
// plans and questions between parties, never case content.

// AgendaParty is one organisation or municipality of the region with its
// plan for the year.
type AgendaParty struct {
	OrgID int64
	Name  string
	Kind  OrgKind
	Items []AgendaItem
}

// AgendaItem is one point of a party's plan.
type AgendaItem struct {
	ID        int64
	OrgID     int64
	Body      string
	CreatedAt time.Time
}

// AgendaQuestion is a question from one party to another, with its answer.
type AgendaQuestion struct {
	ID         int64
	Year       int
	FromOrg    int64
	ToOrg      int64
	FromName   string // filled on reads
	ToName     string // filled on reads
	Question   string
	Answer     string
	AskedAt    time.Time
	AnsweredAt time.Time
}

// Answered reports whether the question has its answer.
func (q *AgendaQuestion) Answered() bool { return !q.AnsweredAt.IsZero() }

// Agenda is a region's development agenda for one year, as one reader sees
// it: every party's plan, the questions between them, and which party the
// reader writes for (OwnOrg 0: the reader only reads).
type Agenda struct {
	RegionID   int64
	RegionName string
	Year       int
	Parties    []AgendaParty
	Questions  []AgendaQuestion
	OwnOrg     int64
}

// Limits of the agenda's texts, in characters.
const (
	MaxAgendaText  = 1000
	MinAgendaYear  = 2000
	MaxAgendaYear  = 2100
	MaxAgendaItems = 50 // per party and year
)

// CheckAgendaText trims and checks an item's, question's or answer's text.
func CheckAgendaText(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return s, E(EInvalid, "err.agenda.write_text")
	}
	if tooLong(s, MaxAgendaText) {
		return s, ECount(EInvalid, "err.agenda.text_too_long", MaxAgendaText)
	}
	return s, nil
}

// CheckAgendaYear refuses a year outside the agenda's range.
func CheckAgendaYear(y int) error {
	if y < MinAgendaYear || y > MaxAgendaYear {
		return E(EInvalid, "err.agenda.year", MinAgendaYear, MaxAgendaYear)
	}
	return nil
}

// CanReadAgenda reports whether a role reads its region's agenda: the
// roles that take part in the network (administrators, policy officers,
// facilitators, professionals).
func CanReadAgenda(role Role) bool {
	switch role {
	case RoleAdministrator, RolePolicyOfficer, RoleFacilitator, RoleProfessional:
		return true
	}
	return false
}

// CanWriteAgenda reports whether a role writes its own party's plan and
// answers the questions put to it: administrators and policy officers.
func CanWriteAgenda(role Role) bool {
	return role == RoleAdministrator || role == RolePolicyOfficer
}

// AgendaService keeps the regions' development agendas. Every method is
// for a user whose organisation is in a region and whose role may read the
// agenda (ENotFound otherwise: the agenda of a region one is not in does
// not exist for them); writing is for CanWriteAgenda roles, for their own
// organisation only (EForbidden).
type AgendaService interface {
	// Agenda returns the agenda of the actor's region for a year.
	Agenda(ctx context.Context, actor *User, year int) (*Agenda, error)
	// AddAgendaItem adds a point to the plan of the actor's organisation.
	AddAgendaItem(ctx context.Context, actor *User, year int, body string) (*AgendaItem, error)
	// DeleteAgendaItem removes a point of the plan of the actor's organisation.
	DeleteAgendaItem(ctx context.Context, actor *User, itemID int64) error
	// AskAgendaQuestion puts a question from the actor's organisation to
	// another party of the region (EInvalid for itself or a party outside).
	AskAgendaQuestion(ctx context.Context, actor *User, q *AgendaQuestion) error
	// AnswerAgendaQuestion answers (or changes the answer to) a question put
	// to the actor's organisation.
	AnswerAgendaQuestion(ctx context.Context, actor *User, questionID int64, answer string) error
}
