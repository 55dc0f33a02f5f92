package meeting

import (
	"strings"
	"time"
	"unicode/utf8"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// Everyone can take the initiative: a family member asks for a learning
// meeting on their case; the case's owner or facilitator plans one from
// the request or declines it with a reason the family member reads.

// RequestStatus is where a request stands.
type RequestStatus string

const (
	RequestOpen     RequestStatus = "open"
	RequestPlanned  RequestStatus = "planned"
	RequestDeclined RequestStatus = "declined"
)

// MaxRequestLength bounds a request's question and a decline's reason.
const MaxRequestLength = 2000

// Request is a family member's request for a learning meeting.
type Request struct {
	ID            int64
	CaseID        int64
	CaseTitle     string // filled on reads
	RequestedBy   int64
	RequesterName string // filled on reads
	Question      string // what the family member wants to talk about
	Status        RequestStatus
	Reason        string // why it was declined
	MeetingID     int64  // the meeting planned from it
	CreatedAt     time.Time
	DecidedAt     time.Time
}

// CanRequest reports whether a member of a case asks for a meeting rather
// than starting one: the family.
func CanRequest(role rotonde.MemberRole) bool { return role == rotonde.MemberFamily }

// ValidateRequest checks the question of a request.
func ValidateRequest(question string) (string, error) {
	question = strings.TrimSpace(question)
	if question == "" {
		return "", rotonde.E(rotonde.EInvalid, "err.meeting.request_say_what")
	}
	if utf8.RuneCountInString(question) > MaxRequestLength {
		return "", rotonde.E(rotonde.EInvalid, "err.meeting.text_is_too_long_at_most")
	}
	return question, nil
}

// Decide checks a decision on a request: only an open one is decided, and
// declining needs a reason.
func (r *Request) Decide(plan bool, reason string) error {
	if r.Status != RequestOpen {
		return rotonde.E(rotonde.EConflict, "err.meeting.request_decided")
	}
	reason = strings.TrimSpace(reason)
	if plan {
		r.Status, r.Reason = RequestPlanned, ""
		return nil
	}
	if reason == "" {
		return rotonde.E(rotonde.EInvalid, "err.meeting.request_reason")
	}
	if utf8.RuneCountInString(reason) > MaxRequestLength {
		return rotonde.E(rotonde.EInvalid, "err.meeting.text_is_too_long_at_most")
	}
	r.Status, r.Reason = RequestDeclined, reason
	return nil
}
