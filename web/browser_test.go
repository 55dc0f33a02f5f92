package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// browserLogin logs in through the real login form.
func browserLogin(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	loginUntil(t, ctx, base, email, chromedp.WaitVisible(chromedp.ID("cases-h")))
}

// loginUntil logs in with the demo password through the real login form
// and waits with then for the page it leads to.
func loginUntil(t *testing.T, ctx context.Context, base, email string, then chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/login"), fillLogin(email, demo.Password), then); err != nil {
		t.Fatalf("login %s: %v", email, err)
	}
}

// fillLogin types email and pw into the login form on the page and sends it.
func fillLogin(email, pw string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), pw),
		chromedp.Click(`button.primary`),
	)
}

// browserLogout logs out with the button in the header and waits for the login form.
func browserLogout(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(`form[action="/uitloggen"] button`), chromedp.WaitVisible(chromedp.ID("email"))); err != nil {
		t.Fatal(err)
	}
}

// fetchStatus asks the browser itself (with its cookies) for a URL's status.
func fetchStatus(t *testing.T, ctx context.Context, path string) int {
	t.Helper()
	status, err := chromedp.Run(ctx, chromedp.Evaluate[int](`fetch(`+"`"+path+"`"+`, {credentials: 'same-origin'}).then(r => r.status)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return status
}

func TestBrowserMemberOpensCaseAdministratorCannot(t *testing.T) {
	e := newEnv(t)
	browser := browsertest.New(t)
	casePath := "/casussen/" + itoa(e.demoCaseID())

	t.Run("facilitator", func(t *testing.T) {
		ctx, cancel := chromedp.NewContext(browser)
		defer cancel()
		ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
		defer cancelT()
		browserLogin(t, ctx, e.srv.URL, "facilitator@demo.test")
		if err := chromedp.Do(ctx,
			chromedp.Click(`//a[normalize-space()="Noor (15)"]`),
			chromedp.WaitVisible(chromedp.ID("leden")),
		); err != nil {
			t.Fatal(err)
		}
		h1, err := chromedp.Run(ctx, chromedp.Text(`h1`))
		if err != nil || h1 != "Noor (15)" {
			t.Fatalf("case heading %q, %v", h1, err)
		}
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		if !strings.HasSuffix(loc, casePath) {
			t.Errorf("at %s, want %s", loc, casePath)
		}
		if st := fetchStatus(t, ctx, casePath); st != 200 {
			t.Errorf("member fetch status %d", st)
		}
	})

	t.Run("administrator", func(t *testing.T) {
		// A browser of their own: tabs of one browser share cookies.
		ctx, cancel := chromedp.NewContext(browsertest.New(t))
		defer cancel()
		ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
		defer cancelT()
		browserLogin(t, ctx, e.srv.URL, "bestuurder@demo.test")
		main, err := chromedp.Run(ctx, chromedp.Text(`main`))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(main, "Noor") {
			t.Errorf("administrator's start page lists the case: %q", main)
		}
		if st := fetchStatus(t, ctx, casePath); st != 404 {
			t.Errorf("administrator fetches the case URL: status %d, want 404", st)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+casePath)); err != nil {
			t.Fatal(err)
		}
		page, _ := chromedp.Run(ctx, chromedp.Text(`main`))
		if strings.Contains(page, "Noor") || !(strings.Contains(page, "bestaat niet") || strings.Contains(page, "does not exist")) {
			t.Errorf("administrator's view of the case URL: %q", page)
		}
	})
}

// TestBrowserAccessibility runs axe-core (WCAG 2.1 A and AA) on every page of
// the shell, in Dutch and in English.
func TestBrowserAccessibility(t *testing.T) {
	e := newEnv(t)
	browser := browsertest.New(t)
	casePath := "/casussen/" + itoa(e.demoCaseID())
	ctx := browsertest.Tab(t, browser, 120*time.Second)
	check := func(name string) { t.Helper(); browsertest.CheckPage(t, ctx, name) }
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/login")); err != nil {
		t.Fatal(err)
	}
	check("login")
	// A failed login shows the error state.
	if err := chromedp.Do(ctx, fillLogin("x@demo.test", "fout"), chromedp.WaitVisible(`main > div.alert`)); err != nil {
		t.Fatal(err)
	}
	check("login error")
	browserLogin(t, ctx, e.srv.URL, "hulpverlener@demo.test")
	for _, p := range []string{"/", casePath, "/beheer/organisaties", "/bestaat-niet"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+p)); err != nil {
			t.Fatal(err)
		}
		check(p)
	}
	// Both languages, and the pages of the administrators.
	pageLang := func() string {
		l, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
		return l
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	switchLang := func() {
		t.Helper()
		before := pageLang()
		if err := chromedp.Do(ctx, chromedp.Click(`button[name=lang]`)); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(10 * time.Second); pageLang() == before; {
			if time.Now().After(deadline) {
				t.Fatalf("language switch did not change lang=%q", before)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	switchLang()
	if pageLang() != "en" {
		switchLang()
	}
	if pageLang() != "en" {
		t.Fatalf("could not switch to English")
	}
	check("home (en)")
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+casePath)); err != nil {
		t.Fatal(err)
	}
	check("case (en)")
	browserLogout(t, ctx)
	browserLogin(t, ctx, e.srv.URL, "beheer@demo.test")
	methodPage := "/beheer/organisaties/" + itoa(e.orgID("Wijkteam Lindeveld-Noord")) + "/methode"
	for _, p := range []string{"/beheer/gebruikers", "/beheer/organisaties", methodPage} {
		if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+p)); err != nil {
			t.Fatal(err)
		}
		check(p)
	}
	// The method page's preview and a refused input.
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(`#tfn-0`, "tijdlijn"),
		chromedp.SendKeys(`#ttn-0`, "patient journey"),
		chromedp.Click(`button[value=preview]`),
		chromedp.WaitVisible(chromedp.ID("preview-h")),
	); err != nil {
		t.Fatal(err)
	}
	check(methodPage + " (preview)")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+methodPage),
		chromedp.SendKeys(`#tfn-0`, "casus"),
		chromedp.Click(`button[value=save]`),
		chromedp.WaitVisible(`main > div.alert`),
	); err != nil {
		t.Fatal(err)
	}
	check(methodPage + " (refused)")
}
