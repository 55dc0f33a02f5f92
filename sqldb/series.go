package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
)

// seriesGroupRole returns the actor's role in a group, or ENotFound for someone
// outside it.
func (db *store) seriesGroupRole(ctx context.Context, q *Tx, actor *rotonde.User, groupID int64) (string, error) {
	if actor == nil || actor.Disabled {
		return "", notFound("err.knowledge.series_not_found")
	}
	var role string
	err := q.QueryRow(ctx, `SELECT role FROM group_members WHERE group_id = ? AND user_id = ?`, groupID, actor.ID).Scan(&role)
	if isNoRows(err) {
		return "", notFound("err.knowledge.series_not_found")
	}
	return role, err
}

// CreateSeries plans a series of sessions for a group; only its facilitators do.
func (db *KnowledgeService) CreateSeries(ctx context.Context, actor *rotonde.User, s *knowledge.Series) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		role, err := db.seriesGroupRole(ctx, tx, actor, s.GroupID)
		if err != nil {
			return err
		}
		if role != "facilitator" {
			return forbidden()
		}
		s.CreatedBy, s.CreatedAt = actor.ID, db.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO intervision_series (group_id, title, minutes, created_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			s.GroupID, s.Title, s.Minutes, s.CreatedBy, s.CreatedAt).Scan(&s.ID); err != nil {
			return err
		}
		for _, x := range s.Sessions {
			if _, err := tx.Exec(ctx, `INSERT INTO intervision_sessions (series_id, number, planned_at) VALUES (?, ?, ?)`, s.ID, x.Number, x.PlannedAt); err != nil {
				return err
			}
		}
		return nil
	})
}

func (db *KnowledgeService) loadSeries(ctx context.Context, q *Tx, where string, arg any) ([]knowledge.Series, error) {
	var out []knowledge.Series
	if err := db.each(ctx, q, `SELECT id, group_id, title, minutes, created_by, created_at FROM intervision_series WHERE `+where+` ORDER BY created_at, id`,
		[]any{arg}, func(r *sql.Rows) error {
			var s knowledge.Series
			if err := r.Scan(&s.ID, &s.GroupID, &s.Title, &s.Minutes, &s.CreatedBy, &s.CreatedAt); err != nil {
				return err
			}
			out = append(out, s)
			return nil
		}); err != nil {
		return nil, err
	}
	for i := range out {
		s := &out[i]
		var err error
		if s.Sessions, err = queryList(ctx, q, func(r scanner) (x knowledge.Session, err error) {
			err = r.Scan(&x.Number, &x.PlannedAt)
			return x, err
		}, `SELECT number, planned_at FROM intervision_sessions WHERE series_id = ? ORDER BY number`, s.ID); err != nil {
			return nil, err
		}
		if s.Committed, err = q.ids(ctx, `SELECT user_id FROM intervision_commitments WHERE series_id = ? ORDER BY confirmed_at, user_id`, s.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Series returns a series to the members of its group.
func (db *KnowledgeService) Series(ctx context.Context, actor *rotonde.User, id int64) (*knowledge.Series, error) {
	list, err := db.loadSeries(ctx, db.reader, `id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("err.knowledge.series_not_found")
	}
	if _, err := db.seriesGroupRole(ctx, db.reader, actor, list[0].GroupID); err != nil {
		return nil, err
	}
	return &list[0], nil
}

// GroupSeries lists a group's series for its members.
func (db *KnowledgeService) GroupSeries(ctx context.Context, actor *rotonde.User, groupID int64) ([]knowledge.Series, error) {
	if _, err := db.seriesGroupRole(ctx, db.reader, actor, groupID); err != nil {
		return nil, err
	}
	return db.loadSeries(ctx, db.reader, `group_id = ?`, groupID)
}

// Commit records the actor's commitment to the series; confirming twice is harmless.
func (db *KnowledgeService) Commit(ctx context.Context, actor *rotonde.User, seriesID int64) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		var group int64
		err := tx.QueryRow(ctx, `SELECT group_id FROM intervision_series WHERE id = ?`, seriesID).Scan(&group)
		if isNoRows(err) {
			return notFound("err.knowledge.series_not_found")
		}
		if err != nil {
			return err
		}
		if _, err := db.seriesGroupRole(ctx, tx, actor, group); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM intervision_commitments WHERE series_id = ? AND user_id = ?`, seriesID, actor.ID).Scan(&n); err != nil || n > 0 {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO intervision_commitments (series_id, user_id, confirmed_at) VALUES (?, ?, ?)`, seriesID, actor.ID, db.Now())
		return err
	})
}

// GroupRecords lists the dilemmas and insights brought into a group, for its members.
func (db *KnowledgeService) GroupRecords(ctx context.Context, actor *rotonde.User, groupID int64) ([]knowledge.Record, error) {
	if _, err := db.seriesGroupRole(ctx, db.reader, actor, groupID); err != nil {
		return nil, err
	}
	return db.records(ctx, db.reader, `SELECT `+recordColumns+` FROM knowledge_records r WHERE r.group_id = ? ORDER BY r.created_at, r.id`, groupID)
}

// UpcomingSessions lists the next session of each series in the actor's
// groups, running ones first, then by planned time.
func (db *KnowledgeService) UpcomingSessions(ctx context.Context, actor *rotonde.User) ([]knowledge.UpcomingSession, error) {
	if actor == nil || actor.Disabled {
		return nil, nil
	}
	now := db.Now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).Add(-12 * time.Hour)
	var out []knowledge.UpcomingSession
	seen := map[int64]bool{}
	err := db.each(ctx, db.reader, `SELECT se.id, se.title, g.name, s.number, s.planned_at, COALESCE(sm.meeting_id, 0), COALESCE(m.status, '')
		FROM intervision_sessions s
		JOIN intervision_series se ON se.id = s.series_id
		JOIN groups g ON g.id = se.group_id
		JOIN group_members gm ON gm.group_id = se.group_id AND gm.user_id = ?
		LEFT JOIN series_meetings sm ON sm.series_id = s.series_id AND sm.number = s.number
		LEFT JOIN meetings m ON m.id = sm.meeting_id
		WHERE m.status = 'live' OR (s.planned_at >= ? AND (m.status IS NULL OR m.status <> 'closed'))
		ORDER BY CASE WHEN m.status = 'live' THEN 0 ELSE 1 END, s.planned_at, se.id, s.number`, []any{actor.ID, today}, func(r *sql.Rows) error {
		var x knowledge.UpcomingSession
		var status string
		if err := r.Scan(&x.SeriesID, &x.SeriesTitle, &x.GroupName, &x.Number, &x.PlannedAt, &x.MeetingID, &status); err != nil {
			return err
		}
		if seen[x.SeriesID] {
			return nil
		}
		seen[x.SeriesID] = true
		x.Live = status == "live"
		out = append(out, x)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("upcoming sessions: %w", err)
	}
	return out, nil
}
