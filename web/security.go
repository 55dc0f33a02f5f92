package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/runes"
)

// securityEvent writes one event to the security log, which is part of the
// hash-chained access log. actor made the change (the current user), subject
// is whose account it concerns; detail says what changed, never a secret.
func (s *Server) securityEvent(r *http.Request, action rotonde.AuditAction, part string, subject *rotonde.User, detail string) error {
	e := &rotonde.AuditEntry{Action: action, Part: part, Outcome: rotonde.AuditAllowed, Detail: detail,
		Address: clientAddress(r), UserAgent: runes.Cut(r.UserAgent(), 200)}
	if u := userFrom(r.Context()); u != nil {
		e.UserID, e.OrgID, e.Role = u.ID, u.OrgID, string(u.Role)
	}
	if subject != nil {
		e.SubjectID, e.OrgID = subject.ID, subject.OrgID
		if e.UserID == 0 {
			// Without a session (a reset code): the holder acted for the account.
			e.UserID, e.Role = subject.ID, string(subject.Role)
		}
	}
	return s.audit(r, e)
}

// logSecurity writes a security event after a change that has already been
// made; a failure is logged, and the change stands.
func (s *Server) logSecurity(r *http.Request, action rotonde.AuditAction, part string, subject *rotonde.User, detail string) {
	if err := s.securityEvent(r, action, part, subject, detail); err != nil {
		s.log.ErrorContext(r.Context(), "security log write failed", "part", part, "err", err)
	}
}

// securityRow is one security event as a page shows it.
type securityRow struct {
	Seq     int64
	At      time.Time
	What    string
	By      string
	Subject string
	Org     string
	Detail  string
	Address string
}

func (s *Server) securityRows(ctx context.Context, l i18n.Localizer, entries []rotonde.AuditEntry) []securityRow {
	names := map[int64]string{}
	name := func(id int64) string {
		if id == 0 {
			return l.T("security.by.operator")
		}
		if n, ok := names[id]; ok {
			return n
		}
		n := "#" + strconv.FormatInt(id, 10)
		if u, err := s.store.Users.User(ctx, id); err == nil {
			n = u.Name
		}
		names[id] = n
		return n
	}
	rows := make([]securityRow, 0, len(entries))
	for _, e := range entries {
		key := "security.part." + strings.TrimPrefix(e.Part, rotonde.SecurityPartPrefix)
		what := l.T(key)
		if what == key {
			what = e.Part
		}
		row := securityRow{Seq: e.Seq, At: e.At, What: what, By: e.UserName, Org: e.OrgName, Detail: e.Detail, Address: e.Address}
		if e.UserID == 0 || row.By == "" {
			row.By = name(e.UserID)
		}
		if e.SubjectID != 0 {
			row.Subject = name(e.SubjectID)
		}
		rows = append(rows, row)
	}
	return rows
}

type securityLogView struct {
	Rows []securityRow
	// Older is the sequence number to page back from (0: no older events).
	Older int64
}

// handleSecurityLog shows the system administrator every security event, newest first.
func (s *Server) handleSecurityLog(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var before int64
	if v := r.URL.Query().Get("voor"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			s.renderError(w, r, rotonde.E(rotonde.EInvalid, "err.web.this_page_of_log_does_not"))
			return
		}
		before = n
	}
	entries, err := s.store.Security.SecurityEvents(ctx, userFrom(ctx), rotonde.SecurityQuery{Before: before})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := securityLogView{Rows: s.securityRows(ctx, s.cat.For(langFrom(ctx)), entries)}
	if len(entries) == rotonde.SecurityPageSize {
		v.Older = entries[len(entries)-1].Seq
	}
	s.render(w, r, http.StatusOK, "security_log", "security.title", v)
}

// --- notices at login ---

const noticeCookie = "rotonde_meldingen"

// flagSecurityNotices is called when a session starts: when something
// happened to the account that its owner has not been told about, the next
// page shows it.
func (s *Server) flagSecurityNotices(w http.ResponseWriter, r *http.Request, u *rotonde.User) {
	n, err := s.store.Security.SecurityNoticesWaiting(r.Context(), u)
	if err != nil {
		s.log.ErrorContext(r.Context(), "security notices", "err", err)
		return
	}
	if n > 0 {
		http.SetCookie(w, &http.Cookie{Name: noticeCookie, Value: "1", Path: "/", HttpOnly: true,
			Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(s.cfg.SessionMax.Seconds())})
	}
}

type ctxNoticesKey struct{}

// takeSecurityNotices runs on a page request of a logged-in user whose
// login flagged notices: they are taken (so shown once) and put in the
// context, for the layout to show.
func (s *Server) takeSecurityNotices(w http.ResponseWriter, r *http.Request) *http.Request {
	if r.Method != http.MethodGet {
		return r
	}
	if c, err := r.Cookie(noticeCookie); err != nil || c.Value == "" {
		return r
	}
	ctx := r.Context()
	entries, err := s.store.Security.TakeSecurityNotices(ctx, userFrom(ctx))
	if err != nil {
		s.log.ErrorContext(ctx, "security notices", "err", err)
		return r
	}
	http.SetCookie(w, &http.Cookie{Name: noticeCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	if len(entries) == 0 {
		return r
	}
	rows := s.securityRows(ctx, s.cat.For(langFrom(ctx)), entries)
	return r.WithContext(context.WithValue(ctx, ctxNoticesKey{}, rows))
}

func securityNoticesFrom(ctx context.Context) []securityRow {
	rows, _ := ctx.Value(ctxNoticesKey{}).([]securityRow)
	return rows
}

// --- choosing a new password with a reset code ---

type resetView struct {
	Code string
}

func (s *Server) handleResetForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password_reset", "reset.title", resetView{Code: runes.Cut(r.URL.Query().Get("code"), 40)})
}

// handleResetChoose sets a new password with a reset code. It logs nobody
// in: the next login asks for the password and the account's second factor.
func (s *Server) handleResetChoose(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	ctx := r.Context()
	code, nw, again := strings.TrimSpace(r.PostForm.Get("code")), r.PostForm.Get("new"), r.PostForm.Get("repeat")
	view := resetView{Code: runes.Cut(code, 40)}
	// Wrong codes count against the client address like wrong passwords.
	addr := rotonde.AddressThrottleKey(clientAddress(r))
	if s.answeredThrottled(w, r, []rotonde.ThrottleKey{addr}, "password_reset", "reset.title", view) {
		return
	}
	err := newPassword(nw, again)
	if code == "" || nw == "" || again == "" {
		err = rotonde.E(rotonde.EInvalid, "err.web.fill_in_reset_code_and_your")
	}
	var hash string
	if err == nil {
		hash, err = s.cfg.PasswordHash(nw)
	}
	var u *rotonde.User
	if err == nil {
		u, err = s.store.Security.UsePasswordReset(ctx, rotonde.HashPasswordResetCode(code), hash, s.now())
		if rotonde.ErrorCodeOf(err) == rotonde.EUnauthorized {
			if ferr := s.store.Identity.RecordLoginFailure(ctx, addr, rotonde.AddressThrottle, s.now()); ferr != nil {
				s.log.ErrorContext(ctx, "record reset failure", "err", ferr)
			}
		}
	}
	if err != nil {
		s.renderFormError(w, r, "password_reset", "reset.title", view, err)
		return
	}
	s.logSecurity(r, rotonde.AuditUpdate, rotonde.SecurityPasswordChanged, u, "nieuw wachtwoord gekozen met een herstelcode")
	s.log.InfoContext(ctx, "password chosen with reset code", "user", u.ID)
	v := s.newView(r, "login.title", loginView{Email: u.Email, Next: "/", Demo: s.cfg.Demo})
	v.Notice = v.L.T("reset.done")
	s.renderView(w, r, http.StatusOK, "login", v)
}

// resetLink is where a reset code is used, as a link to hand over.
func (s *Server) resetLink(r *http.Request, code string) string {
	base := strings.TrimRight(s.cfg.PublicURL, "/")
	if base == "" {
		scheme := "http"
		if r.TLS != nil || s.cfg.SecureCookies {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return base + "/wachtwoord-kiezen?code=" + code
}
