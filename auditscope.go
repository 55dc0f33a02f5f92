package rotonde

import "context"

// AuditScope tells which case a meeting or a tension round belongs to, so
// that every attempt on them — refused ones too — is logged against that
// case. It answers without an access check: the answer is written only to
// the case's access log, which only the case's members read, never to the
// person who asked.
type AuditScope interface {
	// MeetingCase returns the case of a meeting; 0 for a free-theme meeting
	// or a meeting that does not exist.
	MeetingCase(ctx context.Context, meetingID int64) (int64, error)
	// RoundCase returns the case of a tension round; 0 for a group's round or
	// a round that does not exist.
	RoundCase(ctx context.Context, roundID int64) (int64, error)
}

// AuditLog is the access log as the pages use it: appending and reading
// records, and finding the case an audited meeting or round belongs to.
type AuditLog interface {
	AuditService
	AuditScope
}
