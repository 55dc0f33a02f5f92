package web_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// caseScoped tells whether a route acts on one case: its path names the
// case, one of the case's tension rounds or meetings, or it asks for
// emergency access to a case. The matrix world's round and meeting are the
// case's, so every request to these routes concerns that case.
func caseScoped(pattern string) bool {
	_, path, _ := strings.Cut(pattern, " ")
	return strings.HasPrefix(path, "/casussen/{id}") || strings.HasPrefix(path, "/api/v1/cases/{id}") ||
		strings.Contains(path, "{round}") || strings.Contains(path, "{mid}") || pattern == "POST /beheer/noodtoegang"
}

type loggedRecord struct {
	caseID, userID        int64
	outcome, part, detail string
}

// breakGlass has c ask for 30 minutes of emergency access to case id,
// giving reason.
func (e *env) breakGlass(c *http.Client, id int64, reason string) *http.Response {
	e.t.Helper()
	return e.post(c, "/beheer/noodtoegang", url.Values{"case": {itoa(id)}, "reason": {reason}, "minutes": {"30"}})
}

// breakGlassOnDemo has the system administrator ask for emergency access
// to the demo case, which must answer want; it returns the env, the case
// and the access log's head before the request.
func breakGlassOnDemo(t *testing.T, reason string, want int) (e *env, id, before int64) {
	t.Helper()
	e, id, _ = newDemoCase(t)
	root := e.login("beheer@demo.test")
	before = auditHead(t, e.db)
	if res := e.breakGlass(root, id, reason); res.StatusCode != want {
		t.Fatalf("break glass (%q): %d, want %d", reason, res.StatusCode, want)
	}
	return e, id, before
}

func auditHead(t *testing.T, db *sqldb.DB) int64 {
	t.Helper()
	var seq int64
	if err := db.Reader().QueryRowContext(context.Background(), `SELECT COALESCE(MAX(seq), 0) FROM audit_log`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	return seq
}

func recordsAfter(t *testing.T, db *sqldb.DB, seq int64) []loggedRecord {
	t.Helper()
	return auditRecordsAfter(t, db, seq, "case_id, user_id, outcome, part, detail", func(rows *sql.Rows, r *loggedRecord) error {
		return rows.Scan(&r.caseID, &r.userID, &r.outcome, &r.part, &r.detail)
	})
}

// auditRecordsAfter reads the columns cols of the access-log records after
// seq that are not security events, in order, each scanned by scan.
func auditRecordsAfter[T any](t *testing.T, db *sqldb.DB, seq int64, cols string, scan func(*sql.Rows, *T) error) []T {
	t.Helper()
	q := `SELECT ` + cols + ` FROM audit_log WHERE seq > ? AND part NOT LIKE 'beveiliging/%' ORDER BY seq`
	if db.Dialect() == sqldb.Postgres {
		q = strings.Replace(q, "?", "$1", 1)
	}
	rows, err := db.Reader().QueryContext(context.Background(), q, seq)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var r T
		if err := scan(rows, &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEveryCaseRouteLogsOneRecord walks the router like the authorization
// matrix: every case-scoped route × every actor. A request that reaches the
// case — allowed, refused, or allowed and then rejected as invalid — writes
// exactly one access-log record, against the case, naming the user, with
// outcome "allowed" when the answer is not a refusal and "denied" when it is.
// A request without a credential that fits the route (no session, or only a
// meeting guest's token on a page for accounts) is sent to the login page or
// answered 401 before it touches a case, and writes nothing: a stranger
// cannot write into a case's log. Security events (part "beveiliging/…",
// no case) are not records of access to a case and are not counted.
func TestEveryCaseRouteLogsOneRecord(t *testing.T) {
	m := newMatrixRun(t)
	actors, w, rules, shared, sharedDB := m.actors, m.w, m.rules, m.shared, m.sharedDB
	routes, cells, copies := 0, 0, 0
	for _, p := range m.patterns {
		rt, ok := rules[p]
		if !ok || !caseScoped(p) {
			continue
		}
		routes++
		method, path := concretePath(p, w)
		for _, a := range actors {
			h, db := shared, sharedDB
			var cellDB *sqldb.DB
			if method != http.MethodGet && (rt.public || rt.allow(a)) {
				h, cellDB = m.copy(t, fmt.Sprintf("log-cell-%d.db", copies))
				copies++
				db = cellDB
			}
			req := matrixRequest(w, rt, a, method, path)
			before := auditHead(t, db)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			got := recordsAfter(t, db, before)
			if cellDB != nil {
				cellDB.Close()
			}
			cells++
			credential := a.user != nil || a.guestCookie != ""
			// 401 and the login page: nobody was recognised, no case was touched.
			unrecognised := res.StatusCode == http.StatusUnauthorized ||
				(res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login"))
			if !credential || unrecognised {
				if len(got) != 0 {
					t.Errorf("%s as %s (status %d): %d records, want none: %+v", p, a.name, res.StatusCode, len(got), got)
				}
				continue
			}
			if len(got) != 1 {
				t.Errorf("%s as %s (status %d): %d records, want 1: %+v", p, a.name, res.StatusCode, len(got), got)
				continue
			}
			want := rotonde.AuditDenied
			if allowed(res) {
				want = rotonde.AuditAllowed
			}
			var uid int64
			if a.user != nil {
				uid = a.user.ID
			}
			if r := got[0]; r.caseID != w.caseID || r.outcome != want || r.userID != uid {
				t.Errorf("%s as %s (status %d): record case %d user %d %s (%s), want case %d user %d %s",
					p, a.name, res.StatusCode, r.caseID, r.userID, r.outcome, r.part, w.caseID, uid, want)
			}
			// What is shown is logged first: only refusals may be left to the route's guard.
			if want == rotonde.AuditAllowed && strings.Contains(got[0].detail, "vastgelegd na het antwoord") {
				t.Errorf("%s as %s (status %d): answered before the access log was written", p, a.name, res.StatusCode)
			}
		}
	}
	if routes < 80 {
		t.Errorf("only %d case-scoped routes found", routes)
	}
	t.Logf("access log: %d case-scoped routes, %d cells", routes, cells)
}

// A request for emergency access that is not granted — here a reason too
// short, answered 422 — gave nobody access: the log says denied.
func TestRejectedBreakGlassIsLoggedDenied(t *testing.T) {
	e, id, before := breakGlassOnDemo(t, "te kort", http.StatusUnprocessableEntity)
	got := recordsAfter(t, e.db, before)
	if len(got) != 1 || got[0].caseID != id || got[0].outcome != rotonde.AuditDenied || got[0].part != "noodtoegang" {
		t.Fatalf("records for a refused break-glass request: %+v", got)
	}
}
