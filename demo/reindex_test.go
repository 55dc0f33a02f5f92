package demo_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// Rebuilding the search index gives the index that the writes themselves
// kept: the same documents (with their case, meeting, group, audience and
// region) under the same terms. Over the demo's content, with a series
// session still running and a contribution not yet revealed, so that any
// source indexed by a rule the rebuild does not share shows here.
func TestRebuiltIndexEqualsTheLiveOne(t *testing.T) {
	db := seededDemo(t)
	ctx := context.Background()
	openSeriesSession(t, db)

	live := indexSnapshot(t, db)
	if len(live) < 100 {
		t.Fatalf("the demo's index holds only %d rows", len(live))
	}
	if err := db.Search.Reindex(ctx); err != nil {
		t.Fatal(err)
	}
	rebuilt := indexSnapshot(t, db)
	for _, d := range []struct {
		what     string
		rows, in []string
	}{{"kept by the writes, not by the rebuild", live, rebuilt}, {"made by the rebuild, not by the writes", rebuilt, live}} {
		for _, row := range d.rows {
			if !slices.Contains(d.in, row) {
				t.Errorf("%s: %s", d.what, row)
			}
		}
	}
}

// openSeriesSession starts the next session of the first group's series
// and has a member bring a dilemma that is not revealed yet.
func openSeriesSession(t *testing.T, db *sqldb.DB) {
	t.Helper()
	ctx := context.Background()
	fac, _, err := db.Users.UserByEmail(ctx, "facilitator@demo.test")
	if err != nil {
		t.Fatal(err)
	}
	member, _, err := db.Users.UserByEmail(ctx, "ggz@demo.test")
	if err != nil {
		t.Fatal(err)
	}
	groups, err := db.Tension.Groups(ctx, fac)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		series, err := db.Knowledge.GroupSeries(ctx, fac, g.ID)
		if err != nil || len(series) == 0 {
			continue
		}
		se := series[0]
		next, ok := se.Next(time.Now())
		if !ok {
			continue
		}
		sm, err := db.Knowledge.StartSession(ctx, fac, se.ID, next.Number)
		if err != nil {
			continue // not this group's facilitator
		}
		if _, err := db.Meetings.StartMeeting(ctx, fac, sm.MeetingID, meeting.NewJoinCode()); err != nil {
			t.Fatal(err)
		}
		c := &meeting.Capture{MeetingID: sm.MeetingID, Kind: meeting.Dilemma, Body: "Geheime zorg over de wachtlijst die nog niemand zag."}
		if _, err := db.Meetings.AddCapture(ctx, meeting.Viewer{User: member}, c); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("no series session to start")
}

// indexSnapshot lists every term row of the index with its document, in
// words that do not depend on the documents' ids.
func indexSnapshot(t *testing.T, db *sqldb.DB) []string {
	t.Helper()
	rows, err := db.Reader().QueryContext(context.Background(), `SELECT d.kind, d.ref_id, COALESCE(d.case_id, 0), COALESCE(d.meeting_id, 0),
		COALESCE(d.group_id, 0), d.audience, COALESCE(d.region_id, 0), d.title, d.body, COALESCE(t.term, ''), COALESCE(t.in_title, 0)
		FROM search_docs d LEFT JOIN search_terms t ON t.doc_id = d.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var kind, audience, title, body, term string
		var ref, caseID, meetingID, groupID, regionID, inTitle int64
		if err := rows.Scan(&kind, &ref, &caseID, &meetingID, &groupID, &audience, &regionID, &title, &body, &term, &inTitle); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s:%d case %d meeting %d group %d %q region %d %q %q: %s (%d)",
			kind, ref, caseID, meetingID, groupID, audience, regionID, title, body, term, inTitle))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}
