package web_test

import (
	"context"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/web"
)

// postJSON posts like passkey.js does.
func (e *env) postJSON(c *http.Client, path, ctype, body string) (*http.Response, string) {
	e.t.Helper()
	res := e.postBody(c, path, ctype, strings.NewReader(body), "application/json")
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestPasskeyEndpointsRefuse(t *testing.T) {
	e := newEnv(t)
	// Passkeys need a domain name: an IP address is no relying party ID.
	ip := e.srv.URL
	e.srv.URL = strings.Replace(ip, "127.0.0.1", "localhost", 1)
	ctx := context.Background()
	form := "application/x-www-form-urlencoded"
	c := e.login("hulpverlener@demo.test")

	// Options: a name is required, and the answer is a WebAuthn creation request.
	if res, page := e.postJSON(c, "/account/passkeys/opties", form, ""); res.StatusCode != 422 || !strings.Contains(page, "naam") {
		t.Errorf("nameless: %d %s", res.StatusCode, page)
	}
	res, page := e.postJSON(c, "/account/passkeys/opties", form, "name=laptop")
	if res.StatusCode != 200 || !strings.Contains(page, `"challenge"`) || !strings.Contains(page, `"id": "localhost"`) {
		t.Errorf("options: %d %s", res.StatusCode, page)
	}
	// A made-up answer is refused and stores nothing; the challenge is spent.
	bogus := `{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"e30","attestationObject":"oA"}}`
	if res, _ := e.postJSON(c, "/account/passkeys", "application/json", bogus); res.StatusCode < 400 {
		t.Errorf("bogus answer: %d", res.StatusCode)
	}
	if res, _ := e.postJSON(c, "/account/passkeys", "application/json", "{niet-json"); res.StatusCode != 422 {
		t.Errorf("unreadable answer: %d", res.StatusCode)
	}
	u := e.user("hulpverlener@demo.test")
	if ps, _ := e.db.Passkeys.Passkeys(ctx, u.ID); len(ps) != 0 {
		t.Errorf("passkeys stored: %d", len(ps))
	}
	// Without script the form post explains what is needed.
	if res := e.post(c, "/account/passkeys/opties", url.Values{"name": {"laptop"}}); res.StatusCode != 422 || !strings.Contains(body(t, res), "JavaScript") {
		t.Errorf("no-script post: %d", res.StatusCode)
	}

	// On a bare IP address passkeys cannot work; the answer says what to set.
	ipClient := &http.Client{Jar: c.Jar}
	req, _ := http.NewRequest(http.MethodPost, ip+"/login/passkey/opties", strings.NewReader("next=/"))
	req.Header.Set("Content-Type", form)
	req.Header.Set("Accept", "application/json")
	if res, err := ipClient.Do(req); err != nil || res.StatusCode != http.StatusConflict {
		t.Errorf("passkey on an IP address: %v %v", res.StatusCode, err)
	} else {
		res.Body.Close()
	}

	// Changing passkeys needs a recent password.
	pk := &rotonde.Passkey{UserID: u.ID, CredentialID: "cred-1", Name: "sleutel", Data: "{}", CreatedAt: time.Now()}
	if err := e.db.Passkeys.AddPasskey(ctx, pk); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Writer().ExecContext(ctx, `UPDATE sessions SET created_at = ?, reauth_at = NULL`, time.Now().Add(-time.Hour).UTC()); err != nil {
		t.Fatal(err)
	}
	if res, page := e.postJSON(c, "/account/passkeys/opties", form, "name=tweede"); res.StatusCode != 403 || !strings.Contains(page, "wachtwoord") {
		t.Errorf("options without re-authentication: %d", res.StatusCode)
	}
	if res := e.post(c, "/account/passkeys/"+itoa(pk.ID)+"/verwijderen", confirm(nil)); res.StatusCode != 403 {
		t.Errorf("remove without re-authentication: %d", res.StatusCode)
	}
	// Another user cannot remove it, even freshly authenticated.
	o := e.login("facilitator@demo.test")
	if res := e.post(o, "/account/passkeys/"+itoa(pk.ID)+"/verwijderen", confirm(nil)); res.StatusCode != 404 {
		t.Errorf("another's passkey: %d", res.StatusCode)
	}
	if ps, _ := e.db.Passkeys.Passkeys(ctx, u.ID); len(ps) != 1 {
		t.Errorf("passkey gone: %d", len(ps))
	}
	// The page lists it.
	if _, page := e.get(c, "/account/tweede-factor"); !strings.Contains(page, "sleutel") || !strings.Contains(page, `src="/static/passkey.js"`) {
		t.Error("factor page does not list the passkey or load the script")
	}

	// The login answers need their ceremony: without one nothing happens.
	anon := e.client()
	if res, page := e.postJSON(anon, "/login/passkey", "application/json", bogus); res.StatusCode != 401 || hasSessionCookie(res) {
		t.Errorf("login answer without ceremony: %d %s", res.StatusCode, page)
	}
	res, page = e.postJSON(anon, "/login/passkey/opties", form, "next=/")
	if res.StatusCode != 200 || !strings.Contains(page, `"challenge"`) || !strings.Contains(page, `"userVerification": "required"`) {
		t.Errorf("login options: %d %s", res.StatusCode, page)
	}
	if res, _ := e.postJSON(anon, "/login/passkey", "application/json", bogus); res.StatusCode != 401 || hasSessionCookie(res) {
		t.Errorf("bogus login answer: %d", res.StatusCode)
	}
	// The spent ceremony cannot be answered again.
	if res, _ := e.postJSON(anon, "/login/passkey", "application/json", bogus); res.StatusCode != 401 {
		t.Errorf("second answer: %d", res.StatusCode)
	}
	if res, _ := e.postJSON(anon, "/login/tweede-stap/passkey/opties", form, ""); res.StatusCode != 401 {
		t.Errorf("second-step options without a pending login: %d", res.StatusCode)
	}
}

func TestTrustedProxiesSetTheClientAddress(t *testing.T) {
	for _, tc := range []struct {
		name    string
		trusted []netip.Prefix
		want    string
	}{
		{"behind a trusted load balancer", []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, "203.0.113.9"},
		{"no trusted proxies", nil, "127.0.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnvConfig(t, testenv.OpenSQLite(t), web.Config{TrustedProxies: tc.trusted})
			db, srv := e.db, e.srv
			c := e.client()
			loginForwarded(t, c, srv.URL, "ouder@demo.test", demo.Password, "198.51.100.1, 203.0.113.9")
			u, _, _ := db.Users.UserByEmail(context.Background(), "ouder@demo.test")
			ss, err := db.Identity.UserSessions(context.Background(), u, time.Now())
			if err != nil || len(ss) != 1 || ss[0].Address != tc.want {
				t.Fatalf("session address %+v %v, want %s", ss, err, tc.want)
			}
			// The login throttle counts per forwarded address: 20 failures lock it, not the balancer.
			for i := range 20 {
				loginForwarded(t, c, srv.URL, "x"+itoa(int64(i))+"@test.nl", "fout", "203.0.113.9")
			}
			res3 := loginForwarded(t, c, srv.URL, "facilitator@demo.test", demo.Password, "192.0.2.50")
			locked := res3.StatusCode == http.StatusTooManyRequests
			if behind := tc.trusted != nil; locked == behind {
				t.Errorf("another client behind the balancer: status %d", res3.StatusCode)
			}
		})
	}
}

// loginForwarded posts the login form to the server at base as a client
// behind a balancer that sends the given X-Forwarded-For.
func loginForwarded(t *testing.T, c *http.Client, base, email, pw, forwardedFor string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/login", strings.NewReader(url.Values{"email": {email}, "password": {pw}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", forwardedFor)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}
