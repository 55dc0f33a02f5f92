package sqldb

import (
	"context"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// AddInsight stores an insight written down by a member of the case.
func (db *ProgressService) AddInsight(ctx context.Context, actor *rotonde.User, in *rotonde.Insight) error {
	if err := in.Validate(); err != nil {
		return err
	}
	in.MeetingID = 0
	in.AuthorName = actor.Name
	return db.progressWrite(ctx, actor, in.CaseID, policy.CanEditProgress, func(tx *Tx) error {
		return db.insertInsight(ctx, tx, actor.ID, 0, in)
	})
}

// insertInsight stores a validated insight; captureID links it to the
// meeting capture it came from (0 for none).
func (db *store) insertInsight(ctx context.Context, tx *Tx, createdBy, captureID int64, in *rotonde.Insight) error {
	in.CreatedBy, in.CreatedAt = createdBy, db.Now()
	if err := tx.QueryRow(ctx, `INSERT INTO case_insights (case_id, body, level, meeting_id, capture_id, author_name, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.CaseID, in.Body, in.Level, nullInt(in.MeetingID), nullInt(captureID),
		in.AuthorName, in.CreatedBy, in.CreatedAt).Scan(&in.ID); err != nil {
		return err
	}
	return tx.indexInsight(ctx, in.ID)
}

// SetInsightLevel places an insight at a level of insight ("" takes the
// level away again).
func (db *ProgressService) SetInsightLevel(ctx context.Context, actor *rotonde.User, caseID, insightID int64, level string) error {
	probe := rotonde.Insight{Body: "-", Level: level}
	if err := probe.Validate(); err != nil {
		return err
	}
	return db.progressWrite(ctx, actor, caseID, policy.CanEditProgress, func(tx *Tx) error {
		return execOne(ctx, tx, notFound("err.sqldb.this_insight_does_not_exist_any"), `UPDATE case_insights SET level = ?, level_by = ?, level_at = ? WHERE id = ? AND case_id = ?`,
			probe.Level, actor.ID, db.Now(), insightID, caseID)
	})
}

// Insights lists a case's insights, newest first.
func (db *ProgressService) Insights(ctx context.Context, actor *rotonde.User, caseID int64) ([]rotonde.Insight, error) {
	return caseList(ctx, db.store, actor, caseID, "insights", func(r scanner) (rotonde.Insight, error) {
		var in rotonde.Insight
		err := r.Scan(&in.ID, &in.CaseID, &in.Body, &in.Level, &in.MeetingID, &in.MeetingTitle, &in.AuthorName, &in.CreatedBy, &in.CreatedAt)
		return in, err
	}, `SELECT i.id, i.case_id, i.body, i.level, COALESCE(i.meeting_id, 0), COALESCE(m.title, ''), i.author_name, i.created_by, i.created_at
		FROM case_insights i LEFT JOIN meetings m ON m.id = i.meeting_id
		WHERE i.case_id = ? ORDER BY i.created_at DESC, i.id DESC`)
}
