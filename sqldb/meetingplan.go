package sqldb

import (
	"context"
	"fmt"
	"sort"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
)

// PlanMeeting sets (or with a zero time clears) when and where a meeting
// takes place; its facilitator only, and not after it closed.
func (db *MeetingService) PlanMeeting(ctx context.Context, actor *rotonde.User, id int64, p meeting.Plan) error {
	if err := p.Validate(db.Now()); err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		if _, err := db.facilitatorOfOpenMeeting(ctx, tx, actor, id); err != nil {
			return err
		}
		var at any
		if !p.At.IsZero() {
			at = p.At.UTC()
		}
		_, err := tx.Exec(ctx, `UPDATE meetings SET planned_at = ?, place = ?, updated_at = ? WHERE id = ?`, at, p.Place, db.Now(), id)
		return err
	})
}

// UpcomingMeetings lists the meetings the actor may take part in that are
// live now or planned from the start of today: case meetings of cases the
// actor is a member of, and free-theme meetings they facilitate or were
// let into. Every candidate passes the same access check as opening it,
// so consent withdrawn or a membership ended hides it at once.
func (db *MeetingService) UpcomingMeetings(ctx context.Context, actor *rotonde.User) ([]meeting.Meeting, error) {
	if actor == nil || actor.Disabled {
		return nil, nil
	}
	now := db.Now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).Add(-12 * time.Hour)
	ids, err := db.reader.ids(ctx, `SELECT m.id FROM meetings m
		WHERE m.status <> 'closed' AND (m.status = 'live' OR m.planned_at >= ?)
		AND (m.case_id IN (SELECT cm.case_id FROM case_members cm WHERE cm.user_id = ?)
			OR m.facilitator_id = ?
			OR m.id IN (SELECT p.meeting_id FROM meeting_participants p WHERE p.user_id = ?))
		ORDER BY m.id LIMIT 200`, today, actor.ID, actor.ID, actor.ID)
	if err != nil {
		return nil, fmt.Errorf("upcoming meetings: %w", err)
	}
	var out []meeting.Meeting
	for _, id := range ids {
		a, err := db.meetingAccess(ctx, db.reader, meeting.Viewer{User: actor}, id)
		if rotonde.ErrorCodeOf(err) == rotonde.ENotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, *a.Meeting)
	}
	// Live first, then by planned time; unplanned live meetings by id.
	sort.SliceStable(out, func(i, j int) bool {
		li, lj := out[i].Status == meeting.Live, out[j].Status == meeting.Live
		if li != lj {
			return li
		}
		return out[i].PlannedAt.Before(out[j].PlannedAt)
	})
	return out, nil
}
