package rotonde

import (
	"strings"
	"time"
)

// Insight is something the people around a case came to see: captured in a
// learning meeting or written down afterwards. Its level (personal,
// organisation, network — the method's levels of insight) may be placed
// later; an empty level means not yet placed.
type Insight struct {
	ID           int64
	CaseID       int64
	Body         string
	Level        string // a method level key, or ""
	MeetingID    int64  // the meeting it was captured in, or 0
	MeetingTitle string // filled on reads
	AuthorName   string // empty when it was captured anonymously
	CreatedBy    int64
	CreatedAt    time.Time
}

// MaxInsightLength bounds an insight's text in characters.
const MaxInsightLength = 4000

// Validate checks an insight before it is stored. The level is checked
// against the method library by the caller, which holds the library.
func (i *Insight) Validate() error {
	i.Body = strings.TrimSpace(i.Body)
	i.Level = strings.TrimSpace(i.Level)
	if i.Body == "" {
		return E(EInvalid, "err.rotonde.describe_insight")
	}
	if tooLong(i.Body, MaxInsightLength) {
		return E(EInvalid, "err.rotonde.insight_has_at_most_characters", MaxInsightLength)
	}
	if tooLong(i.Level, 60) {
		return E(EInvalid, "err.rotonde.unknown_level_of_insight")
	}
	return nil
}
