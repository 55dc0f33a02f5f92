package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Everyone can take the initiative: a family member asks for a learning
// meeting on the case page; the case's facilitator sees the request on the
// start page and the case page, declines one with a reason the family
// member reads, and plans a meeting from another. Only the family asks;
// only the owner and facilitators decide.
func TestFamilyAsksForMeeting(t *testing.T) {
	e := newEnv(t)
	caseURL := "/casussen/" + itoa(e.demoCaseID())
	parent, fac := e.login("ouder@demo.test"), e.login("facilitator@demo.test")
	if _, html := e.get(parent, caseURL); !strings.Contains(html, `id="request-send"`) {
		t.Fatal("the case page offers the family no request form")
	}
	if _, html := e.get(fac, caseURL); strings.Contains(html, `id="request-send"`) {
		t.Error("the facilitator, who creates meetings himself, is offered the request form")
	}
	if res := e.post(fac, caseURL+"/bijeenkomst-aanvragen", url.Values{"question": {"Overleg?"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("the facilitator asks for a meeting: %d", res.StatusCode)
	}
	if res := e.post(parent, caseURL+"/bijeenkomst-aanvragen", url.Values{"question": {"  "}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an empty request: %d", res.StatusCode)
	}
	first := "Ik wil dat school en jeugdhulp samen met ons om tafel gaan."
	if res := e.post(parent, caseURL+"/bijeenkomst-aanvragen", url.Values{"question": {first}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d %s", res.StatusCode, body(t, res))
	}
	if _, html := e.get(fac, "/"); !strings.Contains(html, `id="home-requests-h"`) || !strings.Contains(html, "Moeder van Noor") {
		t.Error("the facilitator's start page does not show the request")
	}
	_, html := e.get(fac, caseURL)
	if !strings.Contains(html, first) {
		t.Fatal("the case page does not show the request to the facilitator")
	}
	id := strings.TrimPrefix(between(html, "plan-request-", `"`), "plan-request-")
	if res := e.post(parent, caseURL+"/aanvragen/"+id+"/plannen", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("the family plans its own request: %d", res.StatusCode)
	}
	if res := e.post(fac, caseURL+"/aanvragen/"+id+"/afwijzen", url.Values{"reason": {""}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("declined without a reason: %d", res.StatusCode)
	}
	reason := "Eerst spreken we met school; over twee weken kijken we opnieuw."
	if res := e.post(fac, caseURL+"/aanvragen/"+id+"/afwijzen", url.Values{"reason": {reason}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("decline: %d %s", res.StatusCode, body(t, res))
	}
	if _, html := e.get(parent, caseURL); !strings.Contains(html, reason) {
		t.Error("the family member does not read why")
	}
	if res := e.post(fac, caseURL+"/aanvragen/"+id+"/plannen", nil); res.StatusCode != http.StatusConflict {
		t.Errorf("a declined request planned after all: %d", res.StatusCode)
	}
	second := "Kunnen we bespreken wie Noor helpt na de zomer?"
	e.post(parent, caseURL+"/bijeenkomst-aanvragen", url.Values{"question": {second}})
	_, html = e.get(fac, caseURL)
	id = strings.TrimPrefix(between(html, "plan-request-", `"`), "plan-request-")
	res := e.post(fac, caseURL+"/aanvragen/"+id+"/plannen", nil)
	meetingURL := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(meetingURL, "/bijeenkomsten/") {
		t.Fatalf("plan: %d %s", res.StatusCode, body(t, res))
	}
	if _, html := e.get(fac, meetingURL); !strings.Contains(html, second) {
		t.Error("the planned meeting does not carry the family's question")
	}
	if _, html := e.get(fac, "/"); strings.Contains(html, `id="home-requests-h"`) {
		t.Error("decided requests still wait on the start page")
	}
}
