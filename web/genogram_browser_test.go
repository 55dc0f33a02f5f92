package web_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// TestBrowserDragPersonKeepsPin drags a person symbol with the mouse in
// Chromium and checks that the new position is kept after a reload; then
// runs axe on the pages of the geno-sociogram and the case's progress.
func TestBrowserDragPersonKeepsPin(t *testing.T) {
	e, id, _ := newDemoCase(t)
	base := e.srv.URL + "/casussen/" + itoa(id)
	ctx := browsertest.Tab(t, browsertest.New(t), 120*time.Second)
	browserLogin(t, ctx, e.srv.URL, "facilitator@demo.test")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/genogram"), chromedp.WaitVisible(`svg.genogram g.person`)); err != nil {
		t.Fatal(err)
	}
	tg := findNoorSymbol(t, ctx)
	const dx, dy = 60.0, 35.0 // screen pixels
	mouse := func(typ input.DispatchMouseEventType, x, y float64) chromedp.Action[chromedp.Void] {
		return chromedp.MouseEvent(typ, x, y, chromedp.ButtonLeft)
	}
	if err := chromedp.Do(ctx,
		mouse(input.DispatchMouseEventTypeMousePressed, tg.X, tg.Y),
		mouse(input.DispatchMouseEventTypeMouseMoved, tg.X+dx/3, tg.Y+dy/3),
		mouse(input.DispatchMouseEventTypeMouseMoved, tg.X+2*dx/3, tg.Y+2*dy/3),
		mouse(input.DispatchMouseEventTypeMouseMoved, tg.X+dx, tg.Y+dy),
		mouse(input.DispatchMouseEventTypeMouseReleased, tg.X+dx, tg.Y+dy),
	); err != nil {
		t.Fatal(err)
	}
	// The script posts the pin and reloads the page; wait for the store.
	pinX, pinY := waitForPin(t, e, id, tg.ID)
	wantX, wantY := tg.Cx+dx/tg.Unit, tg.Cy+dy/tg.Unit
	if math.Abs(pinX-wantX) > 3 || math.Abs(pinY-wantY) > 3 {
		t.Errorf("pin at (%.0f, %.0f), want about (%.0f, %.0f)", pinX, pinY, wantX, wantY)
	}
	checkDrawnAtPin(t, ctx, base, tg.ID, pinX, pinY)

	// Accessibility of the new pages.
	checkProgressPages(t, e, ctx, base, id)
}

// personSymbol is a person's symbol of the geno-sociogram: its id, its centre on
// screen and in SVG units, and the scale between the two.
type personSymbol struct {
	ID   string  `json:"id"`
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	Cx   float64 `json:"cx"`
	Cy   float64 `json:"cy"`
	Unit float64 `json:"unit"` // screen pixels per SVG unit
}

// findNoorSymbol scrolls Noor's symbol into view and tells where it is.
func findNoorSymbol(t *testing.T, ctx context.Context) personSymbol {
	t.Helper()
	tg, err := chromedp.Run(ctx, chromedp.Evaluate[personSymbol](`(() => {
		const g = [...document.querySelectorAll('g.person')].find(g => g.querySelector('title').textContent.startsWith('Noor (15)'));
		g.scrollIntoView({block: 'center'});
		const r = g.querySelector('rect, circle, path, polygon').getBoundingClientRect();
		const svg = g.ownerSVGElement;
		return {id: g.dataset.personId, x: r.left + r.width / 2, y: r.top + r.height / 2,
			cx: +g.dataset.x + +g.dataset.w / 2, cy: +g.dataset.y + +g.dataset.h / 2,
			unit: svg.getScreenCTM().a};
	})()`))
	if err != nil || tg.ID == "" {
		t.Fatalf("find Noor's symbol: %+v %v", tg, err)
	}
	return tg
}

// waitForPin waits until the drag stored a pin for the person and returns it.
func waitForPin(t *testing.T, e *env, caseID int64, personID string) (x, y float64) {
	t.Helper()
	u := e.user("facilitator@demo.test")
	for deadline := time.Now().Add(20 * time.Second); ; {
		g, _, err := e.db.Genogram.Genogram(context.Background(), u, caseID)
		if err != nil {
			t.Fatal(err)
		}
		if p, ok := g.Pinned[personID]; ok {
			return p.X, p.Y
		}
		if time.Now().After(deadline) {
			t.Fatal("the drag did not store a pin")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkDrawnAtPin: after a fresh load the person is drawn at the pinned place.
func checkDrawnAtPin(t *testing.T, ctx context.Context, base, personID string, pinX, pinY float64) {
	t.Helper()
	// The drag script may still be reloading the page; a navigation it
	// aborts is tried again.
	var navErr error
	for try := 0; try < 5; try++ {
		if navErr = chromedp.Do(ctx, chromedp.Navigate(base+"/genogram"), chromedp.WaitVisible(`svg.genogram g.person`)); navErr == nil {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if navErr != nil {
		t.Fatal(navErr)
	}
	type drawn struct {
		Pinned string  `json:"pinned"`
		Cx     float64 `json:"cx"`
		Cy     float64 `json:"cy"`
	}
	d, err := chromedp.Run(ctx, chromedp.Evaluate[drawn](`(() => {
		const g = document.querySelector('g.person[data-person-id="`+personID+`"]');
		return {pinned: g.dataset.pinned || "", cx: +g.dataset.x + +g.dataset.w / 2, cy: +g.dataset.y + +g.dataset.h / 2};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if d.Pinned != "true" || math.Abs(d.Cx-pinX) > 0.5 || math.Abs(d.Cy-pinY) > 0.5 {
		t.Errorf("after reload: %+v, pin (%.0f, %.0f)", d, pinX, pinY)
	}
}

// checkProgressPages runs axe on the pages of the geno-sociogram and the case's progress.
func checkProgressPages(t *testing.T, e *env, ctx context.Context, base string, id int64) {
	t.Helper()
	u := e.user("facilitator@demo.test")
	ivs, err := e.db.Progress.Interviews(context.Background(), u, id)
	if err != nil || len(ivs) == 0 {
		t.Fatalf("demo interview: %v", err)
	}
	for _, p := range []string{"/genogram", "/genogram?pro=1", "/krachtenveld", "/leercyclus", "/stappen", "/inzichten", "/gesprekken", "/gesprekken/" + itoa(ivs[0].ID), ""} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatal(err)
		}
		browsertest.CheckPage(t, ctx, p)
	}
}
