package meeting

import (
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// Reopen undoes Close: a closed meeting goes back to the status it had
// (draft or live; the join code works again when live). Only a closed
// meeting can be reopened.
func (m Meeting) Reopen(now time.Time, had Status) (Meeting, error) {
	if m.Status != Closed {
		return m, rotonde.E(rotonde.EConflict, "err.undo.meeting_not_closed")
	}
	if had != Draft && had != Live {
		had = Live
	}
	m.Status, m.ClosedAt, m.UpdatedAt = had, time.Time{}, now
	return m, nil
}
