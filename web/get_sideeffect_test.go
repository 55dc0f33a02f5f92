package web_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/web"
)

// What a GET may write: the access log (every read is logged), the session
// it runs in (last use) and, for the single sign-on start only, the login
// attempt it hands to the identity provider.
var getMayWrite = map[string]func(pattern string) bool{
	"audit_log":  func(string) bool { return true },
	"audit_head": func(string) bool { return true },
	"sessions":   func(string) bool { return true },
	"sso_flows":  func(p string) bool { return strings.HasPrefix(p, "GET /login/sso/") },
}

// dbState is every table's rows, hashed per table.
func dbState(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	ctx := context.Background()
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	state := map[string]string{}
	for _, table := range tables {
		r, err := db.QueryContext(ctx, `SELECT * FROM "`+table+`" ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		h := sha256.New()
		n := 0
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%v\n", vals)
			n++
		}
		r.Close()
		state[table] = fmt.Sprintf("%d rows %x", n, h.Sum(nil))
	}
	return state
}

// TestGETChangesNothing walks every GET route of the router as every actor
// of the authorization matrix and compares the database before and after:
// a GET changes nothing but the access log and the session's last use.
func TestGETChangesNothing(t *testing.T) {
	tmpl, actors, w := newMatrixWorld(t)
	deps := loadMatrixDeps(t)
	srv, db := openSharedMatrixServer(t, deps, tmpl)
	var gets []string
	for _, p := range srv.(*web.Server).Routes() {
		if strings.HasPrefix(p, "GET ") || !strings.Contains(p, " ") {
			gets = append(gets, p)
		}
	}
	sort.Strings(gets)
	if len(gets) < 40 {
		t.Fatalf("found only %d GET routes", len(gets))
	}
	before := dbState(t, db.Writer())
	for _, p := range gets {
		_, path := concretePath(p, w)
		for _, a := range actors {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.RemoteAddr = "127.0.0.1:5000"
			if a.token != "" {
				req.AddCookie(&http.Cookie{Name: "rotonde_session", Value: a.token})
			}
			if a.guestCookie != "" {
				req.AddCookie(&http.Cookie{Name: web.GuestCookieName(w.meeting.id), Value: a.guestCookie})
			}
			srv.ServeHTTP(httptest.NewRecorder(), req)
		}
		after := dbState(t, db.Writer())
		for table, was := range before {
			if after[table] != was && !(getMayWrite[table] != nil && getMayWrite[table](p)) {
				t.Errorf("%s changed table %s (%s → %s)", p, table, was, after[table])
			}
		}
		before = after
	}
}
