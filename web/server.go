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
	"github.com/rotonde-jeugd/rotonde/tension"
)

// Store is what the web layer needs from storage.
type Store interface {
	rotonde.OrganisationService
	rotonde.UserService
	rotonde.CaseService
	rotonde.SessionService
	rotonde.IdentityService
	rotonde.PasskeyService // web/passkey.go
	rotonde.TrustService
	rotonde.AuditService
	rotonde.SecurityService
	rotonde.AuditScope
	rotonde.AnonymousInputLog
	CaseContentStore // the dream and the timeline (web/timelinepage.go)
	GenogramStore    // the geno-sociogram and force field (web/genogrampage.go)
	ProgressStore    // learning cycle, phase, small steps, interviews (web/progress.go)
	tension.Service  // groups, placement rounds, placements (web/tensionpage.go)
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
	store   Store
	cat     *i18n.Catalog
	log     *slog.Logger
	cfg     Config
	pages   *pages
	handler http.Handler
	// patterns lists every route, for the authorization matrix test.
	patterns []string
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
func New(store Store, cat *i18n.Catalog, log *slog.Logger, cfg Config) (*Server, error) {
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

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	handle := func(pattern string, h http.HandlerFunc) {
		s.patterns = append(s.patterns, pattern)
		mux.HandleFunc(pattern, s.accessLogged(pattern, h)) // one access-log record per case request (web/accesslogguard.go)
	}
	handle("GET /{$}", s.requireLogin(s.handleHome))
	handle("GET /login", s.handleLoginForm)
	handle("POST /login", s.handleLogin)
	handle("POST /logout", s.handleLogout)
	handle("POST /lang", s.handleLang)
	handle("GET /healthz", s.handleHealth)
	handle("GET /readyz", s.handleReady)
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
	// An organisation's own wording of the method library (web/methodpage.go).
	handle("GET /admin/organisations/{id}/methode", s.requireLogin(s.handleMethodAdmin))
	handle("POST /admin/organisations/{id}/methode", s.requireLogin(s.handleSaveMethodAdmin))
	handle("GET /admin/organisations/{id}/methode.json", s.requireLogin(s.handleMethodDownload))
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
	handle("GET /api/v1/cases/{id}/insights", s.apiAuth(s.apiCaseInsights))
	handle("GET /api/v1/cases/{id}/steps", s.apiAuth(s.apiCaseSteps))
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
	handle("GET /admin/beveiligingslog", s.requireLogin(s.handleSecurityLog))
	handle("GET /wachtwoord-kiezen", s.handleResetForm)
	handle("POST /wachtwoord-kiezen", s.handleResetChoose)
	handle("POST /e-mail/{id}/opnieuw", s.requireLogin(s.handleRetryMail)) // web/mail.go
	// Passkeys (web/passkey.go): register and remove on the account, log in with one.
	handle("POST /account/passkeys/opties", s.requireLogin(s.handlePasskeyRegisterOptions))
	handle("POST /account/passkeys", s.requireLogin(s.handlePasskeyRegister))
	handle("POST /account/passkeys/{id}/verwijderen", s.requireLogin(s.handlePasskeyRemove))
	handle("POST /login/tweede-stap/passkey/opties", s.handleSecondStepPasskeyOptions)
	handle("POST /login/tweede-stap/passkey", s.handleSecondStepPasskey)
	handle("POST /login/passkey/opties", s.handlePasskeyLoginOptions)
	handle("POST /login/passkey", s.handlePasskeyLogin)

	// The case laid out whole: the dream, the timeline, stagnation signals (case content helper).
	handle("GET /cases/{id}/droom", s.requireLogin(s.handleDream))
	handle("POST /cases/{id}/droom", s.requireLogin(s.handleSaveDream))
	handle("GET /cases/{id}/tijdlijn", s.requireLogin(s.handleTimeline))
	handle("POST /cases/{id}/tijdlijn", s.requireLogin(s.handleAddEvent))
	handle("GET /cases/{id}/tijdlijn/{event}/bewerken", s.requireLogin(s.handleEditEventForm))
	handle("POST /cases/{id}/tijdlijn/{event}", s.requireLogin(s.handleUpdateEvent))
	handle("POST /cases/{id}/tijdlijn/{event}/verwijderen", s.requireLogin(s.handleDeleteEvent))
	handle("POST /cases/{id}/tijdlijn/import", s.requireLogin(s.handleImportUpload))
	handle("POST /cases/{id}/tijdlijn/import/bevestigen", s.requireLogin(s.handleImportConfirm))
	handle("POST /cases/{id}/tijdlijn/import/annuleren", s.requireLogin(s.handleImportCancel))
	handle("GET /cases/{id}/tijdlijn.svg", s.requireLogin(s.handleTimelineSVG))
	handle("GET /cases/{id}/tijdlijn.csv", s.requireLogin(s.handleTimelineCSV))
	handle("GET /cases/{id}/signalen", s.requireLogin(s.handleSignals))

	// Tension fields: own placements, placement rounds, groups (tension helper).
	handle("GET /spanningsvelden", s.requireLogin(s.handleTension))
	handle("POST /spanningsvelden", s.requireLogin(s.handlePlace))
	handle("GET /spanningsvelden/rondes/{round}", s.requireLogin(s.handleRound))
	handle("POST /spanningsvelden/rondes/{round}", s.requireLogin(s.handleRoundPlace))
	handle("POST /spanningsvelden/rondes/{round}/tonen", s.requireLogin(s.handleRoundState(tension.RoundRevealed)))
	handle("POST /spanningsvelden/rondes/{round}/sluiten", s.requireLogin(s.handleRoundState(tension.RoundClosed)))
	handle("GET /spanningsvelden/rondes/{round}/export.csv", s.requireLogin(s.handleRoundExport))
	handle("GET /spanningsvelden/rondes/{round}/status", s.requireLogin(s.handleRoundStatus))
	handle("GET /cases/{id}/spanningsvelden", s.requireLogin(s.handleCaseRounds))
	handle("POST /cases/{id}/spanningsvelden", s.requireLogin(s.handleOpenCaseRound))
	handle("GET /groepen", s.requireLogin(s.handleGroups))
	handle("POST /groepen", s.requireLogin(s.handleCreateGroup))
	handle("GET /groepen/{group}", s.requireLogin(s.handleGroup))
	handle("POST /groepen/{group}/leden", s.requireLogin(s.handleAddGroupMember))
	handle("POST /groepen/{group}/leden/{member}/verwijderen", s.requireLogin(s.handleRemoveGroupMember))
	handle("POST /groepen/{group}/rondes", s.requireLogin(s.handleOpenGroupRound))
	handle("GET /api/v1/rounds/{round}/spread", s.apiAuth(s.apiRoundSpread))

	// Live learning meetings (meeting helper): compose, prepare, run live, report.
	handle("GET /cases/{id}/bijeenkomsten", s.requireLogin(s.handleCaseMeetings))
	handle("POST /cases/{id}/bijeenkomsten", s.requireLogin(s.handleCreateMeeting))
	handle("GET /bijeenkomsten", s.requireLogin(s.handleThemeMeetings))
	handle("POST /bijeenkomsten", s.requireLogin(s.handleCreateMeeting))
	handle("GET /bijeenkomsten/{mid}", s.requireLogin(s.handleMeeting))
	handle("POST /bijeenkomsten/{mid}/agenda", s.requireLogin(s.handleAddCard))
	handle("POST /bijeenkomsten/{mid}/stappen", s.requireLogin(s.handleEditSteps))
	handle("POST /bijeenkomsten/{mid}/voorbereiding", s.requireLogin(s.handleSavePrep))
	handle("POST /bijeenkomsten/{mid}/gasten", s.requireLogin(s.handleInviteGuest))
	handle("POST /bijeenkomsten/{mid}/starten", s.requireLogin(s.handleStartMeeting))
	handle("POST /bijeenkomsten/{mid}/stap", s.requireLogin(s.handleMoveStep))
	handle("POST /bijeenkomsten/{mid}/film", s.requireLogin(s.handleFilmCheck))
	handle("POST /bijeenkomsten/{mid}/toelaten/{pid}", s.requireLogin(s.handleAdmit))
	handle("POST /bijeenkomsten/{mid}/afsluiten", s.requireLogin(s.handleCloseMeeting))
	handle("POST /bijeenkomsten/{mid}/planning", s.requireLogin(s.handlePlanMeeting))
	handle("GET /bijeenkomsten/{mid}/agenda.ics", s.requireLogin(s.handleMeetingICS))
	handle("POST /bijeenkomsten/{mid}/spanningsveld", s.requireLogin(s.handleLinkRound))
	handle("GET /bijeenkomsten/{mid}/live", s.handleLive)
	handle("GET /bijeenkomsten/{mid}/events", s.handleEvents)
	handle("POST /bijeenkomsten/{mid}/inbreng", s.handleCapture)
	handle("POST /bijeenkomsten/{mid}/film/antwoord", s.handleFilmAnswer)
	handle("POST /bijeenkomsten/{mid}/bijlagen", s.handleUpload)
	handle("GET /bijeenkomsten/{mid}/bijlagen/{aid}", s.handleAttachment)
	handle("GET /bijeenkomsten/{mid}/verslag", s.handleReport)
	handle("GET /bijeenkomsten/{mid}/verslag.md", s.handleReportMarkdown)
	handle("GET /bijeenkomsten/{mid}/verslag.pdf", s.handleReportPDF)
	handle("GET /doe-mee", s.handleJoinForm)
	handle("POST /doe-mee", s.handleJoin)
	handle("GET /gast/{token}", s.handleGuestInvite)
	handle("POST /gast/{token}", s.handleAcceptGuestInvite)

	// Geno-sociogram, force field, learning cycle, phase, small steps,
	// reflective interviews and the PDF dossier (genogram/progress helper).
	handle("GET /cases/{id}/genogram", s.requireLogin(s.handleGenogram))
	handle("POST /cases/{id}/genogram/persons", s.requireLogin(s.handleSavePerson))
	handle("POST /cases/{id}/genogram/partnerships", s.requireLogin(s.handleSavePartnership))
	handle("POST /cases/{id}/genogram/children", s.requireLogin(s.handleAddChild))
	handle("POST /cases/{id}/genogram/ties", s.requireLogin(s.handleAddTie))
	handle("POST /cases/{id}/genogram/events", s.requireLogin(s.handleAddLifeEvent))
	handle("POST /cases/{id}/genogram/households", s.requireLogin(s.handleSaveHousehold))
	handle("POST /cases/{id}/genogram/remove", s.requireLogin(s.handleRemoveGenogramItem))
	handle("POST /cases/{id}/genogram/pins", s.requireLogin(s.handlePin))
	handle("POST /cases/{id}/genogram/import", s.requireLogin(s.handleGenogramImport))
	handle("POST /cases/{id}/genogram/import/confirm", s.requireLogin(s.handleGenogramImportConfirm))
	handle("GET /cases/{id}/genogram.svg", s.requireLogin(s.handleGenogramSVG))
	handle("GET /cases/{id}/genogram.ged", s.requireLogin(s.handleGenogramGED))
	handle("GET /cases/{id}/krachtenveld", s.requireLogin(s.handleForceField))
	handle("POST /cases/{id}/krachtenveld", s.requireLogin(s.handleForceFieldGoal))
	handle("POST /cases/{id}/krachtenveld/stakeholders", s.requireLogin(s.handleSaveStakeholder))
	handle("POST /cases/{id}/krachtenveld/stakeholders/remove", s.requireLogin(s.handleRemoveStakeholder))
	handle("GET /cases/{id}/leercyclus", s.requireLogin(s.handleCycle))
	handle("POST /cases/{id}/leercyclus", s.requireLogin(s.handleAddCycleEntry))
	handle("POST /cases/{id}/fase", s.requireLogin(s.handleSetPhase))
	handle("GET /cases/{id}/stappen", s.requireLogin(s.handleSteps))
	handle("POST /cases/{id}/stappen", s.requireLogin(s.handleAddStep))
	handle("POST /cases/{id}/stappen/status", s.requireLogin(s.handleStepStatus))
	handle("GET /cases/{id}/inzichten", s.requireLogin(s.handleInsights))
	handle("POST /cases/{id}/inzichten", s.requireLogin(s.handleAddInsight))
	handle("POST /cases/{id}/inzichten/niveau", s.requireLogin(s.handleInsightLevel))
	handle("GET /cases/{id}/gesprekken", s.requireLogin(s.handleInterviews))
	handle("POST /cases/{id}/gesprekken", s.requireLogin(s.handleStartInterview))
	handle("GET /cases/{id}/gesprekken/{interview}", s.requireLogin(s.handleInterviews))
	handle("POST /cases/{id}/gesprekken/{interview}/antwoorden", s.requireLogin(s.handleInterviewAnswer))
	handle("POST /cases/{id}/gesprekken/{interview}/toestemming", s.requireLogin(s.handleInterviewConsent))
	handle("GET /cases/{id}/dossier.pdf", s.requireLogin(s.handleDossier))

	handle("/api/", s.apiNotFound)
	handle("/", s.handleNotFound)

	// Cross-origin state changes are refused before any handler runs
	// (Sec-Fetch-Site / Origin checks, Go 1.25+).
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.handleCrossOrigin))
	return s.measure(s.withClientAddress(s.withSession(s.securityHeaders(cop.Handler(s.enforceSecondFactor(s.notePattern(mux)))))))
}

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
