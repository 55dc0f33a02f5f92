package web

import (
	"fmt"
	"net/http"
	"strconv"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// The case's prullenbak (trash): what a member deleted from the case is
// kept there for rotonde.TrashDays days and can be put back by a member who
// may change that part of the case. Deleting asks first (web/confirm.go)
// and says afterwards what happened, with an "Ongedaan maken" button.

type trashView struct {
	Case       *rotonde.Case
	Items      []rotonde.TrashItem
	CanRestore bool
	Days       int
}

func (s *Server) handleTrash(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDPage(w, r, "id")
	if !ok {
		return
	}
	s.renderTrash(w, r, id, nil)
}

// renderTrash shows the trash page, with the reason a restore was refused (err).
func (s *Server) renderTrash(w http.ResponseWriter, r *http.Request, id int64, failed error) {
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	var items []rotonde.TrashItem
	if err == nil {
		items, err = s.store.Trash.Trash(r.Context(), u, id)
	}
	if failed == nil {
		err = s.audited(r, rotonde.AuditRead, id, "prullenbak", err, strconv.Itoa(len(items))+" verwijderd")
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	data := trashView{Case: c, Items: items, CanRestore: policy.CanEditGenogram(role), Days: rotonde.TrashDays}
	v := s.newView(r, "trash.title", data)
	v.Title = v.L.T("trash.title") + " · " + c.Title
	status := http.StatusOK
	if failed != nil {
		v.Error = s.userMessage(r, failed)
		status = statusOf(failed)
	}
	s.renderView(w, r, status, "trash", v)
}

// trashAreaPath is the page of the case an entry's kind belongs to.
func trashAreaPath(caseID int64, k rotonde.TrashKind) string {
	switch k.Area() {
	case "tijdlijn":
		return fmt.Sprintf("/casussen/%d/tijdlijn", caseID)
	case "krachtenveld":
		return fmt.Sprintf("/casussen/%d/krachtenveld", caseID)
	case "randvoorwaarden":
		return fmt.Sprintf("/casussen/%d/randvoorwaarden", caseID)
	}
	return fmt.Sprintf("/casussen/%d/genogram", caseID)
}

// restorePath is where the "Ongedaan maken" button of an entry posts.
func restorePath(it rotonde.TrashItem) string {
	return fmt.Sprintf("/casussen/%d/prullenbak/%d/terugzetten", it.CaseID, it.ID)
}

func (s *Server) handleRestoreTrash(w http.ResponseWriter, r *http.Request) {
	id, itemID, err := caseAndItem(w, r, "item")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	rec := s.auditNote(r, rotonde.AuditCreate, id, "prullenbak", fmt.Sprintf("terugzetten %d", itemID))
	it, err := s.store.Trash.RestoreTrash(r.Context(), userFrom(r.Context()), id, itemID)
	err = s.auditedResult(r, rec, err)
	switch rotonde.ErrorCodeOf(err) {
	case "":
	case rotonde.EConflict:
		s.renderTrash(w, r, id, err)
		return
	default:
		s.renderError(w, r, err)
		return
	}
	s.setFlash(w, r, flash{Key: "trash.restored." + it.Kind.Area(), Detail: it.Label})
	next := trashAreaPath(id, it.Kind)
	if r.PostForm.Get("next") == "prullenbak" {
		next = fmt.Sprintf("/casussen/%d/prullenbak", id)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// confirmTrash asks before moving an item to the trash: it names the item
// and what comes along. It reports whether the request was confirmed; when
// not, the page has been written.
func (s *Server) confirmTrash(w http.ResponseWriter, r *http.Request, caseID int64, kind rotonde.TrashKind, ref, back string) bool {
	if r.PostForm.Get(confirmParam) == "ja" {
		return true
	}
	l := s.cat.For(langFrom(r.Context()))
	it, err := s.store.Trash.DescribeTrash(r.Context(), userFrom(r.Context()), caseID, kind, ref)
	if err != nil {
		if aerr := s.auditOne(r, rotonde.AuditRead, caseID, kind.Area(), err, "bevestiging gevraagd"); aerr != nil {
			err = aerr
		}
		s.renderError(w, r, err)
		return false
	}
	c := confirmView{Heading: l.T("trash.confirm.heading"), Back: back, Trash: true,
		What: l.T("trash.confirm."+string(kind), it.Label), Button: l.T("trash.confirm.button")}
	if it.Rows > 1 {
		c.Lines = append(c.Lines, l.N("trash.confirm.along", it.Rows-1, it.Rows-1))
	}
	return s.confirmed(w, r, caseID, kind.Area(), c)
}

// trashed tells the user what went to the trash, with the undo button.
func (s *Server) trashed(w http.ResponseWriter, r *http.Request, it rotonde.TrashItem) {
	s.setFlash(w, r, flash{Key: "trash.done", Detail: it.Label, Undo: restorePath(it)})
}

// confirmBarrier asks before a barrier goes to the trash. It reports
// whether the request was confirmed (or is malformed: the handler answers).
func (s *Server) confirmBarrier(w http.ResponseWriter, r *http.Request) bool {
	id, bid, err := caseAndItem(w, r, "barrier")
	if err != nil {
		return true
	}
	return s.confirmTrash(w, r, id, rotonde.TrashBarrier, strconv.FormatInt(bid, 10), fmt.Sprintf("/casussen/%d/randvoorwaarden", id))
}

// trashedDrawing tells the user that the drawing an import replaced went
// to the trash, with the undo button (nothing when there was none).
func (s *Server) trashedDrawing(w http.ResponseWriter, r *http.Request, caseID int64) {
	items, err := s.store.Trash.Trash(r.Context(), userFrom(r.Context()), caseID)
	if err != nil || len(items) == 0 || items[0].Kind != rotonde.TrashGenogramDrawing || items[0].DeletedBy != userFrom(r.Context()).ID {
		return
	}
	s.trashed(w, r, items[0])
}
