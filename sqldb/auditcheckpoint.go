package sqldb

import (
	"context"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// AuditHead returns the chain's head and purge anchor as stored.
func (db *AuditService) AuditHead(ctx context.Context) (rotonde.AuditHead, error) {
	var h rotonde.AuditHead
	err := db.queryRow(ctx, `SELECT last_seq, last_hash, anchor_seq, anchor_hash FROM audit_head WHERE id = 1`).
		Scan(&h.Seq, &h.Hash, &h.AnchorSeq, &h.AnchorHash)
	if err != nil {
		return h, fmt.Errorf("audit head: %w", err)
	}
	return h, nil
}

// AuditCheckpoint vouches for the chain's head as it is now.
func (db *AuditService) AuditCheckpoint(ctx context.Context, c *rotonde.AuditCheckpointer) (rotonde.AuditCheckpoint, error) {
	h, err := db.AuditHead(ctx)
	if err != nil {
		return rotonde.AuditCheckpoint{}, err
	}
	return c.Make(h, db.Now()), nil
}

// VerifyAuditCheckpoints recomputes the chain (VerifyAudit) and then checks
// it against earlier checkpoints (rotonde.CheckAuditCheckpoints).
func (db *AuditService) VerifyAuditCheckpoints(ctx context.Context, c *rotonde.AuditCheckpointer, cps []rotonde.AuditCheckpoint) (rotonde.AuditVerification, error) {
	v, err := db.VerifyAudit(ctx)
	if err != nil || v.BrokenSeq != 0 {
		return v, err
	}
	h, err := db.AuditHead(ctx)
	if err != nil {
		return v, err
	}
	cv, err := rotonde.CheckAuditCheckpoints(c, h, cps, func(seq int64) (string, bool, error) {
		var hash string
		err := db.queryRow(ctx, `SELECT hash FROM audit_log WHERE seq = ?`, seq).Scan(&hash)
		if isNoRows(err) {
			return "", false, nil
		}
		if err != nil {
			return "", false, fmt.Errorf("audit record %d: %w", seq, err)
		}
		return hash, true, nil
	})
	if err != nil || cv.BrokenSeq != 0 {
		cv.Checked = v.Checked
		return cv, err
	}
	return v, nil
}
