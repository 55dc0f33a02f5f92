package web

import (
	"net/http"
	"strconv"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// retryAfter is how long a client is asked to wait when the database cannot
// be reached (seconds, for the Retry-After header).
const retryAfter = 5

// errUnavailable is what a user reads while the database is out of reach.
var errUnavailable = rotonde.Errorf(rotonde.EInternal,
	"Rotonde is even niet bereikbaar. Probeer het over een paar seconden opnieuw; je blijft ingelogd.",
	"Rotonde is briefly unavailable. Try again in a few seconds; you stay logged in.")

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
