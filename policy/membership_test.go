package policy_test

import (
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

func TestJoinBasis(t *testing.T) {
	const caseOrg, otherOrg = 1, 2
	for _, c := range []struct {
		name   string
		u      *rotonde.User
		ground bool
		want   policy.MemberBasis
		ok     bool
	}{
		{"colleague", &rotonde.User{Role: rotonde.RoleProfessional, OrgID: caseOrg}, false, policy.BasisOwnOrg, true},
		{"family", &rotonde.User{Role: rotonde.RoleFamily}, false, policy.BasisFamily, true},
		{"other org without ground", &rotonde.User{Role: rotonde.RoleProfessional, OrgID: otherOrg}, false, "", false},
		{"other org with ground", &rotonde.User{Role: rotonde.RoleProfessional, OrgID: otherOrg}, true, policy.BasisShared, true},
		{"other org administrator", &rotonde.User{Role: rotonde.RoleAdministrator, OrgID: otherOrg}, false, "", false},
		{"system administrator", &rotonde.User{Role: rotonde.RoleSysAdmin}, true, "", false},
		{"disabled", &rotonde.User{Role: rotonde.RoleProfessional, OrgID: caseOrg, Disabled: true}, true, "", false},
		{"nobody", nil, true, "", false},
	} {
		got, ok := policy.JoinBasis(c.u, caseOrg, c.ground)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: got %q %v, want %q %v", c.name, got, ok, c.want, c.ok)
		}
	}
}
