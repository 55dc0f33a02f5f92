package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// trashRoutes holds the rules of the case's trash: every member sees it;
// those who may change the geno-sociogram put its items back.
func trashRoutes() map[string]route {
	return map[string]route{
		"GET /casussen/{id}/prullenbak":                     {allow: caseMember},
		"POST /casussen/{id}/prullenbak/{item}/terugzetten": {allow: dreamWrite},
		// Undo (web/undo.go): managers re-add a removed member; only the
		// family member who withdrew consent puts it back; the meeting's
		// facilitators reopen it (the matrix meeting runs: 409 once allowed).
		"POST /casussen/{id}/ongedaan/{undo}":                    {allow: caseManage},
		"POST /casussen/{id}/grondslagen/{withdrawn}/herstellen": {allow: consentWithdrawer},
		"POST /bijeenkomsten/{mid}/heropenen":                    {allow: caseManage},
		// A group's facilitators add a member taken out again (nothing to undo in the matrix group: 409 once allowed).
		"POST /groepen/{group}/ongedaan/{undo}": {allow: caseManage},
	}
}

// consentWithdrawer: the family member of the matrix case, who withdrew its second consent.
var consentWithdrawer rule = func(a *actor) bool { return a.relation == "member" && a.caseRole == rotonde.MemberFamily }

// undoWorld holds the reversal records of the matrix case.
type undoWorld struct {
	// undoID: the removal of a member; withdrawnID: a consent its family member withdrew.
	undoID, withdrawnID int64
}

// buildUndoWorld removes a member of the case and has its family member
// withdraw a second consent, both still to be undone.
func buildUndoWorld(t *testing.T, db *sqldb.DB, owner *rotonde.User, actors []*actor, caseID, orgID int64, w *matrixWorld) {
	t.Helper()
	ctx := context.Background()
	back := testenv.MustUser(t, db, &rotonde.User{Email: "returner@a.test", Name: "returner", Role: rotonde.RoleProfessional, OrgID: orgID}, matrixPassword)
	if err := db.Cases.AddMember(ctx, owner, caseID, back.Email, rotonde.MemberObserver); err != nil {
		t.Fatal(err)
	}
	if err := db.Cases.RemoveMember(ctx, owner, caseID, back.ID); err != nil {
		t.Fatal(err)
	}
	u, err := db.Trash.LastUndo(ctx, owner, caseID, rotonde.UndoMember, back.ID)
	if err != nil {
		t.Fatal(err)
	}
	w.undo.undoID = u.ID
	g := &rotonde.SharingGround{CaseID: caseID, Kind: rotonde.GroundConsent, YoungPersonAge: 14, YoungPersonAgrees: true, ParentsAgree: true, GivenBy: "jongere"}
	if err := db.Trust.RecordGround(ctx, owner, g); err != nil {
		t.Fatal(err)
	}
	for _, a := range actors {
		if consentWithdrawer(a) {
			if err := db.Trust.WithdrawGround(ctx, a.user, caseID, g.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	w.undo.withdrawnID = g.ID
}

// undoMatrixPath fills in the reversal records of the matrix case.
func undoMatrixPath(path string, w matrixWorld) string {
	return strings.NewReplacer("{undo}", fmt.Sprint(w.undo.undoID), "{withdrawn}", fmt.Sprint(w.undo.withdrawnID)).Replace(path)
}

// meetingPreparer: the meeting's facilitator (in the matrix world the case
// owner made the meeting) and the case's facilitators; the case owner of a
// meeting someone else facilitates is not (web/safeedit_test.go).
var meetingPreparer rule = func(a *actor) bool {
	return a.relation == "owner" || (a.relation == "member" && a.caseRole == rotonde.MemberFacilitator)
}

// confirmRoutes are the routes that ask for confirmation first
// (web/confirm.go): the matrix sends the confirmation along, so that an
// allowed request carries the action out.
var confirmRoutes = []string{
	"POST /casussen/{id}/genogram/verwijderen",
	"POST /casussen/{id}/krachtenveld/betrokkenen/verwijderen",
	"POST /casussen/{id}/tijdlijn/{event}/verwijderen",
	"POST /casussen/{id}/randvoorwaarden/{barrier}/verwijderen",
	"POST /casussen/{id}/leden/{user}/verwijderen",
	"POST /casussen/{id}/grondslagen/{ground}/intrekken",
	"POST /casussen/{id}/uitnodigingen/{inv}/intrekken",
	"POST /casussen/{id}/status",
	"POST /bijeenkomsten/{mid}/afsluiten",
	"POST /spanningsvelden/rondes/{round}/sluiten",
	"POST /groepen/{group}/leden/{member}/verwijderen",
	"POST /account/sessies/{id}/beeindigen",
	"POST /account/sessies/andere-beeindigen",
	"POST /account/tokens/{id}/intrekken",
	"POST /account/totp/verwijderen",
	"POST /account/passkeys/{id}/verwijderen",
	"POST /beheer/gebruikers/{id}/blokkeren",
	"POST /beheer/gebruikers/{id}/sessies-beeindigen",
}

// withConfirmation adds the confirmation to the forms of confirmRoutes.
func withConfirmation(rules map[string]route) {
	for _, p := range confirmRoutes {
		rt, ok := rules[p]
		if !ok {
			panic("confirmation listed for a route without a rule: " + p)
		}
		form := rt.form
		rt.form = func(w matrixWorld) url.Values {
			v := url.Values{}
			if form != nil {
				v = form(w)
			}
			v.Set("bevestigd", "ja")
			return v
		}
		rules[p] = rt
	}
}

// buildTrashWorld puts a tie of the matrix case in its trash.
func buildTrashWorld(t *testing.T, db *sqldb.DB, owner *rotonde.User, caseID int64, w *matrixWorld) {
	t.Helper()
	ctx := context.Background()
	tie := &genogram.Tie{A: w.progress.person, B: w.progress.person2, Kind: genogram.TieClose}
	if err := db.Genogram.AddTie(ctx, owner, caseID, tie); err != nil {
		t.Fatal(err)
	}
	g, refs, err := db.Genogram.Genogram(ctx, owner, caseID)
	if err != nil || len(g.Ties) != 1 {
		t.Fatalf("genogram: %v, %d ties", err, len(g.Ties))
	}
	it, err := db.Trash.TrashGenogramItem(ctx, owner, caseID, "tie", refs.Ties[0])
	if err != nil {
		t.Fatal(err)
	}
	w.trashID = it.ID
}
