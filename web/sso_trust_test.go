package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/web"
)

// newSSOEnv is newEnv with the single sign-on setting of serve:
// allowPrivate false is serve's default, true its --sso-allow-private-issuers.
func newSSOEnv(t *testing.T, allowPrivate bool) *env {
	t.Helper()
	return newEnvConfig(t, testenv.OpenSQLite(t), web.Config{Demo: true, SSOAllowPrivateIssuers: allowPrivate})
}

// wijkteamAdmin makes an administrator for the organisation of the demo's hulpverlener.
func wijkteamAdmin(t *testing.T, e *env, orgID int64) string {
	t.Helper()
	hash, err := testenv.HashPassword(demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	u := &rotonde.User{Email: "beheerder@wijkteam.test", Name: "Beheerder Wijkteam", Role: rotonde.RoleAdministrator, OrgID: orgID}
	if err := e.db.Users.CreateUser(context.Background(), nil, u, hash); err != nil {
		t.Fatal(err)
	}
	return u.Email
}

// securityEvents reads the single sign-on events of the access log.
func securityEvents(t *testing.T, e *env) []rotonde.AuditEntry {
	t.Helper()
	rows, err := e.db.Writer().QueryContext(context.Background(),
		`SELECT user_id, org_id, case_id, outcome, address, detail FROM audit_log WHERE part = 'beveiliging/sso' ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []rotonde.AuditEntry
	for rows.Next() {
		var a rotonde.AuditEntry
		if err := rows.Scan(&a.UserID, &a.OrgID, &a.CaseID, &a.Outcome, &a.Address, &a.Detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

const testTOTPSecret = "JBSWY3DPEHPK3PXP"

// A login through single sign-on does not skip the account's own second
// factor, unless the system administrator marked the provider as enforcing
// one; the organisation's administrator cannot set that mark.
func TestSSOAsksForTheAccountsOwnSecondFactor(t *testing.T) {
	e, _, orgID := ssoSetup(t)
	ctx := context.Background()
	hv := e.user("hulpverlener@demo.test")
	if err := e.db.Identity.SetPendingTOTP(ctx, hv.ID, testTOTPSecret, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := e.db.Identity.UseTOTPStep(ctx, hv.ID, web.TOTPStep(time.Now())-2); err != nil {
		t.Fatal(err)
	}
	issuer := e.ssoIssuer(orgID)
	if err := e.db.SSO.SaveSSOConfig(ctx, nil, &rotonde.SSOConfig{OrgID: orgID, Issuer: issuer, ClientID: "rotonde-test", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"issuer": {issuer}, "client_id": {"rotonde-test"}, "enabled": {"on"}, "enforces_mfa": {"on"}}

	// ssoLogin runs the flow; it reports whether the callback started a
	// session at once (true) or sent the browser to the second step (false).
	ssoLogin := func(c *http.Client) bool {
		t.Helper()
		res, _ := e.get(c, e.ssoAuthorize(c, orgID, nil))
		switch {
		case res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") == "/" && hasSessionCookie(res):
			return true
		case res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") == "/login/tweede-stap" && !hasSessionCookie(res):
			if r, _ := e.get(c, "/"); r.StatusCode != http.StatusSeeOther {
				t.Errorf("logged in before the second step: %d", r.StatusCode)
			}
			return false
		}
		t.Fatalf("callback: %d %s", res.StatusCode, res.Header.Get("Location"))
		return false
	}

	// The organisation's administrator saves the configuration with
	// "enforces MFA" ticked: the tick is not theirs to give.
	admin := e.login(wijkteamAdmin(t, e, orgID))
	if res := e.post(admin, "/beheer/organisaties/"+itoa(orgID)+"/sso", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("administrator saves: %d %s", res.StatusCode, body(t, res))
	}
	if _, page := e.get(admin, "/beheer/organisaties/"+itoa(orgID)+"/sso"); !strings.Contains(page, `name="enforces_mfa" type="checkbox" disabled`) ||
		!strings.Contains(page, "Alleen de systeembeheerder kan dit aanzetten") {
		t.Error("the administrator's form offers the mark")
	}
	c := e.client()
	if ssoLogin(c) {
		t.Fatal("single sign-on skipped the account's own second factor")
	}
	// The second step works as after a password: the code logs in.
	code, _ := web.TOTPCode(testTOTPSecret, web.TOTPStep(time.Now()))
	res := e.post(c, "/login/tweede-stap", url.Values{"code": {code}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" || !hasSessionCookie(res) {
		t.Fatalf("second step: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if r, page := e.get(c, "/"); r.StatusCode != 200 || !strings.Contains(page, "Sanne Bakker") {
		t.Errorf("after the second step: %d", r.StatusCode)
	}

	// The system administrator marks the provider: the mark is honoured.
	if res := e.post(e.login("beheer@demo.test"), "/beheer/organisaties/"+itoa(orgID)+"/sso", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("system administrator saves: %d", res.StatusCode)
	}
	if !ssoLogin(e.client()) {
		t.Error("the system administrator's mark was not honoured")
	}
	// The administrator saves again with the same provider (their form cannot
	// send the mark): it stays.
	form.Del("enforces_mfa")
	form.Set("domains", "demo.test")
	if res := e.post(admin, "/beheer/organisaties/"+itoa(orgID)+"/sso", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("administrator saves again: %d", res.StatusCode)
	}
	if !ssoLogin(e.client()) {
		t.Error("the mark was lost when the administrator changed the domains")
	}
	// The mark off: an account without a second factor still logs in at once.
	form.Del("enforces_mfa")
	if res := e.post(e.login("beheer@demo.test"), "/beheer/organisaties/"+itoa(orgID)+"/sso", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("system administrator clears the mark: %d", res.StatusCode)
	}
	if err := e.db.Identity.RemoveTOTP(ctx, hv.ID); err != nil {
		t.Fatal(err)
	}
	if !ssoLogin(e.client()) {
		t.Error("an account without a second factor was sent to the second step")
	}
}

// ssoIssuer is the stored issuer of an organisation.
func (e *env) ssoIssuer(orgID int64) string {
	e.t.Helper()
	c, err := e.db.SSO.SSOConfig(context.Background(), nil, orgID)
	if err != nil {
		e.t.Fatal(err)
	}
	return c.Issuer
}

// Changing an organisation's single sign-on needs the password typed again
// (within the re-authentication window) and writes a security event.
func TestSSOConfigNeedsPasswordAgain(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := e.user("bestuurder@demo.test")
	path := "/beheer/organisaties/" + itoa(admin.OrgID) + "/sso"
	form := url.Values{"issuer": {"https://login.delinde.example"}, "client_id": {"rotonde"}, "client_secret": {"s3cr3t-waarde"},
		"domains": {"delinde.example"}, "enabled": {"on"}}
	a := e.login("bestuurder@demo.test")
	// The login was a while ago.
	if _, err := e.db.Writer().ExecContext(ctx, `UPDATE sessions SET created_at = ?, reauth_at = NULL`, time.Now().UTC().Add(-10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, page := e.get(a, path); !strings.Contains(page, `name="password" type="password"`) {
		t.Error("the form does not ask for the password")
	}
	stored := func() bool {
		_, err := e.db.SSO.SSOConfig(ctx, admin, admin.OrgID)
		return err == nil
	}
	res := e.post(a, path, form)
	if page := body(t, res); res.StatusCode != http.StatusForbidden || !strings.Contains(page, "Bevestig eerst je wachtwoord") || strings.Contains(page, "s3cr3t-waarde") {
		t.Errorf("without the password: %d", res.StatusCode)
	}
	form.Set("password", "niet-het-wachtwoord")
	if res := e.post(a, path, form); res.StatusCode != 422 || !strings.Contains(body(t, res), "Je huidige wachtwoord klopt niet") {
		t.Errorf("wrong password: %d", res.StatusCode)
	}
	if stored() || len(securityEvents(t, e)) != 0 {
		t.Fatal("saved without the password")
	}
	form.Set("password", demo.Password)
	if res := e.post(a, path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("with the password: %d %s", res.StatusCode, body(t, res))
	}
	if !stored() {
		t.Fatal("not saved")
	}
	// The typed password counts for five minutes, like the confirm form.
	form.Del("password")
	form.Set("client_secret", "")
	form.Del("enabled")
	if res := e.post(a, path, form); res.StatusCode != http.StatusSeeOther {
		t.Errorf("within the window: %d", res.StatusCode)
	}
	ev := securityEvents(t, e)
	if len(ev) != 2 {
		t.Fatalf("%d security events, want 2", len(ev))
	}
	for _, x := range ev {
		if x.UserID != admin.ID || x.OrgID != admin.OrgID || x.CaseID != 0 || x.Outcome != rotonde.AuditAllowed || x.Address == "" ||
			strings.Contains(x.Detail, "s3cr3t-waarde") || strings.Contains(x.Detail, demo.Password) {
			t.Errorf("event %+v", x)
		}
	}
	if !strings.Contains(ev[0].Detail, "issuer https://login.delinde.example") || !strings.Contains(ev[1].Detail, "aan ja → nee") {
		t.Errorf("details %q / %q", ev[0].Detail, ev[1].Detail)
	}
	if strings.Contains(e.log.String(), "s3cr3t-waarde") || strings.Contains(e.log.String(), demo.Password) {
		t.Error("secret or password in the application log")
	}
}

// In serve (private issuers not allowed) an issuer must be https on a public
// address: the form refuses internal addresses, and discovery refuses a
// loopback issuer at the connection, before anything is fetched.
func TestSSOServeRefusesPrivateIssuers(t *testing.T) {
	e := newSSOEnv(t, false)
	ctx := context.Background()
	admin := e.user("bestuurder@demo.test")
	a := e.login("bestuurder@demo.test")
	path := "/beheer/organisaties/" + itoa(admin.OrgID) + "/sso"
	for _, issuer := range []string{"http://login.delinde.example", "https://127.0.0.1:8443", "https://localhost/realm", "https://[::1]",
		"https://10.0.0.8", "https://169.254.169.254", "https://intranet"} {
		res := e.post(a, path, url.Values{"issuer": {issuer}, "client_id": {"rotonde"}, "client_secret": {"geheim"}, "enabled": {"on"}})
		if res.StatusCode != 422 {
			t.Errorf("%s: %d", issuer, res.StatusCode)
		}
	}
	if _, err := e.db.SSO.SSOConfig(ctx, admin, admin.OrgID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("an internal issuer was stored: %v", err)
	}

	// A loopback issuer stored anyway (for instance before this rule): the
	// login is refused at the connection, the provider never asked.
	op := newTestOP(t)
	hv := e.user("hulpverlener@demo.test")
	if err := e.db.SSO.SaveSSOConfig(ctx, nil, &rotonde.SSOConfig{OrgID: hv.OrgID, Issuer: op.srv.URL, ClientID: op.clientID,
		ClientSecret: op.secret, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	res, page := e.get(e.client(), "/login/sso/"+itoa(hv.OrgID)+"?next=/")
	if res.StatusCode != http.StatusInternalServerError || !strings.Contains(page, "geen bruikbaar antwoord") {
		t.Errorf("loopback issuer: %d", res.StatusCode)
	}
	if op.discoveries != 0 {
		t.Errorf("the loopback provider was asked %d times", op.discoveries)
	}
	if !strings.Contains(e.log.String(), "is not public") {
		t.Error("the log does not say why")
	}
}
