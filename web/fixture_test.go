package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// The shapes most tests start from: the demo served from a real SQLite
// file, its one case, and its accounts.

// newDemoCase serves the demo and returns its one case: the id and the
// case's address, /casussen/<id>.
func newDemoCase(t *testing.T) (e *env, id int64, base string) {
	t.Helper()
	e = newEnv(t)
	id = e.demoCaseID()
	return e, id, "/casussen/" + itoa(id)
}

// user returns a demo account.
func (e *env) user(email string) *rotonde.User {
	e.t.Helper()
	u, _, err := e.db.Users.UserByEmail(context.Background(), email)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// openMeeting has fac open a meeting of the demo case titled title and
// returns the meeting's address, /bijeenkomsten/<id>.
func (e *env) openMeeting(fac *http.Client, title string) string {
	e.t.Helper()
	res := e.post(fac, "/casussen/"+itoa(e.demoCaseID())+"/bijeenkomsten", url.Values{"title": {title}})
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("create meeting: %d %s", res.StatusCode, body(e.t, res))
	}
	return res.Header.Get("Location")
}

// newDemoMeeting serves the demo and has its facilitator open a meeting of
// the demo case titled title: it returns the env, the facilitator's client
// and the meeting's address.
func newDemoMeeting(t *testing.T, title string) (e *env, fac *http.Client, base string) {
	t.Helper()
	e = newEnv(t)
	fac = e.login("facilitator@demo.test")
	return e, fac, e.openMeeting(fac, title)
}

// groundID is the id of the case's (last) sharing ground of kind as owner
// sees it, or 0.
func (e *env) groundID(owner *rotonde.User, caseID int64, kind rotonde.GroundKind) (id int64) {
	e.t.Helper()
	grounds, _ := e.db.Trust.Grounds(context.Background(), owner, caseID)
	for _, g := range grounds {
		if g.Kind == kind {
			id = g.ID
		}
	}
	return id
}
