package web

import (
	"fmt"
	"net/http"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// confirmWithdrawStory asks before a published story is taken off the
// network and says what happens: it becomes a draft of the case again,
// publishing it again records the family's consent again, and within 30
// days a writer of the case can undo the withdrawal. A story that is
// not published (or not found), or a user who may not withdraw it, gets no
// question: the handler answers.
func (s *Server) confirmWithdrawStory(w http.ResponseWriter, r *http.Request) bool {
	id, err := pathID(r, "id")
	sid, serr := pathID(r, "story")
	if err != nil || serr != nil {
		return true
	}
	u := userFrom(r.Context())
	_, role, err := s.store.Cases.Case(r.Context(), u, id)
	if err != nil || !policy.CanWriteStory(role) {
		return true // refused: the handler answers
	}
	st, err := s.store.Network.CaseStory(r.Context(), u, id, sid)
	if err != nil || !st.Published() {
		return true
	}
	l := s.cat.For(langFrom(r.Context()))
	return s.confirmed(w, r, id, "verhalen", confirmView{Heading: l.T("confirm.story.withdraw.button"),
		What:   l.T("confirm.story.withdraw.what", st.Title),
		Lines:  []string{l.T("confirm.story.withdraw.draft"), l.T("confirm.story.withdraw.again")},
		Button: l.T("confirm.story.withdraw.button"), Back: fmt.Sprintf("/casussen/%d/verhalen#verhaal-%d", id, sid),
		Undo: l.N("confirm.undo.story", rotonde.TrashDays, rotonde.TrashDays)})
}
