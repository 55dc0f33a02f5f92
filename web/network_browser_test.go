package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// A policy officer and an administrator open the network view in the
// browser, from the menu, at a phone's width, in Dutch and in English; the
// pages pass axe and do not scroll sideways. A case owner's barriers and
// stories pages pass axe too.
func TestBrowserNetworkView(t *testing.T) {
	e := newEnv(t)
	region, second := e.demoRegion()
	browser := browsertest.New(t)
	for _, who := range []string{"beleid@demo.test", "bestuurder@demo.test"} {
		ctx := browsertest.Tab(t, browser, 180*time.Second)
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
			t.Fatal(err)
		}
		browserLogin(t, ctx, e.srv.URL, who)
		if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('nav a[href="/netwerk"]').length`)); err != nil || n != 1 {
			t.Fatalf("%s: the menu has %d links to the network view (%v)", who, n, err)
		}
		if err := chromedp.Do(ctx,
			chromedp.Navigate(e.srv.URL+"/netwerk"),
			chromedp.WaitVisible(fmt.Sprintf(`a[href="/netwerk/regio/%d"]`, region)),
			chromedp.Click(fmt.Sprintf(`a[href="/netwerk/regio/%d"]`, region)),
			chromedp.WaitVisible(`#ov-phase`),
		); err != nil {
			t.Fatalf("%s: %v", who, err)
		}
		main, _ := chromedp.Run(ctx, chromedp.Text(`main`))
		if !strings.Contains(main, "Gemeente Eikenrode") || !strings.Contains(main, "<10") || strings.Contains(main, "Noor") {
			t.Errorf("%s: region view text %q", who, main)
		}
		noSideways := func(page string) {
			t.Helper()
			w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			if err != nil || w > 360 {
				t.Errorf("%s: %s is %d px wide at 360 px", who, page, w)
			}
		}
		browsertest.CheckPage(t, ctx, who+" region view")
		noSideways("region view")
		if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/netwerk/gemeente/%d", e.srv.URL, second)), chromedp.WaitVisible(`#ov-phase`)); err != nil {
			t.Fatal(err)
		}
		browsertest.CheckPage(t, ctx, who+" municipality view")
		noSideways("municipality view")
		if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/verhalen"), chromedp.WaitVisible(`ul.stories`)); err != nil {
			t.Fatal(err)
		}
		browsertest.CheckPage(t, ctx, who+" stories")
		if err := chromedp.Do(ctx, chromedp.Click(`ul.stories a`), chromedp.WaitVisible(`.story-body`)); err != nil {
			t.Fatal(err)
		}
		browsertest.CheckPage(t, ctx, who+" story")
		browserLogout(t, ctx) // the tabs of one browser share their cookies
	}
	// In English.
	ctx := browsertest.Tab(t, browser, 180*time.Second)
	browserLogin(t, ctx, e.srv.URL, "beleid@demo.test")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`fetch('/taal', {method: 'POST', credentials: 'same-origin', body: new URLSearchParams({lang: 'en'})}).then(r => r.status)`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/netwerk/regio/%d", e.srv.URL, region)), chromedp.WaitVisible(`#ov-phase`)); err != nil {
		t.Fatal(err)
	}
	if h, _ := chromedp.Run(ctx, chromedp.Text(`#ov-phase`)); h != "Cases by phase" {
		t.Errorf("English heading %q", h)
	}
	browsertest.CheckPage(t, ctx, "region view (en)")
	browserLogout(t, ctx)

	owner := browsertest.Tab(t, browser, 180*time.Second)
	browserLogin(t, owner, e.srv.URL, "hulpverlener@demo.test")
	base := fmt.Sprintf("%s/casussen/%d", e.srv.URL, e.demoCaseID())
	for _, p := range []string{"/randvoorwaarden", "/verhalen", ""} {
		if err := chromedp.Do(owner, chromedp.Navigate(base+p), chromedp.WaitVisible(`h1`)); err != nil {
			t.Fatal(err)
		}
		browsertest.CheckPage(t, owner, "case"+p)
	}
}
