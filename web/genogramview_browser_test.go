package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// textSizes is what the phone test reads off the drawing: the smallest
// text on screen (font size times the drawing's scale), the box the
// drawing scrolls in and the page's width.
type textSizes struct {
	Texts    int     `json:"texts"`
	MinPx    float64 `json:"minPx"`
	BoxRight float64 `json:"boxRight"`
	BoxW     float64 `json:"boxW"`
	SVGW     float64 `json:"svgW"`
	PageW    float64 `json:"pageW"`
	ViewW    float64 `json:"viewW"`
}

const readSizes = `(() => {
	const svg = document.querySelector('.geno-view svg.genogram');
	const box = document.querySelector('.geno-view');
	const scale = svg.getScreenCTM().a;
	let min = 1e9, n = 0;
	for (const t of svg.querySelectorAll('text')) {
		if (t.closest('defs')) continue;
		n++;
		min = Math.min(min, parseFloat(getComputedStyle(t).fontSize) * scale);
	}
	const b = box.getBoundingClientRect();
	return {texts: n, minPx: min, boxRight: b.right, boxW: b.width, svgW: svg.getBoundingClientRect().width,
		pageW: document.documentElement.scrollWidth, viewW: window.innerWidth};
})()`

// TestBrowserGenogramOnAPhone opens the geno-sociogram at 360 × 740 as a
// facilitator: the focused view around the child is drawn with every text
// at 12 px or more, scrolls inside its own box (never widening the page),
// zooms with the buttons, and tapping a symbol or choosing it with the
// keyboard opens the person's details with a link to the view around them.
func TestBrowserGenogramOnAPhone(t *testing.T) {
	e, id, _ := newDemoCase(t)
	base := e.srv.URL + "/casussen/" + itoa(id)
	ctx := browsertest.Tab(t, browsertest.New(t), 120*time.Second)
	browserLogin(t, ctx, e.srv.URL, "facilitator@demo.test")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile),
		chromedp.Navigate(base+"/genogram"), chromedp.WaitVisible(`.geno-view svg.genogram g.person`)); err != nil {
		t.Fatal(err)
	}
	sz, err := chromedp.Run(ctx, chromedp.Evaluate[textSizes](readSizes))
	if err != nil {
		t.Fatal(err)
	}
	if sz.Texts < 10 || sz.MinPx < 11.95 {
		t.Errorf("the focused view at 360 px: %d texts, the smallest %.1f px (want at least 12)", sz.Texts, sz.MinPx)
	}
	if sz.BoxRight > sz.ViewW+0.5 || sz.SVGW <= sz.BoxW {
		t.Errorf("the drawing (%.0f px) does not scroll inside its box (%.0f px, right edge %.0f of %.0f)", sz.SVGW, sz.BoxW, sz.BoxRight, sz.ViewW)
	}
	// Zoom in and back.
	if err := chromedp.Do(ctx, chromedp.Click(`.geno-zoom button:first-child`)); err != nil {
		t.Fatal(err)
	}
	zoomed, err := chromedp.Run(ctx, chromedp.Evaluate[textSizes](readSizes))
	if err != nil || zoomed.SVGW < sz.SVGW*1.4 {
		t.Errorf("zoom in: %.0f px wide, before %.0f (%v)", zoomed.SVGW, sz.SVGW, err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`.geno-zoom button:last-child`)); err != nil {
		t.Fatal(err)
	}
	// Tap Noor: her details open, with a link to the view around her.
	pid, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const g = [...document.querySelectorAll('.geno-view g.person')].find(g => g.querySelector('title').textContent.startsWith('Noor (15)'));
		g.querySelector('a').scrollIntoView({block: 'center', inline: 'center'});
		return g.dataset.personId; })()`))
	if err != nil {
		t.Fatal(err)
	}
	sym := `.geno-view g.person[data-person-id="` + pid + `"] a`
	if err := chromedp.Do(ctx, chromedp.Click(sym+" path.symbol"), chromedp.WaitVisible(`.geno-detail`)); err != nil {
		t.Fatal(err)
	}
	detail, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.geno-detail').innerHTML`))
	if err != nil || !strings.Contains(detail, "Noor (15)") || !strings.Contains(detail, "focus="+pid) || !strings.Contains(detail, `#geno-p-`+pid) {
		t.Errorf("details after a tap: %s %v", detail, err)
	}
	browsertest.CheckPage(t, ctx, "/genogram at 360 px with the details open")
	// The keyboard reaches the same details: close, then Enter on the symbol.
	if err := chromedp.Do(ctx, chromedp.Click(`.geno-detail button`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(sym), chromedp.KeyEvent("\r"), chromedp.WaitVisible(`.geno-detail`)); err != nil {
		t.Errorf("Enter on a focused symbol: %v", err)
	}

	// The whole family is shrunk to the page; it too stays in its box.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/genogram?focus="), chromedp.WaitVisible(`.geno-view svg.genogram`)); err != nil {
		t.Fatal(err)
	}
	whole, err := chromedp.Run(ctx, chromedp.Evaluate[textSizes](readSizes))
	if err != nil || whole.BoxRight > whole.ViewW+0.5 {
		t.Errorf("the whole family at 360 px: %+v %v", whole, err)
	}
	browsertest.CheckPage(t, ctx, "/genogram?focus= at 360 px")
}
