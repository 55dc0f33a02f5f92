package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// TestBrowserRoomView opens the room view from the live meeting as its
// facilitator and moves between the pictures with the keys ←/→ and 1–4;
// every picture passes axe.
func TestBrowserRoomView(t *testing.T) {
	e := newEnv(t)
	_, mid, _ := e.liveMeeting("art")
	fac := person(t, browsertest.New(t))
	browserLogin(t, fac, e.srv.URL, "facilitator@demo.test")
	do(t, fac, "open the room view",
		chromedp.Navigate(e.srv.URL+"/bijeenkomsten/"+itoa(mid)+"/live"),
		chromedp.Click(chromedp.CSS("#room-open")),
		chromedp.WaitVisible(chromedp.CSS(`#room-tijdlijn[aria-current="page"]`)),
		chromedp.WaitVisible(chromedp.CSS(".room-picture svg")))
	axe(t, fac, "room view: timeline")
	at := func(part string) {
		t.Helper()
		do(t, fac, "room view "+part, chromedp.WaitVisible(chromedp.CSS(`#room-`+part+`[aria-current="page"]`)))
		loc, _ := chromedp.Run(fac, chromedp.Location())
		if !strings.HasSuffix(loc, "toon="+part) {
			t.Errorf("at %s, want %s", loc, part)
		}
	}
	press := func(key string) {
		t.Helper()
		do(t, fac, "press "+key, chromedp.KeyEvent(key))
	}
	press(kb.ArrowRight)
	at("genogram")
	axe(t, fac, "room view: geno-sociogram")
	press("3")
	at("droom")
	if !strings.Contains(text(t, fac, "main"), "eigen kamer waar ik mag blijven") {
		t.Error("the dream is not in the room view")
	}
	axe(t, fac, "room view: dream")
	press(kb.ArrowLeft)
	at("genogram")
	press("4")
	at("spanningsveld")
	axe(t, fac, "room view: tension fields")
	press(kb.ArrowRight) // round the end, back to the start
	at("tijdlijn")
	// Without keys: the links do the same.
	do(t, fac, "next link", chromedp.Click(chromedp.CSS("#room-next")))
	at("genogram")
}

// TestBrowserStartPages: every demo role's start page passes axe; the
// network roles see what they can do, not an empty case list.
func TestBrowserStartPages(t *testing.T) {
	e := newEnv(t)
	browser := browsertest.New(t)
	for _, who := range []string{"bestuurder@demo.test", "beleid@demo.test", "onderzoeker@demo.test", "beheer@demo.test", "ouder@demo.test", "hulpverlener@demo.test", "facilitator@demo.test"} {
		ctx := person(t, browser)
		browserLogin(t, ctx, e.srv.URL, who)
		axe(t, ctx, "start page of "+who)
		page := text(t, ctx, "main")
		if strings.Contains(page, "Je bent nog geen lid van een casus") {
			t.Errorf("%s: start page says only that there is no case", who)
		}
	}
}
