package policy

import rotonde "github.com/rotonde-jeugd/rotonde"

// MemberBasis is how a member reaches a case; it is stored with the
// membership and decides whether the membership opens the case now.
type MemberBasis string

const (
	// BasisOwnOrg: the member works for the organisation of the case owner.
	BasisOwnOrg MemberBasis = "own_org"
	// BasisFamily: the member has no organisation (the family and the people
	// around it); the case owner vouches for them.
	BasisFamily MemberBasis = "family"
	// BasisShared: the member works for another organisation. The membership
	// opens the case only while the family's consent or a legal basis is in force.
	BasisShared MemberBasis = "shared"
)

// JoinBasis is the one rule for becoming a member of a case, whatever the
// way in: added by the owner or facilitator, or accepting an invitation
// (with a new account, an existing one or one that logged in through single
// sign-on). caseOrgID is the organisation of the case's owner; groundInForce
// says whether the family's consent or a legal basis is recorded and not
// withdrawn. ok is false when the user may not become a member now: a system
// administrator never, a member of another organisation not without a ground.
func JoinBasis(u *rotonde.User, caseOrgID int64, groundInForce bool) (basis MemberBasis, ok bool) {
	if !CanJoinCase(u) {
		return "", false
	}
	switch {
	case u.Role == rotonde.RoleFamily || u.OrgID == 0:
		return BasisFamily, true
	case caseOrgID != 0 && u.OrgID == caseOrgID:
		return BasisOwnOrg, true
	case groundInForce:
		return BasisShared, true
	}
	return "", false
}
