package meeting

import (
	"encoding/json"
	"time"
)

// Event kinds.
const (
	EvStep         = "step"
	EvCapture      = "capture"
	EvFilm         = "film"
	EvParticipants = "participants"
	EvAttachment   = "attachment"
	EvStatus       = "status"
	EvSeries       = "series"
)

// EventPayload is the body of one live event. Its kind is the name of the
// server-sent event, so a payload cannot be sent under the wrong name.
type EventPayload interface {
	EventKind() string
}

// StepEvent says the agenda changed (Agenda) or a step started.
type StepEvent struct {
	Agenda  bool       `json:"agenda,omitempty"`
	Step    *int       `json:"step,omitempty"`
	Started *time.Time `json:"started,omitempty"`
}

// StatusEvent says the meeting went live (with its first step) or closed.
type StatusEvent struct {
	Status Status `json:"status"`
	Step   *int   `json:"step,omitempty"`
}

// ParticipantsEvent says someone joined, is waiting to be admitted (for
// facilitators only, with the name they gave) or was admitted.
type ParticipantsEvent struct {
	Joined   int64  `json:"joined,omitempty"`
	Waiting  int64  `json:"waiting,omitempty"`
	Name     string `json:"name,omitempty"`
	Admitted int64  `json:"admitted,omitempty"`
}

// FilmEvent carries the "in de film" poll: whether it is open and its counts.
type FilmEvent struct {
	Open   bool `json:"open"`
	Yes    int  `json:"yes"`
	NotYet int  `json:"notYet"`
}

// AttachmentEvent says a file or link was added to a step.
type AttachmentEvent struct {
	ID      int64  `json:"id"`
	Step    int    `json:"step"`
	Purpose string `json:"purpose"`
	Title   string `json:"title"`
	Media   string `json:"media"`
	Link    string `json:"link"`
}

// CaptureEvent is what live clients get for a capture: never the author of
// anonymous input.
type CaptureEvent struct {
	ID          int64       `json:"id"`
	Step        int         `json:"step"`
	Kind        CaptureKind `json:"kind"`
	Body        string      `json:"body"`
	Group       string      `json:"group"`
	Slot        string      `json:"slot"`
	Stakeholder string      `json:"stakeholder"`
	Feeling     string      `json:"feeling"`
	Author      string      `json:"author,omitempty"`
}

// SeriesEvent tells the group of a series session that a contribution came
// in (only a count: contributions are shown once revealed) or that the
// facilitator revealed a step's contributions.
type SeriesEvent struct {
	Step     int  `json:"step"`
	Count    int  `json:"count"`
	Revealed bool `json:"revealed,omitempty"`
}

func (StepEvent) EventKind() string         { return EvStep }
func (StatusEvent) EventKind() string       { return EvStatus }
func (ParticipantsEvent) EventKind() string { return EvParticipants }
func (FilmEvent) EventKind() string         { return EvFilm }
func (AttachmentEvent) EventKind() string   { return EvAttachment }
func (CaptureEvent) EventKind() string      { return EvCapture }
func (SeriesEvent) EventKind() string       { return EvSeries }

// eventPayloads lists one value of every payload type; a test checks that
// every type with an EventKind method is here.
var eventPayloads = []EventPayload{StepEvent{}, StatusEvent{}, ParticipantsEvent{}, FilmEvent{}, AttachmentEvent{}, CaptureEvent{}, SeriesEvent{}}

// EventKinds returns the kind of every event a meeting sends.
func EventKinds() []string {
	kinds := make([]string, len(eventPayloads))
	for i, p := range eventPayloads {
		kinds[i] = p.EventKind()
	}
	return kinds
}

// NewCaptureEvent is the live event for a capture.
func NewCaptureEvent(c *Capture) CaptureEvent {
	e := CaptureEvent{ID: c.ID, Step: c.StepPosition, Kind: c.Kind, Body: c.Body, Group: c.Group, Slot: c.Slot,
		Stakeholder: c.Stakeholder, Feeling: c.Feeling}
	if !c.Anonymous {
		e.Author = c.AuthorName
	}
	return e
}

// Payload encodes an event's body in its one JSON shape.
func Payload(p EventPayload) json.RawMessage {
	b, err := json.Marshal(p)
	if err != nil {
		// Every payload is a struct of strings, numbers and times.
		panic("meeting: event payload: " + err.Error())
	}
	return b
}

// StepNumber is a step position as the optional field of an event.
func StepNumber(n int) *int { return &n }
