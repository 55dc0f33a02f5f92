package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/web"
)

var wildcard = regexp.MustCompile(`\{[a-z]+\}`)

// TestOldAddressesRedirect: every renamed address answers with a permanent
// redirect to its new form (query kept; 308 keeps the method and form of a
// POST), every new form is a route, and no old form is one any more.
func TestOldAddressesRedirect(t *testing.T) {
	probe := probeServer(t, loadMatrixDeps(t))
	paths := map[string]bool{}
	guards := web.RouteGuards(probe)
	for _, p := range probe.Routes() {
		if guards[p][0] == "moved" {
			continue
		}
		_, path, _ := strings.Cut(p, " ")
		if path == "" {
			path = p
		}
		paths[path] = true
	}
	moved := web.MovedPaths()
	if len(moved) < 50 {
		t.Fatalf("only %d moved paths", len(moved))
	}
	for _, m := range moved {
		from, to := m[0], m[1]
		if !paths[to] {
			t.Errorf("%s moved to %s, which is no route", from, to)
		}
		if paths[from] {
			t.Errorf("old path %s is still a route", from)
		}
		fill := func(p string) string { return wildcard.ReplaceAllString(p, "7") }
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			req := httptest.NewRequest(method, fill(from)+"?x=1", nil)
			req.RemoteAddr = "127.0.0.1:5000"
			rec := httptest.NewRecorder()
			probe.ServeHTTP(rec, req)
			want := http.StatusMovedPermanently
			if method == http.MethodPost {
				want = http.StatusPermanentRedirect
			}
			if rec.Code != want || rec.Header().Get("Location") != fill(to)+"?x=1" {
				t.Errorf("%s %s: %d to %q, want %d to %q", method, fill(from), rec.Code, rec.Header().Get("Location"), want, fill(to)+"?x=1")
			}
		}
	}
	for _, p := range []string{"/cases/7/bestaat-niet", "/admin/", "/cases/"} {
		rec := httptest.NewRecorder()
		probe.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, rec.Code)
		}
	}
}

// TestOldBookmarksStillWork: a browser that follows redirects reaches the
// page of an old bookmark, and a form posted to an old address still does
// its work.
func TestOldBookmarksStillWork(t *testing.T) {
	e := newEnv(t)
	c := e.login("facilitator@demo.test")
	c.CheckRedirect = nil // follow, as a browser does
	id := itoa(e.demoCaseID())
	res, page := e.get(c, "/cases/"+id+"/tijdlijn")
	if res.StatusCode != 200 || res.Request.URL.Path != "/casussen/"+id+"/tijdlijn" || !strings.Contains(page, "Noor") {
		t.Errorf("old timeline bookmark: %d at %s", res.StatusCode, res.Request.URL.Path)
	}
	res = e.post(c, "/cases/"+id+"/stappen", url.Values{"title": {"Samen koken op vrijdag"}})
	if res.StatusCode != 200 || res.Request.URL.Path != "/casussen/"+id+"/stappen" {
		t.Fatalf("old form address: %d at %s", res.StatusCode, res.Request.URL.Path)
	}
	if _, page := e.get(c, "/casussen/"+id+"/stappen"); !strings.Contains(page, "Samen koken op vrijdag") {
		t.Error("the step posted to the old address was not stored")
	}
}

// oldPathInUse finds old addresses in what the server sends and links to.
var oldPathInUse = regexp.MustCompile(`(^|[^1])/cases\b|/admin/|"/lang"|"/logout"|/members\b|/grounds\b|/withdraw\b|` +
	`/genogram/(persons|partnerships|children|ties|events|households|pins|remove|import/confirm)\b|/krachtenveld/stakeholders\b|` +
	`/(disable|enable|reset-password|end-sessions)\b`)

// TestNoOldPathsInUse: handlers, pages and scripts name the new addresses
// (.ci/rename-old-paths.pl rewrites old ones).
func TestNoOldPathsInUse(t *testing.T) {
	var files []string
	for _, glob := range []string{"*.go", "templates/*.html", "static/*.js"} {
		m, _ := filepath.Glob(glob)
		files = append(files, m...)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "routes_moved.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if oldPathInUse.MatchString(line) && !strings.Contains(line, `p == "/logout", p == "/lang"`) {
				t.Errorf("%s:%d names an old address: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
