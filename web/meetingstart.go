package web

import (
	"fmt"
	"net/http"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
)

// emptyAgendaBack answers a facilitator who starts a meeting without any
// step: the agenda, with a notice saying what to do, instead of an error
// page. It reports whether it answered; anything else (someone who may not
// start the meeting, a meeting already live) goes on to the start itself.
func (s *Server) emptyAgendaBack(w http.ResponseWriter, r *http.Request) bool {
	mid, err := pathID(r, "mid")
	if err != nil {
		return false
	}
	st := s.store.Meetings
	snap, a, err := st.MeetingSnapshot(r.Context(), meeting.Viewer{User: userFrom(r.Context())}, mid)
	if err != nil || !a.Facilitate || snap.Meeting.Status != meeting.Draft || len(snap.Steps) > 0 {
		return false
	}
	refused := rotonde.E(rotonde.EInvalid, "err.sqldb.first_put_at_least_one_work")
	if err := s.auditMeeting(r, rotonde.AuditUpdate, a, mid, "bijeenkomst-start", refused, ""); err != nil {
		s.renderError(w, r, err)
		return true
	}
	s.setFlash(w, r, flash{Key: "meeting.start.empty_agenda"})
	http.Redirect(w, r, fmt.Sprintf("/bijeenkomsten/%d#agenda", mid), http.StatusSeeOther)
	return true
}
