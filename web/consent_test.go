package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Holding an invitation link is not enough to join as someone else: the new
// account gets the invited address, and someone logged in with another
// address cannot take the invitation at all.
func TestInvitationAccountCarriesTheInvitedAddress(t *testing.T) {
	e, id, _ := newDemoCase(t)
	ctx := context.Background()
	owner := e.login("hulpverlener@demo.test")
	token := e.invite(owner, id, url.Values{"name": {"oma (m)"}, "email": {"oma@gezin.test"}, "role": {"family"}, "days": {"7"}})

	// The form does not let the holder choose an address.
	_, page := e.get(e.client(), "/uitnodiging/"+token)
	if !strings.Contains(page, `readonly`) || !strings.Contains(page, `value="oma@gezin.test"`) {
		t.Error("the invitation form lets the holder choose the e-mail address")
	}
	// Someone logged in with another address: refused, nothing created.
	other := e.login("ggz@demo.test")
	if _, page := e.get(other, "/uitnodiging/"+token); strings.Contains(page, `name="password"`) {
		t.Error("a user logged in with another address is offered the new-account form")
	}
	pw := "zon en zee en zand"
	if res := e.post(other, "/uitnodiging/"+token, url.Values{"name": {"Oma"}, "email": {"oma@gezin.test"}, "password": {pw}, "password2": {pw}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("logged-in user with another address makes the invited account: %d", res.StatusCode)
	}
	if _, _, err := e.db.Users.UserByEmail(ctx, "oma@gezin.test"); err == nil {
		t.Fatal("a logged-in user with another address made the invited account")
	}
	// Anyone holding the link who types another address still gets the invited one.
	res := e.post(e.client(), "/uitnodiging/"+token, url.Values{"name": {"Oma"}, "email": {"indringer@elders.test"}, "password": {pw}, "password2": {pw}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.StatusCode)
	}
	if _, _, err := e.db.Users.UserByEmail(ctx, "indringer@elders.test"); err == nil {
		t.Error("the invitation made an account with an address of the holder's choosing")
	}
	if u, _, err := e.db.Users.UserByEmail(ctx, "oma@gezin.test"); err != nil || u.Name != "Oma" {
		t.Errorf("invited account: %+v %v", u, err)
	}
}

// An observer reads the case on screen: no export links, and each export
// refused with the same answer as the dossier.
func TestObserverSeesNoExportLinks(t *testing.T) {
	e, id, base := newDemoCase(t)
	if err := e.db.Cases.AddMember(context.Background(), e.user("hulpverlener@demo.test"), id, "onderzoeker@demo.test", "observer"); err != nil {
		t.Fatal(err)
	}
	obs, prof := e.login("onderzoeker@demo.test"), e.login("ggz@demo.test")
	for page, links := range map[string][]string{
		base:               {base + "/dossier.pdf"},
		base + "/tijdlijn": {base + "/tijdlijn.svg", base + "/tijdlijn.csv"},
		base + "/genogram": {base + "/genogram.svg", base + "/genogram.ged"},
	} {
		res, html := e.get(obs, page)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("observer opens %s: %d", page, res.StatusCode)
		}
		_, proHTML := e.get(prof, page)
		for _, link := range links {
			if strings.Contains(html, `href="`+link) {
				t.Errorf("observer sees the export link %s on %s", link, page)
			}
			if !strings.Contains(proHTML, `href="`+link) {
				t.Errorf("professional lacks the export link %s on %s", link, page)
			}
			if res, _ := e.get(obs, link); res.StatusCode != http.StatusForbidden {
				t.Errorf("observer exports %s: %d, want 403", link, res.StatusCode)
			}
			if res, _ := e.get(prof, link); res.StatusCode != http.StatusOK {
				t.Errorf("professional exports %s: %d", link, res.StatusCode)
			}
		}
	}
}
