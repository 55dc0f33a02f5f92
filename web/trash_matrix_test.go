package web_test

import (
	"context"
	"net/url"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// trashRoutes holds the rules of the case's trash: every member sees it;
// those who may change the geno-sociogram put its items back.
func trashRoutes() map[string]route {
	return map[string]route{
		"GET /casussen/{id}/prullenbak":                     {allow: caseMember},
		"POST /casussen/{id}/prullenbak/{item}/terugzetten": {allow: dreamWrite},
	}
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
