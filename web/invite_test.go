package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var inviteLink = regexp.MustCompile(`/uitnodiging/([A-Za-z0-9_-]{43})<`)

// invite creates an invitation as the given member and returns its token.
func (e *env) invite(c *http.Client, caseID int64, form url.Values) string {
	e.t.Helper()
	res := e.post(c, "/casussen/"+itoa(caseID)+"/uitnodigingen", form)
	page := body(e.t, res)
	m := inviteLink.FindStringSubmatch(page)
	if res.StatusCode != http.StatusCreated || m == nil {
		e.t.Fatalf("create invitation: %d", res.StatusCode)
	}
	return m[1]
}

func TestInvitationMakesAFamilyAccount(t *testing.T) {
	e, id, _ := newDemoCase(t)
	ctx := context.Background()
	owner := e.login("hulpverlener@demo.test")
	if _, page := e.get(owner, "/casussen/"+itoa(id)); !strings.Contains(page, "Gezinslid uitnodigen") {
		t.Error("case page lacks the invitation section for the owner")
	}
	if _, page := e.get(e.login("ouder@demo.test"), "/casussen/"+itoa(id)); strings.Contains(page, "Gezinslid uitnodigen") {
		t.Error("a family member sees the invitation section")
	}
	token := e.invite(owner, id, url.Values{"name": {"oma (m)"}, "email": {"oma@gezin.test"}, "role": {"family"}, "days": {"7"}})
	// The link is not shown again on the list.
	if _, page := e.get(owner, "/casussen/"+itoa(id)+"/uitnodigingen"); strings.Contains(page, token) || !strings.Contains(page, "oma@gezin.test") {
		t.Error("open invitations page shows the token or lacks the invitation")
	}

	anon := e.client()
	res, page := e.get(anon, "/uitnodiging/"+token)
	if res.StatusCode != 200 || !strings.Contains(page, "Noor (15)") || !strings.Contains(page, `value="oma@gezin.test"`) {
		t.Fatalf("invitation page: %d", res.StatusCode)
	}
	// Bad input: clear message, nothing created.
	for _, f := range []url.Values{
		{"name": {"Oma"}, "email": {"oma@gezin.test"}, "password": {"kort"}, "password2": {"kort"}},
		{"name": {"Oma"}, "email": {"oma@gezin.test"}, "password": {"lang-genoeg-1"}, "password2": {"lang-genoeg-2"}},
		{"name": {""}, "email": {"oma@gezin.test"}, "password": {"lang-genoeg-1"}, "password2": {"lang-genoeg-1"}},
	} {
		if res := e.post(anon, "/uitnodiging/"+token, f); res.StatusCode != 422 || hasSessionCookie(res) {
			t.Errorf("bad form %v: %d", f, res.StatusCode)
		}
	}
	if _, _, err := e.db.Users.UserByEmail(ctx, "oma@gezin.test"); err == nil {
		t.Fatal("bad form created an account")
	}
	res = e.post(anon, "/uitnodiging/"+token, url.Values{"name": {"Oma"}, "email": {"oma@gezin.test"}, "password": {"zon en zee en zand"}, "password2": {"zon en zee en zand"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/casussen/"+itoa(id) || !hasSessionCookie(res) {
		t.Fatalf("accept: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res, page = e.get(anon, "/casussen/"+itoa(id))
	if res.StatusCode != 200 || !strings.Contains(page, "Noor (15)") {
		t.Errorf("new member cannot open the case: %d", res.StatusCode)
	}
	u, _, err := e.db.Users.UserByEmail(ctx, "oma@gezin.test")
	if err != nil || u.Role != "family" || u.OrgID != 0 {
		t.Errorf("new account %+v %v", u, err)
	}
	// One time only.
	res, page = e.get(e.client(), "/uitnodiging/"+token)
	if res.StatusCode != 404 || !strings.Contains(page, "al gebruikt") {
		t.Errorf("used invitation: %d", res.StatusCode)
	}
	if res := e.post(e.client(), "/uitnodiging/"+token, url.Values{"name": {"X"}, "email": {"x@gezin.test"}, "password": {"zon en zee en zand"}, "password2": {"zon en zee en zand"}}); res.StatusCode != 404 {
		t.Errorf("reuse: %d", res.StatusCode)
	}
	if _, _, err := e.db.Users.UserByEmail(ctx, "x@gezin.test"); err == nil {
		t.Error("reused invitation created an account")
	}
	// Unknown token.
	if res, page := e.get(e.client(), "/uitnodiging/bestaat-niet"); res.StatusCode != 404 || !strings.Contains(page, "bestaat niet") {
		t.Errorf("unknown invitation: %d", res.StatusCode)
	}
	// The new password works for a normal login.
	if res := e.post(e.client(), "/login", url.Values{"email": {"oma@gezin.test"}, "password": {"zon en zee en zand"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("login with the chosen password: %d", res.StatusCode)
	}
}

func TestInvitationRulesOnTheWeb(t *testing.T) {
	e, id, _ := newDemoCase(t)
	ctx := context.Background()
	path := "/casussen/" + itoa(id) + "/uitnodigingen"
	form := url.Values{"name": {"opa"}, "email": {"opa@gezin.test"}, "role": {"family"}, "days": {"7"}}
	// Members who do not manage members, and non-members, may not invite.
	for who, want := range map[string]int{"ouder@demo.test": 403, "beleid@demo.test": 404, "beheer@demo.test": 404} {
		c := e.login(who)
		if res := e.post(c, path, form); res.StatusCode != want {
			t.Errorf("%s invites: %d, want %d", who, res.StatusCode, want)
		}
		if res, _ := e.get(c, path); res.StatusCode != want {
			t.Errorf("%s lists invitations: %d, want %d", who, res.StatusCode, want)
		}
	}
	fac := e.login("facilitator@demo.test")
	for _, bad := range []url.Values{
		{"name": {"opa"}, "email": {"opa@gezin.test"}, "role": {"owner"}, "days": {"7"}},
		{"name": {"opa"}, "email": {"opa@gezin.test"}, "role": {"family"}, "days": {"31"}},
		{"name": {"opa"}, "email": {"geen-adres"}, "role": {"family"}, "days": {"7"}},
	} {
		if res := e.post(fac, path, bad); res.StatusCode != 422 {
			t.Errorf("bad invitation %v: %d", bad, res.StatusCode)
		}
	}
	// An invitation for an address that has an account: log in and accept.
	token := e.invite(fac, id, url.Values{"name": {"beleid"}, "email": {"beleid@demo.test"}, "role": {"observer"}, "days": {"3"}})
	res, page := e.get(e.client(), "/uitnodiging/"+token)
	if res.StatusCode != 200 || !strings.Contains(page, "Er is al een account") || strings.Contains(page, `name="password"`) {
		t.Errorf("invitation for an existing account: %d", res.StatusCode)
	}
	if res := e.post(e.client(), "/uitnodiging/"+token, url.Values{"name": {"X"}, "email": {"beleid@demo.test"}, "password": {"lang-genoeg-1"}, "password2": {"lang-genoeg-1"}}); res.StatusCode != 409 {
		t.Errorf("second account for a taken address: %d", res.StatusCode)
	}
	// Someone else logged in cannot take it.
	if res := e.post(e.login("ggz@demo.test"), "/uitnodiging/"+token+"/accepteren", nil); res.StatusCode != 403 {
		t.Errorf("other user accepts: %d", res.StatusCode)
	}
	pol := e.login("beleid@demo.test")
	if _, page := e.get(pol, "/uitnodiging/"+token); !strings.Contains(page, "/accepteren") {
		t.Error("invited account is not offered to accept")
	}
	if res := e.post(pol, "/uitnodiging/"+token+"/accepteren", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept as existing account: %d", res.StatusCode)
	}
	if res, _ := e.get(pol, "/casussen/"+itoa(id)); res.StatusCode != 200 {
		t.Errorf("accepted member cannot open the case: %d", res.StatusCode)
	}
	// Revoking: the link stops working.
	token2 := e.invite(fac, id, url.Values{"name": {"tante"}, "email": {"tante@gezin.test"}, "role": {"family"}, "days": {"1"}})
	fu := e.user("facilitator@demo.test")
	open, err := e.db.Invitations.OpenInvitations(ctx, fu, id)
	if err != nil || len(open) != 1 {
		t.Fatalf("open invitations: %v %v", open, err)
	}
	if res := e.post(e.login("ouder@demo.test"), path+"/"+itoa(open[0].ID)+"/intrekken", confirm(nil)); res.StatusCode != 403 {
		t.Errorf("family member revokes: %d", res.StatusCode)
	}
	if res := e.post(fac, path+"/"+itoa(open[0].ID)+"/intrekken", confirm(nil)); res.StatusCode != http.StatusSeeOther {
		t.Errorf("revoke: %d", res.StatusCode)
	}
	if res, _ := e.get(e.client(), "/uitnodiging/"+token2); res.StatusCode != 404 {
		t.Errorf("revoked invitation: %d", res.StatusCode)
	}
}
