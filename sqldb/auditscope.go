package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

var _ rotonde.AuditScope = (*AuditService)(nil)

// MeetingCase returns the case a meeting belongs to, without an access check
// (for the access log only).
func (db *AuditService) MeetingCase(ctx context.Context, meetingID int64) (int64, error) {
	return db.ownerCase(ctx, `SELECT case_id FROM meetings WHERE id = ?`, meetingID)
}

// RoundCase returns the case a tension round belongs to, without an access
// check (for the access log only).
func (db *AuditService) RoundCase(ctx context.Context, roundID int64) (int64, error) {
	return db.ownerCase(ctx, `SELECT case_id FROM rounds WHERE id = ?`, roundID)
}

func (db *store) ownerCase(ctx context.Context, q string, id int64) (int64, error) {
	var caseID sql.NullInt64
	err := db.queryRow(ctx, q, id).Scan(&caseID)
	if isNoRows(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("case of %d: %w", id, err)
	}
	return caseID.Int64, nil
}

// takeAnonymousInputs counts the meeting's anonymous captures not counted
// before and marks them counted, in the transaction that writes the record
// counting them (rotonde.AuditEntry.AnonymousInputsOf).
func (db *store) takeAnonymousInputs(ctx context.Context, tx *Tx, meetingID int64) (int, error) {
	var through int64
	err := tx.QueryRow(ctx, `SELECT anonymous_logged_through FROM meetings WHERE id = ?`+db.forUpdate(), meetingID).Scan(&through)
	if isNoRows(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("anonymous inputs of meeting %d: %w", meetingID, err)
	}
	var n int
	var last int64
	if err := tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(id), 0) FROM meeting_captures WHERE meeting_id = ? AND anonymous AND id > ?`,
		meetingID, through).Scan(&n, &last); err != nil {
		return 0, fmt.Errorf("anonymous inputs of meeting %d: %w", meetingID, err)
	}
	if n == 0 {
		return 0, nil
	}
	if _, err := tx.Exec(ctx, `UPDATE meetings SET anonymous_logged_through = ? WHERE id = ?`, last, meetingID); err != nil {
		return 0, fmt.Errorf("anonymous inputs of meeting %d: %w", meetingID, err)
	}
	return n, nil
}
