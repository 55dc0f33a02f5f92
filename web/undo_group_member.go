package web

import (
	"fmt"
	"net/http"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/tension"
)

// Undoing taking a member out of a group (which has no case): the notice
// offers "Ongedaan maken" to the group's facilitators for
// rotonde.TrashDays days; the access log shows both.

// endedInGroup tells the facilitator that the member is out of the group,
// with the undo button.
func (s *Server) endedInGroup(w http.ResponseWriter, r *http.Request, groupID, userID int64) {
	u, err := s.store.Tension.LastGroupUndo(r.Context(), userFrom(r.Context()), groupID, userID)
	if err != nil {
		return // the removal stands; only the notice is missing
	}
	s.setFlash(w, r, flash{Key: "undo.done.group_member", Detail: u.Label, Undo: fmt.Sprintf("/groepen/%d/ongedaan/%d", groupID, u.ID)})
}

// handleUndoGroupMemberRemoval adds a member taken out of the group again
// with their role. A facilitator with nothing (left) to undo is told so
// (409); others are refused as for the group.
func (s *Server) handleUndoGroupMemberRemoval(w http.ResponseWriter, r *http.Request) {
	id, rid, err := pathIDsForm(w, r, "group", "undo")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	u := userFrom(r.Context())
	rec := s.auditNote(r, rotonde.AuditUpdate, 0, "groep", fmt.Sprintf("groep %d; ongedaan gemaakt %d", id, rid))
	rev, err := s.store.Tension.UndoGroupMemberRemoval(r.Context(), u, id, rid)
	if rotonde.ErrorCodeOf(err) == rotonde.ENotFound {
		if _, role, gerr := s.store.Tension.Group(r.Context(), u, id); gerr == nil && role == tension.GroupRoleFacilitator {
			err = rotonde.E(rotonde.EConflict, "err.undo.gone")
		}
	}
	if err = s.auditedResult(r, rec, err); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.setFlash(w, r, flash{Key: "undo.undone.group_member", Detail: rev.Label})
	http.Redirect(w, r, fmt.Sprintf("/groepen/%d#leden", id), http.StatusSeeOther)
}
