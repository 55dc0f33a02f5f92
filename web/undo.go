package web

import (
	"fmt"
	"net/http"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
)

// Undoing what ends something: after removing a member, withdrawing a
// ground, revoking an invitation or closing a meeting (of a case or a
// group; a series session stays closed), the notice says what
// happened and offers "Ongedaan maken" (a form, no script) for
// rotonde.TrashDays days, to whom today's rules allow it (the store checks
// again when it is used). The case's feed and access log show both.

// undoPath is where the "Ongedaan maken" button of a record posts.
func undoPath(u rotonde.Undo) string {
	switch u.Kind {
	case rotonde.UndoGround:
		return fmt.Sprintf("/casussen/%d/grondslagen/%d/herstellen", u.CaseID, u.Target)
	case rotonde.UndoMeeting:
		return fmt.Sprintf("/bijeenkomsten/%d/heropenen", u.Target)
	case rotonde.UndoStory:
		return fmt.Sprintf("/casussen/%d/verhalen/%d/terugzetten", u.CaseID, u.Target)
	}
	return fmt.Sprintf("/casussen/%d/ongedaan/%d", u.CaseID, u.ID)
}

// undoAreaPath is the page an undone action belongs to.
func undoAreaPath(u rotonde.Undo) string {
	switch u.Kind {
	case rotonde.UndoGround:
		return fmt.Sprintf("/casussen/%d#toestemming", u.CaseID)
	case rotonde.UndoInvitation:
		return fmt.Sprintf("/casussen/%d/uitnodigingen", u.CaseID)
	case rotonde.UndoMeeting:
		return fmt.Sprintf("/bijeenkomsten/%d", u.Target)
	case rotonde.UndoStory:
		return fmt.Sprintf("/casussen/%d/verhalen#verhaal-%d", u.CaseID, u.Target)
	}
	return fmt.Sprintf("/casussen/%d#leden", u.CaseID)
}

// undoPart is the access-log part of a kind of record.
func undoPart(k rotonde.UndoKind) string {
	switch k {
	case rotonde.UndoGround:
		return "toestemming"
	case rotonde.UndoInvitation:
		return "uitnodiging"
	case rotonde.UndoMeeting:
		return "bijeenkomst"
	case rotonde.UndoStory:
		return "verhalen"
	}
	return "leden"
}

// ended tells the user what just ended (undo.done.<kind>), with the undo
// button when offer is true; the record is the newest of what.
func (s *Server) ended(w http.ResponseWriter, r *http.Request, caseID int64, kind rotonde.UndoKind, target int64, offer bool) {
	u, err := s.store.Trash.LastUndo(r.Context(), userFrom(r.Context()), caseID, kind, target)
	if err != nil {
		return // the action stands; only the notice is missing
	}
	f := flash{Key: "undo.done." + string(kind), Detail: u.Label}
	if offer {
		f.Undo = undoPath(u)
	}
	s.setFlash(w, r, f)
}

// undo undoes record u, logs it and answers with the page it belongs to.
func (s *Server) undo(w http.ResponseWriter, r *http.Request, caseID, id int64, kind rotonde.UndoKind) {
	rec := s.auditNote(r, rotonde.AuditUpdate, caseID, undoPart(kind), fmt.Sprintf("ongedaan gemaakt %d", id))
	u, err := s.store.Trash.Undo(r.Context(), userFrom(r.Context()), caseID, id)
	if err == nil && rec != nil {
		rec.Part = undoPart(u.Kind)
	}
	err = s.auditedResult(r, rec, err)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if u.Kind == rotonde.UndoMeeting {
		s.published(u.Target, u.Seq)
	}
	s.setFlash(w, r, flash{Key: "undo.undone." + string(u.Kind), Detail: u.Label})
	http.Redirect(w, r, undoAreaPath(u), http.StatusSeeOther)
}

// caseAndItem reads the case and a second id from the path, and the form.
func caseAndItem(w http.ResponseWriter, r *http.Request, item string) (caseID, itemID int64, err error) {
	return pathIDsForm(w, r, "id", item)
}

// pathIDs reads two ids from the path.
func pathIDs(r *http.Request, first, second string) (a, b int64, err error) {
	a, err = pathID(r, first)
	if err == nil {
		b, err = pathID(r, second)
	}
	return a, b, err
}

// pathIDsForm reads two ids from the path, and the form.
func pathIDsForm(w http.ResponseWriter, r *http.Request, first, second string) (a, b int64, err error) {
	a, b, err = pathIDs(r, first, second)
	if err == nil {
		err = parseForm(w, r)
	}
	return a, b, err
}

// handleUndo re-adds a removed member or makes a revoked invitation usable again.
func (s *Server) handleUndo(w http.ResponseWriter, r *http.Request) {
	id, uid, err := caseAndItem(w, r, "undo")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.undo(w, r, id, uid, rotonde.UndoMember)
}

// handleRestoreGround puts a withdrawn ground back in force.
func (s *Server) handleRestoreGround(w http.ResponseWriter, r *http.Request) {
	id, gid, err := caseAndItem(w, r, "withdrawn")
	var u rotonde.Undo
	if err == nil {
		u, err = s.store.Trash.LastUndo(r.Context(), userFrom(r.Context()), id, rotonde.UndoGround, gid)
	}
	if err != nil {
		if aerr := s.auditOne(r, rotonde.AuditUpdate, id, "toestemming", err, "herstellen"); aerr != nil {
			err = aerr
		}
		s.renderError(w, r, err)
		return
	}
	s.undo(w, r, id, u.ID, rotonde.UndoGround)
}

// handleReopenMeeting reopens a closed meeting: a case's through its
// reversal record, a group's by itself (meeting.Store.ReopenMeeting).
func (s *Server) handleReopenMeeting(w http.ResponseWriter, r *http.Request) {
	mid, ok := s.pathIDForm(w, r, "mid")
	if !ok {
		return
	}
	u := userFrom(r.Context())
	a, err := s.store.Meetings.MeetingAccess(r.Context(), meeting.Viewer{User: u}, mid)
	switch {
	case err != nil:
	case !a.Facilitate:
		err = rotonde.E(rotonde.EForbidden, "err.sqldb.only_meeting_facilitator_can_do_this")
	case a.Meeting.Status != meeting.Closed:
		err = rotonde.E(rotonde.EConflict, "err.undo.meeting_not_closed")
	case a.Meeting.CaseID == 0:
		s.reopenGroupMeeting(w, r, a, mid)
		return
	}
	var rev rotonde.Undo
	if err == nil {
		rev, err = s.store.Trash.LastUndo(r.Context(), u, a.Meeting.CaseID, rotonde.UndoMeeting, mid)
	}
	if err != nil {
		if aerr := s.auditMeeting(r, rotonde.AuditUpdate, a, mid, "bijeenkomst", err, "heropenen"); aerr != nil {
			err = aerr
		}
		s.renderError(w, r, err)
		return
	}
	s.undo(w, r, a.Meeting.CaseID, rev.ID, rotonde.UndoMeeting)
}

// reopenGroupMeeting reopens a group's closed meeting, logged in the same
// transaction, and answers with the meeting's page.
func (s *Server) reopenGroupMeeting(w http.ResponseWriter, r *http.Request, a meeting.Access, mid int64) {
	err := s.meetingChange(r, a, mid, "bijeenkomst", "heropenen", false, func(st meeting.Store, u *rotonde.User, mid int64) (int64, error) {
		return st.ReopenMeeting(r.Context(), u, mid)
	})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.setFlash(w, r, flash{Key: "undo.undone.meeting", Detail: a.Meeting.Title})
	http.Redirect(w, r, fmt.Sprintf("/bijeenkomsten/%d", mid), http.StatusSeeOther)
}

// reopenable reports whether closing the meeting can be undone: every
// meeting of a case, and a group's unless it is a session of a series.
func (s *Server) reopenable(r *http.Request, m *meeting.Meeting) bool {
	if m.CaseID != 0 {
		return true
	}
	snap, _, err := s.store.Meetings.MeetingSnapshot(r.Context(), meeting.Viewer{User: userFrom(r.Context())}, m.ID)
	return err == nil && snap.Series == nil
}

// closedMeeting tells the facilitator that the meeting they closed (a, as
// it was before) is closed, with the button to reopen it where that can be
// undone.
func (s *Server) closedMeeting(w http.ResponseWriter, r *http.Request, a meeting.Access, mid int64) {
	switch {
	case a.Meeting == nil || a.Meeting.Status == meeting.Closed || !s.reopenable(r, a.Meeting):
	case a.Meeting.CaseID != 0:
		s.ended(w, r, a.Meeting.CaseID, rotonde.UndoMeeting, mid, true)
	default:
		s.setFlash(w, r, flash{Key: "undo.done.meeting", Detail: a.Meeting.Title, Undo: fmt.Sprintf("/bijeenkomsten/%d/heropenen", mid)})
	}
}

// mayRestoreGround reports whether the user may put the withdrawn ground
// back: consent only a family member who withdrew it, a legal basis the
// manager who did (the store decides again when it is used).
func (s *Server) mayRestoreGround(r *http.Request, caseID, groundID int64) bool {
	u := userFrom(r.Context())
	_, role, err := s.store.Cases.Case(r.Context(), u, caseID)
	if err != nil {
		return false
	}
	grounds, err := s.store.Trust.Grounds(r.Context(), u, caseID)
	if err != nil {
		return false
	}
	for _, g := range grounds {
		if g.ID == groundID {
			return g.Kind != rotonde.GroundConsent || role == rotonde.MemberFamily
		}
	}
	return false
}
