package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// TestBrowserSeriesSession runs one session of an intervision series in two
// Chromium browsers: the facilitator starts it from the series page, a
// member joins from hers; both bring a dilemma, the facilitator's count
// follows live, he reveals, both see both contributions without names; he
// closes and the dilemmas are the group's records on the series page.
func TestBrowserSeriesSession(t *testing.T) {
	e := newEnv(t)
	series := seriesForTwo(t, e)
	base := e.srv.URL
	fac := person(t, browsertest.New(t))
	mem := person(t, browsertest.New(t))
	browserLogin(t, fac, base, "bestuurder@demo.test")
	browserLogin(t, mem, base, "beleid@demo.test")

	do(t, fac, "series page", chromedp.Navigate(base+series), chromedp.WaitVisible(chromedp.ID("start-session-1")))
	axe(t, fac, "series page")
	do(t, fac, "start the session", chromedp.Click(chromedp.ID("start-session-1")), chromedp.WaitVisible(chromedp.ID("screen-intervision")))
	axe(t, fac, "series session (facilitator)")
	do(t, mem, "join", chromedp.Navigate(base+series), chromedp.WaitVisible(chromedp.ID("join-session-1")),
		chromedp.Click(chromedp.ID("join-session-1")), chromedp.WaitVisible(chromedp.ID("screen-intervision")))
	axe(t, mem, "series session (member)")

	hers := "Ik vraag om maatwerk en reken af op productie."
	his := "Ik wil ruimte geven en moet sturen op budget."
	do(t, mem, "her dilemma", chromedp.SendKeys(chromedp.ID("iv-body"), hers), chromedp.Click(chromedp.ID("iv-send")), chromedp.WaitVisible(chromedp.ID("iv-mine")))
	// The facilitator's page counts her contribution as it arrives, without showing it.
	eventually(t, fac, "count", `document.getElementById('series-count-0').textContent === '1'`)
	if page := text(t, fac, "#screen-intervision"); strings.Contains(page, hers) {
		t.Error("her contribution shows before it is revealed")
	}
	do(t, fac, "his dilemma", chromedp.SendKeys(chromedp.ID("iv-body"), his), chromedp.Click(chromedp.ID("iv-send")), chromedp.WaitVisible(chromedp.ID("iv-mine")))
	if page := text(t, mem, "#screen-intervision"); strings.Contains(page, his) {
		t.Error("his contribution shows before it is revealed")
	}
	do(t, fac, "reveal", chromedp.Click(chromedp.ID("iv-reveal")), chromedp.WaitVisible(chromedp.ID("iv-shown")))
	eventually(t, mem, "revealed", `(document.getElementById('iv-shown') || {textContent: ''}).textContent.includes('ruimte geven')`)
	for who, page := range map[string]string{"facilitator": text(t, fac, "#live"), "member": text(t, mem, "#live")} {
		if !strings.Contains(page, hers) || !strings.Contains(page, his) {
			t.Errorf("%s: revealed contributions missing: %q", who, page)
		}
		if strings.Contains(page, "Aylin Demir") || strings.Contains(page, e.user("bestuurder@demo.test").Name) {
			t.Errorf("%s: a contribution carries a name", who)
		}
	}
	axe(t, mem, "series session, revealed")

	do(t, fac, "close", chromedp.Click(chromedp.CSS("#close-meeting")), chromedp.WaitVisible(chromedp.CSS("section.confirm")),
		chromedp.Click(chromedp.CSS("section.confirm button.danger")), chromedp.WaitVisible(chromedp.ID("r-agenda")))
	do(t, mem, "the group's records", chromedp.Navigate(base+series), chromedp.WaitVisible(chromedp.ID("se-dil-h")))
	records := text(t, mem, "ul.knowledge-list")
	if !strings.Contains(records, hers) || !strings.Contains(records, his) {
		t.Errorf("the session's dilemmas are not the group's records: %q", records)
	}
	do(t, mem, "series report", chromedp.Navigate(base+series+"/verslag"), chromedp.WaitVisible(chromedp.ID("sr-check-h")))
	axe(t, mem, "series report")
}
