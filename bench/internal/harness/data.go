package harness

import (
	"context"
	"fmt"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/wire"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/password"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/timeline"
	"github.com/rotonde-jeugd/rotonde/web"
)

// SeedDemo migrates db, seeds the demo network into it with the demo
// password hashed as in production, and returns the demo's facilitator.
func SeedDemo(ctx context.Context, db *sqldb.DB) (*rotonde.User, error) {
	if _, err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	hash, err := password.Hash(demo.Password, password.Default)
	if err != nil {
		return nil, err
	}
	if _, err := demo.Seed(ctx, wire.Demo(db), hash); err != nil {
		return nil, err
	}
	fac, _, err := db.Users.UserByEmail(ctx, "facilitator@demo.test")
	return fac, err
}

// Events is a long invented history of n events from firstYear over years
// years: every kind, dates of every precision (one in seven approximate),
// 40 helpers from 15 organisations.
func Events(n, firstYear, years int) []timeline.Event {
	evs := make([]timeline.Event, n)
	for i := range evs {
		k := timeline.Kinds[i%5]
		d := timeline.Day(firstYear+i%years, 1+i%12, 1+i%28)
		if i%7 == 0 {
			d = timeline.About(firstYear + i%years)
		}
		evs[i] = timeline.Event{ID: fmt.Sprint("e", i), Date: d, Kind: k, Lane: k.DefaultLane(),
			Source: timeline.SourceDossier, Description: fmt.Sprintf("Gebeurtenis %d met een omschrijving van gewone lengte", i),
			Persons: []string{"Noor (15)", "moeder"}, Organisations: []string{fmt.Sprint("org", i%15)}, Helpers: []string{fmt.Sprint("hulpverlener ", i%40)}}
	}
	return evs
}

// RunningMeeting creates a meeting with the facilitator's card as its
// agenda and starts it, as a facilitator does before the guests join.
func RunningMeeting(ctx context.Context, db *sqldb.DB, fac *rotonde.User, title string) (int64, error) {
	lib, err := method.Load()
	if err != nil {
		return 0, err
	}
	steps, _ := meeting.StepsForCard(lib, "facilitator", "")
	m := &meeting.Meeting{Title: title, Theme: "vertragen en verdragen"}
	if err := db.Meetings.CreateMeeting(ctx, fac, m); err != nil {
		return 0, err
	}
	if err := db.Meetings.AddSteps(ctx, fac, m.ID, steps); err != nil {
		return 0, err
	}
	if _, err := db.Meetings.StartMeeting(ctx, fac, m.ID, meeting.NewJoinCode()); err != nil {
		return 0, err
	}
	return m.ID, nil
}

// Guest invites a guest to the meeting and accepts the invitation, as the
// guest's browser does; it returns the guest's session token.
func Guest(ctx context.Context, db *sqldb.DB, fac *rotonde.User, meetingID int64, name string, now time.Time) (string, error) {
	_, invHash := web.NewToken("g_")
	if _, err := db.Meetings.InviteGuest(ctx, fac, meetingID, name, invHash, now.Add(time.Hour)); err != nil {
		return "", err
	}
	gt, gtHash := web.NewToken("gt_")
	if _, err := db.Meetings.AcceptGuestInvite(ctx, invHash, gtHash, now); err != nil {
		return "", err
	}
	return gt, nil
}
