package timeline

import (
	"context"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// Entry is a stored timeline event. Event.ID is the stored id in decimal,
// so that links, signals and exports name events the same way.
type Entry struct {
	ID        int64
	Event     Event
	ExtID     string // the id the import file gave, if any
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Query narrows a timeline read; zero values match everything. Person
// matches persons and helpers, case-insensitively, like Filter.
type Query struct {
	Person       string
	Organisation string
	From, To     Date
}

// MaxImportBytes bounds a stored upload: room for 100,000 rows.
const MaxImportBytes = 32 << 20

// PendingImport is an uploaded file waiting between preview and confirmation.
type PendingImport struct {
	ID        int64
	CaseID    int64
	FileName  string
	Data      []byte
	CreatedAt time.Time
	ExpiresAt time.Time
}

// EventsOf returns the events of stored entries, in the same order.
func EventsOf(entries []Entry) []Event {
	events := make([]Event, len(entries))
	for i := range entries {
		events[i] = entries[i].Event
	}
	return events
}

// Store keeps a case's timeline. Every method checks the actor's access to
// the case itself: a case the actor may not see gives ENotFound.
type Store interface {
	TimelineEvents(ctx context.Context, actor *rotonde.User, caseID int64, f Query) ([]Entry, error)
	TimelineEvent(ctx context.Context, actor *rotonde.User, caseID, eventID int64) (*Entry, error)
	TimelineNames(ctx context.Context, actor *rotonde.User, caseID int64) (persons, organisations []string, err error)
	AddTimelineEvent(ctx context.Context, actor *rotonde.User, caseID int64, e *Event) (int64, error)
	// AddTimelineEvents stores several events at once (all or none).
	AddTimelineEvents(ctx context.Context, actor *rotonde.User, caseID int64, events []Event) error
	UpdateTimelineEvent(ctx context.Context, actor *rotonde.User, caseID, eventID int64, e *Event) error
	DeleteTimelineEvent(ctx context.Context, actor *rotonde.User, caseID, eventID int64) error
	StageTimelineImport(ctx context.Context, actor *rotonde.User, caseID int64, name string, data []byte) (int64, error)
	PendingTimelineImport(ctx context.Context, actor *rotonde.User, caseID, importID int64) (*PendingImport, error)
	ConfirmTimelineImport(ctx context.Context, actor *rotonde.User, caseID, importID int64, events []Event) error
	CancelTimelineImport(ctx context.Context, actor *rotonde.User, caseID, importID int64) error
	// InterviewEvents gives the interview answers as timeline events
	// (beleving, gezin, gezinslid), for pages that merge them into the timeline.
	InterviewEvents(ctx context.Context, actor *rotonde.User, caseID int64) ([]Event, error)
}
