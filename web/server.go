// Package web serves Rotonde's pages and JSON API over HTTP. Pages are
// server-rendered and work without JavaScript.
package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"net/http"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/method"
)

// Store is what the web layer needs from storage.
type Store interface {
	rotonde.OrganisationService
	rotonde.UserService
	rotonde.CaseService
	rotonde.SessionService
	rotonde.IdentityService
	rotonde.TrustService
	rotonde.AuditService
	Ping(ctx context.Context) error
}

// Config holds the settings of the HTTP layer.
type Config struct {
	// SecureCookies marks cookies Secure and sends HSTS; set when served over
	// TLS, directly or behind a proxy that terminates it.
	SecureCookies bool
	SessionIdle   time.Duration // default 30 min
	SessionMax    time.Duration // default 12 h
	// Demo shows the demo accounts on the login page.
	Demo bool
	// VerifyPassword checks a password against a stored hash; PasswordHash makes one.
	VerifyPassword func(hash, pw string) (bool, error)
	PasswordHash   func(pw string) (string, error)
	// DummyHash is verified when an account does not exist, so that the
	// answer takes as long as for a real account.
	DummyHash string
	// RequireSecondFactor makes every account set up a second factor
	// (authenticator app) before it can do anything else.
	RequireSecondFactor bool
}

// Server is the HTTP side of Rotonde.
type Server struct {
	store   Store
	cat     *i18n.Catalog
	log     *slog.Logger
	cfg     Config
	pages   *pages
	handler http.Handler
	// patterns lists every route, for the authorization matrix test.
	patterns []string
	// method is the method library: the dream questions among others.
	method *method.Library
	now    func() time.Time
}

// New builds a server; templates are parsed here, once.
func New(store Store, cat *i18n.Catalog, log *slog.Logger, cfg Config) (*Server, error) {
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = 30 * time.Minute
	}
	if cfg.SessionMax == 0 {
		cfg.SessionMax = 12 * time.Hour
	}
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	lib, err := method.Load()
	if err != nil {
		return nil, err
	}
	s := &Server{store: store, cat: cat, log: log, cfg: cfg, pages: p, method: lib, now: func() time.Time { return time.Now().UTC() }}
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes lists the patterns the server serves (for the authorization matrix test).
func (s *Server) Routes() []string { return append([]string(nil), s.patterns...) }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	handle := func(pattern string, h http.HandlerFunc) {
		s.patterns = append(s.patterns, pattern)
		mux.HandleFunc(pattern, h)
	}
	handle("GET /{$}", s.requireLogin(s.handleHome))
	handle("GET /login", s.handleLoginForm)
	handle("POST /login", s.handleLogin)
	handle("POST /logout", s.handleLogout)
	handle("POST /lang", s.handleLang)
	handle("GET /healthz", s.handleHealth)
	handle("GET /static/", s.handleStatic)

	handle("POST /cases", s.requireLogin(s.handleCreateCase))
	handle("GET /cases/{id}", s.requireLogin(s.handleCase))
	handle("POST /cases/{id}/members", s.requireLogin(s.handleAddMember))
	handle("POST /cases/{id}/members/{user}/remove", s.requireLogin(s.handleRemoveMember))
	handle("POST /cases/{id}/grounds", s.requireLogin(s.handleRecordGround))
	handle("POST /cases/{id}/grounds/{ground}/withdraw", s.requireLogin(s.handleWithdrawGround))
	handle("GET /cases/{id}/toegangslog", s.requireLogin(s.handleCaseAudit))
	handle("GET /admin/noodtoegang", s.requireLogin(s.handleBreakGlassForm))
	handle("POST /admin/noodtoegang", s.requireLogin(s.handleBreakGlass))

	handle("GET /admin/organisations", s.requireLogin(s.handleOrganisations))
	handle("POST /admin/organisations", s.requireLogin(s.handleCreateOrganisation))
	handle("GET /admin/users", s.requireLogin(s.handleUsers))
	handle("POST /admin/users", s.requireLogin(s.handleCreateUser))
	handle("POST /admin/users/{id}/disable", s.requireLogin(s.handleSetDisabled(true)))
	handle("POST /admin/users/{id}/enable", s.requireLogin(s.handleSetDisabled(false)))
	handle("POST /admin/users/{id}/reset-password", s.requireLogin(s.handleResetPassword))

	// Single sign-on per organisation and invitations (OIDC helper).
	handle("GET /login/sso", s.handleSSOChoose)
	handle("GET /login/sso/{org}", s.handleSSOStart)
	handle("GET /login/sso/callback", s.handleSSOCallback)
	handle("GET /admin/organisations/{id}/sso", s.requireLogin(s.handleSSOConfig))
	handle("POST /admin/organisations/{id}/sso", s.requireLogin(s.handleSaveSSOConfig))
	handle("GET /cases/{id}/uitnodigingen", s.requireLogin(s.handleInvitations))
	handle("POST /cases/{id}/uitnodigingen", s.requireLogin(s.handleCreateInvitation))
	handle("POST /cases/{id}/uitnodigingen/{inv}/intrekken", s.requireLogin(s.handleRevokeInvitation))
	handle("GET /uitnodiging/{token}", s.handleInvitation)
	handle("POST /uitnodiging/{token}", s.handleAcceptInvitationNew)
	handle("POST /uitnodiging/{token}/accepteren", s.requireLogin(s.handleAcceptInvitationAs))

	handle("GET /api/v1/cases", s.apiAuth(s.apiListCases))
	handle("POST /api/v1/cases", s.apiAuth(s.apiCreateCase))
	handle("GET /api/v1/cases/{id}", s.apiAuth(s.apiGetCase))
	handle("GET /api/v1/cases/{id}/audit", s.apiAuth(s.apiCaseAudit))
	// Identity: second login step, own account, factors, tokens (identity helper).
	handle("GET /login/tweede-stap", s.handleSecondStepForm)
	handle("POST /login/tweede-stap", s.handleSecondStep)
	handle("GET /account", s.requireLogin(s.handleAccount))
	handle("POST /account/herbevestigen", s.requireLogin(s.handleReauth))
	handle("POST /account/wachtwoord", s.requireLogin(s.handleChangePassword))
	handle("POST /account/e-mail", s.requireLogin(s.handleChangeEmail))
	handle("POST /account/sessies/{id}/beeindigen", s.requireLogin(s.handleEndSession))
	handle("POST /account/sessies/andere-beeindigen", s.requireLogin(s.handleEndOtherSessions))
	handle("POST /account/tokens", s.requireLogin(s.handleCreateToken))
	handle("POST /account/tokens/{id}/intrekken", s.requireLogin(s.handleRevokeToken))
	handle("GET /account/tweede-factor", s.requireLogin(s.handleFactors))
	handle("POST /account/totp/nieuw", s.requireLogin(s.handleTOTPNew))
	handle("POST /account/totp/bevestigen", s.requireLogin(s.handleTOTPConfirm))
	handle("POST /account/totp/verwijderen", s.requireLogin(s.handleTOTPRemove))
	handle("POST /account/totp/herstelcodes", s.requireLogin(s.handleRecoveryCodes))
	handle("POST /admin/users/{id}/end-sessions", s.requireLogin(s.handleAdminEndSessions))

	handle("/api/", s.apiNotFound)
	handle("/", s.handleNotFound)

	// Cross-origin state changes are refused before any handler runs
	// (Sec-Fetch-Site / Origin checks, Go 1.25+).
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.handleCrossOrigin))
	return s.withSession(s.securityHeaders(cop.Handler(s.enforceSecondFactor(mux))))
}

type ctxKey int

const (
	ctxUser ctxKey = iota
	ctxNonce
	ctxLang
	ctxSession
)

func userFrom(ctx context.Context) *rotonde.User {
	u, _ := ctx.Value(ctxUser).(*rotonde.User)
	return u
}

func nonceFrom(ctx context.Context) string {
	n, _ := ctx.Value(ctxNonce).(string)
	return n
}

func langFrom(ctx context.Context) string {
	l, _ := ctx.Value(ctxLang).(string)
	if l == "" {
		return "nl"
	}
	return l
}

// securityHeaders sets the headers every response carries. Everything but
// static assets may show case data, so it is never stored by a browser or proxy.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nonceBytes := make([]byte, 16)
		_, _ = rand.Read(nonceBytes)
		nonce := base64.RawStdEncoding.EncodeToString(nonceBytes)
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'nonce-"+nonce+"'; style-src 'self'; img-src 'self' data:; "+
			"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if s.cfg.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		if len(r.URL.Path) < 8 || r.URL.Path[:8] != "/static/" {
			h.Set("Cache-Control", "no-store")
		}
		ctx := context.WithValue(r.Context(), ctxNonce, nonce)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
