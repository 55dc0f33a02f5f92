package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/rotonde-jeugd/rotonde/runes"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
)

const langCookie = "rotonde_lang"

func (s *Server) sessionCookieName() string {
	if s.cfg.SecureCookies {
		// __Host- binds the cookie to this host, path / and Secure.
		return "__Host-rotonde_session"
	}
	return "rotonde_session"
}

// NewToken returns a 256-bit random token and its SHA-256 hash (what is stored).
func NewToken(prefix string) (string, []byte) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	tok := prefix + base64.RawURLEncoding.EncodeToString(b)
	return tok, HashToken(tok)
}

// HashToken hashes a session or API token for lookup.
func HashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

// clientAddress is the address of the client, as withClientAddress found it
// (the direct peer, or the forwarded address when the peer is a trusted proxy).
func clientAddress(r *http.Request) string {
	if a, ok := r.Context().Value(ctxAddress).(string); ok && a != "" {
		return a
	}
	return peerAddress(r.RemoteAddr)
}

func peerAddress(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		return remote
	}
	return host
}

// forwardedClient returns the client address of a request. Only when the
// direct peer is a trusted proxy is X-Forwarded-For read, from the right:
// each trusted proxy appends the address it saw, so the right-most address
// that is not a trusted proxy is the first one nobody can have forged. A
// client may put anything at the left; that part is never used.
func forwardedClient(remote string, xff []string, trusted []netip.Prefix) string {
	peer := peerAddress(remote)
	isTrusted := func(s string) bool {
		ip, err := netip.ParseAddr(s)
		if err != nil {
			return false
		}
		ip = ip.Unmap()
		for _, p := range trusted {
			if p.Contains(ip) {
				return true
			}
		}
		return false
	}
	if len(trusted) == 0 || !isTrusted(peer) {
		return peer
	}
	var hops []string
	for _, h := range xff {
		for _, part := range strings.Split(h, ",") {
			hops = append(hops, strings.TrimSpace(part))
		}
	}
	for i := len(hops) - 1; i >= 0; i-- {
		ip, err := netip.ParseAddr(hops[i])
		if err != nil {
			// Garbage where a proxy should have written an address: stop at
			// the last address known good rather than guess.
			return peer
		}
		if !isTrusted(hops[i]) {
			return ip.Unmap().String()
		}
		peer = ip.Unmap().String()
	}
	return peer
}

// withClientAddress settles the client address once per request, for the
// login throttle, the sessions list and the access log.
func (s *Server) withClientAddress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := forwardedClient(r.RemoteAddr, r.Header.Values("X-Forwarded-For"), s.cfg.TrustedProxies)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxAddress, addr)))
	})
}

// withSession resolves the session cookie (if any) to a user and picks the
// language: the language cookie, else the browser's preference.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		lang := ""
		if c, err := r.Cookie(langCookie); err == nil && (c.Value == "nl" || c.Value == "en") {
			lang = c.Value
		} else {
			lang = i18n.Match(r.Header.Get("Accept-Language"))
		}
		ctx = context.WithValue(ctx, ctxLang, lang)
		if c, err := r.Cookie(s.sessionCookieName()); err == nil && c.Value != "" {
			sess, u, err := s.store.Sessions.SessionUser(ctx, HashToken(c.Value), s.now(), s.cfg.SessionIdle)
			switch {
			case err == nil:
				ctx = context.WithValue(ctx, ctxUser, u)
				ctx = context.WithValue(ctx, ctxSession, sess)
			case rotonde.ErrorCodeOf(err) == rotonde.EUnauthorized:
				s.clearSessionCookie(w)
			case !strings.HasPrefix(r.URL.Path, "/static/"):
				// Storage failed, so nobody knows whether the session is
				// valid: ask to retry rather than to log in again.
				s.log.ErrorContext(ctx, "session lookup failed", "err", err)
				s.answerUnavailable(w, r.WithContext(ctx))
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (s *Server) requireLogin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if userFrom(r.Context()) == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(safeNext(r.URL.RequestURI())), http.StatusSeeOther)
				return
			}
			s.renderError(w, r, rotonde.E(rotonde.EUnauthorized, "err.sqldb.please_log_in_first"))
			return
		}
		h(w, s.takeSecurityNotices(w, r))
	}
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: s.sessionCookieName(), Value: token, Path: "/",
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode,
		MaxAge: int(s.cfg.SessionMax.Seconds()),
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: s.sessionCookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

type loginView struct {
	Email string
	Next  string
	Demo  bool
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	if userFrom(r.Context()) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", "login.title", loginView{Next: safeNext(r.URL.Query().Get("next")), Demo: s.cfg.Demo})
}

var errBadLogin = rotonde.E(rotonde.EUnauthorized, "err.web.unknown_combination_of_email_and_password")

// login checks credentials. Every failure gives the same error, and an
// unknown address costs the same hashing work as a known one, so neither the
// answer nor its timing tells which accounts exist.
func (s *Server) login(ctx context.Context, email, pw string) (*rotonde.User, error) {
	u, hash, err := s.store.Users.UserByEmail(ctx, email)
	if err != nil && rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		return nil, err
	}
	if u == nil {
		_, _ = s.cfg.VerifyPassword(s.cfg.DummyHash, pw)
		return nil, errBadLogin
	}
	ok, err := s.cfg.VerifyPassword(hash, pw)
	if err != nil || !ok || u.Disabled {
		return nil, errBadLogin
	}
	return u, nil
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	email, pw := strings.TrimSpace(r.PostForm.Get("email")), r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	view := loginView{Email: email, Next: next, Demo: s.cfg.Demo}
	if email == "" || pw == "" {
		s.renderFormError(w, r, "login", "login.title", view, rotonde.E(rotonde.EInvalid, "err.web.fill_in_your_email_address_and"))
		return
	}
	ctx := r.Context()
	// The throttle is checked before the account is looked up: its keys are
	// the typed address (existing or not) and the client address, so a locked
	// answer is the same for every account.
	acct, addr := rotonde.EmailThrottleKey(email), rotonde.AddressThrottleKey(clientAddress(r))
	if s.answeredThrottled(w, r, []rotonde.ThrottleKey{acct, addr}, "login", "login.title", view) {
		return
	}
	u, err := s.login(ctx, email, pw)
	if err != nil {
		if errors.Is(err, errBadLogin) {
			s.log.InfoContext(ctx, "login failed", "address", clientAddress(r))
			s.cfg.Metrics.loginFailed("password")
			if ferr := s.store.Identity.RecordLoginFailure(ctx, acct, rotonde.AccountThrottle, s.now()); ferr != nil {
				s.log.ErrorContext(ctx, "record login failure", "err", ferr)
			}
			if ferr := s.store.Identity.RecordLoginFailure(ctx, addr, rotonde.AddressThrottle, s.now()); ferr != nil {
				s.log.ErrorContext(ctx, "record login failure", "err", ferr)
			}
		}
		s.renderFormError(w, r, "login", "login.title", view, err)
		return
	}
	f, err := s.store.Identity.SecondFactors(ctx, u.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if f.Any() {
		// Half-way: the account key is reset only when the second step succeeds.
		if err := s.beginSecondStep(w, r, u, next); err != nil {
			s.renderError(w, r, err)
		}
		return
	}
	if err := s.store.Identity.ResetLoginThrottle(ctx, acct); err != nil {
		s.log.ErrorContext(ctx, "reset login throttle", "err", err)
	}
	if err := s.startSession(w, r, u); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// startSession ends any session the browser had and starts a new one for u:
// a fresh token at every login, so a token planted before login is worthless.
// Every way of logging in (password, single sign-on, invitation) ends here.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *rotonde.User) error {
	if c, err := r.Cookie(s.sessionCookieName()); err == nil {
		_ = s.store.Sessions.DeleteSession(r.Context(), HashToken(c.Value))
	}
	token, hash := NewToken("")
	now := s.now()
	sess := &rotonde.Session{UserID: u.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(s.cfg.SessionMax),
		UserAgent: runes.Cut(r.UserAgent(), 300), Address: clientAddress(r)}
	if err := s.store.Sessions.CreateSession(r.Context(), sess, hash); err != nil {
		return err
	}
	s.log.InfoContext(r.Context(), "login", "user", u.ID)
	s.setSessionCookie(w, token)
	s.flagSecurityNotices(w, r, u)
	return nil
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(s.sessionCookieName()); err == nil {
		if err := s.store.Sessions.DeleteSession(r.Context(), HashToken(c.Value)); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	s.clearSessionCookie(w)
	if c, err := r.Cookie(s.pendingCookieName()); err == nil && c.Value != "" {
		if p, err := s.store.Identity.PendingLogin(r.Context(), HashToken(c.Value), s.now()); err == nil {
			_ = s.store.Identity.DeletePendingLogin(r.Context(), p.ID)
		}
		s.setPendingCookie(w, "", -1)
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) handleLang(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	lang := r.PostForm.Get("lang")
	if lang != "nl" && lang != "en" {
		s.renderError(w, r, rotonde.E(rotonde.EInvalid, "err.web.choose_dutch_or_english"))
		return
	}
	s.rememberLang(r, lang) // for the e-mail the user gets (web/mail.go)
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
}
