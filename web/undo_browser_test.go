package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// TestBrowserRemoveMemberConfirmUndoWithoutJavaScript takes a member off
// the case in Chromium with scripts off: the confirmation says it can be
// undone, the notice says what happened and its button re-adds the member.
// Axe checks the case page with the notice.
func TestBrowserRemoveMemberConfirmUndoWithoutJavaScript(t *testing.T) {
	e := newEnv(t)
	id := e.demoCaseID()
	lotte := e.user("ggz@demo.test")
	base := e.srv.URL + "/casussen/" + itoa(id)
	ctx, text := scriptlessTab(t, e, "hulpverlener@demo.test")
	member := func() bool { return e.isMember(id, lotte.ID) }
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base),
		chromedp.Click(`//form[@action="/casussen/`+itoa(id)+`/leden/`+itoa(lotte.ID)+`/verwijderen"]//button`),
		chromedp.WaitVisible(`section.confirm`),
	); err != nil {
		t.Fatal(err)
	}
	if p := text(`section.confirm`); !strings.Contains(p, "Someone who manages the case can undo this for 30 days") {
		t.Errorf("confirmation says %q", p)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`section.confirm button.danger`), chromedp.WaitVisible(`div.notice form.undo`)); err != nil {
		t.Fatal(err)
	}
	if n := text(`div.notice`); !strings.Contains(n, "Removed from the case: Lotte Jansen") || member() {
		t.Fatalf("notice after removing: %q, still a member %v", n, member())
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckPage(t, ctx, "case page with undo notice")
	if err := chromedp.Do(ctx, chromedp.Click(`div.notice form.undo button`),
		chromedp.WaitVisible(`//div[contains(@class, "notice")][contains(., "A member of the case again: Lotte Jansen")]`)); err != nil {
		t.Fatal(err)
	}
	if !member() {
		t.Fatal("undo did not re-add the member")
	}
}

// isMember reports whether the user is a member of the case.
func (e *env) isMember(caseID, userID int64) bool {
	e.t.Helper()
	ms, err := e.db.Cases.Members(context.Background(), e.user("hulpverlener@demo.test"), caseID)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, m := range ms {
		if m.UserID == userID {
			return true
		}
	}
	return false
}

// scriptlessTab logs the demo user in to a Chromium tab with scripts
// switched off, and returns it with a reader of an element's text.
func scriptlessTab(t *testing.T, e *env, email string) (context.Context, func(sel string) string) {
	t.Helper()
	ctx := browsertest.Tab(t, browsertest.New(t), 120*time.Second)
	browserLogin(t, ctx, e.srv.URL, email)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	return ctx, func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return strings.Join(strings.Fields(s), " ")
	}
}
