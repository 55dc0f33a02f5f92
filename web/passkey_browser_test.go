package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// TestBrowserPasskey: with a second factor required, a facilitator registers
// a passkey (Chromium's virtual authenticator) as her only factor, logs out,
// logs in with password + passkey and reaches the case; then logs in with
// the passkey alone. axe checks the pages on the way.
func TestBrowserPasskey(t *testing.T) {
	e := newEnvRequiring(t)
	// A passkey is bound to a domain name; an IP address is no valid relying party ID.
	base := strings.Replace(e.srv.URL, "127.0.0.1", "localhost", 1)
	casePath := "/casussen/" + itoa(e.demoCaseID())
	ctx := browsertest.Tab(t, browsertest.New(t), 120*time.Second)
	check := func(name string) { t.Helper(); browsertest.CheckPage(t, ctx, name) }
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/login")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
		t.Fatalf("webauthn domain: %v", err)
	}
	if _, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
		Options: &webauthn.VirtualAuthenticatorOptions{
			Protocol: webauthn.AuthenticatorProtocolCtap2, Transport: webauthn.AuthenticatorTransportInternal,
			HasResidentKey: true, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true,
		}}); err != nil {
		t.Fatalf("virtual authenticator: %v", err)
	}
	check("login with passkey button")
	passwordLogin := chromedp.Steps(
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "facilitator@demo.test"),
		chromedp.SendKeys(chromedp.ID("password"), "demo-rotonde"),
		chromedp.Click(`form[action="/login"] button.primary`),
	)
	// Password only: sent to set up a second factor; a passkey will do.
	if err := chromedp.Do(ctx, passwordLogin, chromedp.WaitVisible(chromedp.ID("passkey-name"))); err != nil {
		t.Fatalf("login to enrolment: %v", err)
	}
	check("factor page with passkey form")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("passkey-name"), "laptop werk"),
		chromedp.Click(`form[data-passkey="register"] button`),
		chromedp.WaitVisible(`//td[normalize-space()="laptop werk"]`),
	); err != nil {
		t.Fatalf("register passkey: %v", err)
	}
	check("factor page with a passkey")
	n, err := e.db.Passkeys.Passkeys(context.Background(), facilitatorID(t, e))
	if err != nil || len(n) != 1 {
		t.Fatalf("stored passkeys: %d %v", len(n), err)
	}
	// The passkey counts as the required factor: the start page is reachable.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("cases-h"))); err != nil {
		t.Fatalf("start page after enrolment: %v", err)
	}

	// Log out; password, then the passkey as second step.
	if err := chromedp.Do(ctx,
		chromedp.Click(`form[action="/uitloggen"] button`),
		passwordLogin,
		chromedp.WaitVisible(chromedp.ID("passkey-second")),
	); err != nil {
		t.Fatalf("second login: %v", err)
	}
	check("second step with passkey")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("passkey-second")),
		chromedp.WaitVisible(chromedp.ID("cases-h")),
		chromedp.Click(`//a[normalize-space()="Noor (15)"]`),
		chromedp.WaitVisible(chromedp.ID("leden")),
	); err != nil {
		t.Fatalf("login with passkey as second step: %v", err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.HasSuffix(loc, casePath) {
		t.Errorf("at %s, want the case", loc)
	}

	// Log out; the passkey alone (discoverable, user verified).
	if err := chromedp.Do(ctx,
		chromedp.Click(`form[action="/uitloggen"] button`),
		chromedp.WaitVisible(chromedp.ID("passkey-login")),
		chromedp.Click(chromedp.ID("passkey-login")),
		chromedp.WaitVisible(chromedp.ID("cases-h")),
	); err != nil {
		t.Fatalf("login with passkey only: %v", err)
	}
	ps, _ := e.db.Passkeys.Passkeys(context.Background(), facilitatorID(t, e))
	if len(ps) != 1 || ps[0].LastUsedAt.IsZero() {
		t.Errorf("passkey use not recorded: %+v", ps)
	}
}

func facilitatorID(t *testing.T, e *env) int64 {
	t.Helper()
	u, _, err := e.db.Users.UserByEmail(context.Background(), "facilitator@demo.test")
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}
