package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestFlashShownOnceAndOnlyToItsSession: a notice after a change travels in
// a short-lived signed cookie, not in the address: the page shows it once,
// a reload does not, a link with the old query notice shows nothing, and
// the cookie is worth nothing in another browser.
func TestFlashShownOnceAndOnlyToItsSession(t *testing.T) {
	e := newEnv(t)
	const saved = "Je plaatsing is bewaard."
	c := e.login("hulpverlener@demo.test")
	res := e.post(c, "/spanningsvelden", url.Values{"set": {"core"}, "pos-makeable": {"40"}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || strings.Contains(loc, "opgeslagen") {
		t.Fatalf("place: %d %q", res.StatusCode, loc)
	}
	var flash *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "rotonde_melding" {
			flash = ck
		}
	}
	if flash == nil || !flash.HttpOnly || flash.SameSite != http.SameSiteLaxMode || flash.MaxAge <= 0 || flash.MaxAge > 60 || flash.Path != "/" {
		t.Fatalf("flash cookie %+v", flash)
	}
	// Another session gets nothing out of the same cookie.
	other := e.login("facilitator@demo.test")
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+loc, nil)
	req.AddCookie(&http.Cookie{Name: flash.Name, Value: flash.Value})
	ores, err := other.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ob := body(t, ores)
	ores.Body.Close()
	if strings.Contains(ob, saved) {
		t.Error("a flash was shown to another session")
	}
	if _, page := e.get(c, loc); !strings.Contains(page, saved) {
		t.Errorf("no notice after the redirect")
	}
	if _, page := e.get(c, loc); strings.Contains(page, saved) {
		t.Errorf("notice shown again on reload")
	}
	if _, page := e.get(c, "/spanningsvelden?set=core&opgeslagen=1"); strings.Contains(page, saved) {
		t.Errorf("a query string still makes a notice")
	}
	// In English, the same notice in English.
	if res := e.post(c, "/taal", url.Values{"lang": {"en"}, "next": {"/"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("lang: %d", res.StatusCode)
	}
	e.post(c, "/spanningsvelden", url.Values{"set": {"core"}, "pos-makeable": {"45"}})
	if _, page := e.get(c, loc); !strings.Contains(page, "Your placement has been saved.") {
		t.Errorf("no English notice")
	}
}
