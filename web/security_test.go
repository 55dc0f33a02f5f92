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
	"github.com/rotonde-jeugd/rotonde/web"
)

var resetCodeRe = regexp.MustCompile(`id="reset-code">([A-Z2-9]{4}(?:-[A-Z2-9]{4}){4})<`)

// loginWithRecoveryCode logs in with a password and a recovery code (the
// second factor) and returns the client and the page it lands on.
func (e *env) loginWithRecoveryCode(email, pw, code string) (*http.Client, string) {
	e.t.Helper()
	c := e.client()
	res := e.post(c, "/login", url.Values{"email": {email}, "password": {pw}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login/tweede-stap" {
		e.t.Fatalf("first step for %s: %d %s", email, res.StatusCode, res.Header.Get("Location"))
	}
	if res := e.post(c, "/login/tweede-stap", url.Values{"code": {code}}); res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("second step for %s: %d", email, res.StatusCode)
	}
	_, page := e.get(c, "/")
	return c, page
}

// TestAdminResetCannotBecomeTheMember runs with `serve`'s settings (second
// factor required). An administrator who resets a member's password gets a
// code, not a password; using it gives a new password but no way past the
// member's second factor, so the administrator still cannot read the case.
func TestAdminResetCannotBecomeTheMember(t *testing.T) {
	e := newEnvRequiring(t)
	ctx := context.Background()
	caseID := e.demoCaseID()
	member := e.user("hulpverlener@demo.test")
	adminHash, _ := testenv.HashPassword(demo.Password)
	admin := &rotonde.User{Email: "beheer-wijkteam@demo.test", Name: "Wim Beheer", Role: rotonde.RoleAdministrator, OrgID: member.OrgID}
	if err := e.db.Users.CreateUser(ctx, nil, admin, adminHash); err != nil {
		t.Fatal(err)
	}
	// Both have a second factor, as `serve` demands before anything else.
	_, memberCodes := e.enrolTOTP(e.login("hulpverlener@demo.test"))
	adminClient := e.login(admin.Email)
	e.enrolTOTP(adminClient)
	tok, tokHash := web.NewToken("rtd_")
	if err := e.db.Sessions.CreateAPIToken(ctx, member, &rotonde.APIToken{Name: "script", ExpiresAt: time.Now().Add(time.Hour)}, tokHash); err != nil {
		t.Fatal(err)
	}

	res := e.post(adminClient, "/beheer/gebruikers/"+itoa(member.ID)+"/wachtwoord-herstellen", nil)
	page := body(t, res)
	m := resetCodeRe.FindStringSubmatch(page)
	if res.StatusCode != 200 || m == nil || !strings.Contains(page, "/wachtwoord-kiezen?code="+m[1]) {
		t.Fatalf("reset: %d, no code shown", res.StatusCode)
	}
	code := m[1]
	// The old password is gone, and so are the member's token and sessions.
	if res := e.post(e.client(), "/login", url.Values{"email": {member.Email}, "password": {demo.Password}}); res.StatusCode != 401 {
		t.Errorf("old password after reset: %d", res.StatusCode)
	}
	if status := e.bearer(tok); status != 401 {
		t.Errorf("token after reset: %d", status)
	}
	// The administrator uses the code (typed loosely) and picks a password.
	holder := e.client()
	if res, page := e.get(holder, "/wachtwoord-kiezen?code="+code); res.StatusCode != 200 || !strings.Contains(page, `value="`+code+`"`) {
		t.Errorf("reset form: %d", res.StatusCode)
	}
	chosen := "door de beheerder gekozen"
	loose := strings.ToLower(strings.ReplaceAll(code, "-", " "))
	if res := e.post(holder, "/wachtwoord-kiezen", url.Values{"code": {loose}, "new": {chosen}, "repeat": {chosen}}); res.StatusCode != 200 {
		t.Fatalf("choose password: %d", res.StatusCode)
	}
	// The code works once.
	if res := e.post(holder, "/wachtwoord-kiezen", url.Values{"code": {code}, "new": {"nog een ander wachtwoord"}, "repeat": {"nog een ander wachtwoord"}}); res.StatusCode != 401 {
		t.Errorf("code used twice: %d", res.StatusCode)
	}
	// The new password leads only to the member's second factor.
	res = e.post(holder, "/login", url.Values{"email": {member.Email}, "password": {chosen}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login/tweede-stap" {
		t.Fatalf("login with chosen password: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	for _, path := range []string{"/casussen/" + itoa(caseID), "/casussen/" + itoa(caseID) + "/tijdlijn"} {
		if res, _ := e.get(holder, path); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("%s with the member's password only: %d", path, res.StatusCode)
		}
		if res, _ := e.get(adminClient, path); res.StatusCode != 404 {
			t.Errorf("%s as the administrator: %d", path, res.StatusCode)
		}
	}
	if res := e.post(holder, "/login/tweede-stap", url.Values{"code": {"000000"}}); res.StatusCode != 401 {
		t.Errorf("guessed second factor: %d", res.StatusCode)
	}
	// The factor survived the reset: the member gets in with it, and the
	// first page says who reset the password and when — once.
	f, err := e.db.Identity.SecondFactors(ctx, member.ID)
	if err != nil || !f.TOTP || f.RecoveryLeft != 10 {
		t.Errorf("second factor after reset: %+v %v", f, err)
	}
	mc, page := e.loginWithRecoveryCode(member.Email, chosen, memberCodes[0])
	if !strings.Contains(page, "wachtwoord hersteld door een beheerder") || !strings.Contains(page, "door Wim Beheer") || !strings.Contains(page, "herstelcode gemaakt") {
		t.Errorf("no notice of the reset on the first page")
	}
	if _, page := e.get(mc, "/"); strings.Contains(page, "wachtwoord hersteld door een beheerder") {
		t.Errorf("notice shown twice")
	}
	if res, _ := e.get(mc, "/casussen/"+itoa(caseID)); res.StatusCode != 200 {
		t.Errorf("member reads the case: %d", res.StatusCode)
	}
	if v, err := e.db.Audit.VerifyAudit(ctx); err != nil || v.BrokenSeq != 0 {
		t.Errorf("chain after security events: %+v %v", v, err)
	}
}

func TestResetCodeExpiresAndIsThrottled(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	member := e.user("facilitator@demo.test")
	code, hash := rotonde.NewPasswordResetCode()
	if _, err := e.db.Security.CreatePasswordReset(ctx, nil, member.ID, hash); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Writer().Exec(`UPDATE password_resets SET expires_at = ?`, time.Now().Add(-time.Minute).UTC()); err != nil {
		t.Fatal(err)
	}
	pw := url.Values{"code": {code}, "new": {"een nieuw wachtwoord"}, "repeat": {"een nieuw wachtwoord"}}
	res := e.post(e.client(), "/wachtwoord-kiezen", pw)
	if page := body(t, res); res.StatusCode != 401 || !strings.Contains(page, "verlopen") {
		t.Errorf("expired code: %d", res.StatusCode)
	}
	// Wrong codes count against the client address like wrong passwords.
	c := e.client()
	status := 0
	for i := 0; i < rotonde.AddressThrottle.Threshold+1; i++ {
		bad := url.Values{"code": {"AAAA-BBBB-CCCC-DDDD-EEEE"}, "new": {"een nieuw wachtwoord"}, "repeat": {"een nieuw wachtwoord"}}
		status = e.post(c, "/wachtwoord-kiezen", bad).StatusCode
	}
	if status != http.StatusTooManyRequests {
		t.Errorf("after %d wrong codes: %d", rotonde.AddressThrottle.Threshold+1, status)
	}
}

// TestTokensDieWithTheAccount: a personal access token stops working when an
// administrator disables the account, ends its sessions or resets its
// password, and stays dead when the account is enabled again.
func TestTokensDieWithTheAccount(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	u := e.user("facilitator@demo.test")
	admin := e.login("beheer@demo.test")
	newToken := func() string {
		tok, hash := web.NewToken("rtd_")
		if err := e.db.Sessions.CreateAPIToken(ctx, u, &rotonde.APIToken{Name: "script", ExpiresAt: time.Now().Add(time.Hour)}, hash); err != nil {
			t.Fatal(err)
		}
		if status := e.bearer(tok); status != 200 {
			t.Fatalf("fresh token: %d", status)
		}
		return tok
	}
	check := func(what, tok string) {
		t.Helper()
		if status := e.bearer(tok); status != 401 {
			t.Errorf("token after %s: %d", what, status)
		}
	}
	tok := newToken()
	if res := e.post(admin, "/beheer/gebruikers/"+itoa(u.ID)+"/blokkeren", confirm(nil)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.StatusCode)
	}
	check("disable", tok)
	if res := e.post(admin, "/beheer/gebruikers/"+itoa(u.ID)+"/deblokkeren", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable: %d", res.StatusCode)
	}
	check("disable and enable", tok)
	tok = newToken()
	if res := e.post(admin, "/beheer/gebruikers/"+itoa(u.ID)+"/sessies-beeindigen", confirm(nil)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("end sessions: %d", res.StatusCode)
	}
	check("ending the sessions", tok)
	tok = newToken()
	if res := e.post(admin, "/beheer/gebruikers/"+itoa(u.ID)+"/wachtwoord-herstellen", nil); res.StatusCode != 200 {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	check("a reset", tok)
	// Each of these is in the security log, about the facilitator, by the administrator.
	events, err := e.db.Security.OwnSecurityEvents(ctx, u, rotonde.SecurityQuery{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{rotonde.SecurityPasswordReset, rotonde.SecuritySessionsEnded, rotonde.SecurityAccount, rotonde.SecurityAccount}
	if len(events) != len(want) {
		t.Fatalf("security events: %d, want %d", len(events), len(want))
	}
	for i, ev := range events {
		if ev.Part != want[i] || ev.SubjectID != u.ID || ev.UserName != "Beheer Rotonde" || ev.CaseID != 0 {
			t.Errorf("event %d: %s subject %d by %q", i, ev.Part, ev.SubjectID, ev.UserName)
		}
	}
}

// TestSecurityLogPages: the system administrator reads every event, each
// user their own on /account; a login shows a single sign-on change of the
// user's organisation, made by someone else, once.
func TestSecurityLogPages(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	fac := e.user("facilitator@demo.test")
	prof := e.user("hulpverlener@demo.test")
	// The facilitator makes and revokes a token; that is their own event.
	fc := e.login("facilitator@demo.test")
	if res := e.post(fc, "/account/tokens", url.Values{"name": {"rapportage"}, "days": {"30"}}); res.StatusCode != http.StatusCreated {
		t.Fatalf("token: %d", res.StatusCode)
	}
	if _, page := e.get(fc, "/account"); !strings.Contains(page, "token gemaakt: rapportage, 30 dagen geldig") {
		t.Errorf("own event missing on /account")
	}
	// Someone else's own events are not on the facilitator's page.
	pc := e.login("hulpverlener@demo.test")
	if _, page := e.get(pc, "/account"); strings.Contains(page, "rapportage") {
		t.Errorf("another user's event on /account")
	}
	// A single sign-on change of the facilitator's organisation, made by someone else.
	sso := &rotonde.AuditEntry{Action: rotonde.AuditUpdate, Part: rotonde.SecuritySSO, UserID: prof.ID, OrgID: fac.OrgID,
		Outcome: rotonde.AuditAllowed, Detail: "issuer gewijzigd"}
	other := &rotonde.AuditEntry{Action: rotonde.AuditUpdate, Part: rotonde.SecuritySSO, UserID: prof.ID, OrgID: prof.OrgID,
		Outcome: rotonde.AuditAllowed, Detail: "andere organisatie"}
	if err := e.db.Audit.AppendAudit(ctx, sso, other); err != nil {
		t.Fatal(err)
	}
	c := e.login("facilitator@demo.test")
	if _, page := e.get(c, "/"); !strings.Contains(page, "single sign-on van de organisatie gewijzigd (issuer gewijzigd), door Sanne Bakker") ||
		strings.Contains(page, "andere organisatie") || strings.Contains(page, "token gemaakt") {
		t.Errorf("login notice wrong: %q", between(page, "security-notice", "</div>"))
	}
	if _, page := e.get(c, "/"); strings.Contains(page, "issuer gewijzigd") {
		t.Errorf("notice shown twice")
	}
	if _, page := e.get(e.login("facilitator@demo.test"), "/"); strings.Contains(page, "issuer gewijzigd") {
		t.Errorf("notice shown again at the next login")
	}
	// The system administrator sees all of it; others are refused.
	res, page := e.get(e.login("beheer@demo.test"), "/beheer/beveiligingslog")
	if res.StatusCode != 200 || !strings.Contains(page, "rapportage") || !strings.Contains(page, "andere organisatie") || !strings.Contains(page, "issuer gewijzigd") {
		t.Errorf("system administrator's security log: %d", res.StatusCode)
	}
	if res, _ := e.get(e.login("bestuurder@demo.test"), "/beheer/beveiligingslog"); res.StatusCode != 403 {
		t.Errorf("administrator reads the security log: %d", res.StatusCode)
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// bearer asks the API for the case list with a personal access token and returns the status.
func (e *env) bearer(tok string) int {
	e.t.Helper()
	res := e.do(http.DefaultClient, http.MethodGet, "/api/v1/cases", nil, "Authorization", "Bearer "+tok)
	res.Body.Close()
	return res.StatusCode
}

// TestAccountChangesAreSecurityEvents: each change to how someone logs in
// writes an event about that account, with no secret in it.
func TestAccountChangesAreSecurityEvents(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	u := e.user("facilitator@demo.test")
	c := e.login("facilitator@demo.test")
	secret, codes := e.enrolTOTP(c)
	res := e.post(c, "/account/totp/herstelcodes", nil)
	renewed := codeRe.FindAllStringSubmatch(body(t, res), -1)
	if res.StatusCode != 200 || len(renewed) != 10 {
		t.Fatalf("new recovery codes: %d", res.StatusCode)
	}
	if res := e.post(c, "/account/totp/verwijderen", confirm(nil)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove TOTP: %d", res.StatusCode)
	}
	pk := &rotonde.Passkey{UserID: u.ID, CredentialID: "cred-1", Name: "sleutel", Data: "{}", CreatedAt: time.Now()}
	if err := e.db.Passkeys.AddPasskey(ctx, pk); err != nil {
		t.Fatal(err)
	}
	if res := e.post(c, "/account/passkeys/"+itoa(pk.ID)+"/verwijderen", confirm(nil)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove passkey: %d", res.StatusCode)
	}
	res = e.post(c, "/account/tokens", url.Values{"name": {"export"}, "days": {"7"}})
	token := regexp.MustCompile(`rtd_[A-Za-z0-9_-]+`).FindString(body(t, res))
	if res.StatusCode != http.StatusCreated || token == "" {
		t.Fatalf("token: %d", res.StatusCode)
	}
	toks, err := e.db.Identity.APITokens(ctx, u)
	if err != nil || len(toks) != 1 {
		t.Fatalf("tokens: %v %v", toks, err)
	}
	if res := e.post(c, "/account/tokens/"+itoa(toks[0].ID)+"/intrekken", confirm(nil)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	newPw := "een heel nieuw wachtwoord"
	if res := e.post(c, "/account/wachtwoord", url.Values{"current": {demo.Password}, "new": {newPw}, "repeat": {newPw}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change password: %d", res.StatusCode)
	}
	sys := e.login("beheer@demo.test")
	if res := e.breakGlass(sys, e.demoCaseID(), "Melding van acute onveiligheid, casushouder onbereikbaar"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("break-glass: %d", res.StatusCode)
	}

	events, err := e.db.Security.OwnSecurityEvents(ctx, u, rotonde.SecurityQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(events) - 1; i >= 0; i-- {
		ev := events[i]
		got = append(got, strings.TrimPrefix(ev.Part, rotonde.SecurityPartPrefix)+": "+ev.Detail)
		if ev.SubjectID != u.ID || ev.UserID != u.ID || ev.CaseID != 0 || ev.Address == "" {
			t.Errorf("event %s: subject %d, by %d, case %d, address %q", ev.Part, ev.SubjectID, ev.UserID, ev.CaseID, ev.Address)
		}
		for _, secretText := range []string{secret, newPw, demo.Password, codes[0], renewed[0][1], token} {
			if strings.Contains(ev.Detail, secretText) {
				t.Errorf("event %s holds a secret", ev.Part)
			}
		}
	}
	want := []string{
		"tweede-factor: authenticator-app toegevoegd; herstelcodes gemaakt",
		"tweede-factor: nieuwe herstelcodes gemaakt",
		"tweede-factor: authenticator-app verwijderd",
		"tweede-factor: passkey verwijderd",
		"token: token gemaakt: export, 7 dagen geldig",
		"token: token #" + itoa(toks[0].ID) + " ingetrokken",
		"wachtwoord-gewijzigd: wachtwoord gewijzigd; andere sessies beëindigd",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	all, err := e.db.Security.SecurityEvents(ctx, mustUser(t, e, "beheer@demo.test"), rotonde.SecurityQuery{Limit: 1})
	if err != nil || len(all) != 1 || all[0].Part != rotonde.SecurityBreakGlass || !strings.Contains(all[0].Detail, "noodtoegang tot casus "+itoa(e.demoCaseID())) {
		t.Errorf("break-glass event: %+v %v", all, err)
	}
}

func mustUser(t *testing.T, e *env, email string) *rotonde.User {
	t.Helper()
	u, _, err := e.db.Users.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
