package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/policy"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

type pages struct {
	byName map[string]*template.Template
}

var templateFuncs = template.FuncMap{
	// dict2 passes the page view and one word to a sub-template (meeting pages).
	"dict2": func(v any, word string) map[string]any { return map[string]any{"V": v, "Purpose": word} },
	"date":  func(t time.Time) string { return t.Local().Format("02-01-2006") },
	"datetime": func(t time.Time) string {
		return t.Local().Format("02-01-2006 15:04")
	},
	// weblink says whether a free text is a web address to show as a link
	// (a meeting's place may be a video call).
	"weblink": func(s string) bool { return strings.HasPrefix(s, "https://") && !strings.ContainsAny(s, " \t\n") },
}

// parsePages parses every page together with the layout, once at start.
func parsePages() (*pages, error) {
	layout, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(templateFiles, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	// Partials (templates/_*.html) are shared by several pages, e.g. the
	// dream at the top of every case page.
	if layout, err = layout.ParseFS(templateFiles, "templates/_*.html"); err != nil {
		return nil, fmt.Errorf("parse partials: %w", err)
	}
	entries, err := fs.ReadDir(templateFiles, "templates")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, e := range entries {
		if e.Name() == "layout.html" || strings.HasPrefix(e.Name(), "_") {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFiles, "templates/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", e.Name(), err)
		}
		p.byName[strings.TrimSuffix(e.Name(), ".html")] = t
	}
	return p, nil
}

// view is what every page template receives; Data is the page's own typed struct.
type view struct {
	L        i18n.Localizer
	Lang     string
	Nonce    string
	User     *rotonde.User
	Title    string
	Path     string
	Error    string
	Notice   string
	Undo     string // where the notice's "Ongedaan maken" button posts (web/trash.go)
	CanUsers bool
	CanOrgs  bool
	Data     any
	// Security lists what happened to the account since the previous login (web/security.go).
	Security []securityRow
	// Mail lists the user's e-mail that could not be sent yet (web/mail.go).
	Mail []mailRow
	// MailOn: this server sends e-mail, so forms offer the mail's language.
	MailOn bool
}

func (s *Server) newView(r *http.Request, titleKey string, data any) view {
	lang := langFrom(r.Context())
	u := userFrom(r.Context())
	l := s.cat.For(lang)
	return view{L: l, Lang: lang, Nonce: nonceFrom(r.Context()), User: u, Title: l.T(titleKey),
		Path: r.URL.RequestURI(), CanUsers: policy.ManageUsersScope(u).Allowed(), CanOrgs: u != nil, Data: data,
		Security: securityNoticesFrom(r.Context()), Mail: s.failedMail(r), MailOn: s.mailOn()}
}

func (s *Server) renderView(w http.ResponseWriter, r *http.Request, status int, page string, v view) {
	t, ok := s.pages.byName[page]
	if !ok {
		s.log.ErrorContext(r.Context(), "unknown page template", "page", page)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if notice, undo := s.takeFlash(w, r, v.L); notice != "" {
		v.Notice = strings.TrimSpace(notice + " " + v.Notice)
		v.Undo = undo
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.ErrorContext(r.Context(), "render page", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page, titleKey string, data any) {
	s.renderView(w, r, status, page, s.newView(r, titleKey, data))
}

// renderFormError shows a form again with the reason it was refused.
func (s *Server) renderFormError(w http.ResponseWriter, r *http.Request, page, titleKey string, data any, err error) {
	s.renderPage(w, r, statusOf(err), page, titleKey, data, err)
}

// userMessage logs unclassified errors and returns what the user may read.
func (s *Server) userMessage(r *http.Request, err error) string {
	if rotonde.ErrorCodeOf(err) == rotonde.EInternal {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	return rotonde.UserMessage(err, langFrom(r.Context()))
}

// statusByCode maps error codes to HTTP statuses; statusOf is the one place
// that reads it, and any other error is a 500.
var statusByCode = map[rotonde.ErrorCode]int{
	rotonde.EInvalid:      http.StatusUnprocessableEntity,
	rotonde.ENotFound:     http.StatusNotFound,
	rotonde.EUnauthorized: http.StatusUnauthorized,
	rotonde.EForbidden:    http.StatusForbidden,
	rotonde.EConflict:     http.StatusConflict,
	rotonde.ETooLarge:     http.StatusRequestEntityTooLarge,
}

// statusOf maps an error code to an HTTP status: the one place that does.
func statusOf(err error) int {
	if status, ok := statusByCode[rotonde.ErrorCodeOf(err)]; ok {
		return status
	}
	return http.StatusInternalServerError
}

type errorView struct {
	Status int
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	v := s.newView(r, "error.title", errorView{Status: status})
	v.Error = s.userMessage(r, err)
	s.renderView(w, r, status, "error", v)
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, rotonde.E(rotonde.ENotFound, "err.web.this_page_does_not_exist"))
}

func (s *Server) handleCrossOrigin(w http.ResponseWriter, r *http.Request) {
	err := rotonde.E(rotonde.EForbidden, "err.web.this_request_came_from_another_website")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiError(w, r, err)
		return
	}
	s.renderError(w, r, err)
}

const maxFormBytes = 1 << 20

// parseForm reads a form body of at most 1 MiB.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return rotonde.E(rotonde.ETooLarge, "err.web.form_is_too_large")
		}
		return rotonde.E(rotonde.EInvalid, "err.web.form_could_not_be_read")
	}
	return nil
}

// readForm reads the request's form like parseForm and, when that fails,
// answers with the error page; it reports whether the handler may go on.
func (s *Server) readForm(w http.ResponseWriter, r *http.Request) bool {
	if err := parseForm(w, r); err != nil {
		s.renderError(w, r, err)
		return false
	}
	return true
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	name := path.Clean(strings.TrimPrefix(r.URL.Path, "/"))
	b, err := staticFiles.ReadFile(name)
	if err != nil || !strings.HasPrefix(name, "static/") {
		s.handleNotFound(w, r)
		return
	}
	switch path.Ext(name) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case ".svg":
		w.Header().Set("Content-Type", "image/svg+xml")
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(b)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.store.Ping(r.Context()); err != nil {
		s.log.ErrorContext(r.Context(), "health: database", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}

// renderCasePage renders a page about one case, titled "<page> · <case>",
// with err (if any) shown above the form.
func (s *Server) renderCasePage(w http.ResponseWriter, r *http.Request, status int, page, titleKey string, c *rotonde.Case, data any, err error) {
	v := s.newView(r, titleKey, data)
	if c != nil {
		v.Title = v.L.T(titleKey) + " · " + c.Title
	}
	s.renderViewError(w, r, status, page, v, err)
}

// renderPage renders page titled by titleKey, with err (if any) shown
// above the forms.
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, status int, page, titleKey string, data any, err error) {
	s.renderViewError(w, r, status, page, s.newView(r, titleKey, data), err)
}

// renderTitled renders page titled by title, the name of what it shows,
// with err (if any) shown above the forms.
func (s *Server) renderTitled(w http.ResponseWriter, r *http.Request, status int, page, titleKey, title string, data any, err error) {
	v := s.newView(r, titleKey, data)
	v.Title = title
	s.renderViewError(w, r, status, page, v, err)
}

// renderViewError renders page with err (if any) shown above the forms.
func (s *Server) renderViewError(w http.ResponseWriter, r *http.Request, status int, page string, v view, err error) {
	if err != nil {
		v.Error = s.userMessage(r, err)
	}
	s.renderView(w, r, status, page, v)
}

// showPageAgain answers a change to a page that failed with err: the page
// loaded again, with what the user filled in put back by keep (if any).
func showPageAgain[T any](s *Server, w http.ResponseWriter, r *http.Request, id int64, err error,
	load func(*http.Request, int64) (T, error), keep func(*T), render func(http.ResponseWriter, *http.Request, int, T, error)) {
	data, derr := load(r, id)
	if derr != nil {
		s.renderError(w, r, derr)
		return
	}
	if keep != nil {
		keep(&data)
	}
	render(w, r, statusOf(err), data, err)
}

// loadPathPage loads the page about the thing whose id the path names
// param; when that fails it has shown the error page and ok is false.
func loadPathPage[T any](s *Server, w http.ResponseWriter, r *http.Request, param string, load func(*http.Request, int64) (T, error)) (data T, ok bool) {
	id, err := pathID(r, param)
	if err == nil {
		data, err = load(r, id)
	}
	if err != nil {
		s.renderError(w, r, err)
		return data, false
	}
	return data, true
}

// showPathPage answers the GET of a page about the thing whose id the path
// names param: loaded by load and rendered by render, or the error page.
func showPathPage[T any](s *Server, w http.ResponseWriter, r *http.Request, param string,
	load func(*http.Request, int64) (T, error), render func(http.ResponseWriter, *http.Request, int, T, error)) {
	if data, ok := loadPathPage(s, w, r, param, load); ok {
		render(w, r, http.StatusOK, data, nil)
	}
}

// showCasePage answers the GET of a page about the case in the path: it
// loads the page through the reader's own access, logs the read of part
// (also a refused one) and renders it.
func showCasePage[T any](s *Server, w http.ResponseWriter, r *http.Request, part string,
	load func(*http.Request, int64) (T, error), render func(http.ResponseWriter, *http.Request, int, T, error)) {
	id, ok := s.pathIDPage(w, r, "id")
	if !ok {
		return
	}
	data, err := load(r, id)
	err = s.audited(r, rotonde.AuditRead, id, part, err, "")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	render(w, r, http.StatusOK, data, nil)
}
