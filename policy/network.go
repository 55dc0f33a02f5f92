package policy

import rotonde "github.com/rotonde-jeugd/rotonde"

// The route into policy (rotonde.NetworkService).

// CanSetMunicipality reports whether someone with this case role may say
// which municipality a case belongs to: the case owner, who brought it in.
func CanSetMunicipality(role rotonde.MemberRole) bool { return role == rotonde.MemberOwner }

// CanEditBarriers reports whether someone with this case role may add,
// change and remove the barriers of a case: the members who write in it
// (owner, facilitator, professional and family), not observers.
func CanEditBarriers(role rotonde.MemberRole) bool { return caseWorker(role) }

// CanWriteStory reports whether someone with this case role may write,
// publish and withdraw a story of the case: the same writers.
func CanWriteStory(role rotonde.MemberRole) bool { return caseWorker(role) }

// CanOpenNetworkView reports whether the actor may open the network view at
// all: administrators and policy officers of an organisation, and the
// system administrator. The view holds counts only, never case content.
func CanOpenNetworkView(actor *rotonde.User) bool {
	if actor == nil || actor.Disabled {
		return false
	}
	switch actor.Role {
	case rotonde.RoleSysAdmin:
		return true
	case rotonde.RoleAdministrator, rotonde.RolePolicyOfficer:
		return actor.OrgID != 0
	}
	return false
}

// CanOpenRegionView reports whether the actor may open the network view of
// a region, given the region of the actor's organisation (0 for none): the
// system administrator every region, the others their own.
func CanOpenRegionView(actor *rotonde.User, actorRegion, regionID int64) bool {
	if !CanOpenNetworkView(actor) || regionID == 0 {
		return false
	}
	return actor.Role == rotonde.RoleSysAdmin || actorRegion == regionID
}

// CanReadStory reports whether the actor may read a story published in a
// region, given the region of the actor's organisation: everyone logged in
// whose organisation is in that region, and the system administrator.
func CanReadStory(actor *rotonde.User, actorRegion, storyRegion int64) bool {
	if actor == nil || actor.Disabled || storyRegion == 0 {
		return false
	}
	return actor.Role == rotonde.RoleSysAdmin || actorRegion == storyRegion
}
