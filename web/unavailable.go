package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// retryAfter is how long a client is asked to wait when the database cannot
// be reached (seconds, for the Retry-After header).
const retryAfter = 5

// errUnavailable is what a user reads while the database is out of reach.
var errUnavailable = rotonde.E(rotonde.EInternal, "err.web.rotonde_is_briefly_unavailable_try_again")

// answerUnavailable tells the client that Rotonde cannot answer right now:
// 503 with Retry-After, JSON for the API and a page for everything else. It
// is used where a session or token could not be checked because storage
// failed: that is not "not logged in", so a client must keep its token and
// a browser must not be sent to the login page.
func (s *Server) answerUnavailable(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
	if strings.HasPrefix(r.URL.Path, "/api/") {
		var body apiErrorBody
		body.Error.Code = "unavailable"
		body.Error.Message = rotonde.UserMessage(errUnavailable, langFrom(r.Context()))
		writeJSON(w, http.StatusServiceUnavailable, body)
		return
	}
	v := s.newView(r, "error.title", errorView{Status: http.StatusServiceUnavailable})
	v.Error = rotonde.UserMessage(errUnavailable, langFrom(r.Context()))
	s.renderView(w, r, http.StatusServiceUnavailable, "error", v)
}

// handleReady answers whether a load balancer may send this instance work:
// 200 "ready" when the database accepts writes (and, on SQLite, the disk has
// room), else 503. /healthz only says that the process and database answer.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	check := s.cfg.Ready
	if check == nil {
		check = s.store.Ping
	}
	if err := check(ctx); err != nil {
		s.log.WarnContext(ctx, "not ready", "err", err)
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("not ready\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}
