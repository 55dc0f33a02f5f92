package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// What a family member tells in a reflective interview lands on the timeline
// as their experience, below the line, and counts for the family's voice.
func TestInterviewAnswersAppearOnTheTimeline(t *testing.T) {
	e, _, base := newDemoCase(t)
	c := e.login("facilitator@demo.test")
	res := e.post(c, base+"/gesprekken", url.Values{"interviewee": {"vader"}, "consent_recording": {"no"}, "consent_notes": {"yes"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start interview: %d", res.StatusCode)
	}
	loc := res.Header.Get("Location")
	res = e.post(c, loc+"/antwoorden", url.Values{"year": {"2021"}, "answer": {"Toen voelde ik me buitengesloten bij elk overleg"}})
	if res.StatusCode >= 400 {
		t.Fatalf("answer: %d %s", res.StatusCode, body(t, res))
	}
	_, page := e.get(c, base+"/tijdlijn")
	if !strings.Contains(page, "Toen voelde ik me buitengesloten bij elk overleg") {
		t.Fatal("the interview answer is not on the timeline")
	}
	i := strings.Index(page, "Toen voelde ik me buitengesloten")
	if g := strings.LastIndex(page[:i], `class="event"`); g < 0 || !strings.Contains(page[g:i], `data-lane="gezin"`) {
		t.Errorf("the answer is not drawn in the family lane")
	}
}
