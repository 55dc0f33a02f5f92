package web_test

import (
	"context"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/tension"
)

// buildTensionWorld adds the tension-field objects to the matrix world: an
// open round of the case, and a group whose members are the case's members
// (the member facilitator a group facilitator, the leaver a plain member)
// with an open round.
func buildTensionWorld(t *testing.T, db *sqldb.DB, owner *rotonde.User, caseID int64, leaver *rotonde.User, actors []*actor, w *matrixWorld) {
	t.Helper()
	ctx := context.Background()
	r := &tension.Round{Name: "Matrixronde", CaseID: caseID, Fields: []string{"makeable", "slow-down"}}
	if err := db.Tension.OpenRound(ctx, owner, r); err != nil {
		t.Fatal(err)
	}
	g := &tension.Group{Name: "Matrixgroep"}
	if err := db.Tension.CreateGroup(ctx, owner, g); err != nil {
		t.Fatal(err)
	}
	for _, a := range actors {
		if a.relation != "member" || a.user == nil {
			continue
		}
		role := tension.GroupRoleMember
		if a.caseRole == rotonde.MemberFacilitator {
			role = tension.GroupRoleFacilitator
		}
		if err := db.Tension.AddGroupMember(ctx, owner, g.ID, a.user.Email, role); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Tension.AddGroupMember(ctx, owner, g.ID, leaver.Email, tension.GroupRoleMember); err != nil {
		t.Fatal(err)
	}
	gr := &tension.Round{Name: "Groepsronde", GroupID: g.ID, Fields: []string{"cause-effect"}}
	if err := db.Tension.OpenRound(ctx, owner, gr); err != nil {
		t.Fatal(err)
	}
	w.roundID, w.groupID, w.groupRoundID = r.ID, g.ID, gr.ID
}
