package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
	"github.com/rotonde-jeugd/rotonde/meeting"
)

// person opens an isolated browser context (own cookies and storage) in the
// shared browser; the tab is opened without a deadline (see browsertest.NewTab).
func person(t *testing.T, browser context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	return ctx
}

func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(c, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eventually evaluates js in the page until it is true.
func eventually(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, cancel := context.WithTimeout(ctx, 5*time.Second)
		ok, err := chromedp.Run(c, chromedp.Evaluate[bool](js))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not true within 30 s (%v)", what, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(c, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func setNetwork(t *testing.T, ctx context.Context, offline bool, latency, throughput float64) {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{Offline: offline, Latency: latency, DownloadThroughput: throughput, UploadThroughput: throughput}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: offline, Latency: latency, DownloadThroughput: throughput, UploadThroughput: throughput,
	}); err != nil {
		t.Fatal(err)
	}
}

func axe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	browsertest.CheckPage(t, ctx, page)
}

// TestBrowserMeetingRunThrough runs a whole meeting in Chromium: a
// facilitator composes and starts it; a guest joins from a phone on slow 3G
// in three interactions; a parent joins logged in; a second guest through a
// one-time invitation; text typed while offline arrives after reconnecting;
// the perspective switch fills; the meeting ends in the report.
func TestBrowserMeetingRunThrough(t *testing.T) {
	e := newEnv(t)
	browser := browsertest.New(t)
	base := e.srv.URL
	caseID := itoa(e.demoCaseID())

	// The facilitator composes the agenda and starts.
	fac := person(t, browser)
	browserLogin(t, fac, base, "facilitator@demo.test")
	do(t, fac, "compose",
		chromedp.Navigate(base+"/casussen/"+caseID+"/bijeenkomsten"),
		chromedp.SendKeys(chromedp.CSS("#m-title"), "Leerbijeenkomst Noor"),
		chromedp.Click(chromedp.CSS("#mnew-h + form button")),
		chromedp.WaitVisible(chromedp.CSS("#agenda")),
		chromedp.SetValue(chromedp.CSS("#card"), "facilitator"),
		chromedp.Click(chromedp.CSS(`form[action$="/agenda"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#min-0")),
		chromedp.SetValue(chromedp.CSS("#card"), "perspective-switch/two-groups"),
		chromedp.Click(chromedp.CSS(`form[action$="/agenda"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#min-5")),
	)
	axe(t, fac, "prepare")
	do(t, fac, "start", chromedp.Click(chromedp.CSS(`form[action$="/starten"] button`)), chromedp.WaitVisible(chromedp.CSS("#joincode")))
	code := text(t, fac, "#joincode")
	axe(t, fac, "live (facilitator)")
	loc, _ := chromedp.Run(fac, chromedp.Location())
	mid, _ := parseID(strings.TrimPrefix(strings.TrimPrefix(loc, base), "/bijeenkomsten/"))

	// A guest on a phone (360×740) on slow 3G joins in three interactions.
	phone := person(t, browser)
	do(t, phone, "phone", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	setNetwork(t, phone, false, 400, 50_000) // Chromium's "slow 3G": 400 ms, ~400 kbit/s
	do(t, phone, "open join page", chromedp.Navigate(base+"/doe-mee"), chromedp.WaitVisible(chromedp.CSS("#join-code")))
	axe(t, phone, "join (phone)")
	do(t, phone, "join in three interactions",
		chromedp.SendKeys(chromedp.CSS("#join-code"), strings.ToLower(code)), // 1
		chromedp.SendKeys(chromedp.CSS("#join-name"), "oma (m)"),             // 2
		chromedp.Click(chromedp.CSS("#join button")),                         // 3
		chromedp.WaitVisible(chromedp.CSS("#live")),
	)
	if page := text(t, phone, "main"); !strings.Contains(page, "oma (m)") {
		t.Fatalf("waiting room: %q", page)
	}
	// The facilitator's page shows the waiting guest live; letting in reloads the phone.
	do(t, fac, "admit", chromedp.WaitVisible(chromedp.CSS("button.admit")), chromedp.Click(chromedp.CSS("button.admit")))
	do(t, phone, "let in", chromedp.WaitVisible(chromedp.CSS("#capture-form")))
	setNetwork(t, phone, false, 0, -1)

	// A parent who is a member of the case, logged in.
	parent := person(t, browser)
	browserLogin(t, parent, base, "ouder@demo.test")
	do(t, parent, "parent joins", chromedp.Navigate(base+"/bijeenkomsten/"+itoa(mid)+"/live"), chromedp.WaitVisible(chromedp.CSS("#capture-form")))

	// A second guest through a one-time invitation link.
	do(t, fac, "invite", chromedp.Navigate(base+"/bijeenkomsten/"+itoa(mid)),
		chromedp.SendKeys(chromedp.CSS("#guest-name"), "buurvrouw"),
		chromedp.Click(chromedp.CSS(`form[action$="/gasten"] button`)),
		chromedp.WaitVisible(chromedp.CSS("code.secret")))
	link := text(t, fac, "code.secret")
	neighbour := person(t, browser)
	do(t, neighbour, "invitation", chromedp.Navigate(link), chromedp.Click(chromedp.CSS("main form button")), chromedp.WaitVisible(chromedp.CSS("#capture-form")))
	do(t, fac, "back to live", chromedp.Navigate(base+"/bijeenkomsten/"+itoa(mid)+"/live"), chromedp.WaitVisible(chromedp.CSS("#capture-form")))

	// The phone loses its connection; typed text is kept and arrives later.
	eventually(t, phone, "phone connected", `document.getElementById('conn').dataset.state === 'online'`)
	setNetwork(t, phone, true, 0, -1)
	do(t, phone, "type offline",
		chromedp.SendKeys(chromedp.CSS("#c-body"), "Het lijkt alsof wij doen wat het gezin doet"),
		chromedp.Click(chromedp.CSS("#capture-send")))
	eventually(t, phone, "kept in the outbox", `document.getElementById('conn').dataset.pending === '1' && localStorage.getItem('rotonde-outbox-`+itoa(mid)+`') !== null`)
	snap, _, _ := e.db.Meetings.MeetingSnapshot(context.Background(), meeting.Viewer{User: e.meetUser("facilitator@demo.test")}, mid)
	if len(snap.Captures) != 0 {
		t.Fatalf("stored while offline: %+v", snap.Captures)
	}
	setNetwork(t, phone, false, 0, -1)
	eventually(t, parent, "arrives after reconnect", `(document.getElementById('list-observation')||{}).textContent.includes('Het lijkt alsof wij doen')`)
	eventually(t, phone, "outbox empty", `document.getElementById('conn').dataset.pending === '0'`)

	// The film check: the parent answers "not yet"; the facilitator sees the count.
	do(t, fac, "film", chromedp.Click(chromedp.CSS("#film-toggle")), chromedp.WaitVisible(chromedp.CSS("#film-counts")))
	do(t, parent, "film answer", chromedp.WaitVisible(chromedp.CSS("#film-notyet")), chromedp.Click(chromedp.CSS("#film-notyet")))
	eventually(t, fac, "film count", `document.getElementById('film-counts').textContent.includes('1')`)

	// On to the perspective switch (two groups): both groups write, side by side.
	for i := 0; i < 5; i++ {
		do(t, fac, "next step", chromedp.WaitVisible(chromedp.CSS("#next-step")), chromedp.Click(chromedp.CSS("#next-step")), chromedp.Sleep(300*time.Millisecond))
	}
	do(t, parent, "two groups screen", chromedp.WaitVisible(chromedp.CSS("#screen-two-groups")),
		chromedp.SetValue(chromedp.CSS("#g-group"), "family"),
		chromedp.SendKeys(chromedp.CSS("#g-body"), "Noor woont over vijf jaar dicht bij oma"),
		chromedp.Click(chromedp.CSS("#screen-two-groups form button")))
	do(t, neighbour, "help group", chromedp.WaitVisible(chromedp.CSS("#screen-two-groups")),
		chromedp.SendKeys(chromedp.CSS("#g-body"), "Een vaste plek met één hulpverlener"),
		chromedp.Click(chromedp.CSS("#screen-two-groups form button")))
	eventually(t, fac, "side by side", `document.getElementById('g-family-perspective').textContent.includes('dicht bij oma') && document.getElementById('g-help-perspective').textContent.includes('vaste plek')`)
	axe(t, phone, "live (phone)")

	// Closing ends in the report, for the facilitator and the participants.
	do(t, fac, "close", chromedp.SendKeys(chromedp.CSS("#feedback"), "Femke belt moeder vrijdag"),
		chromedp.Click(chromedp.CSS("#close-meeting")), chromedp.WaitVisible(chromedp.CSS("#r-agenda")))
	report := text(t, fac, "main")
	for _, want := range []string{"Het lijkt alsof wij doen", "dicht bij oma", "vaste plek", "Femke belt moeder vrijdag", "oma (m)", "buurvrouw"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	axe(t, fac, "report")
	// The guest's place ends with the meeting: the phone says so and offers no report.
	eventually(t, phone, "closed", `!document.getElementById('capture-form') && !!document.querySelector('#live p.lead') && !document.querySelector('a[href$="/verslag"]')`)
	if page := text(t, phone, "#live"); !strings.Contains(page, "plek als gast") && !strings.Contains(page, "place as a guest") {
		t.Errorf("phone after the close: %q", page)
	}
}
