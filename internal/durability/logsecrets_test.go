package durability

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestLogHoldsNoSecretsOrCaseContent drives logins (good and bad), case
// writes through the API and the form, refused requests and a logout, then
// searches everything the server printed for the passwords, the session
// cookie, tokens and case content. None may appear. It runs at the default
// level (info) and at debug, which an operator may switch on to troubleshoot.
func TestLogHoldsNoSecretsOrCaseContent(t *testing.T) {
	bin := buildBinary(t)
	for _, level := range []string{"", "debug"} {
		name := level
		if name == "" {
			name = "default"
		}
		t.Run(name, func(t *testing.T) {
			var extra []string
			if level != "" {
				extra = []string{"--log-level", level}
			}
			logSecretsTest(t, bin, extra)
		})
	}
}

func logSecretsTest(t *testing.T, bin string, serveFlags []string) {
	const (
		email       = "sam.log@wijkteam.example"
		pw          = "Geheim-Wachtwoord-5821"
		wrongPW     = "Fout-Wachtwoord-9934"
		title       = "Geheime-Titel-7391"
		reason      = "Geheime-Reden-4410: oma (m) maakt zich zorgen"
		formTitle   = "Geheime-Formtitel-6637"
		badJSON     = "Geheime-JSON-2284"
		longTitle   = "Geheime-Lange-Titel-1180"
		bogusToken  = "Geheim-Token-3391"
		bogusCookie = "Geheim-Koekje-7702"
	)
	eng := sqliteEngine(t)
	setupAccount(t, bin, eng.url, eng.open, email, pw)
	srv := startServer(t, bin, eng.url, serveFlags...)
	c := newClient(t)

	// A failed login is logged ("login failed"); the password tried must not be.
	res, err := c.PostForm(srv.base+"/login", url.Values{"email": {email}, "password": {wrongPW}})
	if err != nil {
		t.Fatal(err)
	}
	drain(res)
	if res.StatusCode == http.StatusSeeOther {
		t.Fatal("login with a wrong password succeeded")
	}
	cookie := login(t, c, srv.base, email, pw)

	if status, _, err := postCase(c, srv.base, cookie, title, reason); status != http.StatusCreated {
		t.Fatalf("create case: status %d, %v", status, err)
	}
	// Refused writes: the body must not be echoed into the log either.
	expectStatus(t, c, apiRequest(t, srv.base, "POST", "/api/v1/cases", cookie, `{"title": "`+badJSON+`", "reason": `), http.StatusUnprocessableEntity)
	expectStatus(t, c, apiRequest(t, srv.base, "POST", "/api/v1/cases", cookie, `{"title": "`+strings.Repeat(longTitle, 10)+`"}`), http.StatusUnprocessableEntity)
	// The form route, and unknown credentials.
	form := apiRequest(t, srv.base, "POST", "/casussen", cookie, url.Values{"title": {formTitle}, "reason": {reason}}.Encode())
	form.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	expectStatus(t, c, form, http.StatusSeeOther)
	bearer := apiRequest(t, srv.base, "GET", "/api/v1/cases", "", "")
	bearer.Header.Set("Authorization", "Bearer "+bogusToken)
	expectStatus(t, c, bearer, http.StatusUnauthorized)
	expectStatus(t, c, apiRequest(t, srv.base, "GET", "/api/v1/cases", bogusCookie, ""), http.StatusUnauthorized)

	list, err := listCases(c, srv.base, cookie)
	if err != nil || len(list) != 2 {
		t.Fatalf("list cases: %d cases, %v; want 2", len(list), err)
	}
	expectStatus(t, c, apiRequest(t, srv.base, "POST", "/uitloggen", cookie, ""), http.StatusSeeOther)
	srv.stop()

	out := srv.stderr.String() + srv.stdout.String()
	// The log must be live, or finding nothing proves nothing.
	for _, want := range []string{"msg=login ", `msg="login failed"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q; is the server logging to stderr at all?\n%s", want, out)
		}
	}
	for _, secret := range []struct{ what, value string }{
		{"password", pw},
		{"wrong password", wrongPW},
		{"session cookie", cookie},
		{"case title", title},
		{"case reason", "Geheime-Reden-4410"},
		{"form title", formTitle},
		{"refused JSON body", badJSON},
		{"refused long title", longTitle},
		{"unknown bearer token", bogusToken},
		{"unknown session cookie", bogusCookie},
	} {
		if strings.Contains(out, secret.value) {
			t.Errorf("the server's output contains the %s %q:\n%s", secret.what, secret.value, out)
		}
	}
}

func apiRequest(t *testing.T, base, method, path, cookie, body string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = bytes.NewReader([]byte(body))
	}
	req, err := http.NewRequest(method, base+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: "rotonde_session", Value: cookie})
	}
	return req
}

func expectStatus(t *testing.T, c *http.Client, req *http.Request, want int) {
	t.Helper()
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	drain(res)
	if res.StatusCode != want {
		t.Errorf("%s %s: status %d, want %d", req.Method, req.URL.Path, res.StatusCode, want)
	}
}

func drain(res *http.Response) {
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
}
