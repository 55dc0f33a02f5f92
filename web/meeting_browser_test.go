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
	r := &browserMeeting{t: t, e: e, browser: browsertest.New(t), base: e.srv.URL}
	r.composeAndStart()
	r.phoneJoinsOnSlow3G()
	r.parentAndInvitedGuestJoin()
	r.offlineTextArrivesLater()
	r.filmCheckAndTwoGroups()
	r.closeEndsInReport()
}

// browserMeeting is one meeting run in Chromium, with a browser tab for each
// person taking part.
type browserMeeting struct {
	t                             *testing.T
	e                             *env
	browser                       context.Context
	base, code                    string
	mid                           int64
	fac, phone, parent, neighbour context.Context
}

// composeAndStart: the facilitator composes the agenda and starts.
func (r *browserMeeting) composeAndStart() {
	t := r.t
	r.fac = person(t, r.browser)
	browserLogin(t, r.fac, r.base, "facilitator@demo.test")
	do(t, r.fac, "compose",
		chromedp.Navigate(r.base+"/casussen/"+itoa(r.e.demoCaseID())+"/bijeenkomsten"),
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
	axe(t, r.fac, "prepare")
	do(t, r.fac, "start", chromedp.Click(chromedp.CSS(`form[action$="/starten"] button`)), chromedp.WaitVisible(chromedp.CSS("#joincode")))
	r.code = text(t, r.fac, "#joincode")
	axe(t, r.fac, "live (facilitator)")
	loc, _ := chromedp.Run(r.fac, chromedp.Location())
	r.mid, _ = parseID(strings.TrimPrefix(strings.TrimPrefix(loc, r.base), "/bijeenkomsten/"))
}

// phoneJoinsOnSlow3G: a guest on a phone (360×740) on slow 3G joins in three
// interactions; the facilitator's page shows the waiting guest live, and
// letting in reloads the phone.
func (r *browserMeeting) phoneJoinsOnSlow3G() {
	t := r.t
	r.phone = person(t, r.browser)
	do(t, r.phone, "phone", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	setNetwork(t, r.phone, false, 400, 50_000) // Chromium's "slow 3G": 400 ms, ~400 kbit/s
	do(t, r.phone, "open join page", chromedp.Navigate(r.base+"/doe-mee"), chromedp.WaitVisible(chromedp.CSS("#join-code")))
	axe(t, r.phone, "join (phone)")
	do(t, r.phone, "join in three interactions",
		chromedp.SendKeys(chromedp.CSS("#join-code"), strings.ToLower(r.code)), // 1
		chromedp.SendKeys(chromedp.CSS("#join-name"), "oma (m)"),               // 2
		chromedp.Click(chromedp.CSS("#join button")),                           // 3
		chromedp.WaitVisible(chromedp.CSS("#live")),
	)
	if page := text(t, r.phone, "main"); !strings.Contains(page, "oma (m)") {
		t.Fatalf("waiting room: %q", page)
	}
	// The facilitator's page shows the waiting guest live; letting in reloads the phone.
	do(t, r.fac, "admit", chromedp.WaitVisible(chromedp.CSS("button.admit")), chromedp.Click(chromedp.CSS("button.admit")))
	do(t, r.phone, "let in", chromedp.WaitVisible(chromedp.CSS("#capture-form")))
	setNetwork(t, r.phone, false, 0, -1)
}

// parentAndInvitedGuestJoin: a parent who is a member of the case joins
// logged in, a second guest through a one-time invitation link.
func (r *browserMeeting) parentAndInvitedGuestJoin() {
	t := r.t
	r.parent = person(t, r.browser)
	browserLogin(t, r.parent, r.base, "ouder@demo.test")
	do(t, r.parent, "parent joins", chromedp.Navigate(r.base+"/bijeenkomsten/"+itoa(r.mid)+"/live"), chromedp.WaitVisible(chromedp.CSS("#capture-form")))

	// A second guest through a one-time invitation link.
	do(t, r.fac, "invite", chromedp.Navigate(r.base+"/bijeenkomsten/"+itoa(r.mid)),
		chromedp.SendKeys(chromedp.CSS("#guest-name"), "buurvrouw"),
		chromedp.Click(chromedp.CSS(`form[action$="/gasten"] button`)),
		chromedp.WaitVisible(chromedp.CSS("code.secret")))
	link := text(t, r.fac, "code.secret")
	r.neighbour = person(t, r.browser)
	do(t, r.neighbour, "invitation", chromedp.Navigate(link), chromedp.Click(chromedp.CSS("main form button")), chromedp.WaitVisible(chromedp.CSS("#capture-form")))
	do(t, r.fac, "back to live", chromedp.Navigate(r.base+"/bijeenkomsten/"+itoa(r.mid)+"/live"), chromedp.WaitVisible(chromedp.CSS("#capture-form")))
}

// offlineTextArrivesLater: the phone loses its connection; typed text is
// kept and arrives later.
func (r *browserMeeting) offlineTextArrivesLater() {
	t := r.t
	eventually(t, r.phone, "phone connected", `document.getElementById('conn').dataset.state === 'online'`)
	setNetwork(t, r.phone, true, 0, -1)
	do(t, r.phone, "type offline",
		chromedp.SendKeys(chromedp.CSS("#c-body"), "Het lijkt alsof wij doen wat het gezin doet"),
		chromedp.Click(chromedp.CSS("#capture-send")))
	eventually(t, r.phone, "kept in the outbox", `document.getElementById('conn').dataset.pending === '1' && localStorage.getItem('rotonde-outbox-`+itoa(r.mid)+`') !== null`)
	snap, _, _ := r.e.db.Meetings.MeetingSnapshot(context.Background(), meeting.Viewer{User: r.e.user("facilitator@demo.test")}, r.mid)
	if len(snap.Captures) != 0 {
		t.Fatalf("stored while offline: %+v", snap.Captures)
	}
	setNetwork(t, r.phone, false, 0, -1)
	eventually(t, r.parent, "arrives after reconnect", `(document.getElementById('list-observation')||{}).textContent.includes('Het lijkt alsof wij doen')`)
	eventually(t, r.phone, "outbox empty", `document.getElementById('conn').dataset.pending === '0'`)
}

// filmCheckAndTwoGroups: the parent answers the film check "not yet" and the
// facilitator sees the count; on the perspective switch (two groups) both
// groups write, side by side.
func (r *browserMeeting) filmCheckAndTwoGroups() {
	t := r.t
	do(t, r.fac, "film", chromedp.Click(chromedp.CSS("#film-toggle")), chromedp.WaitVisible(chromedp.CSS("#film-counts")))
	do(t, r.parent, "film answer", chromedp.WaitVisible(chromedp.CSS("#film-notyet")), chromedp.Click(chromedp.CSS("#film-notyet")))
	eventually(t, r.fac, "film count", `document.getElementById('film-counts').textContent.includes('1')`)

	// On to the perspective switch (two groups): both groups write, side by side.
	for i := 0; i < 5; i++ {
		do(t, r.fac, "next step", chromedp.WaitVisible(chromedp.CSS("#next-step")), chromedp.Click(chromedp.CSS("#next-step")), chromedp.Sleep(300*time.Millisecond))
	}
	do(t, r.parent, "two groups screen", chromedp.WaitVisible(chromedp.CSS("#screen-two-groups")),
		chromedp.SetValue(chromedp.CSS("#g-group"), "family"),
		chromedp.SendKeys(chromedp.CSS("#g-body"), "Noor woont over vijf jaar dicht bij oma"),
		chromedp.Click(chromedp.CSS("#screen-two-groups form button")))
	do(t, r.neighbour, "help group", chromedp.WaitVisible(chromedp.CSS("#screen-two-groups")),
		chromedp.SendKeys(chromedp.CSS("#g-body"), "Een vaste plek met één hulpverlener"),
		chromedp.Click(chromedp.CSS("#screen-two-groups form button")))
	eventually(t, r.fac, "side by side", `document.getElementById('g-family-perspective').textContent.includes('dicht bij oma') && document.getElementById('g-help-perspective').textContent.includes('vaste plek')`)
	axe(t, r.phone, "live (phone)")
}

// closeEndsInReport: closing ends in the report, for the facilitator and the
// participants; the guest's place ends with the meeting.
func (r *browserMeeting) closeEndsInReport() {
	t := r.t
	do(t, r.fac, "close", chromedp.SendKeys(chromedp.CSS("#feedback"), "Femke belt moeder vrijdag"),
		chromedp.Click(chromedp.CSS("#close-meeting")), chromedp.WaitVisible(chromedp.CSS("section.confirm")),
		chromedp.Click(chromedp.CSS("section.confirm button.danger")), chromedp.WaitVisible(chromedp.CSS("#r-agenda")))
	report := text(t, r.fac, "main")
	for _, want := range []string{"Het lijkt alsof wij doen", "dicht bij oma", "vaste plek", "Femke belt moeder vrijdag", "oma (m)", "buurvrouw"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	axe(t, r.fac, "report")
	// The guest's place ends with the meeting: the phone says so and offers no report.
	eventually(t, r.phone, "closed", `!document.getElementById('capture-form') && !!document.querySelector('#live p.lead') && !document.querySelector('a[href$="/verslag"]')`)
	if page := text(t, r.phone, "#live"); !strings.Contains(page, "plek als gast") && !strings.Contains(page, "place as a guest") {
		t.Errorf("phone after the close: %q", page)
	}
}
