package web

import (
	"net/http"

	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/meeting"
)

// upcomingSessions lists the next session of each series in the user's
// groups for the meetings on the start page, without a session whose live
// meeting is among meetings already.
func (s *Server) upcomingSessions(r *http.Request, meetings []meeting.Meeting) ([]knowledge.UpcomingSession, error) {
	list, err := s.store.Knowledge.UpcomingSessions(r.Context(), userFrom(r.Context()))
	if err != nil {
		return nil, err
	}
	listed := map[int64]bool{}
	for _, m := range meetings {
		listed[m.ID] = true
	}
	out := list[:0]
	for _, x := range list {
		if x.MeetingID == 0 || !listed[x.MeetingID] {
			out = append(out, x)
		}
	}
	return out, nil
}
