package rotonde

import (
	"context"
	"strings"
	"time"
)

// Invitation lets one family member (or observer) join one case. The link
// carries a random token that is stored only as a hash, works once and
// expires. It needs no organisation: the case owner vouches for the person.
type Invitation struct {
	ID        int64
	CaseID    int64
	Name      string // name or alias the invitee is known by, e.g. "oma (m)"
	Email     string
	Role      MemberRole // MemberFamily or MemberObserver
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    time.Time // zero while unused
	UsedBy    int64
	CaseTitle string // filled on reads, for the invitation page
}

// Default and maximum validity of an invitation, in days.
const (
	InvitationDefaultDays = 7
	InvitationMaxDays     = 30
)

// InvitationRoles are the case roles an invitation can give.
var InvitationRoles = []MemberRole{MemberFamily, MemberObserver}

// Validate checks an invitation before it is stored; validity is in days from now.
func (inv *Invitation) Validate(now time.Time, days int) error {
	inv.Name = strings.TrimSpace(inv.Name)
	inv.Email = NormalizeEmail(inv.Email)
	probe := User{Email: inv.Email, Name: inv.Name, Role: RoleFamily}
	if err := probe.Validate(); err != nil {
		return err
	}
	if inv.Role != MemberFamily && inv.Role != MemberObserver {
		return E(EInvalid, "err.rotonde.invitation_makes_someone_family_member_or")
	}
	if days < 1 || days > InvitationMaxDays {
		return E(EInvalid, "err.rotonde.choose_validity_of_1_to_days", InvitationMaxDays)
	}
	inv.CreatedAt = now
	inv.ExpiresAt = now.Add(time.Duration(days) * 24 * time.Hour)
	return nil
}

// InvitationService stores invitations and turns them into memberships.
type InvitationService interface {
	// CreateInvitation stores an invitation under its token hash. The actor
	// must be owner or facilitator of the case (else EForbidden; a case they
	// are not a member of gives ENotFound).
	CreateInvitation(ctx context.Context, actor *User, inv *Invitation, days int, tokenHash []byte) error
	// OpenInvitations lists a case's unused, unexpired invitations for its owner or facilitator.
	OpenInvitations(ctx context.Context, actor *User, caseID int64) ([]Invitation, error)
	// RevokeInvitation deletes an unused invitation of a case the actor manages.
	RevokeInvitation(ctx context.Context, actor *User, caseID, invitationID int64) error
	// InvitationByToken returns a usable invitation. Unknown, used and
	// expired invitations each give ENotFound with their own message.
	InvitationByToken(ctx context.Context, tokenHash []byte, now time.Time) (*Invitation, error)
	// AcceptInvitationNew creates a family account (no organisation) with the
	// invited e-mail address and the password hash, adds it to the case and
	// marks the invitation used, in one transaction. Another address than the
	// invited one gives EInvalid; an address that has an account, EConflict.
	AcceptInvitationNew(ctx context.Context, tokenHash []byte, u *User, passwordHash string, now time.Time) error
	// AcceptInvitationAs adds an existing, logged-in account to the case and
	// marks the invitation used. The account's e-mail address must be the
	// invited one (else EForbidden), and an account of another organisation
	// than the case owner's needs a ground for sharing in force, exactly as
	// when it is added by hand (policy.JoinBasis; else EForbidden).
	AcceptInvitationAs(ctx context.Context, tokenHash []byte, actor *User, now time.Time) error
}
