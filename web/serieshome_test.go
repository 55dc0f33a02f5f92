package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/demo"
)

// The next sessions of the demo's two series, as the start page names them
// (TestStartPageForEveryRole checks who sees which).
const (
	firstSeriesSession = "Intervisiereeks 2026–2027: sessie 4"
	boardSeriesSession = "Bestuurlijke intervisie 2026–2027: sessie 3"
)

// A session on the start page links to its place on the series page; once
// a session runs, its members are offered to join it, and its facilitator
// finds it there once.
func TestStartPageShowsUpcomingSessions(t *testing.T) {
	e := newEnv(t)
	var boardSeries string
	groups, err := e.db.Tension.Groups(t.Context(), e.user("bestuurder@demo.test"))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		list, err := e.db.Knowledge.GroupSeries(t.Context(), e.user("bestuurder@demo.test"), g.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, se := range list {
			if g.Name == demo.BoardGroup {
				boardSeries = fmt.Sprintf("/reeksen/%d", se.ID)
			}
		}
	}
	admin, pol := e.login("bestuurder@demo.test"), e.login("beleid@demo.test")
	if _, html := e.get(admin, "/"); boardSeries == "" || !strings.Contains(html, `href="`+boardSeries+`#sessie-3"`) {
		t.Errorf("the start page does not link to the session on the series page %q", boardSeries)
	}
	if _, html := e.get(admin, boardSeries); !strings.Contains(html, `id="sessie-3"`) {
		t.Error("the series page has no anchor for the session the start page links to")
	}

	// A running session: the member joins from the start page; the
	// facilitator, who has it among the meetings, finds it once.
	series := seriesForTwo(t, e)
	if _, html := e.get(pol, "/"); !strings.Contains(html, "Reeks 2027: sessie 1") {
		t.Error("the member does not find the new series' first session")
	}
	res := e.post(admin, series+"/sessies/1/starten", nil)
	live := res.Header.Get("Location")
	if !strings.HasSuffix(live, "/live") {
		t.Fatalf("start: %d %s", res.StatusCode, body(t, res))
	}
	if _, html := e.get(pol, "/"); !strings.Contains(html, `href="`+live+`"`) {
		t.Error("the member is not offered to join the running session from the start page")
	}
	if _, html := e.get(admin, "/"); strings.Count(html, strings.TrimSuffix(live, "/live")+`"`)+strings.Count(html, `href="`+live+`"`) != 1 {
		t.Errorf("the facilitator does not find the running session once on the start page")
	}
}
