package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// takeMeetingSnapshot freezes the case's timeline and geno-sociogram for a
// meeting, inside the transaction that closes it, so the report shows what
// the group looked at. A second close keeps the first picture.
func (db *store) takeMeetingSnapshot(ctx context.Context, tx *Tx, meetingID, caseID int64, now time.Time) error {
	entries, err := queryEntries(ctx, tx, `SELECT `+eventColumns+` FROM timeline_events e WHERE e.case_id = ?`+timelineOrder, caseID)
	if err != nil {
		return fmt.Errorf("snapshot timeline: %w", err)
	}
	events := timeline.EventsOf(entries)
	g, _, err := db.loadGenogram(ctx, tx, caseID)
	if err != nil {
		return fmt.Errorf("snapshot genogram: %w", err)
	}
	tl, err := json.Marshal(events)
	if err != nil {
		return fmt.Errorf("snapshot timeline: %w", err)
	}
	gj, err := json.Marshal(g)
	if err != nil {
		return fmt.Errorf("snapshot genogram: %w", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO meeting_case_snapshots (meeting_id, case_id, taken_at, timeline_json, genogram_json)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_id) DO NOTHING`, meetingID, caseID, now, string(tl), string(gj))
	if err != nil {
		return fmt.Errorf("store snapshot: %w", err)
	}
	return nil
}

// MeetingCaseSnapshot returns the picture of the case frozen when the
// meeting closed, for someone who may read the case now: access to the
// case, not to the meeting, decides (a guest, or a member whose access
// ended, gets ENotFound like for the case itself). ok is false when the
// meeting has no snapshot (not closed yet, or closed before snapshots).
func (db *MeetingService) MeetingCaseSnapshot(ctx context.Context, actor *rotonde.User, meetingID, caseID int64) (snap meeting.CaseSnapshot, ok bool, err error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return snap, false, err
	}
	var tl, gj string
	err = db.queryRow(ctx, `SELECT taken_at, timeline_json, genogram_json FROM meeting_case_snapshots WHERE meeting_id = ? AND case_id = ?`,
		meetingID, caseID).Scan(&snap.TakenAt, &tl, &gj)
	if errors.Is(err, sql.ErrNoRows) {
		return snap, false, nil
	}
	if err != nil {
		return snap, false, fmt.Errorf("meeting snapshot: %w", err)
	}
	if err := json.Unmarshal([]byte(tl), &snap.Events); err != nil {
		return snap, false, fmt.Errorf("meeting snapshot timeline: %w", err)
	}
	snap.Genogram = &genogram.Genogram{}
	if err := json.Unmarshal([]byte(gj), snap.Genogram); err != nil {
		return snap, false, fmt.Errorf("meeting snapshot genogram: %w", err)
	}
	return snap, true, nil
}
