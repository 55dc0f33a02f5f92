package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/tension"
)

// Taking a member out of a group: the confirmation says a facilitator can
// undo it for 30 days, the notice offers to, only a facilitator can, and
// the member is back with their role; the access log holds both.
func TestUndoRemovingAGroupMember(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	fac, lotte := e.user("facilitator@demo.test"), e.user("ggz@demo.test")
	g := &tension.Group{Name: "Intervisie Oost"}
	if err := e.db.Tension.CreateGroup(ctx, fac, g); err != nil {
		t.Fatal(err)
	}
	if err := e.db.Tension.AddGroupMember(ctx, fac, g.ID, lotte.Email, tension.GroupRoleFacilitator); err != nil {
		t.Fatal(err)
	}
	if err := e.db.Tension.AddGroupMember(ctx, fac, g.ID, "hulpverlener@demo.test", tension.GroupRoleMember); err != nil {
		t.Fatal(err)
	}
	roleOf := func() tension.GroupRole {
		ms, _ := e.db.Tension.GroupMembers(ctx, fac, g.ID)
		for _, m := range ms {
			if m.UserID == lotte.ID {
				return m.Role
			}
		}
		return ""
	}
	femke, sanne := e.login("facilitator@demo.test"), e.login("hulpverlener@demo.test")
	path := fmt.Sprintf("/groepen/%d/leden/%d/verwijderen", g.ID, lotte.ID)
	if page := body(t, e.post(femke, path, nil)); !strings.Contains(page, "Een begeleider van de groep kan dit 30 dagen lang ongedaan maken") {
		t.Errorf("the confirmation does not say who may undo it")
	}
	undo := e.doneThenUndo(femke, path, nil, "Uit de groep gehaald: "+lotte.Name)
	if roleOf() != "" {
		t.Fatal("still a member")
	}
	if res := e.post(sanne, undo, nil); res.StatusCode == http.StatusSeeOther || roleOf() != "" {
		t.Errorf("a plain member undoes: %d", res.StatusCode)
	}
	res := e.post(femke, undo, nil)
	if res.StatusCode != http.StatusSeeOther || roleOf() != tension.GroupRoleFacilitator {
		t.Fatalf("undo: %d, role %q", res.StatusCode, roleOf())
	}
	if _, page := e.get(femke, res.Header.Get("Location")); !strings.Contains(page, "Weer lid van de groep: "+lotte.Name) {
		t.Errorf("no notice after undo")
	}
	if res := e.post(femke, undo, nil); res.StatusCode != http.StatusConflict {
		t.Errorf("undone twice: %d", res.StatusCode)
	}
	for _, detail := range []string{"uit de groep gehaald", "ongedaan gemaakt"} {
		var n int
		if err := e.db.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE case_id = 0 AND part = 'groep' AND detail LIKE ? AND outcome = 'allowed'`,
			fmt.Sprintf("groep %d;%%%s%%", g.ID, detail)).Scan(&n); err != nil || n != 1 {
			t.Errorf("access log %q: %d %v", detail, n, err)
		}
	}
}
