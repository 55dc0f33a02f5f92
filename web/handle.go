package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// The steps most handlers share, so that a handler states only what is its
// own: which page, which service call, which message.

// showPage answers a GET with page, titled by titleKey and filled by load;
// when load fails it shows the error page.
func showPage[T any](s *Server, w http.ResponseWriter, r *http.Request, page, titleKey string, load func(*http.Request) (T, error)) {
	data, err := load(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, page, titleKey, data)
}

// formAgain shows a form page again after err refused what was sent: the
// page freshly loaded, keep (if any) putting back what was typed, and the
// reason in the reader's language.
func formAgain[T any](s *Server, w http.ResponseWriter, r *http.Request, page, titleKey string, load func(*http.Request) (T, error), keep func(*T), err error) {
	data, derr := load(r)
	if derr != nil {
		s.renderError(w, r, derr)
		return
	}
	if keep != nil {
		keep(&data)
	}
	s.renderFormError(w, r, page, titleKey, data, err)
}

// refusedHere reports whether err is a refusal that the form's own page
// shows (its code one of codes); for any other error it has shown the error
// page.
func (s *Server) refusedHere(w http.ResponseWriter, r *http.Request, err error, codes ...rotonde.ErrorCode) bool {
	if slices.Contains(codes, rotonde.ErrorCodeOf(err)) {
		return true
	}
	s.renderError(w, r, err)
	return false
}

// answerChange answers a change from a form: a redirect to next when it
// succeeded, the error page when what it changes is out of reach, else
// again (the form's page with the reason).
func (s *Server) answerChange(w http.ResponseWriter, r *http.Request, err error, next string, again func()) {
	switch rotonde.ErrorCodeOf(err) {
	case "":
		http.Redirect(w, r, next, http.StatusSeeOther)
	case rotonde.ENotFound, rotonde.EForbidden:
		s.renderError(w, r, err)
	default:
		again()
	}
}

// loadForm loads the page a form was sent from and reads the form; when
// either fails it has shown the error page and ok is false.
func loadForm[T any](s *Server, w http.ResponseWriter, r *http.Request, load func(*http.Request) (T, error)) (data T, ok bool) {
	data, err := load(r)
	if err == nil {
		err = parseForm(w, r)
	}
	if err != nil {
		s.renderError(w, r, err)
		return data, false
	}
	return data, true
}

// pathIDPage reads the id named name in the path; when that fails it has
// shown the error page and ok is false.
func (s *Server) pathIDPage(w http.ResponseWriter, r *http.Request, name string) (id int64, ok bool) {
	id, err := pathID(r, name)
	if err != nil {
		s.renderError(w, r, err)
		return 0, false
	}
	return id, true
}

// pathIDForm reads the id named name in the path and the form; when either
// fails it has shown the error page and ok is false.
func (s *Server) pathIDForm(w http.ResponseWriter, r *http.Request, name string) (id int64, ok bool) {
	if id, ok = s.pathIDPage(w, r, name); !ok || !s.readForm(w, r) {
		return 0, false
	}
	return id, true
}

// pathFormChange reads the id named param in the path and the form, and
// runs change on that id; ok is false when something failed and the error
// page was shown.
func (s *Server) pathFormChange(w http.ResponseWriter, r *http.Request, param string,
	change func(ctx context.Context, u *rotonde.User, id int64) error) (id int64, ok bool) {
	if id, ok = s.pathIDForm(w, r, param); !ok {
		return 0, false
	}
	return s.changeID(w, r, id, change)
}

// changeID runs change on id as the signed-in user; ok is false when it
// failed and the error page was shown.
func (s *Server) changeID(w http.ResponseWriter, r *http.Request, id int64,
	change func(ctx context.Context, u *rotonde.User, id int64) error) (int64, bool) {
	if err := change(r.Context(), userFrom(r.Context()), id); err != nil {
		s.renderError(w, r, err)
		return 0, false
	}
	return id, true
}

// formResult answers a change sent from a form page: the flash message
// doneKey and a redirect to to when err is nil, the form (page, titleKey,
// data) again with the reason when it was refused as invalid, else the
// error page.
func (s *Server) formResult(w http.ResponseWriter, r *http.Request, err error, page, titleKey string, data any, doneKey, to string) {
	switch {
	case err == nil:
		s.done(w, r, doneKey, to)
	case rotonde.ErrorCodeOf(err) == rotonde.EInvalid:
		s.renderFormError(w, r, page, titleKey, data, err)
	default:
		s.renderError(w, r, err)
	}
}

// confirmedPathChange reads the id in the path, asks "Weet je het zeker?"
// with the texts under confirm.<key> (confirmSimple, for a change that
// cannot be undone) and, once confirmed, runs change on that id; ok is
// false when it has answered, with the question or the error page.
func (s *Server) confirmedPathChange(w http.ResponseWriter, r *http.Request, key, back string,
	change func(ctx context.Context, u *rotonde.User, id int64) error) (id int64, ok bool) {
	if id, ok = s.pathIDPage(w, r, "id"); !ok || !s.confirmSimple(w, r, 0, "", key, back, true) {
		return 0, false
	}
	return s.changeID(w, r, id, change)
}

// done answers a change that succeeded: the flash message under key, and a
// redirect to to.
func (s *Server) done(w http.ResponseWriter, r *http.Request, key, to string) {
	s.setFlash(w, r, flash{Key: key})
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// sendFile answers with what write produces as a file to save under name.
// When err (from gathering what goes in the file) is set, or write fails,
// it shows the error page instead and sends nothing of the file.
func (s *Server) sendFile(w http.ResponseWriter, r *http.Request, err error, contentType, name string, write func(io.Writer) error) {
	var buf bytes.Buffer
	if err == nil {
		err = write(&buf)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	sendAttachment(w, contentType, name, buf.Bytes())
}

// sendAttachment answers with body as a file to save under name.
func sendAttachment(w http.ResponseWriter, contentType, name string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, _ = w.Write(body)
}
