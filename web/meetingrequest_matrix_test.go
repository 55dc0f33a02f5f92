package web_test

import (
	"context"
	"net/url"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// familyOfCase: the family members of the matrix case ask for a meeting.
var familyOfCase rule = func(a *actor) bool { return a.relation == "member" && a.caseRole == rotonde.MemberFamily }

func init() {
	accessRules["family member"] = familyOfCase
}

// buildRequestWorld has the case's family member ask for a meeting and
// returns the open request.
func buildRequestWorld(t *testing.T, db *sqldb.DB, actors []*actor, caseID int64) int64 {
	t.Helper()
	for _, a := range actors {
		if familyOfCase(a) {
			req := &meeting.Request{CaseID: caseID, Question: "Kunnen we samen praten over de overgang naar school?"}
			if err := db.Meetings.RequestMeeting(context.Background(), a.user, req); err != nil {
				t.Fatal(err)
			}
			return req.ID
		}
	}
	t.Fatal("the matrix has no family member")
	return 0
}

// meetingRequestRoutes holds the rules of a family's request for a meeting:
// family members ask, the case's managers plan or decline.
func meetingRequestRoutes() map[string]route {
	return map[string]route{
		"POST /casussen/{id}/bijeenkomst-aanvragen": {allow: familyOfCase, form: func(matrixWorld) url.Values {
			return url.Values{"question": {"Wie besluit over de zorg?"}}
		}},
		"POST /casussen/{id}/aanvragen/{request}/plannen": {allow: caseManage},
		"POST /casussen/{id}/aanvragen/{request}/afwijzen": {allow: caseManage, form: func(matrixWorld) url.Values {
			return url.Values{"reason": {"We spreken eerst samen met de school."}}
		}},
	}
}
