package web_test

import (
	"sort"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/web"
)

// accessRules are the matrix rules that the route table's access names stand for.
var accessRules = map[string]rule{
	"nobody":                     nobody,
	"signed in":                  loggedIn,
	"case creator":               caseCreator,
	"member":                     caseMember,
	"manager":                    caseManage,
	"writer":                     dreamWrite,
	"professional":               timelineEdit,
	"exporter":                   exporter,
	"ground holder":              consentWithdraw,
	"uploader":                   caseOwner, // the owner staged the matrix's pending import
	"invitee":                    nobody,    // no actor has the invited address
	"account owner":              itsOwner,
	"group creator":              groupCreator,
	"system administrator":       sysadmin,
	"user administrator":         userAdmin,
	"organisation administrator": userAdminOfA,
	"participant":                meetingParticipant,
	"lobby":                      meetingLobby,
	"meeting exporter":           meetingExporter,
	"preparer":                   meetingPreparer,
	"case owner":                 caseOwner,
	"erasure decider":            erasureDecider,
	"erasure reader":             erasureReader,
	"mail author":                nobody, // the matrix server sends no mail; web/mail_test.go tests the author rule
	"researcher":                 researcherRole,
	"research grant holder":      grantHolderOfA,
	"research grantor":           userAdminOfA,
	"withdrawer":                 consentWithdrawer,
}

// matrixActors are the kinds of actor of the matrix, without a database.
func matrixActors() []*actor {
	someone := &rotonde.User{}
	actors := []*actor{{name: "anonymous"}, {name: "owner", role: rotonde.RoleProfessional, relation: "owner", user: someone},
		{name: "guest/admitted", relation: "guest", guestCookie: "g"}, {name: "guest/waiting", relation: "guest-waiting", guestCookie: "w"}}
	caseRoleFor := map[rotonde.Role]rotonde.MemberRole{
		rotonde.RoleProfessional: rotonde.MemberProfessional, rotonde.RoleFacilitator: rotonde.MemberFacilitator,
		rotonde.RoleAdministrator: rotonde.MemberObserver, rotonde.RolePolicyOfficer: rotonde.MemberObserver,
		rotonde.RoleResearcher: rotonde.MemberObserver, rotonde.RoleFamily: rotonde.MemberFamily,
	}
	for _, role := range rotonde.Roles {
		if role == rotonde.RoleSysAdmin {
			actors = append(actors, &actor{name: "sysadmin", role: role, relation: "same-org", user: someone})
			continue
		}
		actors = append(actors,
			&actor{name: "member/" + string(role), role: role, relation: "member", caseRole: caseRoleFor[role], user: someone},
			&actor{name: "same-org/" + string(role), role: role, relation: "same-org", user: someone},
			&actor{name: "other-org/" + string(role), role: role, relation: "other-org", orgB: true, user: someone})
	}
	return actors
}

// TestRouteTableStatesTheMatrix: the access written at each registration is
// the one the authorization matrix proves, and public routes are the
// matrix's public rows, so the route table can be read as the truth.
func TestRouteTableStatesTheMatrix(t *testing.T) {
	rules := routeRules()
	probe := probeServer(t, loadMatrixDeps(t))
	guards := web.RouteGuards(probe)
	patterns := make([]string, 0, len(guards))
	for p := range guards {
		patterns = append(patterns, p)
	}
	sort.Strings(patterns)
	actors := matrixActors()
	for _, p := range patterns {
		g, who := guards[p][0], guards[p][1]
		row, ok := rules[p]
		if !ok {
			t.Errorf("route %q has no row in the authorization matrix", p)
			continue
		}
		if g == "moved" {
			if !row.public {
				t.Errorf("%s: a moved address redirects anyone, but its matrix row is not public", p)
			}
			continue
		}
		if (g == "public") != row.public {
			t.Errorf("%s: guard %q, but the matrix row says public=%v", p, g, row.public)
			continue
		}
		if row.public {
			if who != "anyone" {
				t.Errorf("%s: public route states access %q", p, who)
			}
			continue
		}
		want, ok := accessRules[who]
		if !ok {
			t.Errorf("%s: access %q has no rule in this test", p, who)
			continue
		}
		for _, a := range actors {
			if want(a) != row.allow(a) {
				t.Errorf("%s states access %q, which %s for %s; the matrix %s", p, who, verdict(want(a)), a.name, verdict(row.allow(a)))
			}
		}
		if g == "login" || g == "token" {
			if row.allow(actors[0]) {
				t.Errorf("%s: guard %q lets no anonymous visitor in, but the matrix allows one", p, g)
			}
		}
	}
}

func verdict(b bool) string {
	if b {
		return "allows"
	}
	return "refuses"
}
