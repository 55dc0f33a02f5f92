package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// phonePages are pages each member of the demo case must reach by following
// links, so the walk is known to cover them.
var phonePages = []string{
	"/", "/account", "/casussen/#", "/casussen/#/droom", "/casussen/#/tijdlijn", "/casussen/#/genogram",
	"/casussen/#/leercyclus", "/casussen/#/stappen", "/casussen/#/toegangslog", "/casussen/#/bijeenkomsten",
	"/bijeenkomsten/#", "/bijeenkomsten/#/verslag",
}

// TestBrowserPhoneEveryRoleEveryPage logs in as every demo role, follows
// every link to a page of Rotonde it can reach, and measures each page on a
// phone (360×740): nothing wider than the screen, no text under 12 px, tap
// targets of at least 24 px (WCAG 2.2 2.5.8), and axe-core's WCAG 2.2 A/AA
// rules. Pages of one kind (same path up to the numbers in it) are measured
// once.
func TestBrowserPhoneEveryRoleEveryPage(t *testing.T) {
	e := newEnv(t)
	browser := browsertest.New(t)
	for _, acc := range demo.Accounts {
		t.Run(strings.TrimSuffix(acc.Email, "@demo.test"), func(t *testing.T) {
			ctx := browsertest.Tab(t, person(t, browser), 4*time.Minute)
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
				t.Fatal(err)
			}
			phoneLogin(t, ctx, e.srv.URL, acc.Email)
			visited := walkPages(t, ctx, e.srv.URL, 80, func(pattern, path string) {
				checkPhonePage(t, ctx, pattern, path)
			})
			if strings.HasPrefix(acc.Email, "facilitator") || strings.HasPrefix(acc.Email, "hulpverlener") || strings.HasPrefix(acc.Email, "ouder") {
				for _, p := range phonePages {
					if !visited[p] {
						t.Errorf("the walk did not reach %s", p)
					}
				}
			}
			if acc.Email == "beheer@demo.test" && !visited["/beheer/gebruikers"] {
				t.Errorf("the walk did not reach /beheer/gebruikers")
			}
		})
	}
}

// phoneLogin logs in through the login form and waits for the header's
// log-out button, whatever the start page shows.
func phoneLogin(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	loginUntil(t, ctx, base, email, chromedp.WaitReady(`form[action="/uitloggen"]`))
}

var digits = regexp.MustCompile(`[0-9]+`)

// pagePattern is the kind of a page: its path with every number as "#".
func pagePattern(path string) string { return digits.ReplaceAllString(path, "#") }

// skipPath: not a page (files, streams, the API), or leaving the session.
func skipPath(p string) bool {
	last := p[strings.LastIndex(p, "/")+1:]
	return strings.Contains(last, ".") ||
		strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/api/") ||
		strings.HasPrefix(p, "/uitloggen") || strings.HasPrefix(p, "/login") ||
		strings.HasSuffix(p, "/events") || strings.HasSuffix(p, "/status")
}

// walkPages visits, breadth first from the start page, one page of each
// kind reachable by links (at most max kinds), calls visit on each while it
// is loaded, and returns the patterns visited.
func walkPages(t *testing.T, ctx context.Context, base string, max int, visit func(pattern, path string)) map[string]bool {
	t.Helper()
	visited := map[string]bool{}
	queue := []string{"/"}
	queued := map[string]bool{"/": true}
	for len(queue) > 0 && len(visited) < max {
		path := queue[0]
		queue = queue[1:]
		pattern := pagePattern(path)
		if visited[pattern] {
			continue
		}
		// Only pages: the browser asks first, with its cookies.
		kind, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(`+"`"+path+"`"+`, {credentials: 'same-origin', redirect: 'manual'}).then(r => r.status + ' ' + (r.headers.get('content-type') || ''))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if !strings.HasPrefix(kind, "200 text/html") {
			continue
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitReady(`main`)); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		visited[pattern] = true
		visit(pattern, path)
		links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('a[href]')].map(a => new URL(a.getAttribute('href'), document.baseURI).href)`))
		if err != nil {
			t.Fatalf("%s: links: %v", path, err)
		}
		for _, l := range links {
			u, err := url.Parse(l)
			if err != nil || !strings.HasPrefix(l, base) || skipPath(u.Path) || queued[u.Path] || visited[pagePattern(u.Path)] {
				continue
			}
			queued[u.Path] = true
			queue = append(queue, u.Path)
		}
	}
	return visited
}

// checkPhonePage measures the loaded page; the SVG text check is a subtest
// of its own per page, so it can be tightened page by page.
func checkPhonePage(t *testing.T, ctx context.Context, pattern, path string) {
	t.Helper()
	l, err := browsertest.LayoutOf(ctx)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if l.ScrollWidth > l.Viewport {
		t.Errorf("%s: the page is %d px wide on a %d px screen", path, l.ScrollWidth, l.Viewport)
	}
	for _, p := range l.Wide {
		t.Errorf("%s: wider than the screen: %s", path, p)
	}
	for _, p := range l.SmallText {
		t.Errorf("%s: text under %d px: %s", path, browsertest.MinText, p)
	}
	for _, p := range l.SmallTarget {
		t.Errorf("%s: tap target under %d px: %s", path, browsertest.MinTarget, p)
	}
	vs, err := browsertest.AxeTags(ctx, browsertest.WCAG22)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, v := range vs {
		t.Errorf("%s: %s", path, v)
	}
	if len(l.SVGText) > 0 || strings.Contains(pattern, "genogram") || strings.Contains(pattern, "tijdlijn") {
		t.Run("svg text "+strings.ReplaceAll(pattern, "/", "_"), func(t *testing.T) {
			for _, p := range l.SVGText {
				t.Errorf("%s: drawing text under %d px: %s", path, browsertest.MinText, p)
			}
		})
	}
}

// TestBrowserUsersTableFitsADesktop: the system administrator's table of
// users fits a 1366 px screen, inside the page's column.
func TestBrowserUsersTableFitsADesktop(t *testing.T) {
	e := newEnv(t)
	ctx := browsertest.Tab(t, browsertest.New(t), 90*time.Second)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 900)); err != nil {
		t.Fatal(err)
	}
	phoneLogin(t, ctx, e.srv.URL, "beheer@demo.test")
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/beheer/gebruikers"), chromedp.WaitReady(`main table`)); err != nil {
		t.Fatal(err)
	}
	l, err := browsertest.LayoutOf(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if l.ScrollWidth > l.Viewport || len(l.Wide) > 0 {
		t.Errorf("users page %d px wide on %d px: %v", l.ScrollWidth, l.Viewport, l.Wide)
	}
	over, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector('main table').getBoundingClientRect().right - document.querySelector('main').getBoundingClientRect().right`))
	if err != nil {
		t.Fatal(err)
	}
	if over > 0.5 {
		t.Errorf("the users table sticks %.0f px out of the page's column", over)
	}
}

// TestBrowserPhoneMenuAndDream: on a phone the main menu is folded behind a
// disclosure button (no script involved) and the dream is one line on the
// case's other pages, opened on request; on a desktop the menu shows.
func TestBrowserPhoneMenuAndDream(t *testing.T) {
	e := newEnv(t)
	ctx := browsertest.Tab(t, browsertest.New(t), 90*time.Second)
	visible := func(sel string) bool {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const el = document.querySelector('`+sel+`'); return !!el && el.checkVisibility() && el.getBoundingClientRect().right <= innerWidth; })()`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	height := func(sel string) float64 {
		t.Helper()
		h, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector('`+sel+`').getBoundingClientRect().height`))
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	phoneLogin(t, ctx, e.srv.URL, "facilitator@demo.test")
	account := `header nav a[href="/account"]`
	if visible(account) || !visible(`details.menu > summary`) {
		t.Fatal("on a phone the menu is not folded")
	}
	if err := chromedp.Do(ctx, chromedp.Click(`details.menu > summary`)); err != nil {
		t.Fatal(err)
	}
	if !visible(account) {
		t.Error("the menu does not open")
	}
	if h := height(account); h < browsertest.MinTarget {
		t.Errorf("menu link %.0f px high", h)
	}

	casePath := "/casussen/" + itoa(e.demoCaseID())
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+casePath+"/tijdlijn"), chromedp.WaitReady(`main`)); err != nil {
		t.Fatal(err)
	}
	if !visible(`details.dream-line > summary`) || visible(`details.dream-line dl.dream-answers`) {
		t.Fatal("the dream is not folded on the timeline page")
	}
	if h := height(`details.dream-line > summary`); h > 40 {
		t.Errorf("the folded dream is %.0f px high, want one line", h)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`details.dream-line > summary`)); err != nil {
		t.Fatal(err)
	}
	if !visible(`details.dream-line dl.dream-answers`) {
		t.Error("the dream does not open")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+casePath), chromedp.WaitReady(`main`)); err != nil {
		t.Fatal(err)
	}
	if !visible(`section.dream dl.dream-answers`) {
		t.Error("the case page does not show the whole dream")
	}

	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 900), chromedp.Navigate(e.srv.URL+"/"), chromedp.WaitReady(`main`)); err != nil {
		t.Fatal(err)
	}
	if !visible(account) || visible(`details.menu > summary`) {
		t.Error("on a desktop the menu is folded")
	}
}
