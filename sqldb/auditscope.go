package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

var _ rotonde.AuditScope = (*DB)(nil)

// MeetingCase returns the case a meeting belongs to, without an access check
// (for the access log only).
func (db *DB) MeetingCase(ctx context.Context, meetingID int64) (int64, error) {
	return db.ownerCase(ctx, `SELECT case_id FROM meetings WHERE id = ?`, meetingID)
}

// RoundCase returns the case a tension round belongs to, without an access
// check (for the access log only).
func (db *DB) RoundCase(ctx context.Context, roundID int64) (int64, error) {
	return db.ownerCase(ctx, `SELECT case_id FROM rounds WHERE id = ?`, roundID)
}

func (db *DB) ownerCase(ctx context.Context, q string, id int64) (int64, error) {
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
