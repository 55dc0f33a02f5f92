package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// TestBrowserKnowledgeAndThreads records a dilemma in a case and shares it
// through the forms, then an administrator opens a codebook, codes the
// shared paraphrase and reads the synthesis; axe checks every page.
func TestBrowserKnowledgeAndThreads(t *testing.T) {
	e := newEnv(t)
	browser := browsertest.New(t)
	ctx := browsertest.Tab(t, browser, 120*time.Second)
	base := e.srv.URL
	page := "/casussen/" + itoa(e.demoCaseID()) + "/kennis"
	browserLogin(t, ctx, base, "facilitator@demo.test")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+page), chromedp.WaitVisible(chromedp.ID("kn-add-h"))); err != nil {
		t.Fatal(err)
	}
	axe(t, ctx, "case knowledge")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("kind-dilemma")),
		chromedp.SendKeys(chromedp.ID("kn-body"), "Noor wacht omdat niemand over de tweede lijn besluit."),
		chromedp.SendKeys(chromedp.ID("kn-themes"), "wachttijd"),
		chromedp.SendKeys(chromedp.ID("kn-take"), "Wachttijd agenderen"),
		chromedp.Click(`#kn-add-h + form button.primary`),
		chromedp.WaitVisible(`li.knowledge-record details summary`),
		chromedp.Click(`li.knowledge-record details summary`),
		chromedp.SendKeys(`li.knowledge-record textarea[name=paraphrase]`, "Een jongere wacht omdat niemand over specialistische hulp besluit."),
		chromedp.Click(`li.knowledge-record input[name=stripped]`),
		chromedp.Click(`li.knowledge-record details form button`),
		chromedp.WaitVisible(`li.knowledge-record blockquote`),
	); err != nil {
		t.Fatal(err)
	}
	// Other records of the demo case show a quotation too, so wait until the
	// new record itself says it is shared (or the wait ends and the check
	// below says what it shows).
	_, _ = chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const t = document.querySelector('li.knowledge-record').innerText;
		return t.includes('gedeeld op') || t.includes('shared on'); })()`, chromedp.WithPollingTimeout(30*time.Second)))
	text, err := chromedp.Run(ctx, chromedp.Text(`li.knowledge-record`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "gedeeld op") && !strings.Contains(text, "shared on") {
		t.Fatalf("record not shared: %q", text)
	}
	axe(t, ctx, "case knowledge, shared")
	recs, err := e.db.Knowledge.CaseRecords(context.Background(), e.user("facilitator@demo.test"), e.demoCaseID())
	if err != nil || len(recs) == 0 {
		t.Fatalf("records: %v", err)
	}
	item := "#materiaal-" + itoa(recs[0].ID)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/kennis"), chromedp.WaitVisible(chromedp.ID("kn-fu-h"))); err != nil {
		t.Fatal(err)
	}
	axe(t, ctx, "own knowledge")
	browserLogout(t, ctx)

	browserLogin(t, ctx, base, "bestuurder@demo.test")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/rode-draden"), chromedp.WaitVisible(chromedp.ID("th-open-h"))); err != nil {
		t.Fatal(err)
	}
	axe(t, ctx, "threads")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("th-name"), "Rode draden Lindeveld"),
		chromedp.Click(`#th-open-h ~ form button.primary`),
		chromedp.WaitVisible(chromedp.ID("th-codes-h")),
		chromedp.SendKeys(chromedp.ID("code-name"), "Wachttijd"),
		chromedp.Click(`#codes form button`),
		chromedp.WaitVisible(chromedp.ID("th-mat-h")),
	); err != nil {
		t.Fatal(err)
	}
	// Wait for the page with the new theme, the last code of the list.
	for deadline := time.Now().Add(10 * time.Second); ; {
		last, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const s = document.querySelector('`+item+` select[name=code]'); return s ? s.options[s.options.length - 1].text : '' })()`))
		if last == "Wachttijd" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the new theme is not offered for coding (last code %q)", last)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Choose the new theme and code the shared record with it.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = document.querySelector('`+item+` select[name=code]'); s.selectedIndex = s.options.length - 1; return true })()`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(item+` form button`), chromedp.WaitVisible(`svg.cooccurrence`)); err != nil {
		t.Fatal(err)
	}
	axe(t, ctx, "codebook with synthesis")
	if err := chromedp.Do(ctx, chromedp.Click(`a[href$="/synthese.html"]`), chromedp.WaitVisible(chromedp.ID("th-syn-h"))); err != nil {
		t.Fatal(err)
	}
	if text, err = chromedp.Run(ctx, chromedp.Text(`article`)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Een jongere wacht") || strings.Contains(text, "Noor") || !strings.Contains(text, "Wachttijd") {
		t.Errorf("synthesis report: %q", text)
	}
	axe(t, ctx, "synthesis report")
}
