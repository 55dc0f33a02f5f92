package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
	"github.com/rotonde-jeugd/rotonde/web"
)

// TestBrowserTOTPEnrolmentAndLogin: with a second factor required, a
// facilitator sets up an authenticator app, logs out, logs in with password
// and code, and reaches the case. axe checks every new page on the way.
func TestBrowserTOTPEnrolmentAndLogin(t *testing.T) {
	e := newEnvRequiring(t)
	casePath := "/casussen/" + itoa(e.demoCaseID())
	ctx := browsertest.Tab(t, browsertest.New(t), 120*time.Second)
	check := func(name string) { t.Helper(); browsertest.CheckPage(t, ctx, name) }
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("text %s: %v", sel, err)
		}
		return s
	}

	// Password only: the server sends the user to set up a second factor.
	loginUntil(t, ctx, e.srv.URL, "facilitator@demo.test", chromedp.WaitVisible(chromedp.ID("instellen")))
	check("enrolment required")
	if err := chromedp.Do(ctx,
		chromedp.Click(`form[action="/account/totp/nieuw"] button`),
		chromedp.WaitVisible(chromedp.ID("totp-secret")),
	); err != nil {
		t.Fatal(err)
	}
	check("enrolment with QR code")
	secret := strings.TrimSpace(text("#totp-secret"))
	code, err := web.TOTPCode(secret, web.TOTPStep(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("totp-code"), code),
		chromedp.Click(`form[action="/account/totp/bevestigen"] button`),
		chromedp.WaitVisible(chromedp.ID("codes-h")),
	); err != nil {
		t.Fatal(err)
	}
	check("recovery codes")
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('ul.codes code').length`)); n != 10 {
		t.Errorf("%d recovery codes shown", n)
	}
	// The account page, in the state after enrolment.
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/account"), chromedp.WaitVisible(chromedp.ID("sessies"))); err != nil {
		t.Fatal(err)
	}
	check("account")
	if m := text("main"); !strings.Contains(m, "deze sessie") && !strings.Contains(m, "this session") {
		t.Error("account page does not mark this session")
	}

	// Log out, log in again: password, then the code of the next time step
	// (the current one was spent on the set-up).
	if err := chromedp.Do(ctx,
		chromedp.Click(`form[action="/uitloggen"] button`),
		chromedp.WaitVisible(chromedp.ID("email")),
		fillLogin("facilitator@demo.test", demo.Password),
		chromedp.WaitVisible(chromedp.ID("code")),
	); err != nil {
		t.Fatalf("second login: %v", err)
	}
	check("second step")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("code"), "000000"),
		chromedp.Click(`button.primary`),
		chromedp.WaitVisible(`.alert`),
	); err != nil {
		t.Fatal(err)
	}
	check("second step error")
	next, _ := web.TOTPCode(secret, web.TOTPStep(time.Now())+1)
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("code"), next),
		chromedp.Click(`button.primary`),
		chromedp.WaitVisible(chromedp.ID("cases-h")),
		chromedp.Click(`//a[normalize-space()="Noor (15)"]`),
		chromedp.WaitVisible(chromedp.ID("leden")),
	); err != nil {
		t.Fatalf("login with code: %v", err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.HasSuffix(loc, casePath) || text("h1") != "Noor (15)" {
		t.Errorf("at %s, heading %q", loc, text("h1"))
	}
}
