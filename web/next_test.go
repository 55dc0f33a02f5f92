package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/rotonde-jeugd/rotonde/demo"
)

// TestLoginRedirectsStayOnSite: a hostile next after a password login and
// on the way to single sign-on ends at "/", and a plain path is kept.
func TestLoginRedirectsStayOnSite(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ next, want string }{
		{"/%09/evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"/%5Cevil.example", "/"},
		{"/%2F%2Fevil.example", "/"},
		{"/casussen", "/casussen"},
	} {
		res := e.post(e.client(), "/login", url.Values{"email": {"facilitator@demo.test"}, "password": {demo.Password}, "next": {tc.next}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tc.want {
			t.Errorf("login with next %q: %d to %q, want %q", tc.next, res.StatusCode, res.Header.Get("Location"), tc.want)
		}
		res, _ = e.get(e.client(), "/login/sso?org=1&next="+url.QueryEscape(tc.next))
		loc, err := url.Parse(res.Header.Get("Location"))
		if err != nil || loc.Query().Get("next") != tc.want {
			t.Errorf("single sign-on with next %q: to %q, want next=%q", tc.next, res.Header.Get("Location"), tc.want)
		}
	}
	// A page that needs a login sends its own address along, escaped.
	res, _ := e.get(e.client(), "/casussen/1/tijdlijn?baan=gezin&van=2019")
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || loc.Path != "/login" || loc.Query().Get("next") != "/casussen/1/tijdlijn?baan=gezin&van=2019" {
		t.Errorf("login redirect for a protected page: %q", res.Header.Get("Location"))
	}
}
