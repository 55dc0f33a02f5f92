package web

import (
	"context"
	"fmt"
	"net/http"
	netmail "net/mail"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/mail"
	"github.com/rotonde-jeugd/rotonde/meeting"
)

// E-mail (serve --smtp-url). A message is composed in the recipient's
// language when the change that causes it is made, and handed to storage in
// the context of that change's call (rotonde.WithPendingMail), so it is
// stored in the same transaction; the outbox delivers it later. Whoever
// caused a message sees on every page when sending it failed, and can try
// again (POST /e-mail/{id}/opnieuw).

// mailOn reports whether this server sends e-mail.
func (s *Server) mailOn() bool { return s.cfg.Mail != nil }

// recipientLang is the language a user chose, Dutch when unknown.
func (s *Server) recipientLang(ctx context.Context, userID int64) string {
	lang, err := s.store.Mail.UserLanguage(ctx, userID)
	if err != nil {
		s.log.WarnContext(ctx, "reading a user's language failed; mail in Dutch", "err", err)
		return "nl"
	}
	return lang
}

// formLang is the language a form chose for someone without an account
// ("mail_lang"), else the language of the person filling it in.
func formLang(r *http.Request) string {
	if l := r.PostForm.Get("mail_lang"); l == "nl" || l == "en" {
		return l
	}
	return langFrom(r.Context())
}

// newMail composes one message of kind to to in lang.
func (s *Server) newMail(r *http.Request, kind, ref, to, lang string, d mail.Data) (*rotonde.OutgoingMail, error) {
	subject, text, html, err := mail.Compose(kind, lang, d)
	if err != nil {
		return nil, err
	}
	m := &rotonde.OutgoingMail{Kind: kind, Ref: ref, To: rotonde.NormalizeEmail(to), Lang: lang,
		Subject: subject, Text: text, HTML: html}
	if u := userFrom(r.Context()); u != nil {
		m.CreatedBy = u.ID
	}
	return m, nil
}

// mailSent finishes a change that carried messages: those no transaction
// took (the change wrote through no write transaction) are stored now, and
// the outbox is woken. Nothing happens when the change failed.
func (s *Server) mailSent(r *http.Request, p *rotonde.PendingMail, err error) {
	if err != nil || p == nil || !s.mailOn() {
		return
	}
	if left := p.Left(); len(left) > 0 {
		if qerr := s.store.Mail.EnqueueMail(r.Context(), left...); qerr != nil {
			s.log.ErrorContext(r.Context(), "storing mail failed", "err", qerr)
		}
	}
	s.cfg.Mail.Wake()
}

// withMail returns r's context carrying msgs for the next storage write.
func withMail(r *http.Request, msgs ...*rotonde.OutgoingMail) (context.Context, *rotonde.PendingMail) {
	if len(msgs) == 0 {
		return r.Context(), nil
	}
	return rotonde.WithPendingMail(r.Context(), msgs...)
}

// mailRow is one undelivered message on the page of whoever caused it.
type mailRow struct {
	ID      int64
	To      string
	Kind    string // mail.kind.* key
	Failed  bool
	Reason  string
	Next    time.Time
	Attempt int
}

// failedMail lists the signed-in user's messages that could not be
// delivered yet, for the banner on every page (empty without mail).
func (s *Server) failedMail(r *http.Request) []mailRow {
	u := userFrom(r.Context())
	if u == nil || !s.mailOn() {
		return nil
	}
	msgs, err := s.store.Mail.OutgoingMailFor(r.Context(), u)
	if err != nil {
		s.log.WarnContext(r.Context(), "reading the outbox failed", "err", err)
		return nil
	}
	var out []mailRow
	for _, m := range msgs {
		if !m.Failed() {
			continue
		}
		out = append(out, mailRow{ID: m.ID, To: m.To, Kind: "mail.kind." + m.Kind, Failed: true,
			Reason: m.LastError, Next: m.NextAttempt, Attempt: m.Attempts})
	}
	return out
}

// handleRetryMail makes one of the user's undelivered messages due now.
func (s *Server) handleRetryMail(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = parseForm(w, r)
	}
	if err == nil && !s.mailOn() {
		err = rotonde.E(rotonde.ENotFound, "err.web.this_server_sends_no_email")
	}
	if err == nil {
		_, err = s.store.Mail.RetryMail(r.Context(), userFrom(r.Context()), id)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.cfg.Mail.Wake()
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
}

// checkMailAddress checks an optional address typed into a form.
func checkMailAddress(addr string) (string, error) {
	addr = rotonde.NormalizeEmail(addr)
	if addr == "" {
		return "", nil
	}
	if a, err := netmail.ParseAddress(addr); err != nil || a.Address != addr || len(addr) > 254 {
		return "", rotonde.E(rotonde.EInvalid, "err.rotonde.is_not_valid_email_address", addr)
	}
	return addr, nil
}

// invitationMail is the e-mail for a family invitation (web/invite.go).
func (s *Server) invitationMail(r *http.Request, caseID int64, to, name, link string, days int) []*rotonde.OutgoingMail {
	if !s.mailOn() || strings.TrimSpace(to) == "" {
		return nil
	}
	m, err := s.newMail(r, rotonde.MailInvitation, fmt.Sprintf("case:%d", caseID), to, formLang(r),
		mail.Data{Name: strings.TrimSpace(name), From: userFrom(r.Context()).Name, Link: link, Days: days})
	if err != nil {
		s.log.ErrorContext(r.Context(), "composing mail failed", "err", err)
		return nil
	}
	return []*rotonde.OutgoingMail{m}
}

// guestMail is the e-mail for a meeting guest (web/meetingpage.go).
func (s *Server) guestMail(r *http.Request, st meeting.Store, mid int64, to, name, link string) ([]*rotonde.OutgoingMail, error) {
	if !s.mailOn() || strings.TrimSpace(to) == "" {
		return nil, nil
	}
	to, err := checkMailAddress(to)
	if err != nil {
		return nil, err
	}
	a, err := st.MeetingAccess(r.Context(), meeting.Viewer{User: userFrom(r.Context())}, mid)
	if err != nil {
		return nil, err
	}
	m, err := s.newMail(r, rotonde.MailGuest, fmt.Sprintf("meeting:%d", mid), to, formLang(r),
		mail.Data{Name: strings.TrimSpace(name), From: userFrom(r.Context()).Name, Link: link, Days: 7, Title: a.Meeting.Title})
	if err != nil {
		return nil, err
	}
	return []*rotonde.OutgoingMail{m}, nil
}

// planMail is the e-mail, with the calendar file, to everyone who finds a
// newly planned meeting on their start page (web/meetingplan.go).
func (s *Server) planMail(r *http.Request, st meeting.Store, mid int64, p meeting.Plan) ([]*rotonde.OutgoingMail, error) {
	if !s.mailOn() || p.At.IsZero() {
		return nil, nil
	}
	u := userFrom(r.Context())
	people, err := s.store.Mail.MeetingPlanRecipients(r.Context(), u, mid)
	if err != nil || len(people) == 0 {
		return nil, err
	}
	snap, _, err := st.MeetingSnapshot(r.Context(), meeting.Viewer{User: u}, mid)
	if err != nil {
		return nil, err
	}
	minutes := 0
	for _, step := range snap.Steps {
		minutes += step.Minutes
	}
	m := snap.Meeting
	m.PlannedAt, m.Place, m.UpdatedAt = p.At, strings.TrimSpace(p.Place), s.now()
	m.CaseTitle = "" // e-mail carries no case content
	link := s.absURL(r, fmt.Sprintf("/bijeenkomsten/%d/live", mid))
	ics, ok := meeting.ICS(&m, minutes, link, s.calendarDomain(), s.now())
	if !ok {
		return nil, nil
	}
	var out []*rotonde.OutgoingMail
	for _, person := range people {
		lang := s.recipientLang(r.Context(), person.ID)
		when := i18n.DateTime(lang, m.PlannedAt.Local())
		msg, err := s.newMail(r, rotonde.MailPlan, fmt.Sprintf("meeting:%d", mid), person.Email, lang,
			mail.Data{Name: person.Name, From: u.Name, Title: m.Title, When: when, Place: m.Place, Link: link})
		if err != nil {
			return nil, err
		}
		msg.AttachmentName = fmt.Sprintf("bijeenkomst-%d.ics", mid)
		msg.AttachmentType = "text/calendar; method=PUBLISH; charset=utf-8"
		msg.Attachment = ics
		out = append(out, msg)
	}
	return out, nil
}

// resetMail is the e-mail with a password-reset code for a member
// (web/pages.go); the administrator then never sees the code.
func (s *Server) resetMail(r *http.Request, target *rotonde.User, code string, until time.Time) (*rotonde.OutgoingMail, error) {
	lang := s.recipientLang(r.Context(), target.ID)
	when := i18n.DateTime(lang, until.Local())
	return s.newMail(r, rotonde.MailReset, "users", target.Email, lang, mail.Data{Name: target.Name, From: userFrom(r.Context()).Name,
		Link: s.resetLink(r, code), Page: s.absURL(r, "/wachtwoord-kiezen"), Code: code, Until: when})
}

// resetMailContext prepares the e-mail with a member's reset code; without
// mail, or for an account that cannot be read, it returns r's context and
// no pending mail (the reset then shows the code, as without e-mail).
func (s *Server) resetMailContext(r *http.Request, userID int64, code string) (context.Context, *rotonde.PendingMail, error) {
	if !s.mailOn() {
		return r.Context(), nil, nil
	}
	target, err := s.store.Users.User(r.Context(), userID)
	if err != nil {
		// CreatePasswordReset answers for a user the actor may not manage.
		return r.Context(), nil, nil
	}
	m, err := s.resetMail(r, target, code, s.now().Add(rotonde.PasswordResetTTL))
	if err != nil {
		return nil, nil, err
	}
	ctx, p := withMail(r, m)
	return ctx, p, nil
}

// rememberLang stores the language a signed-in user chose, for their e-mail.
func (s *Server) rememberLang(r *http.Request, lang string) {
	u := userFrom(r.Context())
	if u == nil || !s.mailOn() {
		return
	}
	if err := s.store.Mail.SetUserLanguage(r.Context(), u.ID, lang); err != nil {
		s.log.WarnContext(r.Context(), "storing the language failed", "err", err)
	}
}

// mailLangField is what the "maillang" partial (templates/_mail.html) needs.
type mailLangField struct {
	L    i18n.Localizer
	Lang string
	ID   string
}

func init() {
	templateFuncs["mailLang"] = func(v view, id string) mailLangField { return mailLangField{L: v.L, Lang: v.Lang, ID: id} }
}

// mailErasureDeciders tells everyone who may decide on a new request for
// erasure that it waits for them, and by when (three months). The message
// names neither the case nor the person. It is stored after the request, in
// a transaction of its own: a failure is logged, and the request still shows
// on the deciders' start page and on the organisation's privacy page.
func (s *Server) mailErasureDeciders(r *http.Request, req *rotonde.ErasureRequest) {
	if !s.mailOn() {
		return
	}
	ctx := r.Context()
	u := userFrom(ctx)
	deciders, err := s.store.Privacy.ErasureDeciders(ctx, u, req.ID)
	if err != nil {
		s.log.ErrorContext(ctx, "finding who decides on an erasure request failed", "err", err)
		return
	}
	var msgs []*rotonde.OutgoingMail
	for _, d := range deciders {
		lang := s.recipientLang(ctx, d.ID)
		until := i18n.Date(lang, req.DueAt.Local())
		m, err := s.newMail(r, rotonde.MailErasure, fmt.Sprintf("erasure:%d", req.ID), d.Email, lang,
			mail.Data{Name: d.Name, From: u.Name, Link: s.absURL(r, fmt.Sprintf("/privacy/verzoeken/%d", req.ID)), Until: until})
		if err != nil {
			s.log.ErrorContext(ctx, "composing erasure mail failed", "err", err)
			return
		}
		msgs = append(msgs, m)
	}
	if len(msgs) == 0 {
		return
	}
	if err := s.store.Mail.EnqueueMail(ctx, msgs...); err != nil {
		s.log.ErrorContext(ctx, "storing erasure mail failed", "err", err)
		return
	}
	s.cfg.Mail.Wake()
}
