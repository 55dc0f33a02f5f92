// Package policy decides who may do what. Storage and handlers call it; it
// holds no state and reads nothing, so every decision is a pure function of
// the actor and the object.
//
// The rule that matters most: only case membership opens a case. No network
// role (administrator, policy officer, system administrator) does.
package policy

import rotonde "github.com/rotonde-jeugd/rotonde"

// CanCreateCase reports whether the actor may bring in a new case (and so
// become its owner). Professionals and facilitators do; others join cases.
func CanCreateCase(actor *rotonde.User) bool {
	if actor == nil || actor.Disabled {
		return false
	}
	return actor.Role == rotonde.RoleProfessional || actor.Role == rotonde.RoleFacilitator
}

// CanOpenThemeMeeting reports whether the actor may prepare a meeting on a
// theme, outside any case: professionals and facilitators, and the
// administrators and policy officers who take the initiative in the network.
func CanOpenThemeMeeting(actor *rotonde.User) bool {
	if actor == nil || actor.Disabled {
		return false
	}
	switch actor.Role {
	case rotonde.RoleProfessional, rotonde.RoleFacilitator, rotonde.RoleAdministrator, rotonde.RolePolicyOfficer:
		return true
	}
	return false
}

// CanManageOrganisations reports whether the actor may create regions and organisations.
func CanManageOrganisations(actor *rotonde.User) bool {
	return actor != nil && !actor.Disabled && actor.Role == rotonde.RoleSysAdmin
}

// UserScope says which users an actor may manage: all of them, those of one
// organisation, or none.
type UserScope struct {
	All   bool
	OrgID int64
}

// Allowed reports whether the scope permits anything at all.
func (s UserScope) Allowed() bool { return s.All || s.OrgID != 0 }

// ManageUsersScope returns which users the actor may see and manage on the admin pages.
func ManageUsersScope(actor *rotonde.User) UserScope {
	switch {
	case actor == nil || actor.Disabled:
		return UserScope{}
	case actor.Role == rotonde.RoleSysAdmin:
		return UserScope{All: true}
	case actor.Role == rotonde.RoleAdministrator && actor.OrgID != 0:
		return UserScope{OrgID: actor.OrgID}
	}
	return UserScope{}
}

// CanManageUser reports whether the actor may create or change a user of the
// given organisation and role. A nil actor is the operator at the command
// line, who may do anything. Only system administrators make system administrators.
func CanManageUser(actor *rotonde.User, orgID int64, role rotonde.Role) bool {
	if actor == nil {
		return true
	}
	scope := ManageUsersScope(actor)
	if scope.All {
		return true
	}
	if !scope.Allowed() || role == rotonde.RoleSysAdmin {
		return false
	}
	return orgID == scope.OrgID
}

// CanConfigureOrganisation reports whether the actor may change how one
// organisation works in Rotonde: its single sign-on and its own wording of
// the method library. The system administrator may for every organisation,
// an administrator for their own; a nil actor (the operator at the command
// line) is not decided here.
func CanConfigureOrganisation(actor *rotonde.User, orgID int64) bool {
	scope := ManageUsersScope(actor)
	return scope.All || (scope.Allowed() && scope.OrgID == orgID)
}

// CanManageMembers reports whether someone with this case role may add and remove members.
func CanManageMembers(role rotonde.MemberRole) bool { return role.CanManageMembers() }

// CanJoinCase reports whether a user with this network role may be made a
// member of a case at all. System administrators never are: their access to
// case content goes only through logged break-glass access.
func CanJoinCase(u *rotonde.User) bool {
	return u != nil && !u.Disabled && u.Role != rotonde.RoleSysAdmin
}

// CanEditTimeline reports whether someone with this case role may add,
// change and delete any timeline event and import a timeline from a file:
// the professionals around the table. Observers only read.
func CanEditTimeline(role rotonde.MemberRole) bool {
	return role == rotonde.MemberOwner || role == rotonde.MemberFacilitator || role == rotonde.MemberProfessional
}

// CanAddOwnExperience reports whether someone with this case role may put
// their own needs and experiences on the timeline (below the line) and
// change or remove what they added themselves: family members.
func CanAddOwnExperience(role rotonde.MemberRole) bool { return role == rotonde.MemberFamily }

// CanAnswerDream reports whether someone with this case role may write the
// answers to the child's dream questions. Family members may: it is the
// child's dream.
func CanAnswerDream(role rotonde.MemberRole) bool {
	return CanEditTimeline(role) || role == rotonde.MemberFamily
}

// CanAnswerOwnDream reports whether someone with this case role has the
// professional's own dream questions to answer.
func CanAnswerOwnDream(role rotonde.MemberRole) bool { return CanEditTimeline(role) }

// CanBreakGlass reports whether the actor may ask for time-limited, read-only
// emergency access to a case they are not a member of. Only system
// administrators may, and every use is logged and shown to the case's members.
func CanBreakGlass(actor *rotonde.User) bool {
	return actor != nil && !actor.Disabled && actor.Role == rotonde.RoleSysAdmin
}

// CanWithdrawGround reports whether someone with this case role may withdraw a
// ground for sharing: the owner and facilitator any, a family member their consent.
func CanWithdrawGround(role rotonde.MemberRole, kind rotonde.GroundKind) bool {
	return role.CanManageMembers() || (role == rotonde.MemberFamily && kind == rotonde.GroundConsent)
}
