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

// seriesSession is a series' first session run live: the administrator
// facilitates, the policy officer (Aylin Demir) takes part.
type seriesSession struct {
	e                 *env
	series, live, mid string
	admin, pol        *http.Client
}

const (
	seriesDilemma = "Ik vraag om maatwerk en reken af op productie."
	seriesInsight = "Mijn organisatie beloont wachten."
	seriesPara    = "Wie om maatwerk vraagt, rekent soms af op productie."
)

// A series session runs as a live meeting of the group: the facilitator
// starts it from the series page, a member takes part, contributions stay
// with their author until revealed and never carry a name, the Socratic
// round takes questions only; closing makes the dilemmas and insights the
// group's records, and a line leaves the group in the report only once its
// author approved the paraphrase.
func TestSeriesSessionLive(t *testing.T) {
	e := newEnv(t)
	s := &seriesSession{e: e, series: seriesForTwo(t, e), admin: e.login("bestuurder@demo.test"), pol: e.login("beleid@demo.test")}
	s.start(t)
	s.bringAndReveal(t)
	s.questionsThenClose(t)
	ids := s.groupRecords(t)
	s.approveParaphrase(t, ids[0])
	checkSeriesReportFiles(t, e, s.series, seriesPara, ids[1], seriesDilemma, seriesInsight, "Aylin Demir", "Jeroen Mulder")
}

// start has the facilitator start the first session, once; the member may
// not start it but is offered to join.
func (s *seriesSession) start(t *testing.T) {
	e, series, admin, pol := s.e, s.series, s.admin, s.pol
	if _, html := e.get(pol, series); strings.Contains(html, "start-session-1") {
		t.Error("a member who does not facilitate may start a session")
	}
	if res := e.post(pol, series+"/sessies/1/starten", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member starts a session: %d", res.StatusCode)
	}
	res := e.post(admin, series+"/sessies/1/starten", nil)
	s.live = res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(s.live, "/live") {
		t.Fatalf("start: %d %s", res.StatusCode, body(t, res))
	}
	s.mid = strings.TrimSuffix(s.live, "/live")
	if res := e.post(admin, series+"/sessies/1/starten", nil); res.Header.Get("Location") != s.live {
		t.Errorf("starting again opens another meeting: %s", res.Header.Get("Location"))
	}
	if _, html := e.get(pol, series); !strings.Contains(html, `id="join-session-1"`) {
		t.Error("the member is not offered to join the running session")
	}
}

// bringAndReveal has the member bring a dilemma, seen only by her and
// counted for the facilitator until the facilitator reveals it, nameless.
func (s *seriesSession) bringAndReveal(t *testing.T) {
	e, admin, pol, mid := s.e, s.admin, s.pol, s.mid
	if res := e.post(pol, mid+"/inbreng", url.Values{"step": {"0"}, "kind": {"dilemma"}, "body": {seriesDilemma}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("bring: %d %s", res.StatusCode, body(t, res))
	}
	if _, html := e.get(pol, s.live); !strings.Contains(html, seriesDilemma) {
		t.Error("the member does not see her own contribution")
	}
	if _, html := e.get(admin, s.live); strings.Contains(html, seriesDilemma) || !strings.Contains(html, `id="series-count-0">1<`) {
		t.Error("the contribution shows before it is revealed, or is not counted")
	}
	if res := e.post(pol, mid+"/tonen", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member reveals: %d", res.StatusCode)
	}
	if res := e.post(admin, mid+"/tonen", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reveal: %d %s", res.StatusCode, body(t, res))
	}
	if _, html := e.get(admin, s.live); !strings.Contains(html, seriesDilemma) || strings.Contains(html, "Aylin Demir") {
		t.Error("revealed: the contribution is missing or carries its author's name")
	}
}

// questionsThenClose moves through the Socratic round, which refuses
// advice, to an insight, closes the session and reads its report.
func (s *seriesSession) questionsThenClose(t *testing.T) {
	e, admin, pol, mid := s.e, s.admin, s.pol, s.mid
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
	if res := e.post(pol, mid+"/inbreng", url.Values{"step": {"2"}, "kind": {"insight"}, "slot": {"organisation"}, "body": {seriesInsight}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("insight: %d %s", res.StatusCode, body(t, res))
	}
	if res := e.post(admin, mid+"/afsluiten", confirm(url.Values{"feedback": {""}})); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", res.StatusCode)
	}
	if res, html := e.get(pol, mid+"/verslag"); res.StatusCode != http.StatusOK || !strings.Contains(html, "Socratisch gesprek") || !strings.Contains(html, seriesInsight) || strings.Contains(html, "— Aylin Demir") {
		t.Errorf("the session's report: %d", res.StatusCode)
	}
}

// groupRecords returns the ids of the group's two records, the dilemma and
// the insight; the insight is its author's, unshared, at her level.
func (s *seriesSession) groupRecords(t *testing.T) []int64 {
	e := s.e
	ids := mustGroupRecords(t, e, "beleid@demo.test", s.series)
	if len(ids) != 2 {
		t.Fatalf("records of the group: %v", ids)
	}
	rec, err := e.db.Knowledge.Record(t.Context(), e.user("beleid@demo.test"), ids[1])
	if err != nil || rec.Body != seriesInsight || rec.Level != "organisation" || rec.Shared() || rec.CreatedBy != e.user("beleid@demo.test").ID {
		t.Fatalf("insight record: %v %+v", err, rec)
	}
	return ids
}

// approveParaphrase has the facilitator paraphrase the dilemma (a name is
// refused) and its author approve it: only then, and without names, is it
// in the series report, which nobody outside the group reads.
func (s *seriesSession) approveParaphrase(t *testing.T, dilemmaID int64) {
	e, admin, pol := s.e, s.admin, s.pol
	report := s.series + "/verslag"
	line := report + "/" + itoa(dilemmaID)
	if _, html := e.get(admin, report); strings.Contains(html, "maatwerk") && strings.Contains(html, `id="series-report-lines"`) {
		t.Error("an unchecked line is in the report")
	}
	if res := e.post(admin, line, url.Values{"paraphrase": {"Aylin Demir vraagt maatwerk."}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a paraphrase with a member's name: %d", res.StatusCode)
	}
	if res := e.post(admin, line, url.Values{"paraphrase": {seriesPara}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("draft: %d %s", res.StatusCode, body(t, res))
	}
	if _, html := e.get(admin, report); strings.Contains(html, `id="series-report-lines"`) {
		t.Error("a draft is in the report before its author checked it")
	}
	if _, html := e.get(pol, report); !strings.Contains(html, seriesPara) || !strings.Contains(html, seriesDilemma) {
		t.Error("the author does not see the draft of her words")
	}
	if res := e.post(pol, line, url.Values{"paraphrase": {seriesPara}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", res.StatusCode, body(t, res))
	}
	_, html := e.get(admin, report)
	lines := html[strings.Index(html, `id="series-report-lines"`)+1:]
	if !strings.Contains(lines, seriesPara) || strings.Contains(html, seriesDilemma) || strings.Contains(html, "Aylin Demir") {
		t.Error("the report does not hold the checked paraphrase alone, without name")
	}
	if res, _ := e.get(e.login("facilitator@demo.test"), report); res.StatusCode != http.StatusNotFound {
		t.Errorf("someone outside the group reads the report: %d", res.StatusCode)
	}
}
