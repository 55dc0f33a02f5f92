package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/password"
	"github.com/rotonde-jeugd/rotonde/web"
)

// newEnvRequiring serves the demo with a second factor required for everyone, as `serve` does.
func newEnvRequiring(t *testing.T) *env {
	t.Helper()
	return newEnvConfig(t, testenv.OpenSQLite(t), web.Config{RequireSecondFactor: true})
}

var secretRe = regexp.MustCompile(`id="totp-secret">([A-Z2-7]+)<`)
var codeRe = regexp.MustCompile(`<li><code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code></li>`)

// enrolTOTP sets up an authenticator app for the logged-in client and
// returns the secret and the recovery codes.
func (e *env) enrolTOTP(c *http.Client) (string, []string) {
	e.t.Helper()
	if res := e.post(c, "/account/totp/nieuw", nil); res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("start TOTP: %d %s", res.StatusCode, body(e.t, res))
	}
	_, page := e.get(c, "/account/tweede-factor")
	m := secretRe.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "otpauth://totp/Rotonde:") || !strings.Contains(page, "<svg") {
		e.t.Fatalf("set-up page lacks secret, link or QR code")
	}
	secret := m[1]
	// A wrong code is refused and confirms nothing.
	if res := e.post(c, "/account/totp/bevestigen", url.Values{"code": {"000000"}}); res.StatusCode != 422 {
		e.t.Errorf("wrong set-up code: %d", res.StatusCode)
	}
	code, _ := web.TOTPCode(secret, web.TOTPStep(time.Now()))
	res := e.post(c, "/account/totp/bevestigen", url.Values{"code": {code}})
	page = body(e.t, res)
	codes := codeRe.FindAllStringSubmatch(page, -1)
	if res.StatusCode != 200 || len(codes) != 10 {
		e.t.Fatalf("confirm TOTP: %d, %d recovery codes", res.StatusCode, len(codes))
	}
	var out []string
	for _, c := range codes {
		out = append(out, c[1])
	}
	return secret, out
}

func TestTOTPCodeMatchesRFC6238(t *testing.T) {
	// RFC 6238 appendix B, SHA-1, secret "12345678901234567890", 8 digits there; the last 6 here.
	secret := "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	for unix, want := range map[int64]string{59: "287082", 1111111109: "081804", 1234567890: "005924", 2000000000: "279037"} {
		got, err := web.TOTPCode(secret, web.TOTPStep(time.Unix(unix, 0)))
		if err != nil || got != want {
			t.Errorf("T=%d: %s, want %s (%v)", unix, got, want, err)
		}
	}
}

func TestLoginWithTOTPAndRecoveryCodes(t *testing.T) {
	e := newEnv(t)
	c := e.login("hulpverlener@demo.test")
	// Setting up needs a recent password: the login itself counts.
	secret, codes := e.enrolTOTP(c)
	// Logging in now takes two steps; the first gives no session.
	c2 := e.client()
	res := e.post(c2, "/login", url.Values{"email": {"hulpverlener@demo.test"}, "password": {demo.Password}, "next": {"/account"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login/tweede-stap" {
		t.Fatalf("first step: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	for _, ck := range res.Cookies() {
		if ck.Name == "rotonde_session" && ck.MaxAge >= 0 {
			t.Errorf("first step set a session cookie")
		}
	}
	if res, _ := e.get(c2, "/"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("half-logged-in client reached the start page: %d", res.StatusCode)
	}
	if res, page := e.get(c2, "/login/tweede-stap"); res.StatusCode != 200 || !strings.Contains(page, `autocomplete="one-time-code"`) {
		t.Errorf("second step form: %d", res.StatusCode)
	}
	// Empty and wrong codes: 4xx and no session.
	if res := e.post(c2, "/login/tweede-stap", url.Values{"code": {""}}); res.StatusCode != 422 {
		t.Errorf("empty code: %d", res.StatusCode)
	}
	res = e.post(c2, "/login/tweede-stap", url.Values{"code": {"123456"}})
	if page := body(t, res); res.StatusCode != 401 || !strings.Contains(page, "Deze code klopt niet.") {
		t.Errorf("wrong code: %d", res.StatusCode)
	}
	// The code of the next step (the current one was spent at set-up) logs in.
	code, _ := web.TOTPCode(secret, web.TOTPStep(time.Now())+1)
	res = e.post(c2, "/login/tweede-stap", url.Values{"code": {code}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account" {
		t.Fatalf("second step: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := e.get(c2, "/"); res.StatusCode != 200 {
		t.Errorf("after second step: %d", res.StatusCode)
	}
	// The same code again is a replay.
	c3 := e.client()
	e.post(c3, "/login", url.Values{"email": {"hulpverlener@demo.test"}, "password": {demo.Password}})
	if res := e.post(c3, "/login/tweede-stap", url.Values{"code": {code}}); res.StatusCode != 401 {
		t.Errorf("replayed code: %d", res.StatusCode)
	}
	// A recovery code works once, typed loosely.
	loose := strings.ToUpper(strings.ReplaceAll(codes[0], "-", " "))
	if res := e.post(c3, "/login/tweede-stap", url.Values{"code": {loose}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("recovery code: %d", res.StatusCode)
	}
	c4 := e.client()
	e.post(c4, "/login", url.Values{"email": {"hulpverlener@demo.test"}, "password": {demo.Password}})
	if res := e.post(c4, "/login/tweede-stap", url.Values{"code": {codes[0]}}); res.StatusCode != 401 {
		t.Errorf("recovery code used twice: %d", res.StatusCode)
	}
	// Too many wrong codes end the pending login.
	for i := 0; i < rotonde.MaxSecondStepAttempts-2; i++ {
		e.post(c4, "/login/tweede-stap", url.Values{"code": {"111111"}})
	}
	res = e.post(c4, "/login/tweede-stap", url.Values{"code": {"111111"}})
	if page := body(t, res); res.StatusCode != 401 || !strings.Contains(page, "Te vaak een verkeerde code. Log opnieuw in.") {
		t.Errorf("fifth wrong code: %d", res.StatusCode)
	}
	if res := e.post(c4, "/login/tweede-stap", url.Values{"code": {codes[1]}}); res.StatusCode != 401 {
		t.Errorf("pending login survived %d wrong codes: %d", rotonde.MaxSecondStepAttempts, res.StatusCode)
	}
	// Without a pending login the second step goes back to the first.
	if res, _ := e.get(e.client(), "/login/tweede-stap"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("second step without pending login: %d", res.StatusCode)
	}
}

func TestLoginThrottleIsTheSameForKnownAndUnknownAccounts(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	var pages []string
	for _, email := range []string{"bestuurder@demo.test", "niemand@demo.test"} {
		for range rotonde.AccountThrottle.Threshold {
			if res := e.post(c, "/login", url.Values{"email": {email}, "password": {"fout-wachtwoord"}}); res.StatusCode != 401 {
				t.Fatalf("failure: %d", res.StatusCode)
			}
		}
		// Locked now: even the right password is refused, with 429.
		res := e.post(c, "/login", url.Values{"email": {email}, "password": {demo.Password}})
		page := body(t, res)
		if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(page, "Te veel mislukte pogingen. Wacht 1 minuut") || res.Header.Get("Retry-After") == "" {
			t.Errorf("%s: locked login %d", email, res.StatusCode)
		}
		pages = append(pages, stripNonce(strings.ReplaceAll(page, `value="`+email+`"`, "X")))
	}
	if pages[0] != pages[1] {
		t.Errorf("the locked answer differs between a known and an unknown account")
	}
	// Another account from the same address is not locked (address threshold is higher).
	if res := e.post(c, "/login", url.Values{"email": {"facilitator@demo.test"}, "password": {demo.Password}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("other account: %d", res.StatusCode)
	}
	// Many failures over many accounts lock the address.
	for i := range rotonde.AddressThrottle.Threshold {
		e.post(c, "/login", url.Values{"email": {"x" + itoa(int64(i)) + "@demo.test"}, "password": {"fout"}})
	}
	if res := e.post(e.client(), "/login", url.Values{"email": {"ouder@demo.test"}, "password": {demo.Password}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("address not locked: %d", res.StatusCode)
	}
}

func TestSecondFactorRequired(t *testing.T) {
	e := newEnvRequiring(t)
	c := e.login("facilitator@demo.test")
	casePath := "/casussen/" + itoa(e.demoCaseID())
	for _, p := range []string{"/", casePath, "/account"} {
		if res, _ := e.get(c, p); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account/tweede-factor" {
			t.Errorf("GET %s before enrolment: %d %s", p, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res, _ := e.get(c, "/api/v1/cases"); res.StatusCode != 403 {
		t.Errorf("API before enrolment: %d", res.StatusCode)
	}
	if res := e.post(c, "/casussen", url.Values{"title": {"X"}}); res.StatusCode != 403 {
		t.Errorf("POST before enrolment: %d", res.StatusCode)
	}
	if res, page := e.get(c, "/account/tweede-factor"); res.StatusCode != 200 || !strings.Contains(page, "vraagt een tweede factor") {
		t.Errorf("enrolment page: %d", res.StatusCode)
	}
	e.enrolTOTP(c)
	if res, page := e.get(c, casePath); res.StatusCode != 200 || !strings.Contains(page, "Noor (15)") {
		t.Errorf("case after enrolment: %d", res.StatusCode)
	}
}

func TestAccountPage(t *testing.T) {
	e := newEnv(t)
	c, someone := accountSessions(t, e)
	accountTokens(t, e, c, someone)
	accountPassword(t, e, c)
	accountEmail(t, e, c)
}

// accountSessions: the account page lists the user's sessions; ending all
// others logs the other client out, and someone else's session cannot be
// ended from here. It returns the user's client and that someone's.
func accountSessions(t *testing.T, e *env) (c, someone *http.Client) {
	ctx := context.Background()
	other := e.login("hulpverlener@demo.test") // a second session of the same user
	c = e.login("hulpverlener@demo.test")
	res, page := e.get(c, "/account")
	if res.StatusCode != 200 || strings.Count(page, "/beeindigen\"") != 2 || !strings.Contains(page, "(deze sessie)") {
		t.Fatalf("account page: %d", res.StatusCode)
	}
	// End all other sessions: the other client is logged out, this one is not.
	if res := e.post(c, "/account/sessies/andere-beeindigen", confirm(nil)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("end others: %d", res.StatusCode)
	}
	if res, _ := e.get(other, "/"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("other session survived: %d", res.StatusCode)
	}
	if res, _ := e.get(c, "/"); res.StatusCode != 200 {
		t.Errorf("own session ended: %d", res.StatusCode)
	}
	// Someone else's session cannot be ended from here.
	someone = e.login("facilitator@demo.test")
	fac := e.user("facilitator@demo.test")
	sessions, _ := e.db.Identity.UserSessions(ctx, fac, time.Now())
	if res := e.post(c, "/account/sessies/"+itoa(sessions[0].ID)+"/beeindigen", confirm(nil)); res.StatusCode != 404 {
		t.Errorf("ended another user's session: %d", res.StatusCode)
	}
	if res, _ := e.get(someone, "/"); res.StatusCode != 200 {
		t.Errorf("another user's session ended")
	}

	return c, someone
}

// accountTokens: bad input is refused and stores nothing; a good one is shown
// once and works until its owner, and only its owner, revokes it.
func accountTokens(t *testing.T, e *env, c, someone *http.Client) {
	ctx := context.Background()
	// Tokens: bad input is refused and stores nothing; a good one is shown once and works.
	for _, form := range []url.Values{{"name": {""}, "days": {"30"}}, {"name": {"x"}, "days": {"0"}}, {"name": {"x"}, "days": {"366"}}, {"name": {"x"}, "days": {"veel"}}} {
		if res := e.post(c, "/account/tokens", form); res.StatusCode != 422 {
			t.Errorf("token %v: %d", form, res.StatusCode)
		}
	}
	hv := e.user("hulpverlener@demo.test")
	if toks, _ := e.db.Identity.APITokens(ctx, hv); len(toks) != 0 {
		t.Fatalf("bad input stored %d tokens", len(toks))
	}
	res := e.post(c, "/account/tokens", url.Values{"name": {"mijn script"}, "days": {"30"}})
	page := body(t, res)
	tok := regexp.MustCompile(`<code class="secret">(rtd_[A-Za-z0-9_-]+)</code>`).FindStringSubmatch(page)
	if res.StatusCode != 201 || tok == nil {
		t.Fatalf("create token: %d", res.StatusCode)
	}
	apiGet := func() int { return e.bearer(tok[1]) }
	if st := apiGet(); st != 200 {
		t.Errorf("new token: %d", st)
	}
	if _, page := e.get(c, "/account"); strings.Contains(page, tok[1]) || !strings.Contains(page, "mijn script") {
		t.Errorf("token shown again or not listed")
	}
	toks, _ := e.db.Identity.APITokens(ctx, hv)
	if res := e.post(someone, "/account/tokens/"+itoa(toks[0].ID)+"/intrekken", confirm(nil)); res.StatusCode != 404 {
		t.Errorf("another user revoked the token: %d", res.StatusCode)
	}
	if res := e.post(c, "/account/tokens/"+itoa(toks[0].ID)+"/intrekken", confirm(nil)); res.StatusCode != http.StatusSeeOther {
		t.Errorf("revoke: %d", res.StatusCode)
	}
	if st := apiGet(); st != 401 {
		t.Errorf("revoked token: %d", st)
	}

}

// accountPassword: wrong current, mismatch, too short → 4xx, unchanged; a
// good change keeps the user logged in.
func accountPassword(t *testing.T, e *env, c *http.Client) {
	ctx := context.Background()
	// Password: wrong current, mismatch, too short → 4xx, unchanged.
	for _, form := range []url.Values{
		{"current": {"fout-wachtwoord"}, "new": {"een nieuw wachtwoord"}, "repeat": {"een nieuw wachtwoord"}},
		{"current": {demo.Password}, "new": {"een nieuw wachtwoord"}, "repeat": {"een ander wachtwoord"}},
		{"current": {demo.Password}, "new": {"kort"}, "repeat": {"kort"}},
		{"current": {""}, "new": {""}, "repeat": {""}},
	} {
		if res := e.post(c, "/account/wachtwoord", form); res.StatusCode != 422 {
			t.Errorf("password change %v: %d", form, res.StatusCode)
		}
	}
	if _, hash, _ := e.db.Users.UserByEmail(ctx, "hulpverlener@demo.test"); !verify(hash, demo.Password) {
		t.Fatal("password changed by bad input")
	}
	res := e.post(c, "/account/wachtwoord", url.Values{"current": {demo.Password}, "new": {"een nieuw wachtwoord"}, "repeat": {"een nieuw wachtwoord"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("password change: %d", res.StatusCode)
	}
	if res, _ := e.get(c, "/"); res.StatusCode != 200 {
		t.Errorf("logged out after own password change: %d", res.StatusCode)
	}
	if _, hash, _ := e.db.Users.UserByEmail(ctx, "hulpverlener@demo.test"); !verify(hash, "een nieuw wachtwoord") {
		t.Error("new password not stored")
	}

}

// accountEmail: a taken or invalid address is refused, a fine one changes
// the address; re-authentication needs the right password.
func accountEmail(t *testing.T, e *env, c *http.Client) {
	ctx := context.Background()
	hv := e.user("hulpverlener@demo.test")
	// E-mail: taken → 409; invalid → 422; fine → changed (the login just now is recent).
	if res := e.post(c, "/account/e-mail", url.Values{"email": {"ouder@demo.test"}}); res.StatusCode != 409 {
		t.Errorf("taken address: %d", res.StatusCode)
	}
	if res := e.post(c, "/account/e-mail", url.Values{"email": {"geen adres"}}); res.StatusCode != 422 {
		t.Errorf("bad address: %d", res.StatusCode)
	}
	if res := e.post(c, "/account/e-mail", url.Values{"email": {"hv.nieuw@demo.test"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("change address: %d", res.StatusCode)
	}
	if u, _, err := e.db.Users.UserByEmail(ctx, "hv.nieuw@demo.test"); err != nil || u.ID != hv.ID {
		t.Errorf("address not changed: %v", err)
	}
	// Re-authentication with a wrong password is refused.
	if res := e.post(c, "/account/herbevestigen", url.Values{"password": {"fout"}}); res.StatusCode != 422 {
		t.Errorf("re-authentication with a wrong password: %d", res.StatusCode)
	}
	if res := e.post(c, "/account/herbevestigen", url.Values{"password": {"een nieuw wachtwoord"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("re-authentication: %d", res.StatusCode)
	}
}

func verify(hash, pw string) bool {
	ok, err := password.Verify(hash, pw)
	return err == nil && ok
}

// TestReauthenticationExpires checks that a stale session may not change the
// e-mail address or the factors until the password is typed again.
func TestReauthenticationExpires(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.login("facilitator@demo.test")
	// Age the session by moving its start back in the database.
	if _, err := e.db.Writer().ExecContext(ctx, `UPDATE sessions SET created_at = ?`, time.Now().UTC().Add(-10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if res := e.post(c, "/account/e-mail", url.Values{"email": {"fac2@demo.test"}}); res.StatusCode != 403 || !strings.Contains(body(t, res), "Bevestig eerst je wachtwoord") {
		t.Errorf("stale e-mail change: %d", res.StatusCode)
	}
	if res := e.post(c, "/account/totp/nieuw", nil); res.StatusCode != 403 {
		t.Errorf("stale factor change: %d", res.StatusCode)
	}
	if _, _, err := e.db.Users.UserByEmail(ctx, "facilitator@demo.test"); err != nil {
		t.Error("address changed without re-authentication")
	}
	if res := e.post(c, "/account/herbevestigen", url.Values{"password": {demo.Password}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("re-authenticate: %d", res.StatusCode)
	}
	if res := e.post(c, "/account/e-mail", url.Values{"email": {"fac2@demo.test"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("fresh e-mail change: %d", res.StatusCode)
	}
}

func TestAdminEndsSessions(t *testing.T) {
	e := newEnv(t)
	prof := e.login("hulpverlener@demo.test")
	hv := e.user("hulpverlener@demo.test")
	if _, page := e.get(e.login("beheer@demo.test"), "/beheer/gebruikers"); !strings.Contains(page, "/beheer/gebruikers/"+itoa(hv.ID)+"/sessies-beeindigen") {
		t.Error("users page lacks the end-sessions button")
	}
	// A facilitator may not, nor the administrator of another organisation.
	for _, who := range []string{"facilitator@demo.test", "bestuurder@demo.test"} {
		if res := e.post(e.login(who), "/beheer/gebruikers/"+itoa(hv.ID)+"/sessies-beeindigen", confirm(nil)); res.StatusCode != 404 {
			t.Errorf("%s ends sessions: %d", who, res.StatusCode)
		}
	}
	if res, _ := e.get(prof, "/"); res.StatusCode != 200 {
		t.Fatalf("session ended by a refused request")
	}
	if res := e.post(e.login("beheer@demo.test"), "/beheer/gebruikers/"+itoa(hv.ID)+"/sessies-beeindigen", confirm(nil)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("administrator ends sessions: %d", res.StatusCode)
	}
	if res, _ := e.get(prof, "/"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("session survived: %d", res.StatusCode)
	}
}
