// Package web serves Rotonde's pages and JSON API over HTTP. Pages are
// server-rendered and work without JavaScript.
package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/live"
	"github.com/rotonde-jeugd/rotonde/mail"
	"github.com/rotonde-jeugd/rotonde/method"
)

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
	// Method is the method library to show; nil loads the standard one.
	Method *method.Library
	// MethodRecheck is how long an organisation's merged library is used
	// before its stored override is checked again (web/methodlib.go);
	// default 10 s.
	MethodRecheck time.Duration
	// RequireSecondFactor makes every account set up a second factor
	// (authenticator app) before it can do anything else.
	RequireSecondFactor bool
	// PublicURL is the origin users reach Rotonde at (https://rotonde.example.nl);
	// passkeys are bound to its host name. Empty: taken from each request's Host.
	PublicURL string
	// TrustedProxies are the load balancers and reverse proxies whose
	// X-Forwarded-For is believed (see clientAddress). Empty: none.
	TrustedProxies []netip.Prefix
	// SSOAllowPrivateIssuers lets single sign-on reach identity providers on
	// loopback, link-local and private addresses, and over plain http on the
	// local machine (on-premises providers, the demo and tests). Off, issuers
	// must be https on public addresses, checked at every connection.
	SSOAllowPrivateIssuers bool
	// Live fans meeting events out to live clients; nil makes a hub for this
	// instance alone. With PostgreSQL, pass a hub fed by live.StartRelay so
	// that several instances serve one meeting together.
	Live *live.Hub
	// Ready reports whether this instance can do its work (the database
	// accepts writes, the disk has room); /readyz answers 503 while it
	// returns an error. Nil: the database answers a ping.
	Ready func(ctx context.Context) error
	// Metrics, when set, records request latency, live streams, access-log
	// writes and login failures (web/metrics.go); serve exposes them on
	// their own address.
	Metrics *Metrics
	// Mail, when set, sends invitations, meeting plans and password-reset
	// codes by e-mail through its outbox (web/mail.go).
	Mail *mail.Outbox
}

// Server is the HTTP side of Rotonde.
type Server struct {
	store   Services
	cat     *i18n.Catalog
	log     *slog.Logger
	cfg     Config
	pages   *pages
	handler http.Handler
	// patterns lists every route, for the authorization matrix test;
	// routeInfo holds each one's guard and access (web/routes.go).
	patterns  []string
	routeInfo map[string]routeInfo
	// movedMux redirects old addresses (web/routes_moved.go).
	movedMux *http.ServeMux
	// method is the standard method library; pages use the organisation's
	// own wording through methodFor and friends (web/methodlib.go).
	method *method.Library
	// methods caches each organisation's merged library.
	methods *methodCache
	// meet serves live learning meetings (meetingpage.go, live.go).
	meet *meetingDeps
	now  func() time.Time
}

// parsedPages parses the embedded templates once per process. Parsed
// templates are never changed afterwards and html/template executes them
// safely from many goroutines, so every Server may share them.
var parsedPages = sync.OnceValues(parsePages)

// New builds a server. cfg.Method may carry an already loaded method library
// (an organisation's own wording); without it the standard library is loaded.
func New(store Services, cat *i18n.Catalog, log *slog.Logger, cfg Config) (*Server, error) {
	if err := store.check(); err != nil {
		return nil, err
	}
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = 30 * time.Minute
	}
	if cfg.SessionMax == 0 {
		cfg.SessionMax = 12 * time.Hour
	}
	p, err := parsedPages()
	if err != nil {
		return nil, err
	}
	lib := cfg.Method
	if lib == nil {
		if lib, err = method.Load(); err != nil {
			return nil, err
		}
	}
	s := &Server{store: store, cat: cat, log: log, cfg: cfg, pages: p, method: lib, now: func() time.Time { return time.Now().UTC() }}
	s.meet = newMeetingDeps(s)
	s.methods = newMethodCache(s)
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes lists the patterns the server serves (for the authorization matrix test).
func (s *Server) Routes() []string { return append([]string(nil), s.patterns...) }

type ctxKey int

const (
	ctxUser ctxKey = iota
	ctxNonce
	ctxLang
	ctxSession
	ctxAddress
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
