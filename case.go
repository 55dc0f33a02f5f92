package rotonde

import (
	"context"
	"slices"
	"strings"
	"time"
)

// CaseStatus is where a case stands.
type CaseStatus string

const (
	CaseOpen   CaseStatus = "open"
	CasePaused CaseStatus = "paused"
	CaseClosed CaseStatus = "closed"
)

// Valid reports whether s is a known status.
func (s CaseStatus) Valid() bool { return s == CaseOpen || s == CasePaused || s == CaseClosed }

// Case is a stalled trajectory brought in to look at together. It is
// pseudonymous by design: the title is an alias such as "Noor (15)".
type Case struct {
	ID        int64
	Title     string
	Reason    string // why the case owner brings it in
	Status    CaseStatus
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks a case before it is stored.
func (c *Case) Validate() error {
	c.Title = strings.TrimSpace(c.Title)
	c.Reason = strings.TrimSpace(c.Reason)
	if c.Status == "" {
		c.Status = CaseOpen
	}
	if c.Title == "" {
		return E(EInvalid, "err.rotonde.give_case_title_for_example_alias")
	}
	if len([]rune(c.Title)) > 120 {
		return E(EInvalid, "err.rotonde.title_is_too_long_at_most")
	}
	if len([]rune(c.Reason)) > 5000 {
		return E(EInvalid, "err.rotonde.reason_is_too_long_at_most_2")
	}
	if !c.Status.Valid() {
		return E(EInvalid, "err.rotonde.unknown_status", string(c.Status))
	}
	return nil
}

// MemberRole is someone's part in one case.
type MemberRole string

const (
	MemberOwner        MemberRole = "owner" // inbrenger
	MemberFacilitator  MemberRole = "facilitator"
	MemberProfessional MemberRole = "professional"
	MemberFamily       MemberRole = "family"
	MemberObserver     MemberRole = "observer"
)

// MemberRoles lists the case roles in the order forms show them.
var MemberRoles = []MemberRole{MemberOwner, MemberFacilitator, MemberProfessional, MemberFamily, MemberObserver}

// Valid reports whether r is a known case role.
func (r MemberRole) Valid() bool { return slices.Contains(MemberRoles, r) }

// CanManageMembers reports whether this case role may add and remove members.
func (r MemberRole) CanManageMembers() bool { return r == MemberOwner || r == MemberFacilitator }

// Member is a user's membership of a case. Membership alone decides who sees the case.
type Member struct {
	CaseID    int64
	UserID    int64
	Role      MemberRole
	AddedAt   time.Time
	UserName  string // filled on reads, for display
	UserEmail string
	OrgName   string
}

// CaseService stores cases. Every method is scoped by membership: a case the
// actor is not a member of does not exist for them (ENotFound, not EForbidden,
// so that its existence is not revealed).
type CaseService interface {
	// Cases lists the cases the actor is a member of, newest first.
	Cases(ctx context.Context, actor *User) ([]Case, error)
	// Case returns one case the actor is a member of, with the actor's role, or ENotFound.
	Case(ctx context.Context, actor *User, id int64) (*Case, MemberRole, error)
	// CreateCase stores c and makes the actor its owner, in one transaction.
	CreateCase(ctx context.Context, actor *User, c *Case) error
	// Members lists the members of a case the actor is a member of.
	Members(ctx context.Context, actor *User, caseID int64) ([]Member, error)
	// AddMember adds a user to a case; the actor must be its owner or facilitator.
	AddMember(ctx context.Context, actor *User, caseID int64, email string, role MemberRole) error
	// RemoveMember ends a membership; the actor must be owner or facilitator. The last owner cannot be removed.
	RemoveMember(ctx context.Context, actor *User, caseID, userID int64) error
}
