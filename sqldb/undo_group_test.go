package sqldb_test

import (
	"context"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// A meeting without a case is reopened by its facilitator within 30 days,
// with the status it had (live once a step was started), and nobody else;
// after 30 days it stays closed.
func TestReopenMeetingWithoutCase(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		m := &meeting.Meeting{Title: "Themabijeenkomst", Theme: "Wachtlijsten in de regio"}
		if err := db.Meetings.CreateMeeting(ctx, w.admin, m); err != nil {
			t.Fatal(err)
		}
		lib, err := method.Load()
		var steps []meeting.Step
		if err == nil {
			steps, err = meeting.StepsForCard(lib, "perspective-switch", "two-groups")
		}
		if err == nil {
			err = db.Meetings.AddSteps(ctx, w.admin, m.ID, steps)
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Meetings.ReopenMeeting(ctx, w.admin, m.ID); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Errorf("a draft reopened: %v", err)
		}
		if _, err := db.Meetings.StartMeeting(ctx, w.admin, m.ID, meeting.NewJoinCode()); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Meetings.CloseMeeting(ctx, w.admin, m.ID, "goed gesprek"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Meetings.ReopenMeeting(ctx, w.outsider, m.ID); err == nil {
			t.Error("someone who is not its facilitator reopened the meeting")
		}
		seq, err := db.Meetings.ReopenMeeting(ctx, w.admin, m.ID)
		if err != nil || seq == 0 {
			t.Fatalf("reopen: %v seq %d", err, seq)
		}
		_, a, err := db.Meetings.MeetingSnapshot(ctx, meeting.Viewer{User: w.admin}, m.ID)
		if err != nil || a.Meeting.Status != meeting.Live || !a.Meeting.ClosedAt.IsZero() {
			t.Fatalf("after reopening: %v %+v", err, a.Meeting)
		}
		if _, err := db.Meetings.ReopenMeeting(ctx, w.admin, m.ID); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Errorf("reopened twice: %v", err)
		}
		// Closed again, after 30 days it stays closed.
		if _, err := db.Meetings.CloseMeeting(ctx, w.admin, m.ID, ""); err != nil {
			t.Fatal(err)
		}
		real := db.Now
		t.Cleanup(func() { db.Now = real })
		db.Now = func() time.Time { return real().AddDate(0, 0, rotonde.TrashDays).Add(time.Minute) }
		if _, err := db.Meetings.ReopenMeeting(ctx, w.admin, m.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("reopened after %d days: %v", rotonde.TrashDays, err)
		}
	})
}
