package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// seriesForTwo has an administrator open an intervision group with a
// policy officer in it and plan a series of six sessions; it returns the
// series' address.
func seriesForTwo(t *testing.T, e *env) string {
	_, series := groupWithSeries(t, e)
	return series
}

// groupWithSeries is seriesForTwo, returning the group's address too.
func groupWithSeries(t *testing.T, e *env) (group, series string) {
	t.Helper()
	admin := e.login("bestuurder@demo.test")
	res := e.post(admin, "/groepen", url.Values{"name": {"Intervisie bestuurders Lindeveld"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("group: %d %s", res.StatusCode, body(t, res))
	}
	group = res.Header.Get("Location")
	if res := e.post(admin, group+"/leden", url.Values{"email": {"beleid@demo.test"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("member: %d %s", res.StatusCode, body(t, res))
	}
	res = e.post(admin, group+"/reeksen", url.Values{"title": {"Reeks 2027"}, "first": {"2027-01-12"}, "sessions": {"6"}, "minutes": {"120"}, "weeks": {"4"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("plan: %d %s", res.StatusCode, body(t, res))
	}
	return group, res.Header.Get("Location")
}

// A series session runs as a live meeting of the group: the facilitator
// starts it from the series page, a member takes part, contributions stay
// with their author until revealed and never carry a name, the Socratic
// round takes questions only; closing makes the dilemmas and insights the
// group's records, and a line leaves the group in the report only once its
// author approved the paraphrase.
func TestSeriesSessionLive(t *testing.T) {
	e := newEnv(t)
	series := seriesForTwo(t, e)
	admin, pol := e.login("bestuurder@demo.test"), e.login("beleid@demo.test")
	if _, html := e.get(pol, series); strings.Contains(html, "start-session-1") {
		t.Error("a member who does not facilitate may start a session")
	}
	if res := e.post(pol, series+"/sessies/1/starten", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member starts a session: %d", res.StatusCode)
	}
	res := e.post(admin, series+"/sessies/1/starten", nil)
	live := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(live, "/live") {
		t.Fatalf("start: %d %s", res.StatusCode, body(t, res))
	}
	mid := strings.TrimSuffix(live, "/live")
	if res := e.post(admin, series+"/sessies/1/starten", nil); res.Header.Get("Location") != live {
		t.Errorf("starting again opens another meeting: %s", res.Header.Get("Location"))
	}
	if _, html := e.get(pol, series); !strings.Contains(html, `id="join-session-1"`) {
		t.Error("the member is not offered to join the running session")
	}
	dilemma := "Ik vraag om maatwerk en reken af op productie."
	if res := e.post(pol, mid+"/inbreng", url.Values{"step": {"0"}, "kind": {"dilemma"}, "body": {dilemma}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("bring: %d %s", res.StatusCode, body(t, res))
	}
	if _, html := e.get(pol, live); !strings.Contains(html, dilemma) {
		t.Error("the member does not see her own contribution")
	}
	_, html := e.get(admin, live)
	if strings.Contains(html, dilemma) || !strings.Contains(html, `id="series-count-0">1<`) {
		t.Error("the contribution shows before it is revealed, or is not counted")
	}
	if res := e.post(pol, mid+"/tonen", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member reveals: %d", res.StatusCode)
	}
	if res := e.post(admin, mid+"/tonen", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reveal: %d %s", res.StatusCode, body(t, res))
	}
	if _, html = e.get(admin, live); !strings.Contains(html, dilemma) || strings.Contains(html, "Aylin Demir") {
		t.Error("revealed: the contribution is missing or carries its author's name")
	}
	for _, step := range [][2]string{{"0", "1"}, {"1", "2"}} {
		if res := e.post(admin, mid+"/stap", url.Values{"from": {step[0]}, "to": {step[1]}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("step: %d", res.StatusCode)
		}
		if step[1] == "1" {
			if res := e.post(pol, mid+"/inbreng", url.Values{"step": {"1"}, "kind": {"question"}, "body": {"Je moet het gewoon anders doen."}}); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("advice in the Socratic round: %d", res.StatusCode)
			}
		}
	}
	insight := "Mijn organisatie beloont wachten."
	if res := e.post(pol, mid+"/inbreng", url.Values{"step": {"2"}, "kind": {"insight"}, "slot": {"organisation"}, "body": {insight}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("insight: %d %s", res.StatusCode, body(t, res))
	}
	if res := e.post(admin, mid+"/afsluiten", confirm(url.Values{"feedback": {""}})); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", res.StatusCode)
	}
	if res, html := e.get(pol, mid+"/verslag"); res.StatusCode != http.StatusOK || !strings.Contains(html, "Socratisch gesprek") || !strings.Contains(html, insight) || strings.Contains(html, "— Aylin Demir") {
		t.Errorf("the session's report: %d", res.StatusCode)
	}
	ids := mustGroupRecords(t, e, "beleid@demo.test", series)
	if len(ids) != 2 {
		t.Fatalf("records of the group: %v", ids)
	}
	rec, err := e.db.Knowledge.Record(t.Context(), e.user("beleid@demo.test"), ids[1])
	if err != nil || rec.Body != insight || rec.Level != "organisation" || rec.Shared() || rec.CreatedBy != e.user("beleid@demo.test").ID {
		t.Fatalf("insight record: %v %+v", err, rec)
	}
	report := series + "/verslag"
	line := report + "/" + itoa(ids[0])
	if _, html = e.get(admin, report); strings.Contains(html, "maatwerk") && strings.Contains(html, `id="series-report-lines"`) {
		t.Error("an unchecked line is in the report")
	}
	if res := e.post(admin, line, url.Values{"paraphrase": {"Aylin Demir vraagt maatwerk."}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a paraphrase with a member's name: %d", res.StatusCode)
	}
	para := "Wie om maatwerk vraagt, rekent soms af op productie."
	if res := e.post(admin, line, url.Values{"paraphrase": {para}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("draft: %d %s", res.StatusCode, body(t, res))
	}
	if _, html = e.get(admin, report); strings.Contains(html, `id="series-report-lines"`) {
		t.Error("a draft is in the report before its author checked it")
	}
	if _, html = e.get(pol, report); !strings.Contains(html, para) || !strings.Contains(html, dilemma) {
		t.Error("the author does not see the draft of her words")
	}
	if res := e.post(pol, line, url.Values{"paraphrase": {para}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", res.StatusCode, body(t, res))
	}
	_, html = e.get(admin, report)
	lines := html[strings.Index(html, `id="series-report-lines"`)+1:]
	if !strings.Contains(lines, para) || strings.Contains(html, dilemma) || strings.Contains(html, "Aylin Demir") {
		t.Error("the report does not hold the checked paraphrase alone, without name")
	}
	if res, _ := e.get(e.login("facilitator@demo.test"), report); res.StatusCode != http.StatusNotFound {
		t.Errorf("someone outside the group reads the report: %d", res.StatusCode)
	}
	checkSeriesReportFiles(t, e, series, para, ids[1], dilemma, insight, "Aylin Demir", "Jeroen Mulder")
}
