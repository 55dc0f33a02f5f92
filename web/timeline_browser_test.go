package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// A facilitator opens the demo case, sees the dream at the top, opens the
// timeline, filters by an organisation, opens the signals and follows a
// link to an event behind one. axe finds nothing on any of these pages.
func TestBrowserTimelineDreamAndSignals(t *testing.T) {
	e := newEnv(t)
	ctx := browsertest.Tab(t, browsertest.New(t), 120*time.Second)
	axe := func(name string) { t.Helper(); browsertest.CheckPage(t, ctx, name) }
	browserLogin(t, ctx, e.srv.URL, "facilitator@demo.test")
	if err := chromedp.Do(ctx,
		chromedp.Click(`//a[normalize-space()="Noor (15)"]`),
		chromedp.WaitVisible(chromedp.ID("droom-h")),
	); err != nil {
		t.Fatal(err)
	}
	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main section.card h2').id`))
	if err != nil || first != "droom-h" {
		t.Errorf("first section on the case page is %q, want the dream (%v)", first, err)
	}
	axe("case")

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav.case-nav a[href$="/tijdlijn"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#tekening svg`)),
	); err != nil {
		t.Fatal(err)
	}
	count := `document.querySelectorAll('ol.events > li').length`
	all, _ := chromedp.Run(ctx, chromedp.Evaluate[int](count))
	if all < 60 {
		t.Errorf("timeline lists %d events", all)
	}
	axe("timeline")
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-org"), "Crisisopvang De Haven"),
		chromedp.Click(chromedp.CSS(`form.row button[type=submit]`)),
	); err != nil {
		t.Fatal(err)
	}
	// Wait for the filtered page itself: links on the old page match too.
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		ready, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === "complete"`))
		if strings.Contains(loc, "organisatie=") && ready {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the filtered timeline did not load: %s", loc)
		}
	}
	filtered, _ := chromedp.Run(ctx, chromedp.Evaluate[int](count))
	if filtered == 0 || filtered >= all {
		t.Errorf("filter by organisation: %d of %d events", filtered, all)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "organisatie=Crisisopvang") {
		t.Errorf("filter not in the address: %s", loc)
	}
	axe("timeline filtered")

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav.case-nav a[href$="/signalen"]`)),
		chromedp.WaitVisible(chromedp.ID("sig-placements")),
	); err != nil {
		t.Fatal(err)
	}
	axe("signals")
	link := `section[aria-labelledby="sig-placements"] a[href*="#ev-"]`
	target, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const a = document.querySelector('`+link+`'); return a ? a.getAttribute('href') : ''; })()`))
	if err != nil || target == "" {
		t.Fatalf("no event link behind the placements signal (%v)", err)
	}
	anchor := target[strings.Index(target, "#")+1:]
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(link)),
		chromedp.WaitVisible(chromedp.ID(anchor)),
	); err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	visible, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const r = document.getElementById('`+anchor+`').getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; })()`))
	if !strings.HasSuffix(loc, "#"+anchor) || !visible {
		t.Errorf("followed %s, at %s, event in view: %v", target, loc, visible)
	}
	axe("timeline filtered to a signal")

	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/casussen/"+itoa(e.demoCaseID())+"/droom"), chromedp.WaitVisible(chromedp.ID("kind-h"))); err != nil {
		t.Fatal(err)
	}
	axe("dream")
}
