package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/runes"
)

// Every request to a case-scoped route writes exactly one access-log record,
// for members and refused outsiders alike. Handlers describe their own
// record (with the action, part and detail only they know): a read is
// written before anything is shown, a change in the store's transaction of
// the change (see accessLogged); accessLogged, applied to every route in the route table, makes
// sure that a refusal that no handler logged is logged anyway, and that a
// record written without a case — a refused read of a meeting or a round
// knows no case — carries the case the route is about.

// caseScope names how a route pattern reaches its case: "id" (the case in
// the path), "round" (a tension round), "mid" (a meeting), "breakglass"
// (the case asked for in the form), or "" for a route that concerns no
// single case.
func caseScope(pattern string) string {
	_, path, _ := strings.Cut(pattern, " ")
	switch {
	case strings.HasPrefix(path, "/casussen/{id}"), strings.HasPrefix(path, "/api/v1/cases/{id}"):
		return "id"
	case strings.Contains(path, "{round}"):
		return "round"
	case strings.Contains(path, "{mid}"):
		return "mid"
	case pattern == "POST /beheer/noodtoegang":
		return "breakglass"
	}
	return ""
}

type auditTallyKey struct{}

// auditTally follows the records one request writes to a case's log.
type auditTally struct {
	scope    string
	written  int
	resolved bool
	caseID   int64
	// deferred: anonymous input, counted later on purpose (web/anonymousinput.go).
	deferred bool
}

func tallyFrom(ctx context.Context) *auditTally {
	t, _ := ctx.Value(auditTallyKey{}).(*auditTally)
	return t
}

// isSecurityEvent tells a security-log record (account events, kept in the
// same chain without a case) from a record of access to a case.
func isSecurityEvent(e *rotonde.AuditEntry) bool { return strings.HasPrefix(e.Part, "beveiliging/") }

// scopeEntries gives records that name no case the case of the request's
// route, and counts the request's case records.
func (s *Server) scopeEntries(r *http.Request, entries []*rotonde.AuditEntry) {
	t := tallyFrom(r.Context())
	if t == nil {
		return
	}
	for _, e := range entries {
		if isSecurityEvent(e) {
			continue
		}
		if e.CaseID == 0 {
			e.CaseID = s.requestCase(r, t)
		}
		if e.CaseID != 0 {
			t.written++
		}
	}
}

// requestCase finds the case the request's route concerns, once per request;
// 0 when it concerns none (a free-theme meeting, a group's round) or the
// path names nothing that exists.
func (s *Server) requestCase(r *http.Request, t *auditTally) int64 {
	if t.resolved {
		return t.caseID
	}
	t.resolved = true
	var err error
	switch t.scope {
	case "id":
		t.caseID, _ = pathID(r, "id")
	case "round":
		if id, perr := pathID(r, "round"); perr == nil {
			t.caseID, err = s.store.Audit.RoundCase(r.Context(), id)
		}
	case "mid":
		if id, perr := pathID(r, "mid"); perr == nil {
			t.caseID, err = s.store.Audit.MeetingCase(r.Context(), id)
		}
	case "breakglass":
		if id, perr := strconv.ParseInt(r.PostFormValue("case"), 10, 64); perr == nil && id > 0 {
			t.caseID = id
		}
	}
	if err != nil {
		s.log.ErrorContext(r.Context(), "access log: finding the case of a request failed", "err", err)
	}
	return t.caseID
}

// statusRecorder keeps the status of the response (for the access-log guard
// and the metrics); Flush and Unwrap let the live event stream and
// http.ResponseController reach the real writer.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusRecorder) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// refusedStatus tells a refusal by the authorization check from an answer.
func refusedStatus(code int) bool {
	return code == http.StatusForbidden || code == http.StatusNotFound || code == http.StatusUnauthorized
}

// errRefused stands for a refusal the handler did not log itself.
var errRefused = &rotonde.Error{Code: rotonde.ENotFound}

// afterAnswerDetail marks a record the guard wrote after the answer: the
// handler did not log it first.
const afterAnswerDetail = "vastgelegd na het antwoord"

// accessLogged wraps a route's handler. It gives the request a set of
// pending access-log records (rotonde.PendingAudit): a handler describes the
// change it is about to make there (auditNote), the store writes that record
// in the transaction of the change, and what is still pending once the
// handler has finished (the record of a change that failed or was refused)
// is written here, denied when the response is a refusal.
//
// On a case-scoped route, a request from someone recognised (a user, or a
// meeting guest with their token) that the handler did not log gets one
// record after the answer: denied for a refusal, allowed otherwise (and then
// also reported in the application log, since the data went out before it
// was logged). Nobody recognised — 401 or the login page — touches no case
// and is not logged, so a stranger cannot write into a case's log.
func (s *Server) accessLogged(pattern string, h http.HandlerFunc) http.HandlerFunc {
	scope := caseScope(pattern)
	return func(w http.ResponseWriter, r *http.Request) {
		pending := &rotonde.PendingAudit{}
		ctx := rotonde.WithPendingAudit(r.Context(), pending)
		var t *auditTally
		if scope != "" {
			t = &auditTally{scope: scope}
			ctx = context.WithValue(ctx, auditTallyKey{}, t)
		}
		r = r.WithContext(ctx)
		rec := &statusRecorder{ResponseWriter: w}
		h(rec, r)
		s.writePending(r, pending, rec.status)
		if t == nil || t.written > 0 || t.deferred || rec.status == http.StatusUnauthorized || rec.status >= 500 {
			return
		}
		if rec.status == http.StatusSeeOther && strings.HasPrefix(rec.Header().Get("Location"), "/login") {
			return
		}
		if userFrom(r.Context()) == nil && !s.hasGuestToken(r, scope) {
			return
		}
		caseID := s.requestCase(r, t)
		if caseID == 0 {
			return
		}
		action, part := rotonde.AuditRead, map[string]string{"id": "casus", "round": "spanningsvelden", "mid": "bijeenkomst", "breakglass": "noodtoegang"}[scope]
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			action = rotonde.AuditUpdate
		}
		var err error
		if refusedStatus(rec.status) {
			err = errRefused
		} else {
			s.log.WarnContext(r.Context(), "case route answered before writing its access-log record", "route", pattern)
		}
		e := s.auditEntry(r, action, caseID, part, err)
		e.Detail = r.Method + " " + runes.Cut(r.URL.Path, 120) + "; " + afterAnswerDetail
		_ = s.audit(r, e)
	}
}

// writePending writes the records a request left pending: changes that did
// not commit. A record still marked allowed on a response that refused the
// request is marked denied.
func (s *Server) writePending(r *http.Request, pending *rotonde.PendingAudit, status int) {
	entries := pending.Take()
	if len(entries) == 0 {
		return
	}
	if refusedStatus(status) {
		for _, e := range entries {
			if e.Outcome == rotonde.AuditAllowed && !strings.HasPrefix(e.Detail, "geweigerd: ") {
				e.Outcome = rotonde.AuditDenied
				e.Basis, e.Emergency = "", false
				if u := userFrom(r.Context()); u != nil {
					e.Role = string(u.Role)
				}
			}
		}
	}
	// The request is over; its records must not be lost with its context.
	_ = s.writeAudit(r.WithContext(context.WithoutCancel(r.Context())), entries)
}

// hasGuestToken tells whether a request on a meeting route carries that
// meeting's guest token.
func (s *Server) hasGuestToken(r *http.Request, scope string) bool {
	if scope != "mid" {
		return false
	}
	mid, err := pathID(r, "mid")
	if err != nil {
		return false
	}
	c, err := r.Cookie(s.guestCookieName(mid))
	return err == nil && c.Value != ""
}
