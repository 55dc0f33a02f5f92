package web

import (
	"net/http"
	"sort"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// Nothing is lost by one click. Every action that deletes or ends
// something posts twice: the first POST (from the button on the page)
// changes nothing and answers with a page that says what will happen and
// asks "Weet je het zeker?"; only its form, which sends the same fields with
// bevestigd=ja, carries the action out. That works without JavaScript, and
// a script or a stray double click cannot skip it.

// confirmParam is the field that the confirmation page adds.
const confirmParam = "bevestigd"

// confirmView is the confirmation page.
type confirmView struct {
	Action string // the address the form posts to again: the request's own
	Fields []confirmField
	// Heading names the action ("Persoon verwijderen"); What says what
	// will happen, in full, with the names of what it touches.
	Heading string
	What    string
	// Lines are more the user should know first (who keeps access, …).
	Lines []string
	// Warning is shown as an alert above the question.
	Warning string
	Button  string // the text of the button that carries it out
	Back    string // where "Nee, terug" leads
	// Trash: what goes can be put back from the case's trash for TrashDays days.
	Trash     bool
	TrashDays int
	// Final: it cannot be undone (a closed round, a revoked token).
	Final bool
	// Undo says who can undo it, and for how long (web/undo.go).
	Undo string
}

type confirmField struct{ Name, Value string }

// readConfirmation reads the form (unless it was read already) and reports
// whether it carries the confirmation; ok is false when the form could not
// be read and the error page was shown.
func (s *Server) readConfirmation(w http.ResponseWriter, r *http.Request) (yes, ok bool) {
	if r.PostForm == nil {
		if !s.readForm(w, r) {
			return false, false
		}
	}
	return r.PostForm.Get(confirmParam) == "ja", true
}

// confirmed reports whether the request carries the confirmation. If not,
// it answers with the confirmation page, and the handler must return
// without changing anything. caseID names the case the page is about (0:
// none) for its access-log record; part is the record's part.
func (s *Server) confirmed(w http.ResponseWriter, r *http.Request, caseID int64, part string, c confirmView) bool {
	if yes, ok := s.readConfirmation(w, r); yes || !ok {
		return yes
	}
	c.Action = r.URL.Path
	names := make([]string, 0, len(r.PostForm))
	for k := range r.PostForm {
		if k != confirmParam {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range r.PostForm[k] {
			c.Fields = append(c.Fields, confirmField{k, v})
		}
	}
	c.TrashDays = rotonde.TrashDays
	l := s.cat.For(langFrom(r.Context()))
	if c.Button == "" {
		c.Button = l.T("confirm.yes")
	}
	if caseID != 0 {
		if err := s.auditOne(r, rotonde.AuditRead, caseID, part, nil, "bevestiging gevraagd"); err != nil {
			s.renderError(w, r, err)
			return false
		}
	}
	v := s.newView(r, "confirm.title", c)
	if c.Heading != "" {
		v.Title = c.Heading
	}
	s.renderView(w, r, http.StatusOK, "confirm", v)
	return false
}
