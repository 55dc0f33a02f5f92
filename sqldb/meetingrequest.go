package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/policy"
)

const requestColumns = `q.id, q.case_id, c.title, q.requested_by, u.name, q.question, q.status, q.reason, COALESCE(q.meeting_id, 0), q.created_at, q.decided_at
	FROM meeting_requests q JOIN cases c ON c.id = q.case_id JOIN users u ON u.id = q.requested_by `

func scanRequest(r interface{ Scan(...any) error }) (meeting.Request, error) {
	var q meeting.Request
	var status string
	var decided sql.NullTime
	err := r.Scan(&q.ID, &q.CaseID, &q.CaseTitle, &q.RequestedBy, &q.RequesterName, &q.Question, &status, &q.Reason, &q.MeetingID, &q.CreatedAt, &decided)
	q.Status, q.DecidedAt = meeting.RequestStatus(status), decided.Time
	return q, err
}

func (db *MeetingService) requests(ctx context.Context, q *Tx, where string, args ...any) ([]meeting.Request, error) {
	var out []meeting.Request
	err := db.each(ctx, q, `SELECT `+requestColumns+`WHERE `+where+` ORDER BY q.created_at, q.id`, args, func(r *sql.Rows) error {
		x, err := scanRequest(r)
		out = append(out, x)
		return err
	})
	return out, err
}

// RequestMeeting stores a family member's request for a meeting on their case.
func (db *MeetingService) RequestMeeting(ctx context.Context, actor *rotonde.User, r *meeting.Request) error {
	question, err := meeting.ValidateRequest(r.Question)
	if err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		if err := db.mayWriteAs(ctx, tx, actor, r.CaseID, meeting.CanRequest, "err.meeting.request_family_only"); err != nil {
			return err
		}
		r.Question, r.RequestedBy, r.Status, r.CreatedAt = question, actor.ID, meeting.RequestOpen, db.Now()
		return tx.QueryRow(ctx, `INSERT INTO meeting_requests (case_id, requested_by, question, status, created_at) VALUES (?, ?, ?, 'open', ?) RETURNING id`,
			r.CaseID, actor.ID, r.Question, r.CreatedAt).Scan(&r.ID)
	})
}

// CaseRequests lists a case's requests: all for its owner and facilitators,
// a family member's own for the family, none for anyone else.
func (db *MeetingService) CaseRequests(ctx context.Context, actor *rotonde.User, caseID int64) ([]meeting.Request, error) {
	a, err := db.readAccess(ctx, actor, caseID)
	if err != nil {
		return nil, err
	}
	switch {
	case !a.Emergency && policy.CanManageMembers(a.Role):
		return db.requests(ctx, db.reader, `q.case_id = ?`, caseID)
	case meeting.CanRequest(a.Role):
		return db.requests(ctx, db.reader, `q.case_id = ? AND q.requested_by = ?`, caseID, actor.ID)
	}
	return nil, nil
}

// OpenRequests lists the open requests of the cases the actor owns or facilitates.
func (db *MeetingService) OpenRequests(ctx context.Context, actor *rotonde.User) ([]meeting.Request, error) {
	if actor == nil || actor.Disabled {
		return nil, nil
	}
	return db.requests(ctx, db.reader, `q.status = 'open' AND q.case_id IN (SELECT case_id FROM case_members WHERE user_id = ? AND role IN (?, ?))`,
		actor.ID, string(rotonde.MemberOwner), string(rotonde.MemberFacilitator))
}

// DecideRequest plans a meeting from an open request, with the actor as its
// facilitator and the family's question as its theme, or declines it with a
// reason: those who may create the case's meetings.
func (db *MeetingService) DecideRequest(ctx context.Context, actor *rotonde.User, caseID, id int64, plan bool, reason string) (int64, error) {
	var mid int64
	err := db.WriteTx(ctx, func(tx *Tx) error {
		if err := db.mayWriteAs(ctx, tx, actor, caseID, policy.CanManageMembers, "err.sqldb.only_case_owner_and_case_facilitator"); err != nil {
			return err
		}
		r, err := scanRequest(tx.QueryRow(ctx, `SELECT `+requestColumns+`WHERE q.id = ? AND q.case_id = ?`, id, caseID))
		if isNoRows(err) {
			return notFound("err.meeting.request_not_found")
		}
		if err != nil {
			return err
		}
		if err := r.Decide(plan, reason); err != nil {
			return err
		}
		now := db.Now()
		if plan {
			m := &meeting.Meeting{CaseID: caseID, Title: fmt.Sprintf("%s · %s", r.CaseTitle, r.RequesterName), Theme: r.Question}
			if len([]rune(m.Title)) > 120 {
				m.Title = string([]rune(m.Title)[:120])
			}
			if mid, err = db.insertDraftMeeting(ctx, tx, m, actor.ID); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `UPDATE meeting_requests SET status = ?, reason = ?, meeting_id = ?, decided_by = ?, decided_at = ? WHERE id = ?`,
			string(r.Status), r.Reason, nullInt(mid), actor.ID, now, id)
		return err
	})
	return mid, err
}

// insertDraftMeeting stores a checked draft meeting that someone other than
// its creator asked for (a family's request, a series session), with its
// facilitator, after the caller checked who may.
func (db *store) insertDraftMeeting(ctx context.Context, tx *Tx, m *meeting.Meeting, facilitator int64) (int64, error) {
	if err := m.Validate(); err != nil {
		return 0, err
	}
	now := db.Now()
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO meetings (case_id, title, theme, facilitator_id, status, current_step, prep, created_at, updated_at)
		VALUES (?, ?, ?, ?, 'draft', -1, '{}', ?, ?) RETURNING id`, nullInt(m.CaseID), m.Title, m.Theme, facilitator, now, now).Scan(&id)
	return id, err
}
