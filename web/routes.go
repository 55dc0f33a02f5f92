package web

import "net/http"

// The route table. Each feature registers its routes in its own function
// (web/routes_*.go); every registration shows how the request is let in
// (its guard) and who may then use it (its access). The guard is applied
// here; the access is enforced by the handler through policy and the store,
// and web/routeaccess_test.go holds every stated access to the
// authorization matrix, so the two cannot drift apart.

// access names who may use a route once its guard has let the request in.
type access string

const (
	anyone      access = "anyone"
	nobody      access = "nobody" // the fallbacks: every request gets a 404
	signedIn    access = "signed in"
	caseCreator access = "case creator" // professionals and facilitators start cases and theme meetings
	// Members of the case (or of the group or round); managers are its owner
	// and facilitators. Writers add to the case content: owner, facilitators,
	// professionals and family members; professionals are those without the
	// family. Exporters take files (policy.CanExport): the writers.
	member       access = "member"
	manager      access = "manager"
	writer       access = "writer"
	professional access = "professional"
	exporter     access = "exporter"
	groundHolder access = "ground holder" // managers, and family members for the consent they gave
	uploader     access = "uploader"      // a pending import is its uploader's alone
	invitee      access = "invitee"       // the account with the invited address
	accountOwner access = "account owner" // one's own sessions, tokens and passkeys
	groupCreator access = "group creator"
	sysAdmin     access = "system administrator"
	userAdmin    access = "user administrator"         // system administrators and organisation administrators
	orgAdmin     access = "organisation administrator" // of that organisation, or a system administrator
	// Meeting participants: members of the case and admitted guests; the
	// lobby lets a waiting guest in too; guests may take the report.
	participant     access = "participant"
	lobby           access = "lobby"
	meetingExporter access = "meeting exporter"
	// The facilitator's preparation (werkkaart 1) is the meeting's
	// facilitator's and the case facilitators', not the case owner's as such.
	preparer access = "preparer"
	// Privacy (web/privacy.go): only the case owner closes or reopens a case;
	// a request for erasure is decided by the case owner or an administrator
	// of the owner's organisation, and read by those and the case's members.
	caseOwner      access = "case owner"
	erasureDecider access = "erasure decider"
	erasureReader  access = "erasure reader"
	// The e-mail one caused and that could not be delivered yet is its
	// author's alone (web/mail.go).
	mailAuthor access = "mail author"
	// Research (web/research.go): researchers see their own access; a
	// grant's holder exports and imports while it holds; the system
	// administrator and administrators of an organisation in the region
	// grant and revoke.
	researcher      access = "researcher"
	grantHolder     access = "research grant holder"
	researchGrantor access = "research grantor"
)

// guard is how a request is let in before its handler runs.
type guard string

const (
	guardPublic   guard = "public"   // no account needed
	guardLogin    guard = "login"    // a session; GET without one goes to the login page
	guardToken    guard = "token"    // a personal access token (Authorization: Bearer) or a session
	guardGuest    guard = "guest"    // a session or a meeting guest's cookie, told apart by the handler
	guardFallback guard = "fallback" // no route matched
	guardMoved    guard = "moved"    // an old address: a permanent redirect (web/routes_moved.go)
)

type routeInfo struct {
	guard  guard
	access access
}

type router struct {
	s   *Server
	mux *http.ServeMux
}

func (r *router) add(pattern string, g guard, who access, h http.HandlerFunc) {
	s := r.s
	s.patterns = append(s.patterns, pattern)
	s.routeInfo[pattern] = routeInfo{guard: g, access: who}
	r.mux.HandleFunc(pattern, s.accessLogged(pattern, h)) // one access-log record per case request (web/accesslogguard.go)
}

// public registers a route anyone may use.
func (r *router) public(pattern string, h http.HandlerFunc) { r.add(pattern, guardPublic, anyone, h) }

// login registers a route for signed-in users.
func (r *router) login(pattern string, who access, h http.HandlerFunc) {
	r.add(pattern, guardLogin, who, r.s.requireLogin(h))
}

// token registers an API route: a personal access token or a session.
func (r *router) token(pattern string, who access, h http.HandlerFunc) {
	r.add(pattern, guardToken, who, r.s.apiAuth(h))
}

// guest registers a live-meeting route that a meeting guest may use without
// an account; the handler finds the session or the guest's cookie.
func (r *router) guest(pattern string, who access, h http.HandlerFunc) {
	r.add(pattern, guardGuest, who, h)
}

// fallback registers the answer for addresses that match no route.
func (r *router) fallback(pattern string, h http.HandlerFunc) {
	r.add(pattern, guardFallback, nobody, h)
}

func (s *Server) routes() http.Handler {
	s.routeInfo = map[string]routeInfo{}
	s.movedMux = newMovedMux()
	r := &router{s: s, mux: http.NewServeMux()}
	r.login("GET /{$}", signedIn, s.handleHome)
	r.public("POST /taal", s.handleLang)
	r.public("GET /healthz", s.handleHealth)
	r.public("GET /readyz", s.handleReady)
	r.public("GET /static/", s.handleStatic)

	s.accountRoutes(r)
	s.caseRoutes(r)
	s.adminRoutes(r)
	s.methodAdminRoutes(r)
	s.timelineRoutes(r)
	s.genogramRoutes(r)
	s.progressRoutes(r)
	s.tensionRoutes(r)
	s.meetingRoutes(r)
	s.roomRoutes(r)
	s.privacyRoutes(r)
	s.apiRoutes(r)
	s.mailRoutes(r)
	s.trashRoutes(r)
	s.undoRoutes(r)
	s.undoStoryRoutes(r)
	s.undoGroupMemberRoutes(r)
	s.searchRoutes(r)
	s.networkRoutes(r)
	s.knowledgeRoutes(r)
	s.seriesLiveRoutes(r)
	s.meetingRequestRoutes(r)
	s.agendaRoutes(r)
	s.researchRoutes(r)

	for _, p := range movedPrefixes {
		r.moved(p)
	}
	r.fallback("/api/", s.apiNotFound)
	r.fallback("/", s.handleNotFound)

	// Cross-origin state changes are refused before any handler runs
	// (Sec-Fetch-Site / Origin checks, Go 1.25+).
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.handleCrossOrigin))
	return s.measure(s.withClientAddress(s.withSession(s.securityHeaders(cop.Handler(s.enforceSecondFactor(s.notePattern(r.mux)))))))
}
