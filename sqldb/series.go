package sqldb

import (
	"context"
	"database/sql"

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
		if err := db.each(ctx, q, `SELECT number, planned_at FROM intervision_sessions WHERE series_id = ? ORDER BY number`, []any{s.ID}, func(r *sql.Rows) error {
			var x knowledge.Session
			if err := r.Scan(&x.Number, &x.PlannedAt); err != nil {
				return err
			}
			s.Sessions = append(s.Sessions, x)
			return nil
		}); err != nil {
			return nil, err
		}
		if err := db.each(ctx, q, `SELECT user_id FROM intervision_commitments WHERE series_id = ? ORDER BY confirmed_at, user_id`, []any{s.ID}, func(r *sql.Rows) error {
			var id int64
			if err := r.Scan(&id); err != nil {
				return err
			}
			s.Committed = append(s.Committed, id)
			return nil
		}); err != nil {
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
