package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/tension"
)

// A series session is a live meeting of the group: its members take part,
// outsiders do not learn it exists; a contribution reaches the others only
// once revealed, never with a name, not even in the live event; closing
// makes the group's records, and the report holds a line only once its
// author checked the paraphrase.
func TestSeriesSessionMeeting(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		g := boardGroup(t, db, w)
		se := plannedSeries(g, time.Now().Add(24*time.Hour))
		if err := db.Knowledge.CreateSeries(context.Background(), w.admin, se); err != nil {
			t.Fatal(err)
		}
		mid := startSeriesSession(t, db, w, g, se)
		body := "Ik stuur op productie terwijl ik samenwerking predik."
		revealSeriesContribution(t, db, w, mid, body)
		// A rebuild of the index while the session runs leaves its
		// contributions out, as the live write does: they are indexed
		// when the session closes.
		if err := db.Search.Reindex(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, u := range []*rotonde.User{w.admin, w.outsider} {
			if hits := mustSearch(t, db, u, "productie", ""); len(hits) != 0 {
				t.Errorf("%s finds an open session's contribution after a reindex: %+v", u.Email, hits)
			}
		}
		line := closeSeriesSession(t, db, w, g, mid, body)
		if hits := mustSearch(t, db, w.outsider, "productie", ""); len(hits) == 0 {
			t.Errorf("the closed session's contribution is not found")
		}
		checkSeriesReport(t, db, w, se, line)
	})
}

// startSeriesSession starts the series' first session, live: only the
// group's facilitator may, the start page shows it to the group's members
// only (before and while it runs), and nobody outside the group reaches it.
func startSeriesSession(t *testing.T, db *sqldb.DB, w *world, g *tension.Group, se *knowledge.Series) int64 {
	ctx := context.Background()
	if _, err := db.Knowledge.StartSession(ctx, w.outsider, se.ID, 1); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Errorf("a member starts a session: %v", err)
	}
	if _, err := db.Knowledge.StartSession(ctx, w.admin, se.ID, 9); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("a session the series does not have: %v", err)
	}
	// The start page's sessions: the next one, for the group's members only.
	upcoming := func(u *rotonde.User) []knowledge.UpcomingSession {
		t.Helper()
		list, err := db.Knowledge.UpcomingSessions(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	if list := upcoming(w.outsider); len(list) != 1 || list[0].SeriesID != se.ID || list[0].Number != 1 || list[0].GroupName != g.Name || list[0].Live {
		t.Errorf("the member's upcoming sessions: %+v", list)
	}
	if list := upcoming(w.owner); len(list) != 0 {
		t.Errorf("someone outside the group has upcoming sessions: %+v", list)
	}
	sm, err := db.Knowledge.StartSession(ctx, w.admin, se.ID, 1)
	if err != nil || sm.Status != string(meeting.Draft) {
		t.Fatalf("start session: %+v %v", sm, err)
	}
	if _, err := db.Meetings.StartMeeting(ctx, w.admin, sm.MeetingID, meeting.NewJoinCode()); err != nil {
		t.Fatal(err)
	}
	if list := upcoming(w.outsider); len(list) != 1 || !list[0].Live || list[0].MeetingID != sm.MeetingID {
		t.Errorf("the running session among the member's upcoming sessions: %+v", list)
	}
	if _, err := db.Meetings.MeetingAccess(ctx, meeting.Viewer{User: w.owner}, sm.MeetingID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("someone outside the group reaches the session: %v", err)
	}
	return sm.MeetingID
}

// revealSeriesContribution has the outsider bring body anonymously: the
// live event and the facilitator's view hold nothing of it until the
// facilitator (not a member) reveals it, and then no name.
func revealSeriesContribution(t *testing.T, db *sqldb.DB, w *world, mid int64, body string) {
	ctx := context.Background()
	if _, err := db.Meetings.AddCapture(ctx, meeting.Viewer{User: w.outsider}, &meeting.Capture{MeetingID: mid, StepPosition: 0, Kind: meeting.Dilemma, Body: body, Anonymous: true}); err != nil {
		t.Fatal(err)
	}
	events, err := db.Meetings.MeetingEvents(ctx, mid, 0, 100)
	if err != nil || events[len(events)-1].Kind != meeting.EvSeries || strings.Contains(string(events[len(events)-1].Payload), "productie") {
		t.Errorf("the live event of a contribution: %v %+v", err, events)
	}
	snap, _, err := db.Meetings.MeetingSnapshot(ctx, meeting.Viewer{User: w.admin}, mid)
	if err != nil || len(snap.Captures) != 0 || snap.Series == nil || snap.Series.Withheld[0] != 1 {
		t.Fatalf("facilitator before the reveal: %v %+v", err, snap)
	}
	snap, _, _ = db.Meetings.MeetingSnapshot(ctx, meeting.Viewer{User: w.outsider}, mid)
	if len(snap.Captures) != 1 || snap.Captures[0].AuthorName != "" || snap.Captures[0].ParticipantID == 0 {
		t.Fatalf("the author's own contribution: %+v", snap.Captures)
	}
	if _, err := db.Meetings.RevealStep(ctx, w.outsider, mid); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Errorf("a member reveals: %v", err)
	}
	if _, err := db.Meetings.RevealStep(ctx, w.admin, mid); err != nil {
		t.Fatal(err)
	}
	snap, _, _ = db.Meetings.MeetingSnapshot(ctx, meeting.Viewer{User: w.admin}, mid)
	if len(snap.Captures) != 1 || snap.Captures[0].Body != body || snap.Captures[0].AuthorName != "" || snap.Captures[0].ParticipantID != 0 {
		t.Fatalf("revealed: %+v", snap.Captures)
	}
}

// closeSeriesSession moves to the Socratic round (no advice there) and
// closes the session: the contribution becomes the group's record, its
// author's and unshared. It returns the record's id.
func closeSeriesSession(t *testing.T, db *sqldb.DB, w *world, g *tension.Group, mid int64, body string) int64 {
	ctx := context.Background()
	if _, err := db.Meetings.MoveStep(ctx, w.admin, mid, 0, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Meetings.AddCapture(ctx, meeting.Viewer{User: w.outsider}, &meeting.Capture{MeetingID: mid, StepPosition: 1, Kind: meeting.Question, Body: "Bel gewoon."}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
		t.Errorf("advice in the Socratic round: %v", err)
	}
	if _, err := db.Meetings.CloseMeeting(ctx, w.admin, mid, ""); err != nil {
		t.Fatal(err)
	}
	recs, err := db.Knowledge.GroupRecords(ctx, w.admin, g.ID)
	if err != nil || len(recs) != 1 || recs[0].CreatedBy != w.outsider.ID || recs[0].Shared() || recs[0].Body != body {
		t.Fatalf("the group's records: %v %+v", err, recs)
	}
	return recs[0].ID
}

// checkSeriesReport paraphrases the series' record line for the report:
// no member's name, nobody outside the group, and the line is in the
// report only once its author checked it.
func checkSeriesReport(t *testing.T, db *sqldb.DB, w *world, se *knowledge.Series, line int64) {
	ctx := context.Background()
	if err := db.Knowledge.SaveReportParaphrase(ctx, w.admin, se.ID, line, "Buitenstaander stuurt op productie."); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
		t.Errorf("a paraphrase naming a member: %v", err)
	}
	if err := db.Knowledge.SaveReportParaphrase(ctx, w.owner, se.ID, line, "Sturen op productie."); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("an outsider paraphrases: %v", err)
	}
	para := "Wie samenwerking vraagt, stuurt soms zelf op productie."
	if err := db.Knowledge.SaveReportParaphrase(ctx, w.admin, se.ID, line, para); err != nil {
		t.Fatal(err)
	}
	rep, err := db.Knowledge.SeriesReport(ctx, w.outsider, se.ID)
	if err != nil || len(rep.Lines) != 1 || !rep.Lines[0].Mine || rep.Lines[0].Checked || len(rep.Report()) != 0 {
		t.Fatalf("before the author checked: %v %+v", err, rep)
	}
	if err := db.Knowledge.SaveReportParaphrase(ctx, w.outsider, se.ID, line, para); err != nil {
		t.Fatal(err)
	}
	rep, _ = db.Knowledge.SeriesReport(ctx, w.admin, se.ID)
	if r := rep.Report(); len(r) != 1 || r[0].Paraphrase != para || r[0].Body != "" {
		t.Errorf("the report: %+v", r)
	}
}

// A family member asks for a meeting; the owner declines with a reason or
// plans one; nobody else asks or decides.
func TestMeetingRequests(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.ownerCase(t, db, "Sam")
		for _, m := range []struct {
			u    *rotonde.User
			role rotonde.MemberRole
		}{{w.family, rotonde.MemberFamily}, {w.colleague, rotonde.MemberProfessional}} {
			if err := db.Cases.AddMember(ctx, w.owner, c.ID, m.u.Email, m.role); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Meetings.RequestMeeting(ctx, w.colleague, &meeting.Request{CaseID: c.ID, Question: "Overleg?"}); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("a professional asks instead of planning: %v", err)
		}
		if err := db.Meetings.RequestMeeting(ctx, w.outsider, &meeting.Request{CaseID: c.ID, Question: "Overleg?"}); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("someone outside the case asks: %v", err)
		}
		req := &meeting.Request{CaseID: c.ID, Question: "Kunnen we met school praten?"}
		if err := db.Meetings.RequestMeeting(ctx, w.family, req); err != nil {
			t.Fatal(err)
		}
		if open, err := db.Meetings.OpenRequests(ctx, w.owner); err != nil || len(open) != 1 || open[0].RequesterName != "Ouder" {
			t.Fatalf("open requests: %v %+v", err, open)
		}
		if open, _ := db.Meetings.OpenRequests(ctx, w.colleague); len(open) != 0 {
			t.Errorf("a professional who does not plan sees the request waiting: %+v", open)
		}
		if list, _ := db.Meetings.CaseRequests(ctx, w.colleague, c.ID); len(list) != 0 {
			t.Errorf("a professional reads the family's request: %+v", list)
		}
		if _, err := db.Meetings.DecideRequest(ctx, w.colleague, c.ID, req.ID, true, ""); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("a professional decides: %v", err)
		}
		if _, err := db.Meetings.DecideRequest(ctx, w.owner, c.ID, req.ID, false, " "); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("declined without a reason: %v", err)
		}
		mid, err := db.Meetings.DecideRequest(ctx, w.owner, c.ID, req.ID, true, "")
		if err != nil || mid == 0 {
			t.Fatal(err)
		}
		list, err := db.Meetings.CaseRequests(ctx, w.family, c.ID)
		if err != nil || len(list) != 1 || list[0].Status != meeting.RequestPlanned || list[0].MeetingID != mid {
			t.Fatalf("the family's view: %v %+v", err, list)
		}
		ms, err := db.Meetings.Meetings(ctx, w.owner, c.ID)
		if err != nil || len(ms) != 1 || ms[0].Theme != req.Question || ms[0].FacilitatorID != w.owner.ID {
			t.Errorf("the planned meeting: %v %+v", err, ms)
		}
		if _, err := db.Meetings.DecideRequest(ctx, w.owner, c.ID, req.ID, false, "toch niet"); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Errorf("decided twice: %v", err)
		}
	})
}
