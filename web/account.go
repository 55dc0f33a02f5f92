package web

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/runes"
)

func currentSession(r *http.Request) *rotonde.Session {
	s, _ := r.Context().Value(ctxSession).(*rotonde.Session)
	return s
}

// recentlyAuthenticated reports whether the session proved its password
// within rotonde.ReauthWindow (at login or with the confirm form).
func (s *Server) recentlyAuthenticated(r *http.Request) bool {
	sess := currentSession(r)
	if sess == nil {
		return false
	}
	at, err := s.store.Identity.AuthenticatedAt(r.Context(), sess.ID)
	return err == nil && s.now().Sub(at) < rotonde.ReauthWindow
}

var errReauth = rotonde.E(rotonde.EForbidden, "err.web.confirm_your_password_first_you_then")

// reauthenticated is nil when the session proved its password recently
// (recentlyAuthenticated), else errReauth.
func (s *Server) reauthenticated(r *http.Request) error {
	if s.recentlyAuthenticated(r) {
		return nil
	}
	return errReauth
}

// checkPassword verifies the actor's current password under the same
// throttle as the login form, so these forms are no way around it.
func (s *Server) checkPassword(r *http.Request, u *rotonde.User, pw string) error {
	ctx := r.Context()
	keys := []rotonde.ThrottleKey{rotonde.EmailThrottleKey(u.Email), rotonde.AddressThrottleKey(clientAddress(r))}
	if err := s.lockedOut(ctx, rotonde.EForbidden, keys...); err != nil {
		return err
	}
	_, hash, err := s.store.Users.UserByEmail(ctx, u.Email)
	if err != nil {
		return err
	}
	ok, err := s.cfg.VerifyPassword(hash, pw)
	if err == nil && ok {
		return nil
	}
	_ = s.store.Identity.RecordLoginFailure(ctx, keys[0], rotonde.AccountThrottle, s.now())
	_ = s.store.Identity.RecordLoginFailure(ctx, keys[1], rotonde.AddressThrottle, s.now())
	return rotonde.E(rotonde.EInvalid, "err.web.your_current_password_is_not_right")
}

type sessionRow struct {
	rotonde.Session
	Browser string
	Current bool
}

type accountView struct {
	Sessions []sessionRow
	Tokens   []rotonde.APIToken
	Factors  rotonde.SecondFactors
	Fresh    bool
	Required bool
	// NewToken is shown once, right after it was made.
	NewToken     string
	NewTokenName string
	TokenName    string
	TokenDays    string
	Email        string
	Now          time.Time
	// Security lists the newest security events the user made or that concern them.
	Security []securityRow
}

func (s *Server) accountData(r *http.Request) (accountView, error) {
	ctx := r.Context()
	u := userFrom(ctx)
	now := s.now()
	v := accountView{Email: u.Email, TokenDays: "90", Now: now, Required: s.cfg.RequireSecondFactor}
	sessions, err := s.store.Identity.UserSessions(ctx, u, now)
	if err != nil {
		return v, err
	}
	cur := currentSession(r)
	for _, se := range sessions {
		v.Sessions = append(v.Sessions, sessionRow{Session: se, Browser: browserName(se.UserAgent), Current: cur != nil && cur.ID == se.ID})
	}
	if v.Tokens, err = s.store.Identity.APITokens(ctx, u); err != nil {
		return v, err
	}
	if v.Factors, err = s.store.Identity.SecondFactors(ctx, u.ID); err != nil {
		return v, err
	}
	v.Fresh = s.recentlyAuthenticated(r)
	events, err := s.store.Security.OwnSecurityEvents(ctx, u, rotonde.SecurityQuery{Limit: 20})
	if err != nil {
		return v, err
	}
	v.Security = s.securityRows(ctx, s.cat.For(langFrom(ctx)), events)
	return v, nil
}

// uaName is a name to show for a User-Agent string that contains one of
// marks.
type uaName struct {
	name  string
	marks []string
}

// uaBrowsers and uaSystems are tried in order, so that a browser naming
// another in its User-Agent (Edge says Chrome, Chrome says Safari, Android
// says Linux) is named after its most specific mark.
var (
	uaBrowsers = []uaName{{"Edge", []string{"Edg/"}}, {"Firefox", []string{"Firefox/"}},
		{"Chrome", []string{"Chrome/", "Chromium/"}}, {"Safari", []string{"Safari/"}}}
	uaSystems = []uaName{{"Android", []string{"Android"}}, {"iOS", []string{"iPhone", "iPad"}},
		{"Windows", []string{"Windows"}}, {"macOS", []string{"Mac OS"}}, {"Linux", []string{"Linux"}}}
)

// firstUAName gives the name of the first of names whose mark ua contains,
// or "" for none.
func firstUAName(ua string, names []uaName) string {
	for _, n := range names {
		for _, m := range n.marks {
			if strings.Contains(ua, m) {
				return n.name
			}
		}
	}
	return ""
}

// browserName gives a short, readable name for a User-Agent string.
func browserName(ua string) string {
	b, os := firstUAName(ua, uaBrowsers), firstUAName(ua, uaSystems)
	switch {
	case b != "" && os != "":
		return b + " (" + os + ")"
	case b != "":
		return b
	case ua == "":
		return "?"
	}
	return runes.Cut(ua, 60)
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	showPage(s, w, r, "account", "account.title", s.accountData)
}

// accountFail shows the account page again with the reason, keeping what was typed.
func (s *Server) accountFail(w http.ResponseWriter, r *http.Request, err error, keep func(*accountView)) {
	formAgain(s, w, r, "account", "account.title", s.accountData, keep, err)
}

func (s *Server) handleReauth(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	next := safeNext(r.PostForm.Get("next"))
	if next != "/account/tweede-factor" {
		next = "/account"
	}
	u, sess := userFrom(r.Context()), currentSession(r)
	pw := r.PostForm.Get("password")
	var err error
	if pw == "" {
		err = rotonde.E(rotonde.EInvalid, "err.web.fill_in_your_password")
	} else if sess == nil {
		err = rotonde.E(rotonde.EUnauthorized, "err.sqldb.please_log_in_first")
	} else if err = s.checkPassword(r, u, pw); err == nil {
		err = s.store.Identity.MarkReauthenticated(r.Context(), sess.ID, s.now())
	}
	if err != nil {
		if next == "/account/tweede-factor" {
			s.factorFail(w, r, err)
			return
		}
		s.accountFail(w, r, err, nil)
		return
	}
	if next == "/account" {
		s.done(w, r, "account.done.herbevestigd", next)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) handleChangePassword(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	u := userFrom(r.Context())
	cur, nw, again := r.PostForm.Get("current"), r.PostForm.Get("new"), r.PostForm.Get("repeat")
	err := newPassword(nw, again)
	if cur == "" || nw == "" || again == "" {
		err = rotonde.E(rotonde.EInvalid, "err.web.fill_in_your_current_password_and")
	}
	if err == nil {
		err = s.checkPassword(r, u, cur)
	}
	var hash string
	if err == nil {
		hash, err = s.cfg.PasswordHash(nw)
	}
	if err == nil {
		// Ends every session of the user, this one included; a new one follows.
		err = s.store.Users.SetPasswordHash(r.Context(), u, u.ID, hash)
	}
	if err != nil {
		s.accountFail(w, r, err, nil)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "password changed", "user", u.ID)
	s.logSecurity(r, rotonde.AuditUpdate, rotonde.SecurityPasswordChanged, u, "wachtwoord gewijzigd; andere sessies beëindigd")
	s.done(w, r, "account.done.wachtwoord", "/account")
}

func (s *Server) handleChangeEmail(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	u := userFrom(r.Context())
	email := strings.TrimSpace(r.PostForm.Get("email"))
	err := s.reauthenticated(r)
	if err == nil {
		err = s.store.Identity.SetEmail(r.Context(), u, email)
	}
	if err != nil {
		s.accountFail(w, r, err, func(v *accountView) { v.Email = email })
		return
	}
	s.log.InfoContext(r.Context(), "e-mail changed", "user", u.ID)
	s.done(w, r, "account.done.e-mail", "/account")
}

func (s *Server) handleEndSession(w http.ResponseWriter, r *http.Request) {
	id, ok := s.confirmedPathChange(w, r, "session.end", "/account#sessies", s.store.Identity.EndSession)
	if !ok {
		return
	}
	if cur := currentSession(r); cur != nil && cur.ID == id {
		s.clearSessionCookie(w)
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	s.done(w, r, "account.done.sessie", "/account#sessies")
}

func (s *Server) handleEndOtherSessions(w http.ResponseWriter, r *http.Request) {
	if !s.confirmSimple(w, r, 0, "", "session.endothers", "/account#sessies", true) {
		return
	}
	var keep int64
	if cur := currentSession(r); cur != nil {
		keep = cur.ID
	}
	if err := s.store.Identity.EndOtherSessions(r.Context(), userFrom(r.Context()), keep); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.done(w, r, "account.done.sessies", "/account#sessies")
}

// maxTokenDays caps a personal access token's life.
const maxTokenDays = 365

func (s *Server) handleCreateToken(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	u := userFrom(r.Context())
	name := strings.TrimSpace(r.PostForm.Get("name"))
	daysText := strings.TrimSpace(r.PostForm.Get("days"))
	days, perr := strconv.Atoi(daysText)
	var err error
	switch {
	case name == "":
		err = rotonde.E(rotonde.EInvalid, "err.sqldb.give_token_name")
	case len([]rune(name)) > 100:
		err = rotonde.E(rotonde.EInvalid, "err.web.name_is_too_long_at_most")
	case perr != nil || days < 1 || days > maxTokenDays:
		err = rotonde.E(rotonde.EInvalid, "err.web.choose_validity_of_1_to_days", maxTokenDays)
	}
	token, hash := NewToken("rtd_")
	if err == nil {
		err = s.store.Sessions.CreateAPIToken(r.Context(), u, &rotonde.APIToken{Name: name, ExpiresAt: s.now().Add(time.Duration(days) * 24 * time.Hour)}, hash)
	}
	if err != nil {
		s.accountFail(w, r, err, func(v *accountView) { v.TokenName, v.TokenDays = name, daysText })
		return
	}
	v, err := s.accountData(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.logSecurity(r, rotonde.AuditCreate, rotonde.SecurityToken, u, "token gemaakt: "+runes.Cut(name, 100)+", "+daysText+" dagen geldig")
	v.NewToken, v.NewTokenName = token, name
	s.render(w, r, http.StatusCreated, "account", "account.title", v)
}

func (s *Server) handleRevokeToken(w http.ResponseWriter, r *http.Request) {
	id, ok := s.confirmedPathChange(w, r, "token.revoke", "/account#tokens", s.store.Identity.RevokeAPIToken)
	if !ok {
		return
	}
	s.logSecurity(r, rotonde.AuditDelete, rotonde.SecurityToken, userFrom(r.Context()), "token #"+strconv.FormatInt(id, 10)+" ingetrokken")
	s.done(w, r, "account.done.token", "/account#tokens")
}

// handleAdminEndSessions lets an administrator end every session of a user they manage.
func (s *Server) handleAdminEndSessions(w http.ResponseWriter, r *http.Request) {
	id, ok := s.confirmedPathChange(w, r, "user.endsessions", "/beheer/gebruikers", s.store.Identity.EndUserSessions)
	if !ok {
		return
	}
	if target, err := s.store.Users.User(r.Context(), id); err == nil {
		s.logSecurity(r, rotonde.AuditUpdate, rotonde.SecuritySessionsEnded, target, "alle sessies beëindigd en tokens ingetrokken")
	}
	http.Redirect(w, r, "/beheer/gebruikers", http.StatusSeeOther)
}

// --- second factor enrolment ---

type factorView struct {
	Factors  rotonde.SecondFactors
	Fresh    bool
	Required bool
	// During set-up: the secret, as text, as a link and as a QR code.
	Secret string
	URI    string
	QR     template.HTML
	// RecoveryCodes are shown once, right after they were made.
	RecoveryCodes []string
	// Passkeys are the user's registered passkeys (web/passkey.go).
	Passkeys []rotonde.Passkey
}

func (s *Server) factorData(r *http.Request) (factorView, error) {
	ctx := r.Context()
	u := userFrom(ctx)
	f, err := s.store.Identity.SecondFactors(ctx, u.ID)
	if err != nil {
		return factorView{}, err
	}
	v := factorView{Factors: f, Fresh: s.recentlyAuthenticated(r), Required: s.cfg.RequireSecondFactor && !f.Any()}
	if v.Passkeys, err = s.store.Passkeys.Passkeys(ctx, u.ID); err != nil {
		return v, err
	}
	if f.TOTPPending {
		secret, _, err := s.store.Identity.TOTPSecret(ctx, u.ID)
		if err != nil {
			return v, err
		}
		v.Secret, v.URI = secret, totpURI(secret, u.Email)
		if v.QR, err = totpQR(v.URI); err != nil {
			s.log.ErrorContext(ctx, "qr code", "err", err)
			v.QR = ""
		}
	}
	return v, nil
}

func (s *Server) handleFactors(w http.ResponseWriter, r *http.Request) {
	showPage(s, w, r, "account_factor", "factor.title", s.factorData)
}

// factorFail shows the second factor page again with the reason.
func (s *Server) factorFail(w http.ResponseWriter, r *http.Request, err error) {
	formAgain(s, w, r, "account_factor", "factor.title", s.factorData, nil, err)
}

// freshForFactor reports whether the session proved its password recently
// enough to change a second factor; if not, it has shown the page asking
// for it.
func (s *Server) freshForFactor(w http.ResponseWriter, r *http.Request) bool {
	if !s.recentlyAuthenticated(r) {
		s.factorFail(w, r, errReauth)
		return false
	}
	return true
}

// showRecoveryCodes replaces the user's recovery codes by new ones, notes
// in the security log what happened and shows them, once, on the second
// factor page.
func (s *Server) showRecoveryCodes(w http.ResponseWriter, r *http.Request, u *rotonde.User, action rotonde.AuditAction, what string) {
	codes, hashes := newRecoveryCodes()
	if err := s.store.Identity.ReplaceRecoveryCodes(r.Context(), u.ID, hashes); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.logSecurity(r, action, rotonde.SecuritySecondFactor, u, what)
	v, err := s.factorData(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v.RecoveryCodes = codes
	s.render(w, r, http.StatusOK, "account_factor", "factor.title", v)
}

func (s *Server) handleTOTPNew(w http.ResponseWriter, r *http.Request) {
	if !s.freshForFactor(w, r) {
		return
	}
	u := userFrom(r.Context())
	if err := s.store.Identity.SetPendingTOTP(r.Context(), u.ID, NewTOTPSecret(), s.now()); err != nil {
		s.factorFail(w, r, err)
		return
	}
	http.Redirect(w, r, "/account/tweede-factor#instellen", http.StatusSeeOther)
}

func (s *Server) handleTOTPConfirm(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	ctx := r.Context()
	u := userFrom(ctx)
	code := normalizeCode(r.PostForm.Get("code"))
	secret, confirmed, err := s.store.Identity.TOTPSecret(ctx, u.ID)
	switch {
	case err != nil:
	case confirmed:
		err = rotonde.E(rotonde.EConflict, "err.web.your_authenticator_app_is_already_set")
	case code == "":
		err = rotonde.E(rotonde.EInvalid, "err.web.fill_in_six_digit_code_from")
	default:
		if step := verifyTOTP(secret, code, s.now()); step == 0 {
			err = rotonde.E(rotonde.EInvalid, "err.web.this_code_is_not_right_is")
		} else {
			err = s.store.Identity.UseTOTPStep(ctx, u.ID, step)
		}
	}
	if err != nil {
		s.factorFail(w, r, err)
		return
	}
	s.log.InfoContext(ctx, "totp enrolled", "user", u.ID)
	s.showRecoveryCodes(w, r, u, rotonde.AuditCreate, "authenticator-app toegevoegd; herstelcodes gemaakt")
}

func (s *Server) handleTOTPRemove(w http.ResponseWriter, r *http.Request) {
	s.removeFactor(w, r, factorRemoval{confirmKey: "totp.remove", logMsg: "totp removed", event: "authenticator-app verwijderd",
		doneKey: "account.done.totp-weg", to: "/account/tweede-factor"},
		func(ctx context.Context, userID int64) error { return s.store.Identity.RemoveTOTP(ctx, userID) })
}

// factorRemoval names what removing one second factor says: the question,
// the server log line, the security event, the flash and where it leads.
type factorRemoval struct {
	confirmKey, logMsg, event, doneKey, to string
}

// removeFactor removes one of the user's second factors: the password
// proved recently, then the question, then remove; refused, the second
// factor page shows why (one that is not there: the error page).
func (s *Server) removeFactor(w http.ResponseWriter, r *http.Request, f factorRemoval, remove func(ctx context.Context, userID int64) error) {
	if !s.freshForFactor(w, r) {
		return
	}
	if !s.confirmSimple(w, r, 0, "", f.confirmKey, "/account/tweede-factor", true) {
		return
	}
	u := userFrom(r.Context())
	if err := remove(r.Context(), u.ID); err != nil {
		if rotonde.ErrorCodeOf(err) == rotonde.ENotFound {
			s.renderError(w, r, err)
			return
		}
		s.factorFail(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), f.logMsg, "user", u.ID)
	s.logSecurity(r, rotonde.AuditDelete, rotonde.SecuritySecondFactor, u, f.event)
	s.done(w, r, f.doneKey, f.to)
}

func (s *Server) handleRecoveryCodes(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := userFrom(ctx)
	f, err := s.store.Identity.SecondFactors(ctx, u.ID)
	switch {
	case err != nil:
	case !s.recentlyAuthenticated(r):
		err = errReauth
	case !f.Any():
		err = rotonde.E(rotonde.EConflict, "err.web.set_up_second_factor_first_recovery")
	}
	if err != nil {
		s.factorFail(w, r, err)
		return
	}
	s.showRecoveryCodes(w, r, u, rotonde.AuditUpdate, "nieuwe herstelcodes gemaakt")
}

// newPassword checks a new password typed twice: the same both times and
// strong enough.
func newPassword(pw, again string) error {
	if pw != again {
		return rotonde.E(rotonde.EInvalid, "err.web.two_new_passwords_differ")
	}
	return rotonde.ValidatePassword(pw)
}
