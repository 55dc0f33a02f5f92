package sqldb_test

import (
	"context"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// Insights captured in a case meeting land in the case, in the same
// transaction as the capture; anonymous ones without any trace of their
// author, also for small steps.
func TestMeetingInsightsLandInTheCase(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w, c, m := meetingWorld(t, db)
		if err := db.Meetings.EditSteps(ctx, w.owner, m.ID, []meeting.StepEdit{{Position: 1, Minutes: 5, Anonymous: true}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Meetings.StartMeeting(ctx, w.owner, m.ID, meeting.NewJoinCode()); err != nil {
			t.Fatal(err)
		}
		fam := meeting.Viewer{User: w.family}
		if _, err := db.Meetings.AddCapture(ctx, fam, &meeting.Capture{MeetingID: m.ID, StepPosition: 0, Kind: meeting.Insight, Body: "We praten over Sam, niet met hem."}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Meetings.MoveStep(ctx, w.owner, m.ID, 0, 1); err != nil {
			t.Fatal(err)
		}
		for _, c := range []*meeting.Capture{
			{MeetingID: m.ID, StepPosition: 1, Kind: meeting.Insight, Body: "Ik durf niet te zeggen dat ik moe ben."},
			{MeetingID: m.ID, StepPosition: 1, Kind: meeting.SmallStep, Body: "Ouder kiest een vrije middag"},
		} {
			if _, err := db.Meetings.AddCapture(ctx, fam, c); err != nil {
				t.Fatal(err)
			}
		}
		// An observation stays in the meeting.
		if _, err := db.Meetings.AddCapture(ctx, fam, &meeting.Capture{MeetingID: m.ID, StepPosition: 1, Kind: meeting.Observation, Body: "Stil na de vraag"}); err != nil {
			t.Fatal(err)
		}

		got, err := db.Progress.Insights(ctx, w.owner, c.ID)
		if err != nil || len(got) != 2 {
			t.Fatalf("insights: %+v %v", got, err)
		}
		anon, named := got[0], got[1] // newest first
		if named.Body != "We praten over Sam, niet met hem." || named.AuthorName != "Ouder" || named.MeetingID != m.ID || named.MeetingTitle != "Leerbijeenkomst 1" || named.CreatedBy != w.family.ID {
			t.Errorf("named insight: %+v", named)
		}
		if anon.AuthorName != "" || anon.CreatedBy != w.owner.ID || anon.MeetingID != m.ID {
			t.Errorf("anonymous insight keeps a trace of its author: %+v", anon)
		}
		feed, err := db.Progress.Feed(ctx, w.owner, c.ID, 20)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range feed {
			if (f.Kind == "insight" && strings.Contains(f.Text, "moe") || f.Kind == "step_added") && f.Actor == "Ouder" {
				t.Errorf("feed names the author of an anonymous capture: %+v", f)
			}
		}

		// Members place insights at a level; outsiders see nothing.
		if err := db.Progress.SetInsightLevel(ctx, w.family, c.ID, named.ID, "network"); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Progress.Insights(ctx, w.owner, c.ID); got[1].Level != "network" {
			t.Errorf("level not stored: %+v", got[1])
		}
		for _, u := range []*rotonde.User{w.colleague, w.outsider, w.sysad, w.admin} {
			if _, err := db.Progress.Insights(ctx, u, c.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
				t.Errorf("%s reads the insights: %v", u.Email, err)
			}
			if err := db.Progress.SetInsightLevel(ctx, u, c.ID, named.ID, "personal"); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
				t.Errorf("%s places an insight: %v", u.Email, err)
			}
			if err := db.Progress.AddInsight(ctx, u, &rotonde.Insight{CaseID: c.ID, Body: "x"}); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
				t.Errorf("%s adds an insight: %v", u.Email, err)
			}
		}

		// An insight of another case cannot be placed through this one.
		other := &rotonde.Case{Title: "Ander (9)"}
		if err := db.Cases.CreateCase(ctx, w.owner, other); err != nil {
			t.Fatal(err)
		}
		if err := db.Progress.SetInsightLevel(ctx, w.owner, other.ID, named.ID, "personal"); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("insight placed through another case: %v", err)
		}

		// Written by hand; bad input changes nothing.
		if err := db.Progress.AddInsight(ctx, w.owner, &rotonde.Insight{CaseID: c.ID, Body: "  Wij wachten op elkaar.  ", Level: "organisation"}); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []rotonde.Insight{{CaseID: c.ID, Body: "   "}, {CaseID: c.ID, Body: strings.Repeat("a", rotonde.MaxInsightLength+1)}} {
			if err := db.Progress.AddInsight(ctx, w.owner, &bad); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
				t.Errorf("bad insight accepted: %v", err)
			}
		}
		got, _ = db.Progress.Insights(ctx, w.owner, c.ID)
		if len(got) != 3 || got[0].Body != "Wij wachten op elkaar." || got[0].AuthorName != "Eigenaar" || got[0].MeetingID != 0 || got[0].Level != "organisation" {
			t.Errorf("after hand-written insight: %+v", got)
		}
	})
}
