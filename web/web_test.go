package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/internal/wire"
	"github.com/rotonde-jeugd/rotonde/password"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/sqlite"
	"github.com/rotonde-jeugd/rotonde/web"
)

func TestMain(m *testing.M) {
	pgtest.Main(m, func() {
		if demoTemplate.dir != "" {
			os.RemoveAll(demoTemplate.dir)
		}
	})
}

// demoTemplate is a SQLite file with the demo seeded once per test run:
// each SQLite environment starts from a copy of it, because seeding the demo
// region costs seconds under the race detector.
var demoTemplate struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// seededDemo returns the path of the seeded template, making it on first use.
func seededDemo() (string, error) {
	demoTemplate.once.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "rotonde-web-demo-")
		if err != nil {
			demoTemplate.err = err
			return
		}
		demoTemplate.dir = dir
		path := filepath.Join(dir, "demo.db")
		demoTemplate.err = func() error {
			db, err := sqlite.Open(ctx, path)
			if err != nil {
				return err
			}
			defer db.Close()
			if _, err := db.Migrate(ctx); err != nil {
				return err
			}
			if _, err := db.UseSealer(ctx, testenv.Sealer()); err != nil {
				return err
			}
			hash, err := testenv.HashPassword(demo.Password)
			if err != nil {
				return err
			}
			if _, err := demo.Seed(ctx, wire.Demo(db), hash); err != nil {
				return err
			}
			_, err = db.Writer().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
			return err
		}()
		demoTemplate.path = path
	})
	return demoTemplate.path, demoTemplate.err
}

type env struct {
	t   *testing.T
	db  *sqldb.DB
	srv *httptest.Server
	log *strings.Builder
}

// newEnv serves the demo network from a real SQLite file, a copy of the
// seeded template.
func newEnv(t *testing.T) *env {
	t.Helper()
	template, err := seededDemo()
	if err != nil {
		t.Fatalf("seed the demo template: %v", err)
	}
	return newEnvOn(t, testenv.OpenSQLiteCopy(t, template))
}

func newEnvOn(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	return newEnvConfig(t, db, web.Config{Demo: true})
}

// newEnvConfig seeds the demo into db and serves it with cfg (see serveOn).
func newEnvConfig(t *testing.T, db *sqldb.DB, cfg web.Config) *env {
	t.Helper()
	hash, err := testenv.HashPassword(demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(context.Background(), wire.Demo(db), hash); err != nil {
		t.Fatal(err)
	}
	return serveOn(t, db, cfg)
}

// serveOn serves db with cfg, its password settings filled in as serve
// does; the server's log goes to env.log. Two envs on one database are two
// instances of Rotonde.
func serveOn(t *testing.T, db *sqldb.DB, cfg web.Config) *env {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var logBuf strings.Builder
	cfg.DummyHash, _ = testenv.HashPassword("dummy")
	cfg.VerifyPassword, cfg.PasswordHash = password.Verify, testenv.HashPassword
	s, err := web.New(wire.Services(db), cat, slog.New(slog.NewTextHandler(&lockedWriter{w: &logBuf}, nil)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &env{t: t, db: db, srv: srv, log: &logBuf}
}

type lockedWriter struct{ w io.Writer }

func (l *lockedWriter) Write(p []byte) (int, error) { return l.w.Write(p) }

// client is a browser-like client with its own cookie jar that does not follow redirects.
func (e *env) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (e *env) login(email string) *http.Client {
	e.t.Helper()
	c := e.client()
	res := e.post(c, "/login", url.Values{"email": {email}, "password": {demo.Password}})
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d", email, res.StatusCode)
	}
	return c
}

func (e *env) post(c *http.Client, path string, form url.Values) *http.Response {
	e.t.Helper()
	return e.postBody(c, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), "")
}

// postScript posts a form as the pages' scripts do, asking for JSON.
func (e *env) postScript(c *http.Client, path string, form url.Values) *http.Response {
	e.t.Helper()
	return e.postBody(c, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), "application/json")
}

// postBody posts body with its content type and, if not empty, an Accept
// header; the response body is closed when the test ends.
func (e *env) postBody(c *http.Client, path, ctype string, body io.Reader, accept string) *http.Response {
	e.t.Helper()
	return e.do(c, http.MethodPost, path, body, "Content-Type", ctype, "Accept", accept)
}

// do sends a request for path on the test server with the headers given
// as name, value pairs (a pair with an empty value is left out), failing
// the test if it cannot be sent; the response body is closed when the test
// ends.
func (e *env) do(c *http.Client, method, path string, body io.Reader, header ...string) *http.Response {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, body)
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] != "" {
			req.Header.Set(header[i], header[i+1])
		}
	}
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { res.Body.Close() })
	return res
}

// multipartForm encodes the key/value pairs and, if name is not empty, a
// file of that name in the field "file", as a browser sends an upload form.
// It returns the body and its content type.
func multipartForm(t *testing.T, name string, data []byte, kv ...string) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(kv); i += 2 {
		_ = mw.WriteField(kv[i], kv[i+1])
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	return &buf, mw.FormDataContentType()
}

func (e *env) get(c *http.Client, path string) (*http.Response, string) {
	e.t.Helper()
	res, err := c.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func body(t *testing.T, res *http.Response) string {
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (e *env) demoCaseID() int64 {
	e.t.Helper()
	u, _, err := e.db.Users.UserByEmail(context.Background(), "facilitator@demo.test")
	if err != nil {
		e.t.Fatal(err)
	}
	cases, err := e.db.Cases.Cases(context.Background(), u)
	if err != nil || len(cases) != 1 {
		e.t.Fatalf("facilitator's cases: %v %v", cases, err)
	}
	return cases[0].ID
}

func TestMembersSeeTheCaseNonMembersDoNot(t *testing.T) {
	e, id, casePath := newDemoCase(t)
	for _, email := range []string{"facilitator@demo.test", "hulpverlener@demo.test", "ouder@demo.test"} {
		c := e.login(email)
		res, page := e.get(c, "/")
		if res.StatusCode != 200 || !strings.Contains(page, "Noor (15)") {
			t.Errorf("%s: start page %d does not list the case", email, res.StatusCode)
		}
		res, page = e.get(c, casePath)
		if res.StatusCode != 200 || !strings.Contains(page, "Noor (15)") || !strings.Contains(page, "niemand overziet het geheel") {
			t.Errorf("%s: case page %d", email, res.StatusCode)
		}
	}
	for _, email := range []string{"bestuurder@demo.test", "beleid@demo.test", "beheer@demo.test"} {
		c := e.login(email)
		res, page := e.get(c, "/")
		if res.StatusCode != 200 || strings.Contains(page, "Noor") {
			t.Errorf("%s: start page %d mentions the case", email, res.StatusCode)
		}
		res, page = e.get(c, casePath)
		if res.StatusCode != 404 || strings.Contains(page, "Noor") || strings.Contains(page, "overziet") {
			t.Errorf("%s: case page status %d, want 404 without content", email, res.StatusCode)
		}
		res, page = e.get(c, "/api/v1/cases")
		if res.StatusCode != 200 || strings.TrimSpace(strings.Join(strings.Fields(page), "")) != `{"cases":[]}` {
			t.Errorf("%s: API list = %d %s", email, res.StatusCode, page)
		}
		res, page = e.get(c, "/api/v1/cases/"+itoa(id))
		if res.StatusCode != 404 || strings.Contains(page, "Noor") {
			t.Errorf("%s: API case = %d %s", email, res.StatusCode, page)
		}
		// Trying to add oneself is refused the same way.
		res = e.post(c, casePath+"/leden", url.Values{"email": {email}, "role": {"observer"}})
		if res.StatusCode != 404 {
			t.Errorf("%s: self-add status %d", email, res.StatusCode)
		}
	}
	// Not logged in: pages redirect to login, the API says 401.
	anon := e.client()
	if res, _ := e.get(anon, casePath); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("anonymous case page: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res, page := e.get(anon, "/api/v1/cases")
	if res.StatusCode != 401 || !strings.Contains(page, `"code": "unauthorized"`) {
		t.Errorf("anonymous API: %d %s", res.StatusCode, page)
	}
}

func TestLoginErrorsAreGenericAndLocalized(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	var pages []string
	for _, form := range []url.Values{
		{"email": {"bestuurder@demo.test"}, "password": {"fout-wachtwoord"}},
		{"email": {"bestaat-niet@demo.test"}, "password": {"fout-wachtwoord"}},
	} {
		res := e.post(c, "/login", form)
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("bad login status %d", res.StatusCode)
		}
		page := body(t, res)
		if !strings.Contains(page, "Onbekende combinatie van e-mail en wachtwoord.") {
			t.Errorf("bad login page lacks the generic Dutch message")
		}
		pages = append(pages, page)
		if len(res.Cookies()) != 0 {
			t.Errorf("failed login set cookies: %v", res.Cookies())
		}
	}
	// Same answer for a known and an unknown address (but for the echoed address).
	a := strings.ReplaceAll(pages[0], `value="bestuurder@demo.test"`, "X")
	b := strings.ReplaceAll(pages[1], `value="bestaat-niet@demo.test"`, "X")
	if stripNonce(a) != stripNonce(b) {
		t.Errorf("login failure pages differ between a known and an unknown account:\n%s\n---\n%s", a, b)
	}
	res := e.post(c, "/login", url.Values{"email": {""}, "password": {""}})
	if res.StatusCode != 422 || !strings.Contains(body(t, res), "Vul je e-mailadres en je wachtwoord in.") {
		t.Errorf("empty login: %d", res.StatusCode)
	}
	// English when chosen.
	res = e.post(c, "/taal", url.Values{"lang": {"en"}, "next": {"/login"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("lang switch: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res = e.post(c, "/login", url.Values{"email": {"x@demo.test"}, "password": {"y"}})
	if page := body(t, res); !strings.Contains(page, "Unknown combination of e-mail and password.") || !strings.Contains(page, `<html lang="en">`) {
		t.Errorf("English login error missing")
	}
	// An open redirect through ?next= is not possible.
	res = e.post(e.client(), "/login", url.Values{"email": {"facilitator@demo.test"}, "password": {demo.Password}, "next": {"//evil.example/"}})
	if loc := res.Header.Get("Location"); loc != "/" {
		t.Errorf("login redirected to %q", loc)
	}
	// No password or e-mail in the application log.
	if strings.Contains(e.log.String(), demo.Password) || strings.Contains(e.log.String(), "fout-wachtwoord") || strings.Contains(e.log.String(), "facilitator@demo.test") {
		t.Errorf("secret in log: %s", e.log.String())
	}
}

func stripNonce(s string) string {
	i := strings.Index(s, "nonce")
	if i < 0 {
		return s
	}
	return s[:i]
}

func TestSecurityHeadersAndCookies(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	res := e.post(c, "/login", url.Values{"email": {"facilitator@demo.test"}, "password": {demo.Password}})
	var sess *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "rotonde_session" {
			sess = ck
		}
	}
	if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || len(sess.Value) < 40 {
		t.Fatalf("session cookie %+v", sess)
	}
	res, _ = e.get(c, "/casussen/"+itoa(e.demoCaseID()))
	h := res.Header
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'", "script-src 'nonce-"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows unsafe-inline: %q", csp)
	}
	for k, v := range map[string]string{"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"} {
		if h.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, h.Get(k), v)
		}
	}
	// Two responses get two different nonces.
	res2, _ := e.get(c, "/")
	if res2.Header.Get("Content-Security-Policy") == csp {
		t.Error("nonce repeated")
	}
}

func TestCrossOriginPostsAreRefused(t *testing.T) {
	e := newEnv(t)
	c := e.login("hulpverlener@demo.test")
	res := e.do(c, http.MethodPost, "/casussen", strings.NewReader("title=Aangevallen"),
		"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site")
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST status %d", res.StatusCode)
	}
	u := e.user("hulpverlener@demo.test")
	if cases, _ := e.db.Cases.Cases(context.Background(), u); len(cases) != 1 {
		t.Errorf("cross-site POST created a case")
	}
}

func TestCreateCaseThroughFormsAndAPI(t *testing.T) {
	e := newEnv(t)
	c := e.login("hulpverlener@demo.test")
	// Bad form input: 422, Dutch message, nothing stored.
	res := e.post(c, "/casussen", url.Values{"title": {"   "}, "reason": {"iets"}})
	page := body(t, res)
	if res.StatusCode != 422 || !strings.Contains(page, "Geef de casus een titel") || !strings.Contains(page, ">iets</textarea>") {
		t.Errorf("empty title: %d", res.StatusCode)
	}
	res = e.post(c, "/casussen", url.Values{"title": {"Daan (9)"}, "reason": {"school en thuis"}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/casussen/") {
		t.Fatalf("create case: %d", res.StatusCode)
	}
	_, page = e.get(c, res.Header.Get("Location"))
	if !strings.Contains(page, "Daan (9)") || !strings.Contains(page, "inbrenger") {
		t.Error("new case page lacks title or owner role")
	}
	// API: bad input answers 422 in JSON and stores nothing.
	for _, bodyText := range []string{``, `{`, `{"title": 5}`, `{"titel":"x"}`, `{}`, `{"title":""}`, `{"title":"a"}{"title":"b"}`, `{"title":"x","status":"weg"}`} {
		res := e.api(c, http.MethodPost, "/api/v1/cases", bodyText)
		var eb struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if err := json.NewDecoder(res.Body).Decode(&eb); err != nil || res.StatusCode != 422 || eb.Error.Code != "invalid" || eb.Error.Message == "" {
			t.Errorf("POST %q: %d %+v %v", bodyText, res.StatusCode, eb, err)
		}
	}
	res = e.api(c, http.MethodPost, "/api/v1/cases", `{"title":"Mila (7)","reason":"vastgelopen"}`)
	if res.StatusCode != 201 {
		t.Fatalf("API create: %d", res.StatusCode)
	}
	var created struct {
		ID     int64  `json:"id"`
		Title  string `json:"title"`
		MyRole string `json:"my_role"`
	}
	_ = json.NewDecoder(res.Body).Decode(&created)
	if created.Title != "Mila (7)" || created.MyRole != "owner" || res.Header.Get("Location") != "/api/v1/cases/"+itoa(created.ID) {
		t.Errorf("created %+v, location %q", created, res.Header.Get("Location"))
	}
	u := e.user("hulpverlener@demo.test")
	if list, _ := e.db.Cases.Cases(context.Background(), u); len(list) != 3 {
		t.Errorf("owner has %d cases, want 3", len(list))
	}
	// Roles that may not bring in a case get 403.
	res = e.api(e.login("beleid@demo.test"), http.MethodPost, "/api/v1/cases", `{"title":"X"}`)
	if res.StatusCode != 403 {
		t.Errorf("policy officer creates case: %d", res.StatusCode)
	}
}

func (e *env) api(c *http.Client, method, path, body string) *http.Response {
	e.t.Helper()
	return e.do(c, method, path, strings.NewReader(body), "Content-Type", "application/json")
}

func TestPersonalAccessToken(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	u := e.user("facilitator@demo.test")
	tok, hash := web.NewToken("rtd_")
	if err := e.db.Sessions.CreateAPIToken(ctx, u, &rotonde.APIToken{Name: "test", ExpiresAt: time.Now().Add(time.Hour)}, hash); err != nil {
		t.Fatal(err)
	}
	res := e.do(http.DefaultClient, http.MethodGet, "/api/v1/cases", nil, "Authorization", "Bearer "+tok)
	var out struct {
		Cases []struct {
			ID    int64  `json:"id"`
			Title string `json:"title"`
		} `json:"cases"`
	}
	_ = json.NewDecoder(res.Body).Decode(&out)
	res.Body.Close()
	if res.StatusCode != 200 || len(out.Cases) != 1 || out.Cases[0].Title != "Noor (15)" {
		t.Errorf("token list: %d %+v", res.StatusCode, out)
	}
	if status := e.bearer(tok + "x"); status != 401 {
		t.Errorf("wrong token: %d", status)
	}
}

func TestAdminPages(t *testing.T) {
	e := newEnv(t)
	admin := e.login("bestuurder@demo.test")
	res, page := e.get(admin, "/beheer/gebruikers")
	if res.StatusCode != 200 || !strings.Contains(page, "Jeroen Mulder") || strings.Contains(page, "Sanne Bakker") {
		t.Errorf("administrator's user page: %d", res.StatusCode)
	}
	// Creating a colleague shows a one-time password; a bad address is refused.
	res = e.post(admin, "/beheer/gebruikers", url.Values{"name": {"Nieuwe Collega"}, "email": {"geen-adres"}, "role": {"professional"}})
	if res.StatusCode != 422 || !strings.Contains(body(t, res), "geen geldig e-mailadres") {
		t.Errorf("bad address: %d", res.StatusCode)
	}
	res = e.post(admin, "/beheer/gebruikers", url.Values{"name": {"Nieuwe Collega"}, "email": {"collega@demo.test"}, "role": {"professional"}})
	page = body(t, res)
	if res.StatusCode != 201 || !strings.Contains(page, "Eenmalig wachtwoord voor collega@demo.test") {
		t.Errorf("create user: %d", res.StatusCode)
	}
	nu, _, err := e.db.Users.UserByEmail(context.Background(), "collega@demo.test")
	if err != nil {
		t.Fatal(err)
	}
	linde, _ := e.db.Orgs.Organisation(context.Background(), nu.OrgID)
	if linde.Name != "De Linde Jeugdhulp" {
		t.Errorf("new user in %s", linde.Name)
	}
	// The policy officer may not manage users or organisations.
	pol := e.login("beleid@demo.test")
	if res, _ := e.get(pol, "/beheer/gebruikers"); res.StatusCode != 403 {
		t.Errorf("policy officer user admin: %d", res.StatusCode)
	}
	if res := e.post(pol, "/beheer/organisaties", url.Values{"name": {"X"}, "kind": {"school"}}); res.StatusCode != 403 {
		t.Errorf("policy officer creates organisation: %d", res.StatusCode)
	}
	// The system administrator creates an organisation; a duplicate is refused with 409.
	root := e.login("beheer@demo.test")
	if res := e.post(root, "/beheer/organisaties", url.Values{"name": {"Basisschool De Wilg"}, "kind": {"school"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("create organisation: %d", res.StatusCode)
	}
	res = e.post(root, "/beheer/organisaties", url.Values{"name": {"Basisschool De Wilg"}, "kind": {"school"}})
	if res.StatusCode != 409 || !strings.Contains(body(t, res), "Er is al een organisatie") {
		t.Errorf("duplicate organisation: %d", res.StatusCode)
	}
	// Disabling a user ends their sessions at once.
	prof := e.login("hulpverlener@demo.test")
	hv := e.user("hulpverlener@demo.test")
	if res := e.post(root, "/beheer/gebruikers/"+itoa(hv.ID)+"/blokkeren", confirm(nil)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.StatusCode)
	}
	if res, _ := e.get(prof, "/"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("disabled user's session still works: %d", res.StatusCode)
	}
}

func TestMembershipChangesTakeEffectAtOnce(t *testing.T) {
	e, _, path := newDemoCase(t)
	owner := e.login("hulpverlener@demo.test")
	pol := e.login("beleid@demo.test")
	if res, _ := e.get(pol, path); res.StatusCode != 404 {
		t.Fatalf("before: %d", res.StatusCode)
	}
	if res := e.post(owner, path+"/leden", url.Values{"email": {"beleid@demo.test"}, "role": {"observer"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add member: %d", res.StatusCode)
	}
	if res, _ := e.get(pol, path); res.StatusCode != 200 {
		t.Errorf("after add: %d", res.StatusCode)
	}
	pu := e.user("beleid@demo.test")
	if res := e.post(owner, path+"/leden/"+itoa(pu.ID)+"/verwijderen", confirm(nil)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove member: %d", res.StatusCode)
	}
	if res, _ := e.get(pol, path); res.StatusCode != 404 {
		t.Errorf("after remove: %d", res.StatusCode)
	}
	// Bad input on the member form: a clear message, nothing changes.
	res := e.post(owner, path+"/leden", url.Values{"email": {"onbekend@demo.test"}, "role": {"observer"}})
	if res.StatusCode != 422 || !strings.Contains(body(t, res), "Er is geen actief account") {
		t.Errorf("unknown member: %d", res.StatusCode)
	}
}

func TestUnknownPathsAndHealth(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	if res, _ := e.get(c, "/bestaat-niet"); res.StatusCode != 404 {
		t.Errorf("unknown page: %d", res.StatusCode)
	}
	if res, page := e.get(c, "/api/v1/bestaat-niet"); res.StatusCode != 404 || !strings.Contains(page, `"not_found"`) {
		t.Errorf("unknown API path: %d %s", res.StatusCode, page)
	}
	if res, page := e.get(c, "/healthz"); res.StatusCode != 200 || page != "ok\n" {
		t.Errorf("health: %d %q", res.StatusCode, page)
	}
	if res, _ := e.get(c, "/static/rotonde.css"); res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("css: %d", res.StatusCode)
	}
	if res, page := e.get(c, "/static/../web.go"); res.StatusCode == 200 || strings.Contains(page, "package web") {
		t.Errorf("path traversal: %d", res.StatusCode)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// confirm adds the confirmation that destructive actions ask for first
// (web/confirm.go) to a form.
func confirm(v url.Values) url.Values {
	if v == nil {
		v = url.Values{}
	}
	v.Set("bevestigd", "ja")
	return v
}
