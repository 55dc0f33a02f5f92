package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/sqlite"
	"github.com/rotonde-jeugd/rotonde/web"
)

// One rule decides who may export (policy.CanExport): those who work on the
// case — owner, facilitator, professional, family member. Observers and
// break-glass readers read on screen only and get the same answer for every
// export. A meeting's admitted guest may take the report of the meeting
// they took part in, which leaves the case content out.
var (
	exporter        rule = dreamWrite
	meetingExporter rule = func(a *actor) bool { return exporter(a) || a.relation == "guest" }
)

// exportSuffixes mark the routes that hand out a file.
var exportSuffixes = []string{".pdf", ".csv", ".svg", ".ged", ".md", ".ics", ".qdpx"}

func isExportRoute(pattern string) bool {
	if strings.HasPrefix(pattern, "POST ") {
		return false
	}
	for _, suf := range exportSuffixes {
		if strings.HasSuffix(pattern, suf) {
			return true
		}
	}
	return false
}

// TestExportMatrix runs every export route of the router for every actor of
// the authorization matrix and a system administrator with break-glass
// access to the case: each export answers by the export rule, and the
// observers and the break-glass reader get the same answer everywhere.
func TestExportMatrix(t *testing.T) {
	tmpl, actors, w := newMatrixWorld(t)
	actors = append(actors, addBreakGlassActor(t, tmpl, w.caseID))
	rules := routeRules()
	deps := loadMatrixDeps(t)
	srv, _ := openSharedMatrixServer(t, deps, tmpl)

	var exports []string
	for _, p := range srv.(*web.Server).Routes() {
		if isExportRoute(p) {
			exports = append(exports, p)
		}
	}
	sort.Strings(exports)
	if len(exports) < 9 {
		t.Fatalf("found only %d export routes: %v", len(exports), exports)
	}
	do := func(a *actor, path string) *http.Response {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, matrixRequest(w, route{}, a, http.MethodGet, path))
		return rec.Result()
	}
	// The break-glass reader really reads the case: a refused export is the rule, not a missing access.
	for _, a := range actors {
		if a.relation == "emergency" {
			if res := do(a, "/casussen/"+itoa(w.caseID)); res.StatusCode != http.StatusOK {
				t.Fatalf("break-glass reader cannot open the case: %d", res.StatusCode)
			}
		}
	}
	for _, p := range exports {
		rt, ok := rules[p]
		if !ok {
			t.Errorf("export route %q has no row in the authorization matrix", p)
			continue
		}
		_, path := concretePath(p, w)
		answers := map[string]bool{}
		for _, a := range actors {
			res := do(a, path)
			want, got := rt.allow(a), allowed(res)
			if a.relation == "emergency" {
				want = false
			}
			if got != want {
				t.Errorf("%s as %s: status %d, want allowed=%v", p, a.name, res.StatusCode, want)
			}
			// The common threads' reports hold no case content (shared,
			// de-identified paraphrases only): observers of the case may take
			// them as the network's learners they are.
			if a.user != nil && (a.caseRole == rotonde.MemberObserver || a.relation == "emergency") && !networkExport(p) {
				answers[a.name] = got
			}
		}
		for name, got := range answers {
			if got {
				t.Errorf("%s: %s may export", p, name)
			}
		}
	}
	t.Logf("export matrix: %d export routes × %d actors: %v", len(exports), len(actors), exports)
}

// addBreakGlassActor gives a second system administrator emergency access to
// the case, with a session.
func addBreakGlassActor(t *testing.T, path string, caseID int64) *actor {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u := &rotonde.User{Email: "nood@a.test", Name: "Noodtoegang", Role: rotonde.RoleSysAdmin}
	if err := db.Users.CreateUser(ctx, nil, u, "x"); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	if err := db.Trust.BreakGlass(ctx, u, &rotonde.BreakGlass{CaseID: caseID, Reason: "Melding van een mogelijk datalek onderzoeken.", StartedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	tok, hash := web.NewToken("")
	if err := db.Sessions.CreateSession(ctx, &rotonde.Session{UserID: u.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(time.Hour)}, hash); err != nil {
		t.Fatal(err)
	}
	return &actor{name: "sysadmin/break-glass", role: rotonde.RoleSysAdmin, relation: "emergency", user: u, token: tok}
}

// networkExport: the common threads' reports, an intervision series' report
// (its members' approved paraphrases) and the research exports hold shared,
// de-identified records of the network or a group, no case content, so the
// rule that a case's observers take no files does not apply to them.
func networkExport(pattern string) bool {
	return strings.HasPrefix(pattern, "GET /rode-draden/") || strings.HasPrefix(pattern, "GET /onderzoek/") ||
		strings.HasPrefix(pattern, "GET /reeksen/")
}
