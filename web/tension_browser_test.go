package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
	"github.com/rotonde-jeugd/rotonde/tension"
)

// Three people place themselves with the keyboard on the slider; the
// facilitator reveals; the strip plot shows three dots. A round with two
// placements shows the withheld message. Every page passes axe.
func TestBrowserTensionRound(t *testing.T) {
	e := newEnv(t)
	ctx0 := context.Background()
	caseID := e.demoCaseID()
	fac := e.user("facilitator@demo.test")
	rA := &tension.Round{Name: "Ronde met drie", CaseID: caseID, Fields: []string{"makeable"}}
	rB := &tension.Round{Name: "Ronde met twee", CaseID: caseID, Fields: []string{"makeable"}}
	for _, r := range []*tension.Round{rA, rB} {
		if err := e.db.Tension.OpenRound(ctx0, fac, r); err != nil {
			t.Fatal(err)
		}
	}
	for _, email := range []string{"ggz@demo.test", "mentor@demo.test"} {
		if err := e.db.Tension.Place(ctx0, e.user(email), []tension.Placement{{FieldKey: "makeable", Position: 30, RoundID: rB.ID}}); err != nil {
			t.Fatal(err)
		}
	}

	browser := browsertest.New(t)
	ctx := browsertest.Tab(t, browser, 150*time.Second)
	roundA := e.srv.URL + "/spanningsvelden/rondes/" + itoa(rA.ID)
	placeWithKeyboard(t, e, ctx, roundA)
	browserLogin(t, ctx, e.srv.URL, "facilitator@demo.test")
	revealRounds(t, e, ctx, roundA, rB.ID, caseID)
	roundFollowsLive(t, e, ctx, caseID)
	tensionPagesFitAPhone(t, e, ctx, rA.ID)
}

// placeWithKeyboard: three people place themselves on the round with the
// arrow keys; the number field follows the slider and the saved position is
// shown back.
func placeWithKeyboard(t *testing.T, e *env, ctx context.Context, roundA string) {
	t.Helper()
	for i, email := range []string{"hulpverlener@demo.test", "ggz@demo.test", "mentor@demo.test"} {
		browserLogin(t, ctx, e.srv.URL, email)
		presses := (i + 1) * 5 // 55, 60, 65
		acts := []chromedp.Action[chromedp.Void]{chromedp.Navigate(roundA), chromedp.WaitVisible(`#pos-makeable`), chromedp.Focus(`#pos-makeable`)}
		for range presses {
			acts = append(acts, chromedp.KeyEvent(kb.ArrowRight))
		}
		if err := chromedp.Do(ctx, acts...); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			axe(t, ctx, "round (open, participant)")
		}
		num, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("num-makeable").value`))
		if err != nil || num != itoa(int64(50+presses)) {
			t.Fatalf("number field follows the slider: %q %v", num, err)
		}
		if err := chromedp.Do(ctx, chromedp.Click(`#place-form button[type=submit]`), chromedp.WaitVisible(`main > div.notice`)); err != nil {
			t.Fatal(err)
		}
		hint, _ := chromedp.Run(ctx, chromedp.Text(`#veld-makeable .hint`))
		if !strings.Contains(hint, itoa(int64(50+presses))) {
			t.Errorf("%s: own position after saving: %q", email, hint)
		}
		browserLogout(t, ctx)
	}

}

// revealRounds: the facilitator sees only the count, reveals the round of
// three (three dots) and the round of two (withheld); the tension pages and
// a group page made through the form pass axe.
func revealRounds(t *testing.T, e *env, ctx context.Context, roundA string, roundB, caseID int64) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(roundA), chromedp.WaitVisible(`#round-count`)); err != nil {
		t.Fatal(err)
	}
	count, _ := chromedp.Run(ctx, chromedp.Text(`#round-count`))
	if !strings.Contains(count, "3 van 6") && !strings.Contains(count, "3 of 6") {
		t.Errorf("facilitator's count: %q", count)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("circle").length`)); n != 0 {
		t.Errorf("%d dots before the reveal", n)
	}
	axe(t, ctx, "round (open, facilitator)")
	if err := chromedp.Do(ctx, chromedp.Click(`form[action$="/tonen"] button`), chromedp.WaitVisible(`#spreiding-makeable svg`)); err != nil {
		t.Fatal(err)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#spreiding-makeable > svg.strip circle").length`)); n != 3 {
		t.Errorf("%d dots after the reveal, want 3", n)
	}
	axe(t, ctx, "round (revealed)")
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/spanningsvelden/rondes/"+itoa(roundB)), chromedp.Click(`form[action$="/tonen"] button`),
		chromedp.WaitVisible(`#spreiding-makeable`)); err != nil {
		t.Fatal(err)
	}
	text, _ := chromedp.Run(ctx, chromedp.Text(`#spreiding-makeable`))
	if !strings.Contains(text, "nog te weinig plaatsingen om te tonen") && !strings.Contains(text, "too few placements to show yet") {
		t.Errorf("two placements: %q", text)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#spreiding-makeable circle").length`)); n != 0 {
		t.Errorf("%d dots for two placements", n)
	}
	for _, p := range []string{"/spanningsvelden", "/spanningsvelden?set=bestuurlijk", "/groepen", "/casussen/" + itoa(caseID) + "/spanningsvelden"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+p)); err != nil {
			t.Fatal(err)
		}
		axe(t, ctx, p)
	}
	// A group page, made through the form.
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/groepen"), chromedp.SendKeys(`#g-name`, "Intervisie"),
		chromedp.Click(`form[action="/groepen"] button`), chromedp.WaitVisible(`#leden`)); err != nil {
		t.Fatal(err)
	}
	axe(t, ctx, "group")
}

// roundFollowsLive: an open page follows the round without a reload by hand.
func roundFollowsLive(t *testing.T, e *env, ctx context.Context, caseID int64) {
	t.Helper()
	ctx0 := context.Background()
	fac := e.user("facilitator@demo.test")
	rC := &tension.Round{Name: "Live ronde", CaseID: caseID, Fields: []string{"makeable"}}
	if err := e.db.Tension.OpenRound(ctx0, fac, rC); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/spanningsvelden/rondes/"+itoa(rC.ID)), chromedp.WaitVisible(`#round-count`)); err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"ggz@demo.test", "mentor@demo.test", "hulpverlener@demo.test"} {
		if err := e.db.Tension.Place(ctx0, e.user(email), []tension.Placement{{FieldKey: "makeable", Position: 70, RoundID: rC.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(`//span[@id="round-count"][starts-with(normalize-space(), "3 ")]`)); err != nil {
		t.Fatalf("count not updated live: %v", err)
	}
	if err := e.db.Tension.SetRoundState(ctx0, fac, rC.ID, tension.RoundRevealed); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(`#spreiding-makeable > svg.strip`)); err != nil {
		t.Fatalf("reveal not shown live: %v", err)
	}
}

// tensionPagesFitAPhone: on a phone nothing may stick out sideways.
// Screenshots are kept for a look by eye.
func tensionPagesFitAPhone(t *testing.T, e *env, ctx context.Context, roundA int64) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]string{"own": "/spanningsvelden", "round": "/spanningsvelden/rondes/" + itoa(roundA)} {
		if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+p), chromedp.WaitVisible(`h1`)); err != nil {
			t.Fatal(err)
		}
		if w, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 360 {
			t.Errorf("%s is %dpx wide on a 360px screen", p, w)
		}
		top, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err == nil {
			err = os.WriteFile(filepath.Join(os.TempDir(), "rotonde-tension-"+name+"-360-top.png"), top, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		shot := filepath.Join(os.TempDir(), "rotonde-tension-"+name+"-360.png")
		if err := browsertest.Screenshot(ctx, shot); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", shot)
	}
}
