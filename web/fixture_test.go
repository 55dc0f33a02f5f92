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

// ownedCase is the demo case as its owner, Sanne Bakker, works in it.
type ownedCase struct {
	*env
	id    int64
	base  string
	owner *rotonde.User
	sanne *http.Client
}

// newOwnedCase serves the demo with its owner logged in.
func newOwnedCase(t *testing.T) *ownedCase {
	t.Helper()
	e, id, base := newDemoCase(t)
	return &ownedCase{env: e, id: id, base: base, owner: e.user("hulpverlener@demo.test"), sanne: e.login("hulpverlener@demo.test")}
}

// caseAuditHas fails the test unless the case's access log, as its owner
// reads it, holds a record of action on part whose detail has detail.
func (c *ownedCase) caseAuditHas(action rotonde.AuditAction, part, detail string) {
	c.t.Helper()
	log, err := c.db.Audit.CaseAudit(context.Background(), c.owner, c.id)
	if err != nil {
		c.t.Fatal(err)
	}
	if !auditHas(log, action, part, detail) {
		c.t.Errorf("the access log has no %s on %s with %q", action, part, detail)
	}
}
