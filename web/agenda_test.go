package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/demo"
)

// The development agenda of the demo region: an administrator of a
// provider puts a point in its plan and asks the municipality what it
// needs; the municipality's policy officer answers; a professional reads
// along but writes nothing; a family member does not find it.
func TestDevelopmentAgendaPages(t *testing.T) {
	e := newEnv(t)
	admin := e.login("bestuurder@demo.test")
	res, page := e.get(admin, "/netwerk/agenda")
	if res.StatusCode != 200 || !strings.Contains(page, "Plan van De Linde Jeugdhulp") || !strings.Contains(page, "Wat heb je van mij nodig?") {
		t.Fatalf("agenda page %d", res.StatusCode)
	}
	m := regexp.MustCompile(`<option value="(\d+)"[^>]*>Gemeente Lindeveld</option>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no municipality to ask")
	}
	if res := e.post(admin, "/netwerk/agenda/plan", url.Values{"body": {"Wachttijd voor specialistische hulp onder de acht weken"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("plan item: %d", res.StatusCode)
	}
	if res := e.post(admin, "/netwerk/agenda/plan", url.Values{"body": {"  "}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("empty plan item: %d", res.StatusCode)
	}
	if res := e.post(admin, "/netwerk/agenda/vragen", url.Values{"to": {m[1]}, "question": {"Wat heb je van ons nodig om eerder te kunnen beschikken?"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("question: %d", res.StatusCode)
	}

	officer := e.login("beleid@demo.test")
	_, page = e.get(officer, "/netwerk/agenda")
	for _, want := range []string{"Wachttijd voor specialistische hulp onder de acht weken", "eerder te kunnen beschikken", "Jullie antwoord"} {
		if !strings.Contains(page, want) {
			t.Errorf("the policy officer's agenda lacks %q", want)
		}
	}
	q := regexp.MustCompile(`id="vraag-(\d+)"`).FindStringSubmatch(page)
	if q == nil {
		t.Fatal("no question on the page")
	}
	if res := e.post(admin, "/netwerk/agenda/vragen/"+q[1]+"/antwoord", url.Values{"answer": {"Zelf beantwoord"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("the asking party answers: %d", res.StatusCode)
	}
	if res := e.post(officer, "/netwerk/agenda/vragen/"+q[1]+"/antwoord", url.Values{"answer": {"Een vast aanspreekpunt en jullie plannen vóór 1 maart."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d", res.StatusCode)
	}

	pro := e.login("hulpverlener@demo.test")
	res, page = e.get(pro, "/netwerk/agenda")
	if res.StatusCode != 200 || !strings.Contains(page, "Een vast aanspreekpunt en jullie plannen") || strings.Contains(page, `action="/netwerk/agenda/plan"`) {
		t.Errorf("a professional's agenda: %d", res.StatusCode)
	}
	if res := e.post(pro, "/netwerk/agenda/plan", url.Values{"body": {"Mijn eigen plan"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a professional writes a plan: %d", res.StatusCode)
	}
	for _, never := range []string{"/casussen/", demo.CaseTitle} {
		if strings.Contains(page, never) {
			t.Errorf("the agenda shows %q", never)
		}
	}
	if res, _ := e.get(e.login("ouder@demo.test"), "/netwerk/agenda"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a family member opens the agenda: %d", res.StatusCode)
	}
}
