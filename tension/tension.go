// Package tension holds the tension fields (spanningsvelden) as people use
// them: personal placements on a line between two poles, placement rounds
// that a facilitator opens for a group, and the anonymous spread of a round.
//
// The privacy rules live here so that every output (page, API, export)
// gets them from one place: a spread is never computed from fewer than
// MinGroup placements, values carry no identity, and their order and jitter
// depend only on the values themselves.
package tension

import (
	"context"
	"strings"
	"time"

	"github.com/rotonde-jeugd/rotonde/runes"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// MinGroup is the smallest number of placements a spread is shown for.
const MinGroup = 3

// MaxContext is the longest context text ("in gesprekken over behandeldoelen").
const MaxContext = 200

// Placement is one person's position on one field at one moment. Placements
// are never changed: a new position is a new placement.
type Placement struct {
	ID       int64
	UserID   int64
	FieldKey string
	Position int    // 0 = left pole, 100 = right pole
	Context  string // optional
	RoundID  int64  // 0 for a personal placement
	// Role is the placer's network role when placing, for comparison by role.
	Role     rotonde.Role
	PlacedAt time.Time

	RoundName string // filled on reads
}

// ValidatePosition checks one position.
func ValidatePosition(p int) error {
	if p < 0 || p > 100 {
		return rotonde.E(rotonde.EInvalid, "err.tension.position_lies_between_0_and_100", p)
	}
	return nil
}

// Validate checks a placement before it is stored. known reports whether a
// field key exists.
func (p *Placement) Validate(known func(key string) bool) error {
	p.Context = strings.TrimSpace(p.Context)
	if !known(p.FieldKey) {
		return rotonde.E(rotonde.EInvalid, "err.tension.unknown_tension_field", runes.Ellipsis(p.FieldKey, 40))
	}
	if err := ValidatePosition(p.Position); err != nil {
		return err
	}
	if len([]rune(p.Context)) > MaxContext {
		return rotonde.E(rotonde.EInvalid, "err.tension.context_is_too_long_at_most", MaxContext)
	}
	return nil
}

// GroupRole is someone's part in a group.
type GroupRole string

const (
	GroupRoleFacilitator GroupRole = "facilitator"
	GroupRoleMember      GroupRole = "member"
)

// Valid reports whether r is a known group role.
func (r GroupRole) Valid() bool { return r == GroupRoleFacilitator || r == GroupRoleMember }

// Group is a free group of people, such as an intervision group of
// administrators. Only its members see it.
type Group struct {
	ID          int64
	Name        string
	Description string
	CreatedBy   int64
	CreatedAt   time.Time
}

// Validate checks a group before it is stored.
func (g *Group) Validate() error {
	g.Name = strings.TrimSpace(g.Name)
	g.Description = strings.TrimSpace(g.Description)
	if g.Name == "" {
		return rotonde.E(rotonde.EInvalid, "err.tension.give_group_name")
	}
	if len([]rune(g.Name)) > 120 {
		return rotonde.E(rotonde.EInvalid, "err.rotonde.name_is_too_long_at_most")
	}
	if len([]rune(g.Description)) > 2000 {
		return rotonde.E(rotonde.EInvalid, "err.tension.description_is_too_long_at_most")
	}
	return nil
}

// GroupMember is a membership of a group.
type GroupMember struct {
	GroupID  int64
	UserID   int64
	Role     GroupRole
	AddedAt  time.Time
	UserName string
	OrgName  string
	UserRole rotonde.Role
}

// RoundState is where a placement round stands.
type RoundState string

const (
	RoundOpen     RoundState = "open"     // collecting; spread withheld
	RoundRevealed RoundState = "revealed" // spread shown to the participants; no new placements
	RoundClosed   RoundState = "closed"
)

// Valid reports whether s is a known state.
func (s RoundState) Valid() bool { return s == RoundOpen || s == RoundRevealed || s == RoundClosed }

// CanMoveTo reports whether a round may go from s to next. Rounds only move
// forward: a revealed spread cannot be hidden again, and reopening would let
// a late placement be read off the change in the spread.
func (s RoundState) CanMoveTo(next RoundState) bool {
	switch s {
	case RoundOpen:
		return next == RoundRevealed || next == RoundClosed
	case RoundRevealed:
		return next == RoundClosed
	}
	return false
}

// Round is a named set of fields a facilitator opens for a group of
// participants: the members of a case or of a free group.
type Round struct {
	ID            int64
	Name          string
	CaseID        int64 // exactly one of CaseID and GroupID is set
	GroupID       int64
	FacilitatorID int64
	State         RoundState
	Fields        []string // field keys in the order shown
	CreatedAt     time.Time
	RevealedAt    time.Time // zero until revealed
	ClosedAt      time.Time

	// Filled on reads.
	OwnerName string // the case title or the group name
}

// Revealed reports whether the spread was ever shown.
func (r *Round) Revealed() bool { return !r.RevealedAt.IsZero() }

// Validate checks a round before it is opened.
func (r *Round) Validate(known func(key string) bool) error {
	r.Name = strings.TrimSpace(r.Name)
	if r.Name == "" {
		return rotonde.E(rotonde.EInvalid, "err.tension.give_round_name_for_example_meeting")
	}
	if len([]rune(r.Name)) > 120 {
		return rotonde.E(rotonde.EInvalid, "err.rotonde.name_is_too_long_at_most")
	}
	if (r.CaseID == 0) == (r.GroupID == 0) {
		return rotonde.E(rotonde.EInvalid, "err.tension.round_belongs_to_one_case_or")
	}
	if len(r.Fields) == 0 {
		return rotonde.E(rotonde.EInvalid, "err.tension.choose_at_least_one_tension_field")
	}
	seen := map[string]bool{}
	for _, k := range r.Fields {
		if !known(k) {
			return rotonde.E(rotonde.EInvalid, "err.tension.unknown_tension_field", runes.Ellipsis(k, 40))
		}
		if seen[k] {
			return rotonde.E(rotonde.EInvalid, "err.tension.each_tension_field_appears_once_in")
		}
		seen[k] = true
	}
	if r.State == "" {
		r.State = RoundOpen
	}
	return nil
}

// HasField reports whether the round asks for the field.
func (r *Round) HasField(key string) bool {
	for _, k := range r.Fields {
		if k == key {
			return true
		}
	}
	return false
}

// RoundView is what one participant may know of a round: its state, the
// counts, and (once revealed) the anonymous spreads. It never holds a user id
// or an unsuppressed value list.
type RoundView struct {
	Round *Round
	// CanManage: the actor may reveal and close the round.
	CanManage bool
	// CanPlace: the actor may place themselves now (a participant, round open).
	CanPlace bool
	// Participants is how many people may place themselves.
	Participants int
	// Placed is how many distinct people placed themselves on at least one field.
	Placed int
	// Counts per field key.
	Counts map[string]int
	// Spreads per field, in round order; nil until revealed.
	Spreads []Spread
	// ByRole per field key; nil until revealed.
	ByRole map[string][]RoleSpread
	// Mine holds the actor's own latest position per field in this round.
	Mine map[string]Placement
}

// Service stores groups, rounds and placements. Every method is scoped by
// the actor: a group or round the actor may not see does not exist for them.
type Service interface {
	// Groups lists the groups the actor is a member of.
	Groups(ctx context.Context, actor *rotonde.User) ([]Group, error)
	// Group returns a group with the actor's role in it, or ENotFound.
	Group(ctx context.Context, actor *rotonde.User, id int64) (*Group, GroupRole, error)
	// CreateGroup stores g and makes the actor its facilitator.
	CreateGroup(ctx context.Context, actor *rotonde.User, g *Group) error
	// GroupMembers lists a group's members for one of its members.
	GroupMembers(ctx context.Context, actor *rotonde.User, groupID int64) ([]GroupMember, error)
	// AddGroupMember adds the user with this e-mail address; facilitators only.
	AddGroupMember(ctx context.Context, actor *rotonde.User, groupID int64, email string, role GroupRole) error
	// RemoveGroupMember ends a membership; facilitators, or the member themselves.
	RemoveGroupMember(ctx context.Context, actor *rotonde.User, groupID, userID int64) error
	// LastGroupUndo returns the newest open record of taking userID out of
	// the group, within rotonde.TrashDays days; the group's facilitators only.
	LastGroupUndo(ctx context.Context, actor *rotonde.User, groupID, userID int64) (rotonde.Undo, error)
	// UndoGroupMemberRemoval adds the member of record id again with the
	// role they had, while the group exists; its facilitators only.
	UndoGroupMemberRemoval(ctx context.Context, actor *rotonde.User, groupID, id int64) (rotonde.Undo, error)

	// OpenRound stores a new open round for a case (owner or case facilitator)
	// or a group (group facilitator).
	OpenRound(ctx context.Context, actor *rotonde.User, r *Round) error
	// Round returns a round the actor may see, or ENotFound.
	Round(ctx context.Context, actor *rotonde.User, id int64) (*Round, error)
	// CaseRounds and GroupRounds list the rounds of a case or group, oldest first.
	CaseRounds(ctx context.Context, actor *rotonde.User, caseID int64) ([]Round, error)
	GroupRounds(ctx context.Context, actor *rotonde.User, groupID int64) ([]Round, error)
	// MyOpenRounds lists the open rounds the actor may place themselves in.
	MyOpenRounds(ctx context.Context, actor *rotonde.User) ([]Round, error)
	// SetRoundState reveals or closes a round; its managers only.
	SetRoundState(ctx context.Context, actor *rotonde.User, id int64, next RoundState) error
	// ViewRound returns what the actor may know of a round (see RoundView).
	ViewRound(ctx context.Context, actor *rotonde.User, id int64) (*RoundView, error)

	// Place stores placements (all or none). Each needs a known field; a
	// round placement needs an open round the actor takes part in and a
	// field of that round.
	Place(ctx context.Context, actor *rotonde.User, ps []Placement) error
	// MyPlacements lists the actor's own placements, oldest first.
	MyPlacements(ctx context.Context, actor *rotonde.User) ([]Placement, error)
}
