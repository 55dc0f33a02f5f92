package web

import (
	"net/http"

	"github.com/rotonde-jeugd/rotonde/meeting"
)

// Anonymous input in a meeting writes no access-log record that names its
// author, and none at the moment it is given: even a record without a name
// would sit between its author's own records (the page they read just
// before, the one they are sent to after), at their second, and so point
// to them. Instead the record of the facilitator's next action in the
// meeting (the next step, closing it) counts the anonymous inputs given
// since, without names, in the transaction that makes that action
// (rotonde.AuditEntry.AnonymousInputsOf). A refused attempt is not input
// and is logged as usual.

// anonymousInput is the detail a capture handler returns for input given
// (or attempted) anonymously.
const anonymousInput = "anonieme inbreng"

// anonymousDetail is the detail to log for capture c.
func anonymousDetail(c *meeting.Capture, detail string) string {
	if c.Anonymous {
		return anonymousInput
	}
	return detail
}

// deferAnonymousInput tells the route's guard that this request's record
// is deferred on purpose.
func (s *Server) deferAnonymousInput(r *http.Request) {
	if t := tallyFrom(r.Context()); t != nil {
		t.deferred = true
	}
}
