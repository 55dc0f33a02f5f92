package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// The route into policy (web/network.go). Organisation A and its
// municipality are in one region; organisation B is in none. Barriers and
// stories are case content: members read them, writers change them.
// Published stories are read in the region without the case; the network
// view (counts only) is for the region's administrators and policy
// officers and the system administrator, never for professionals or
// family, and never opens a case.
var (
	storyReader rule = func(a *actor) bool {
		return a.role == rotonde.RoleSysAdmin || (a.user != nil && !a.orgB && a.role != rotonde.RoleFamily)
	}
	networkViewer rule = func(a *actor) bool {
		return a.role == rotonde.RoleSysAdmin || a.role == rotonde.RoleAdministrator || a.role == rotonde.RolePolicyOfficer
	}
	regionViewer rule = func(a *actor) bool {
		return a.role == rotonde.RoleSysAdmin || ((a.role == rotonde.RoleAdministrator || a.role == rotonde.RolePolicyOfficer) && !a.orgB)
	}
)

func init() {
	accessRules["story reader"] = storyReader
	accessRules["network viewer"] = networkViewer
	accessRules["region viewer"] = regionViewer
}

// networkMatrix is the network's part of the matrix world.
type networkMatrix struct {
	regionID, municipalityID, barrierID, storyID, draftID int64
}

// networkRoutes holds the rules of the route into policy.
func networkRoutes() map[string]route {
	return map[string]route{
		"POST /casussen/{id}/gemeente": {allow: caseOwner, form: func(w matrixWorld) url.Values {
			return url.Values{"municipality": {fmt.Sprint(w.network.municipalityID)}}
		}},
		"GET /casussen/{id}/randvoorwaarden": {allow: caseMember},
		"POST /casussen/{id}/randvoorwaarden": {allow: dreamWrite, form: func(matrixWorld) url.Values {
			return url.Values{"kind": {"capacity"}, "explanation": {"Geen plek in de regio"}}
		}},
		"POST /casussen/{id}/randvoorwaarden/{barrier}": {allow: dreamWrite, form: func(matrixWorld) url.Values {
			return url.Values{"kind": {"financing"}, "explanation": {"Budgetplafond bereikt"}}
		}},
		"POST /casussen/{id}/randvoorwaarden/{barrier}/verwijderen": {allow: dreamWrite},
		"GET /casussen/{id}/verhalen":                               {allow: caseMember},
		"POST /casussen/{id}/verhalen": {allow: dreamWrite, form: func(matrixWorld) url.Values {
			return url.Values{"title": {"Een nieuw verhaal"}, "body": {"Een jongen van tien wachtte een jaar."}}
		}},
		"POST /casussen/{id}/verhalen/{story}/publiceren": {allow: dreamWrite, form: func(matrixWorld) url.Values {
			return url.Values{"consent": {"yes"}, "given_by": {"moeder"}, "names_checked": {"yes"}}
		}},
		"POST /casussen/{id}/verhalen/{story}/intrekken": {allow: dreamWrite},
		// Nothing to undo for the matrix story: 409 once allowed (web/undo_story.go).
		"POST /casussen/{id}/verhalen/{story}/terugzetten": {allow: dreamWrite},
		"GET /verhalen":                                      {allow: loggedIn},
		"GET /verhalen/{story}":                              {allow: storyReader},
		"GET /netwerk":                                       {allow: networkViewer},
		"GET /netwerk/regio/{region}":                        {allow: regionViewer},
		"GET /netwerk/gemeente/{municipality}":               {allow: regionViewer},
		"GET /api/v1/regions/{region}/overview":              {allow: regionViewer},
		"GET /api/v1/municipalities/{municipality}/overview": {allow: regionViewer},
	}
}

// buildNetworkWorld puts organisation A in a region with a municipality,
// gives the case that municipality, a barrier, a published story and a draft.
func buildNetworkWorld(t *testing.T, db *sqldb.DB, owner *rotonde.User, caseID, orgA int64, w *matrixWorld) {
	t.Helper()
	ctx := context.Background()
	region := &rotonde.Region{Name: "Regio Matrix"}
	if err := db.Orgs.CreateRegion(ctx, nil, region); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Writer().ExecContext(ctx, `UPDATE organisations SET region_id = ? WHERE id = ?`, region.ID, orgA); err != nil {
		t.Fatal(err)
	}
	m := &rotonde.Organisation{Name: "Gemeente Matrix", Kind: rotonde.OrgMunicipality, RegionID: region.ID}
	if err := db.Orgs.CreateOrganisation(ctx, nil, m); err != nil {
		t.Fatal(err)
	}
	if err := db.Network.SetMunicipality(ctx, owner, caseID, m.ID); err != nil {
		t.Fatal(err)
	}
	b := &rotonde.Barrier{CaseID: caseID, Kind: rotonde.BarrierWaiting, Explanation: "Acht maanden wachten op behandeling"}
	if err := db.Network.AddBarrier(ctx, owner, b); err != nil {
		t.Fatal(err)
	}
	pub := &rotonde.Story{CaseID: caseID, Title: "Wachten", Body: "Een meisje van veertien wachtte acht maanden."}
	draft := &rotonde.Story{CaseID: caseID, Title: "Concept", Body: "Nog niet klaar."}
	for _, s := range []*rotonde.Story{pub, draft} {
		if err := db.Network.SaveStory(ctx, owner, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Network.PublishStory(ctx, owner, caseID, pub.ID, rotonde.StoryConsent{Given: true, GivenBy: "jongere en ouders"}); err != nil {
		t.Fatal(err)
	}
	w.network = networkMatrix{regionID: region.ID, municipalityID: m.ID, barrierID: b.ID, storyID: pub.ID, draftID: draft.ID}
}

// networkPath fills in the network's path parameters: publishing takes the
// draft, everything else the published story.
func networkPath(path string, w matrixWorld) string {
	story := w.network.storyID
	if strings.HasSuffix(path, "/publiceren") {
		story = w.network.draftID
	}
	return strings.NewReplacer("{region}", fmt.Sprint(w.network.regionID), "{municipality}", fmt.Sprint(w.network.municipalityID),
		"{barrier}", fmt.Sprint(w.network.barrierID), "{story}", fmt.Sprint(story)).Replace(path)
}
