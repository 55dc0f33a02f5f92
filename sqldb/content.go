package sqldb

import (
	"context"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

var _ rotonde.DreamService = (*DreamService)(nil)

// DreamAnswers lists a case's answers to the dream questions.
func (db *DreamService) DreamAnswers(ctx context.Context, actor *rotonde.User, caseID int64) ([]rotonde.DreamAnswer, error) {
	return caseList(ctx, db.store, actor, caseID, "dream answers", func(r scanner) (a rotonde.DreamAnswer, err error) {
		err = r.Scan(&a.CaseID, &a.QuestionKey, &a.ForUser, &a.Answer, &a.WrittenBy, &a.WrittenName, &a.WrittenAt)
		return a, err
	}, `SELECT d.case_id, d.question_key, d.for_user, d.answer, d.written_by, u.name, d.written_at
		FROM dream_answers d JOIN users u ON u.id = d.written_by
		WHERE d.case_id = ? ORDER BY d.question_key, d.for_user`)
}

// SaveDreamAnswers stores answers all together or not at all.
func (db *DreamService) SaveDreamAnswers(ctx context.Context, actor *rotonde.User, caseID int64, answers []rotonde.DreamAnswer) error {
	for i := range answers {
		if err := answers[i].Validate(); err != nil {
			return err
		}
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		role, err := db.writeAccess(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		now := db.Now()
		for _, a := range answers {
			switch {
			case a.ForUser == 0 && !policy.CanAnswerDream(role):
				return rotonde.E(rotonde.EForbidden, "err.sqldb.you_can_only_read_dream_in")
			case a.ForUser != 0 && (a.ForUser != actor.ID || !policy.CanAnswerOwnDream(role)):
				return rotonde.E(rotonde.EForbidden, "err.sqldb.you_can_only_answer_your_own")
			}
			var old string
			err := tx.QueryRow(ctx, `SELECT answer FROM dream_answers WHERE case_id = ? AND question_key = ? AND for_user = ?`,
				caseID, a.QuestionKey, a.ForUser).Scan(&old)
			exists := err == nil
			if err != nil && !isNoRows(err) {
				return err
			}
			switch {
			case exists && old == a.Answer:
				// unchanged: keep who wrote it and when
			case a.Answer == "" && exists:
				if _, err := tx.Exec(ctx, `DELETE FROM dream_answers WHERE case_id = ? AND question_key = ? AND for_user = ?`, caseID, a.QuestionKey, a.ForUser); err != nil {
					return err
				}
			case a.Answer == "":
			case exists:
				if _, err := tx.Exec(ctx, `UPDATE dream_answers SET answer = ?, written_by = ?, written_at = ? WHERE case_id = ? AND question_key = ? AND for_user = ?`,
					a.Answer, actor.ID, now, caseID, a.QuestionKey, a.ForUser); err != nil {
					return err
				}
			default:
				if _, err := tx.Exec(ctx, `INSERT INTO dream_answers (case_id, question_key, for_user, answer, written_by, written_at) VALUES (?, ?, ?, ?, ?, ?)`,
					caseID, a.QuestionKey, a.ForUser, a.Answer, actor.ID, now); err != nil {
					return err
				}
			}
		}
		return tx.indexDream(ctx, caseID)
	})
}
