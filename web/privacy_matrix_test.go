package web_test

import (
	"context"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// Retention, erasure and the person's own copy. A request for erasure is
// decided by the case owner or an administrator of the owner's organisation
// (its privacy role), never by whoever asked; it is read by those and by the
// case's members.
var (
	privacyOfficerOfA rule = func(a *actor) bool { return a.role == rotonde.RoleAdministrator && !a.orgB }
	erasureDecider    rule = func(a *actor) bool { return a.relation == "owner" || privacyOfficerOfA(a) }
	erasureReader     rule = func(a *actor) bool { return caseMember(a) || privacyOfficerOfA(a) }
)

// buildPrivacyWorld records a request by the case's family member to erase a
// neighbour the case's texts mention.
func buildPrivacyWorld(t *testing.T, db *sqldb.DB, actors []*actor, caseID int64, w *matrixWorld) {
	t.Helper()
	var family *rotonde.User
	for _, a := range actors {
		if a.relation == "member" && a.role == rotonde.RoleFamily {
			family = a.user
		}
	}
	req := &rotonde.ErasureRequest{Scope: rotonde.ErasureCase, CaseID: caseID, SubjectName: "buurvrouw", Reason: "zij vroeg erom"}
	if err := db.Privacy.CreateErasureRequest(context.Background(), family, req); err != nil {
		t.Fatal(err)
	}
	w.erasureID = req.ID
}
