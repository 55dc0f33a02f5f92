package policy

import rotonde "github.com/rotonde-jeugd/rotonde"

// CanEditGenogram reports whether someone with this case role may change the
// geno-sociogram and the force field. It is made together with the family,
// so family members may; observers and emergency access only read.
func CanEditGenogram(role rotonde.MemberRole) bool { return caseWorker(role) }

// CanEditProgress reports whether someone with this case role may record
// learning-cycle steps, set the phase and add or close small steps.
func CanEditProgress(role rotonde.MemberRole) bool { return caseWorker(role) }

// CanInterview reports whether someone with this case role may hold a
// reflective interview and record its consent and answers. A family member
// is the one interviewed, not the interviewer.
func CanInterview(role rotonde.MemberRole) bool {
	return role == rotonde.MemberOwner || role == rotonde.MemberFacilitator || role == rotonde.MemberProfessional
}

func caseWorker(role rotonde.MemberRole) bool {
	switch role {
	case rotonde.MemberOwner, rotonde.MemberFacilitator, rotonde.MemberProfessional, rotonde.MemberFamily:
		return true
	}
	return false
}
