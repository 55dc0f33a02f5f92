package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// Two members give anonymous input in a live meeting: an insight (with the
// form) and a small step (from the script, JSON). What the case's members
// can see — the access log (page and API read the same records), the live
// page, the case page with its feed, the insights and small steps pages —
// gains no record and no mention of either author or of the facilitator
// (to whom such a small step is credited). The facilitator's next step is
// logged as their own action, counting the two inputs without names.
func TestAnonymousInputCannotBeTiedToItsAuthor(t *testing.T) {
	e, id, _ := newDemoCase(t)
	ctx := context.Background()
	fac, mid, _ := e.liveMeeting("facilitator")
	base := "/bijeenkomsten/" + itoa(mid)
	parent, prof := e.login("ouder@demo.test"), e.login("hulpverlener@demo.test")
	for _, c := range []*http.Client{parent, prof} {
		if res, _ := e.get(c, base+"/live"); res.StatusCode != http.StatusOK {
			t.Fatalf("live page: %d", res.StatusCode)
		}
	}
	facUser, parentUser, profUser := e.user("facilitator@demo.test"), e.user("ouder@demo.test"), e.user("hulpverlener@demo.test")
	names := []string{facUser.Name, parentUser.Name, profUser.Name}
	pages := []string{base + "/live", "/casussen/" + itoa(id), "/casussen/" + itoa(id) + "/inzichten", "/casussen/" + itoa(id) + "/stappen"}
	// look reads what a member sees, without writing to the log in between
	// (reading pages is logged): the log straight from the store.
	look := func() []rotonde.AuditEntry {
		entries, err := e.db.Audit.CaseAudit(ctx, facUser, id)
		if err != nil {
			t.Fatal(err)
		}
		return entries
	}
	show := func() map[string]string {
		out := map[string]string{}
		for _, p := range pages {
			res, body := e.get(fac, p)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", p, res.StatusCode)
			}
			out[p] = body
		}
		return out
	}
	pagesBefore := show()
	logBefore := look()

	res := e.post(parent, base+"/inbreng", url.Values{"step": {"0"}, "kind": {"insight"}, "body": {"Wij praten over Noor, niet met haar"}, "anonymous": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("anonymous insight: %d", res.StatusCode)
	}
	if res := e.postScript(prof, base+"/inbreng", url.Values{
		"step": {"0"}, "kind": {"small-step"}, "body": {"Koffie drinken met de mentor"}, "anonymous": {"1"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("anonymous small step: %d", res.StatusCode)
	}

	logAfter := look()
	if len(logAfter) != len(logBefore) {
		t.Errorf("anonymous input wrote %d access-log records: %+v", len(logAfter)-len(logBefore), logAfter[len(logBefore):])
	}
	pagesAfter := show()
	for _, p := range pages {
		for _, n := range names {
			if b, a := strings.Count(pagesBefore[p], n), strings.Count(pagesAfter[p], n); a > b {
				t.Errorf("%s names %q %d times after anonymous input, %d before", p, n, a, b)
			}
		}
	}
	if !strings.Contains(pagesAfter[pages[1]], "Koffie drinken met de mentor") || !strings.Contains(pagesAfter[pages[2]], "Wij praten over Noor") {
		t.Error("the anonymous input did not reach the case")
	}

	// The facilitator moves on: one record, theirs, counting the inputs.
	logBefore = look()
	if res := e.post(fac, base+"/stap", url.Values{"from": {"0"}, "to": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("next step: %d", res.StatusCode)
	}
	logAfter = look()
	added := logAfter[len(logBefore):]
	if len(added) != 1 || added[0].UserID != facUser.ID || !strings.Contains(added[0].Detail, "2 anonieme inbreng") {
		t.Fatalf("records after the next step: %+v", added)
	}
	// Counted once.
	if res := e.post(fac, base+"/film", url.Values{"open": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("film check: %d", res.StatusCode)
	}
	logAfter2 := look()
	for _, en := range logAfter2[len(logAfter):] {
		if strings.Contains(en.Detail, "anoniem") {
			t.Errorf("anonymous inputs counted twice: %+v", en)
		}
	}
	for _, en := range logAfter2[len(logBefore):] {
		if en.UserID == parentUser.ID || en.UserID == profUser.ID {
			t.Errorf("a record names an author: %+v", en)
		}
	}
}
