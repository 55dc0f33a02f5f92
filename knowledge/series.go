package knowledge

import (
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// Series defaults: the sources describe six sessions of two hours.
const (
	DefaultSessions = 6
	DefaultMinutes  = 120
	DefaultInterval = 4 * 7 * 24 * time.Hour
	MaxSessions     = 20
)

// Series is an intervision group's series of sessions, planned up front,
// with each member's explicit commitment.
type Series struct {
	ID        int64
	GroupID   int64
	Title     string
	Minutes   int
	Sessions  []Session
	Committed []int64 // members who confirmed their commitment
	CreatedBy int64
	CreatedAt time.Time
}

// Session is one planned session of a series.
type Session struct {
	Number    int
	PlannedAt time.Time
}

// Plan fills a series' sessions: n sessions from first on, every interval.
func (s *Series) Plan(first time.Time, n int, interval time.Duration) {
	s.Sessions = nil
	for i := 0; i < n; i++ {
		s.Sessions = append(s.Sessions, Session{Number: i + 1, PlannedAt: first.Add(time.Duration(i) * interval)})
	}
}

// Validate checks a series before it is stored.
func (s *Series) Validate() error {
	if err := checkName(&s.Title, "err.knowledge.name_series"); err != nil {
		return err
	}
	if s.Minutes < 15 || s.Minutes > 8*60 {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.session_minutes", 15, 8*60)
	}
	if len(s.Sessions) == 0 || len(s.Sessions) > MaxSessions {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.session_count", MaxSessions)
	}
	return nil
}

// Next returns the first session planned at or after now, and whether there is one.
func (s *Series) Next(now time.Time) (Session, bool) {
	for _, x := range s.Sessions {
		if !x.PlannedAt.Before(now) {
			return x, true
		}
	}
	return Session{}, false
}

// Done counts the sessions planned before now.
func (s *Series) Done(now time.Time) int {
	n := 0
	for _, x := range s.Sessions {
		if x.PlannedAt.Before(now) {
			n++
		}
	}
	return n
}

// UpcomingSession is a session of a series in one of the reader's groups
// that runs now or is still to come, for the start page's meetings.
type UpcomingSession struct {
	SeriesID    int64
	SeriesTitle string
	GroupName   string
	Number      int
	PlannedAt   time.Time
	MeetingID   int64 // the session's live meeting once started, or 0
	Live        bool
}
