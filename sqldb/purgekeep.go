package sqldb

import (
	"context"
	"time"
)

// keepSharedRecords detaches the case's shared dilemmas and insights from
// it before the case is purged. The approved paraphrase, without
// identifying details, belongs to the network's knowledge: it stays, with
// its links and codings, so the threads and their counts do not change.
// What only the case's members read goes with the case: the text as
// written (the body becomes the paraphrase), the takeaway and what was done
// with it. The record then has no source: nobody can edit or share it
// again, and the network reads it as before.
func keepSharedRecords(ctx context.Context, tx *Tx, caseID int64, now time.Time) error {
	ids, err := tx.ids(ctx, `SELECT id FROM knowledge_records WHERE case_id = ? AND shared_at IS NOT NULL`, caseID)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE knowledge_records SET case_id = NULL, insight_id = NULL, body = paraphrase, takeaway = '',
		follow_up_due = NULL, follow_up = '', follow_up_at = NULL, kept_at = ?, updated_at = ? WHERE case_id = ? AND shared_at IS NOT NULL`,
		now, now, caseID); err != nil {
		return err
	}
	for _, id := range ids {
		if err := tx.indexRecord(ctx, id); err != nil { // no longer found among the case's records
			return err
		}
	}
	return nil
}
