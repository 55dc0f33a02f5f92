package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// TestBrowserDeleteConfirmUndoWithoutJavaScript removes a person from the
// geno-sociogram in Chromium with scripts switched off: the button asks on
// a page of its own, the confirmed removal says what happened, and the
// undo button in the notice puts the person back. Axe checks the
// confirmation page and the trash.
func TestBrowserDeleteConfirmUndoWithoutJavaScript(t *testing.T) {
	e, id, _ := newDemoCase(t)
	e.addHenk(id)
	base := e.srv.URL + "/casussen/" + itoa(id)
	ctx, text := scriptlessTab(t, e, "ouder@demo.test")
	askToDelete := []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(base + "/genogram"),
		chromedp.Click(`//form[@action="/casussen/` + itoa(id) + `/genogram/verwijderen"]//button[contains(., "Opa Henk")]`),
		chromedp.WaitVisible(`section.confirm`),
	}
	if err := chromedp.Do(ctx, askToDelete...); err != nil {
		t.Fatal(err)
	}
	// Chromium asks for English pages.
	if h := text(`h1`); h != "Are you sure?" {
		t.Errorf("confirmation heading %q", h)
	}
	if p := text(`section.confirm`); !strings.Contains(p, "‘Opa Henk’ disappears from the geno-sociogram") {
		t.Errorf("confirmation says %q", p)
	}
	if n := e.countHenk(id); n != 1 {
		t.Fatalf("Opa Henk gone before confirming (%d)", n)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`section.confirm button.danger`), chromedp.WaitVisible(`div.notice form.undo`)); err != nil {
		t.Fatal(err)
	}
	if n := text(`div.notice`); !strings.Contains(n, "Moved to the trash: Opa Henk") {
		t.Errorf("notice after removing: %q", n)
	}
	if n := e.countHenk(id); n != 0 {
		t.Fatalf("Opa Henk still there after confirming")
	}
	if err := chromedp.Do(ctx, chromedp.Click(`div.notice form.undo button`), chromedp.WaitVisible(`//div[contains(@class, "notice")][contains(., "Put back into the geno-sociogram: Opa Henk")]`)); err != nil {
		t.Fatal(err)
	}
	if n := e.countHenk(id); n != 1 {
		t.Fatalf("undo did not put Opa Henk back (%d)", n)
	}

	// Axe, with scripts on again: the confirmation page and the trash.
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, askToDelete...); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckPage(t, ctx, "confirmation")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/prullenbak"), chromedp.WaitVisible(`h1`)); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckPage(t, ctx, "trash")
}

// countHenk counts Opa Henk in the case's geno-sociogram.
func (e *env) countHenk(caseID int64) int {
	e.t.Helper()
	g, _, err := e.db.Genogram.Genogram(context.Background(), e.user("hulpverlener@demo.test"), caseID)
	if err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, p := range g.Persons {
		if p.Alias == "Opa Henk" {
			n++
		}
	}
	return n
}
