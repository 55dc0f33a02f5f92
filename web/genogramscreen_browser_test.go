package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserGenogramRemembersTheScreenWidth: on a phone the page's script
// keeps the drawing box's width in a cookie, and the next page of a large
// focused view draws a first window to match: fewer persons than the
// first page, made without knowing the screen.
func TestBrowserGenogramRemembersTheScreenWidth(t *testing.T) {
	e, ctx, focus, _ := largeFocusOnAPhone(t)
	id := e.demoCaseID()
	// The persons in the page as the server sent it (before any swap).
	const persons = `fetch(location.href).then(r => r.text()).then(t => (t.match(/<g class="person/g) || []).length)`
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const m = document.cookie.match(/(?:^|; )rotonde_screen=(\d+)/);
		return [m ? +m[1] : 0, document.querySelector('.geno-view').clientWidth]; })()`))
	if err != nil || got[0] == 0 || got[0] != got[1] || got[0] > 360 {
		t.Fatalf("cookie %v (box width), %v", got, err)
	}
	_, plain := e.get(e.login("facilitator@demo.test"), "/casussen/"+itoa(id)+"/genogram?gen=2&focus="+focus)
	first := strings.Count(plain, `<g class="person`)
	next, err := chromedp.Run(ctx, chromedp.Evaluate[int](persons, chromedp.EvalAwaitPromise))
	if err != nil || next == 0 || next >= first {
		t.Errorf("next page at %v px: %d persons, without the cookie %d (%v)", got[0], next, first, err)
	}
}
