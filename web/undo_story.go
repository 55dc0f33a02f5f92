package web

import (
	"net/http"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// handleUndoStoryWithdrawal publishes a withdrawn story again through its
// newest reversal record, if the family's consent still covers its text
// (the store checks today's rules). A writer of the case with nothing
// (left) to undo is told so (409); others are refused as for the story.
func (s *Server) handleUndoStoryWithdrawal(w http.ResponseWriter, r *http.Request) {
	id, sid, err := caseAndItem(w, r, "story")
	u := userFrom(r.Context())
	var rev rotonde.Undo
	if err == nil {
		var role rotonde.MemberRole
		if _, role, err = s.store.Cases.Case(r.Context(), u, id); err == nil && !policy.CanWriteStory(role) {
			err = rotonde.E(rotonde.EForbidden, "err.undo.story_writers")
		}
	}
	if err == nil {
		rev, err = s.store.Trash.LastUndo(r.Context(), u, id, rotonde.UndoStory, sid)
		if rotonde.ErrorCodeOf(err) == rotonde.ENotFound {
			err = rotonde.E(rotonde.EConflict, "err.undo.gone")
		}
	}
	if err != nil {
		if aerr := s.auditOne(r, rotonde.AuditUpdate, id, "verhalen", err, "terugzetten"); aerr != nil {
			err = aerr
		}
		s.renderError(w, r, err)
		return
	}
	s.undo(w, r, id, rev.ID, rotonde.UndoStory)
}
