package web_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// TestBrowserSearchOnAPhone: the search box in the navigation leads to the
// results, grouped by kind with the matches marked, on a 360×740 screen
// without anything sticking out sideways, and the pages pass axe; the
// synonyms page of an organisation's administrator too.
// (The English texts are checked by the catalogue tests.)
func TestBrowserSearchOnAPhone(t *testing.T) {
	e := newEnv(t)
	browser := browsertest.New(t)
	ctx := browsertest.Tab(t, browser, 240*time.Second)
	start := time.Now()
	step := func(what string) { t.Logf("%s after %v", what, time.Since(start).Round(time.Millisecond)) }
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	browserLogin(t, ctx, e.srv.URL, "hulpverlener@demo.test")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("nav-q"), "Noor"),
		chromedp.Submit(chromedp.ID("nav-q")),
		chromedp.WaitVisible(chromedp.CSS(`ol.search-hits`)),
	); err != nil {
		t.Fatalf("search from the navigation: %v", err)
	}
	fits := func(name string) {
		t.Helper()
		if w, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 360 {
			t.Errorf("%s is %dpx wide on a 360px screen", name, w)
		}
		shot := filepath.Join(os.TempDir(), "rotonde-search-"+name+"-360.png")
		if err := browsertest.Screenshot(ctx, shot); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", shot)
	}
	marks, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.search-hits mark').length`))
	groups, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('section.search-group').length`))
	if marks == 0 || groups < 2 {
		t.Errorf("results: %d marked matches in %d groups", marks, groups)
	}
	fits("results")
	step("results")
	browsertest.CheckPage(t, ctx, "search results at 360px")
	step("axe")

	// Nothing found, and a kind chosen in the form.
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/zoeken?q=xyzzyplugh&kind=event"), chromedp.WaitVisible(chromedp.CSS(`p.lead[role="status"]`))); err != nil {
		t.Fatal(err)
	}
	if sel, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('search-kind').value`)); sel != "event" {
		t.Errorf("kind in the form: %q", sel)
	}
	browsertest.CheckPage(t, ctx, "search without results")

	browserLogout(t, ctx)

	// An organisation's administrator keeps its synonyms.
	browserLogin(t, ctx, e.srv.URL, "bestuurder@demo.test")
	org := e.user("bestuurder@demo.test").OrgID
	if err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/beheer/organisaties/"+itoa(org)+"/synoniemen"),
		chromedp.SendKeys(chromedp.ID("syn-terms"), "OTS, ondertoezichtstelling"),
		chromedp.Submit(chromedp.ID("syn-terms")),
		chromedp.WaitVisible(chromedp.CSS(`ul.synonym-groups`)),
	); err != nil {
		t.Fatalf("add a synonym group: %v", err)
	}
	fits("synonyms")
	browsertest.CheckPage(t, ctx, "synonyms")
}
