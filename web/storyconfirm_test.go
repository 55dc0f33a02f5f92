package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Withdrawing a published story asks first and says what happens: it
// leaves the network, stays a draft of the case and can be published again
// with the family's consent recorded again.
func TestWithdrawingAStoryAsksFirst(t *testing.T) {
	e := newEnv(t)
	owner := e.login("hulpverlener@demo.test")
	reader := e.login("beleid@demo.test")
	base := fmt.Sprintf("/casussen/%d/verhalen", e.demoCaseID())
	res := e.post(owner, base, url.Values{"title": {"Een plek om te blijven"}, "body": {"Een meisje vond na lang zoeken een plek om te blijven."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	sid := regexp.MustCompile(`#verhaal-(\d+)`).FindStringSubmatch(res.Header.Get("Location"))[1]
	publish, withdraw := base+"/"+sid+"/publiceren", base+"/"+sid+"/intrekken"
	consent := url.Values{"consent": {"yes"}, "given_by": {"moeder"}, "names_checked": {"yes"}}
	if res := e.post(owner, publish, consent); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	page := body(t, e.post(owner, withdraw, nil))
	for _, want := range []string{"Het verhaal ‘Een plek om te blijven’ wordt uit het netwerk gehaald.", "als concept bij de casus",
		"kan het concept opnieuw publiceren", `name="bevestigd" value="ja"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the confirmation lacks %q", want)
		}
	}
	if strings.Contains(page, "Dit kun je niet ongedaan maken.") {
		t.Error("the confirmation says withdrawing is final")
	}
	if res, _ := e.get(reader, "/verhalen/"+sid); res.StatusCode != 200 {
		t.Fatalf("the question alone withdrew the story: %d", res.StatusCode)
	}
	if res := e.post(owner, withdraw, confirm(nil)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", res.StatusCode)
	}
	if res, _ := e.get(reader, "/verhalen/"+sid); res.StatusCode != 404 {
		t.Fatalf("a withdrawn story is read on the network: %d", res.StatusCode)
	}
	if res := e.post(owner, publish, consent); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish again: %d", res.StatusCode)
	}
	if res, _ := e.get(reader, "/verhalen/"+sid); res.StatusCode != 200 {
		t.Fatalf("published again: %d", res.StatusCode)
	}
}
