package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// TestBrowserGenogramLargeFocusFetchesTheRest: a large focused view first
// shows the window around its person; the script then swaps in the whole
// drawing, keeping the zoom and the scroll, and a tap far from the person
// still opens the details.
func TestBrowserGenogramLargeFocusFetchesTheRest(t *testing.T) {
	_, ctx, _, kin := largeFocusOnAPhone(t)
	// Zoom in before the rest arrives (it may already have).
	if err := chromedp.Do(ctx, chromedp.Click(`.geno-zoom button:first-child`)); err != nil {
		t.Fatal(err)
	}
	before, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const b = document.querySelector('.geno-view'), s = b.querySelector('svg');
		return [s.getBoundingClientRect().width, b.scrollLeft]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.querySelector('.geno-view').hasAttribute('data-rest')`,
		chromedp.WithPollingTimeout(60*time.Second))); err != nil {
		t.Fatalf("the rest of the drawing was not swapped in: %v", err)
	}
	after, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const b = document.querySelector('.geno-view'), s = b.querySelector('svg');
		return [s.getBoundingClientRect().width, b.scrollLeft, document.querySelectorAll('.geno-view g.person').length,
			document.querySelector('.geno-all').hidden ? 1 : 0]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if after[0] != before[0] || after[1] != before[1] || int(after[2]) != kin || after[3] != 1 {
		t.Errorf("after the swap: width %.0f (before %.0f), scroll %.0f (before %.0f), %.0f persons of %d, link hidden %.0f",
			after[0], before[0], after[1], before[1], after[2], kin, after[3])
	}
	// A person at the far end, drawn only by the swap: a tap opens the details.
	pid, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const all = [...document.querySelectorAll('.geno-view g.person:not(.professional)')];
		const g = all.reduce((a, b) => +b.dataset.x > +a.dataset.x ? b : a);
		g.querySelector('a').scrollIntoView({block: 'center', inline: 'center'});
		return g.dataset.personId; })()`))
	if err != nil {
		t.Fatal(err)
	}
	sym := `.geno-view g.person[data-person-id="` + pid + `"] a path.symbol`
	if err := chromedp.Do(ctx, chromedp.Click(sym), chromedp.WaitVisible(`.geno-detail`)); err != nil {
		t.Fatal(err)
	}
	detail, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.geno-detail').innerHTML`))
	if err != nil || !strings.Contains(detail, "focus="+pid) {
		t.Errorf("details after a tap on %s: %s %v", pid, detail, err)
	}
	sz, err := chromedp.Run(ctx, chromedp.Evaluate[textSizes](readSizes))
	if err != nil || sz.MinPx < 11.95 {
		t.Errorf("text after the swap: %+v %v", sz, err)
	}
}

// largeFocusOnAPhone gives the demo case a family of 2,000 persons and
// shows a facilitator the focused view around a person with a large
// family on a phone (360 × 740); it returns the environment, the tab,
// the person and how many persons the whole view holds.
func largeFocusOnAPhone(t *testing.T) (*env, context.Context, string, int) {
	e := newEnv(t)
	id := e.demoCaseID()
	focus, kin := e.largeFamily(id)
	ctx := browsertest.Tab(t, browsertest.New(t), 120*time.Second)
	browserLogin(t, ctx, e.srv.URL, "facilitator@demo.test")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile),
		chromedp.Navigate(e.srv.URL+"/casussen/"+itoa(id)+"/genogram?gen=2&focus="+focus),
		chromedp.WaitVisible(`.geno-view svg.genogram g.person`)); err != nil {
		t.Fatal(err)
	}
	return e, ctx, focus, kin
}
