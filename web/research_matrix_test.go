package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/research"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// Research access: organisation A lies in the network world's region, and the
// researchers of organisation A hold a grant for it; those of organisation B
// have none. Administrators of A (and the system administrator) grant and
// revoke.
var (
	researcherRole rule = func(a *actor) bool { return a.role == rotonde.RoleResearcher }
	grantHolderOfA rule = func(a *actor) bool { return a.role == rotonde.RoleResearcher && !a.orgB }
)

type researchWorld struct {
	regionID, grantID, researcherID int64
}

func buildResearchWorld(t *testing.T, db *sqldb.DB, actors []*actor, w *matrixWorld) {
	t.Helper()
	ctx := context.Background()
	// Organisation A's region, as the network world made it.
	reg := &rotonde.Region{ID: w.network.regionID}
	w.research.regionID = reg.ID
	var root *rotonde.User
	for _, a := range actors {
		if a.role == rotonde.RoleSysAdmin {
			root = a.user
		}
	}
	for _, a := range actors {
		if a.role != rotonde.RoleResearcher || a.orgB {
			continue
		}
		g := &research.Grant{ResearcherID: a.user.ID, RegionID: reg.ID, Until: time.Now().AddDate(0, 3, 0).UTC().Truncate(24 * time.Hour), Purpose: "Rode draden"}
		if err := db.Research.GrantAccess(ctx, root, g); err != nil {
			t.Fatal(err)
		}
		w.research.grantID, w.research.researcherID = g.ID, a.user.ID
	}
}

func researchRoutes() map[string]route {
	return map[string]route{
		"GET /onderzoek": {allow: researcherRole},
		"GET /onderzoek/netwerken/{id}/project.qdpx":   {allow: grantHolderOfA},
		"GET /onderzoek/netwerken/{id}/coderingen.csv": {allow: grantHolderOfA},
		"GET /onderzoek/netwerken/{id}/codeboek.csv":   {allow: grantHolderOfA},
		// Without a file the import is refused as a bad form (400), which
		// the matrix counts as let in: the refusal is about the file.
		"POST /onderzoek/netwerken/{id}/import": {allow: grantHolderOfA},
		"GET /beheer/onderzoek":                 {allow: userAdmin},
		"POST /beheer/onderzoek": {allow: userAdminOfA, form: func(w matrixWorld) url.Values {
			return url.Values{"researcher": {fmt.Sprint(w.research.researcherID)}, "region": {fmt.Sprint(w.research.regionID)},
				"until": {time.Now().AddDate(0, 1, 0).Format("2006-01-02")}, "purpose": {"Vervolgstudie"}}
		}},
		"POST /beheer/onderzoek/{grant}/intrekken": {allow: userAdminOfA},
	}
}

// researchPath fills the network and the grant of research routes.
func researchPath(path string, w matrixWorld) string {
	if strings.HasPrefix(path, "/onderzoek/netwerken/{id}") {
		path = strings.Replace(path, "{id}", fmt.Sprint(w.research.regionID), 1)
	}
	return strings.Replace(path, "{grant}", fmt.Sprint(w.research.grantID), 1)
}
