package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/internal/wire"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/password"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/sqlite"
	"github.com/rotonde-jeugd/rotonde/timeline"
	"github.com/rotonde-jeugd/rotonde/web"
)

// The authorization matrix: every route of the router × every network role ×
// (member of the case / not a member in the owner's organisation / another
// organisation), plus the case owner, a system administrator and an
// anonymous visitor. Each cell has an explicit expected allow or deny. The
// test enumerates the router, so a route without a rule fails it.

type actor struct {
	name     string
	role     rotonde.Role // "" for anonymous
	relation string       // "member", "same-org", "other-org", "owner", ""
	caseRole rotonde.MemberRole
	orgB     bool
	user     *rotonde.User
	token    string
	// guestCookie is a meeting guest's token (web/meeting_matrix_test.go).
	guestCookie string
}

// matrixWorld is what the rules look at.
type matrixWorld struct {
	caseID, groundID, removeUserID, manageUserID int64
	orgAID, invitationID                         int64
	invitationToken                              string
	// The case owner's own session and token: only the owner may end or revoke them.
	ownerSessionID, ownerTokenID int64
	// The case owner's passkey: only the owner may remove it.
	ownerPasskeyID int64
	// A placement round of the case and a free group with its own round (tension fields).
	roundID, groupID, groupRoundID int64
	// A timeline event and a pending timeline import, both the owner's (case content).
	eventID, importID int64
	// Genogram persons, a stakeholder, a small step and an interview (web/progress_matrix_test.go).
	progress progressWorld
	// A running learning meeting with guests (web/meeting_matrix_test.go).
	meeting meetingMatrix
	// A request to erase a person from the case (web/privacy_matrix_test.go).
	erasureID int64
	// A tie in the case's trash (web/trash_matrix_test.go).
	trashID int64
	// Reversal records of the case (web/trash_matrix_test.go).
	undo undoWorld
	// The case's region, municipality, barrier and stories (web/network_matrix_test.go).
	network networkMatrix
	// Knowledge records and a codebook (web/knowledge_matrix_test.go).
	knowledge knowledgeWorld
	agenda    agendaMatrix
	// A region with organisation A and grants of research access (web/research_matrix_test.go).
	research researchWorld
}

// rule decides whether an actor may use a route.
type rule func(a *actor) bool

var (
	nobody     rule = func(*actor) bool { return false }
	loggedIn   rule = func(a *actor) bool { return a.user != nil }
	caseMember rule = func(a *actor) bool { return a.relation == "member" || a.relation == "owner" }
	caseManage rule = func(a *actor) bool {
		return a.relation == "owner" || (a.relation == "member" && a.caseRole == rotonde.MemberFacilitator)
	}
	consentWithdraw rule = func(a *actor) bool {
		return caseManage(a) || (a.relation == "member" && a.caseRole == rotonde.MemberFamily)
	}
	// Case content: professionals (and the owner) change the timeline; family
	// members add their own experiences and write the child's dream too.
	timelineEdit rule = func(a *actor) bool {
		return a.relation == "owner" || (a.relation == "member" && (a.caseRole == rotonde.MemberFacilitator || a.caseRole == rotonde.MemberProfessional))
	}
	dreamWrite rule = func(a *actor) bool {
		return timelineEdit(a) || (a.relation == "member" && a.caseRole == rotonde.MemberFamily)
	}
	caseOwner   rule = func(a *actor) bool { return a.relation == "owner" }
	caseCreator rule = func(a *actor) bool {
		return a.role == rotonde.RoleProfessional || a.role == rotonde.RoleFacilitator
	}
	sysadmin rule = func(a *actor) bool { return a.role == rotonde.RoleSysAdmin }
	// groupCreator: the network roles that learn in groups.
	groupCreator rule = func(a *actor) bool {
		switch a.role {
		case rotonde.RoleProfessional, rotonde.RoleFacilitator, rotonde.RoleAdministrator, rotonde.RolePolicyOfficer:
			return true
		}
		return false
	}
	itsOwner  rule = func(a *actor) bool { return a.relation == "owner" }
	userAdmin rule = func(a *actor) bool { return a.role == rotonde.RoleSysAdmin || a.role == rotonde.RoleAdministrator }
	// managing one user of organisation A: system administrator, or an administrator of A.
	userAdminOfA rule = func(a *actor) bool {
		return a.role == rotonde.RoleSysAdmin || (a.role == rotonde.RoleAdministrator && !a.orgB)
	}
)

type route struct {
	allow rule
	// public routes have no authorization check; only "no server error" is asserted.
	public bool
	// form is a valid body, so that an allowed request passes validation too.
	form func(w matrixWorld) url.Values
	json string
}

// routeRules is the rule of every route, gathered from one table per feature
// (the meetings' in web/meeting_matrix_test.go).
func routeRules() map[string]route {
	rules := map[string]route{}
	for _, table := range []map[string]route{
		generalRoutes(),
		caseWorkRoutes(),
		timelineRoutes(),
		caseAdminRoutes(),
		identityRoutes(),
		invitationRoutes(),
		tensionRoutes(),
		privacyRoutes(),
		movedRoutes(),
		meetingRoutes(),
		trashRoutes(),
		searchRoutes(),
		networkRoutes(),
		knowledgeRoutes(),
		agendaRoutes(),
		researchRoutes(),
	} {
		for pattern, rt := range table {
			if _, dup := rules[pattern]; dup {
				panic("route rule listed twice: " + pattern)
			}
			rules[pattern] = rt
		}
	}
	withConfirmation(rules)
	return rules
}

// generalRoutes holds the rules of the home page, signing in and out, the language, health checks and creating a case.
func generalRoutes() map[string]route {
	return map[string]route{
		"GET /{$}":                       {allow: loggedIn},
		"GET /login":                     {public: true},
		"POST /login":                    {public: true, form: func(matrixWorld) url.Values { return url.Values{"email": {"x@y.nl"}, "password": {"z"}} }},
		"POST /uitloggen":                {public: true},
		"POST /taal":                     {public: true, form: func(matrixWorld) url.Values { return url.Values{"lang": {"en"}} }},
		"GET /healthz":                   {public: true},
		"GET /readyz":                    {public: true},
		"GET /static/":                   {public: true},
		"POST /casussen":                 {allow: caseCreator, form: func(matrixWorld) url.Values { return url.Values{"title": {"Nieuw (10)"}} }},
		"GET /casussen/{id}":             {allow: caseMember},
		"GET /casussen/{id}/toegangslog": {allow: caseMember},
	}
}

// caseWorkRoutes holds the rules of the dream, the geno-sociogram, the force field, the learning cycle, steps, insights and interviews of a case.
func caseWorkRoutes() map[string]route {
	return map[string]route{
		// The dream, the timeline and the signals (case content).
		"GET /casussen/{id}/droom":  {allow: caseMember},
		"POST /casussen/{id}/droom": {allow: dreamWrite, form: func(matrixWorld) url.Values { return url.Values{"child.dreams": {"Een eigen kamer"}} }},
		// Geno-sociogram, force field, learning cycle, phase, steps, interviews, dossier.
		// Writers: owner, facilitator, professional and family (policy.CanEditGenogram,
		// CanEditProgress = dreamWrite); interviewers: owner,
		// facilitator, professional (policy.CanInterview = timelineEdit).
		"GET /casussen/{id}/genogram":               {allow: caseMember},
		"GET /casussen/{id}/genogram/tekening":      {allow: caseMember},
		"GET /casussen/{id}/genogram.svg":           {allow: exporter},
		"GET /casussen/{id}/genogram.ged":           {allow: exporter},
		"GET /casussen/{id}/krachtenveld":           {allow: caseMember},
		"GET /casussen/{id}/leercyclus":             {allow: caseMember},
		"GET /casussen/{id}/stappen":                {allow: caseMember},
		"GET /casussen/{id}/gesprekken":             {allow: caseMember},
		"GET /casussen/{id}/gesprekken/{interview}": {allow: caseMember},
		"GET /casussen/{id}/dossier.pdf":            {allow: exporter},
		"POST /casussen/{id}/genogram/personen":     {allow: dreamWrite, form: func(matrixWorld) url.Values { return url.Values{"alias": {"oom"}, "sex": {"m"}} }},
		"POST /casussen/{id}/genogram/relaties": {allow: dreamWrite, form: func(w matrixWorld) url.Values {
			return url.Values{"a": {w.progress.person}, "b": {w.progress.person2}, "kind": {"married"}}
		}},
		"POST /casussen/{id}/genogram/kinderen": {allow: dreamWrite, form: func(w matrixWorld) url.Values {
			return url.Values{"child": {w.progress.person2}, "parents": {w.progress.person}, "kind": {"foster"}}
		}},
		"POST /casussen/{id}/genogram/banden": {allow: dreamWrite, form: func(w matrixWorld) url.Values {
			return url.Values{"a": {w.progress.person}, "b": {w.progress.person2}, "kind": {"close"}}
		}},
		"POST /casussen/{id}/genogram/gebeurtenissen": {allow: dreamWrite, form: func(w matrixWorld) url.Values {
			return url.Values{"person": {w.progress.person}, "year": {"2019"}, "kind": {"move"}}
		}},
		"POST /casussen/{id}/genogram/huishoudens": {allow: dreamWrite, form: func(w matrixWorld) url.Values {
			return url.Values{"label": {"thuis"}, "members": {w.progress.person, w.progress.person2}}
		}},
		"POST /casussen/{id}/genogram/verwijderen": {allow: dreamWrite, form: func(w matrixWorld) url.Values {
			return url.Values{"kind": {"person"}, "item": {w.progress.person2}}
		}},
		"POST /casussen/{id}/genogram/posities": {allow: dreamWrite, form: func(w matrixWorld) url.Values {
			return url.Values{"person": {w.progress.person}, "x": {"120"}, "y": {"80"}, "js": {"1"}}
		}},
		// Import bodies are multipart; the url-encoded matrix body is refused as
		// invalid (422) after the access check, which still tells allow from deny.
		"POST /casussen/{id}/genogram/import":            {allow: dreamWrite},
		"POST /casussen/{id}/genogram/import/bevestigen": {allow: dreamWrite},
		"POST /casussen/{id}/krachtenveld":               {allow: dreamWrite, form: func(matrixWorld) url.Values { return url.Values{"goal": {"samen verder"}} }},
		"POST /casussen/{id}/krachtenveld/betrokkenen": {allow: dreamWrite, form: func(matrixWorld) url.Values {
			return url.Values{"name": {"wijkteam"}, "influence": {"2"}, "stance": {"1"}}
		}},
		"POST /casussen/{id}/krachtenveld/betrokkenen/verwijderen": {allow: dreamWrite, form: func(w matrixWorld) url.Values {
			return url.Values{"stakeholder": {w.progress.stakeholder}}
		}},
		"POST /casussen/{id}/leercyclus": {allow: dreamWrite, form: func(matrixWorld) url.Values { return url.Values{"step": {"connect"}, "done": {"verhalen gedeeld"}} }},
		"POST /casussen/{id}/fase":       {allow: dreamWrite, form: func(matrixWorld) url.Values { return url.Values{"phase": {"pause"}} }},
		"POST /casussen/{id}/stappen":    {allow: dreamWrite, form: func(matrixWorld) url.Values { return url.Values{"title": {"koffie met oma"}} }},
		"POST /casussen/{id}/stappen/status": {allow: dreamWrite, form: func(w matrixWorld) url.Values {
			return url.Values{"step": {fmt.Sprint(w.progress.stepID)}, "status": {"done"}}
		}},
		"GET /casussen/{id}/inzichten": {allow: caseMember},
		"POST /casussen/{id}/inzichten": {allow: dreamWrite, form: func(matrixWorld) url.Values {
			return url.Values{"body": {"wij wachten op elkaar"}, "level": {"network"}}
		}},
		"POST /casussen/{id}/inzichten/niveau": {allow: dreamWrite, form: func(w matrixWorld) url.Values {
			return url.Values{"insight": {fmt.Sprint(w.progress.insightID)}, "level": {"personal"}}
		}},
		"POST /casussen/{id}/gesprekken": {allow: timelineEdit, form: func(matrixWorld) url.Values {
			return url.Values{"interviewee": {"vader"}, "consent_recording": {"no"}, "consent_notes": {"yes"}}
		}},
		"POST /casussen/{id}/gesprekken/{interview}/antwoorden": {allow: timelineEdit, form: func(matrixWorld) url.Values {
			return url.Values{"year": {"2020"}, "answer": {"het was zwaar"}}
		}},
		"POST /casussen/{id}/gesprekken/{interview}/toestemming": {allow: timelineEdit, form: func(matrixWorld) url.Values {
			return url.Values{"consent_notes": {"yes"}}
		}},
	}
}

// timelineRoutes holds the rules of the timeline of a case, its import and exports, and the signals.
func timelineRoutes() map[string]route {
	return map[string]route{
		"GET /casussen/{id}/tijdlijn": {allow: caseMember},
		"POST /casussen/{id}/tijdlijn": {allow: dreamWrite, form: func(matrixWorld) url.Values {
			return url.Values{"date": {"2020-03"}, "kind": {"beleving"}, "lane": {"gezin"}, "source": {"gezinslid"}, "description": {"Niemand luisterde"}}
		}},
		"GET /casussen/{id}/tijdlijn/{event}/bewerken": {allow: timelineEdit},
		"POST /casussen/{id}/tijdlijn/{event}": {allow: timelineEdit, form: func(matrixWorld) url.Values {
			return url.Values{"date": {"2020-01"}, "kind": {"beslismoment"}, "source": {"dossier"}, "description": {"Aanmelding wijkteam"}}
		}},
		"POST /casussen/{id}/tijdlijn/{event}/verwijderen": {allow: timelineEdit},
		// An upload that is not multipart is refused as invalid input (422) once authorized.
		"POST /casussen/{id}/tijdlijn/import": {allow: timelineEdit},
		// A pending import is its uploader's (the owner's) alone.
		"POST /casussen/{id}/tijdlijn/import/bevestigen": {allow: caseOwner, form: func(w matrixWorld) url.Values { return url.Values{"import": {fmt.Sprint(w.importID)}} }},
		"POST /casussen/{id}/tijdlijn/import/annuleren":  {allow: caseOwner, form: func(w matrixWorld) url.Values { return url.Values{"import": {fmt.Sprint(w.importID)}} }},
		"GET /casussen/{id}/tijdlijn.svg":                {allow: exporter},
		"GET /casussen/{id}/tijdlijn.csv":                {allow: exporter},
		"GET /casussen/{id}/signalen":                    {allow: caseMember},
	}
}

// caseAdminRoutes holds the rules of the members and sharing grounds of a case, emergency access, organisations, users and the API.
func caseAdminRoutes() map[string]route {
	return map[string]route{
		"POST /casussen/{id}/leden": {allow: caseManage, form: func(matrixWorld) url.Values {
			return url.Values{"email": {"extra@a.test"}, "role": {"observer"}}
		}},
		"POST /casussen/{id}/leden/{user}/verwijderen": {allow: caseManage},
		"POST /casussen/{id}/grondslagen": {allow: caseManage, form: func(matrixWorld) url.Values {
			return url.Values{"kind": {"legal"}, "legal_basis": {"OTS"}}
		}},
		"POST /casussen/{id}/grondslagen/{ground}/intrekken": {allow: consentWithdraw},
		"GET /beheer/noodtoegang":                            {allow: sysadmin},
		"POST /beheer/noodtoegang": {allow: sysadmin, form: func(w matrixWorld) url.Values {
			return url.Values{"case": {fmt.Sprint(w.caseID)}, "reason": {"Onderzoek naar een gemeld datalek."}, "minutes": {"15"}}
		}},
		"GET /beheer/organisaties": {allow: loggedIn},
		"POST /beheer/organisaties": {allow: sysadmin, form: func(matrixWorld) url.Values {
			return url.Values{"name": {"Nieuwe organisatie"}, "kind": {"school"}}
		}},
		"GET /beheer/gebruikers": {allow: userAdmin},
		"POST /beheer/gebruikers": {allow: userAdmin, form: func(matrixWorld) url.Values {
			return url.Values{"name": {"Nieuw"}, "email": {"nieuw@a.test"}, "role": {"professional"}}
		}},
		"POST /beheer/gebruikers/{id}/blokkeren":             {allow: userAdminOfA},
		"POST /beheer/gebruikers/{id}/deblokkeren":           {allow: userAdminOfA},
		"POST /beheer/gebruikers/{id}/wachtwoord-herstellen": {allow: userAdminOfA},
		"GET /api/v1/openapi.json":                           {public: true},
		"GET /api/v1/cases":                                  {allow: loggedIn},
		"POST /api/v1/cases":                                 {allow: caseCreator, json: `{"title":"Nieuw (10)"}`},
		"GET /api/v1/cases/{id}":                             {allow: caseMember},
		"GET /api/v1/cases/{id}/audit":                       {allow: caseMember},
		"GET /api/v1/cases/{id}/insights":                    {allow: caseMember},
		"GET /api/v1/cases/{id}/steps":                       {allow: caseMember},
	}
}

// identityRoutes holds the rules of the second login step, one's own account, factors, tokens and passkeys.
func identityRoutes() map[string]route {
	return map[string]route{
		// Identity: second login step, own account, factors, tokens.
		"GET /login/tweede-stap":  {public: true},
		"POST /login/tweede-stap": {public: true, form: func(matrixWorld) url.Values { return url.Values{"code": {"123456"}} }},
		"GET /account":            {allow: loggedIn},
		"POST /account/herbevestigen": {allow: loggedIn, form: func(matrixWorld) url.Values {
			return url.Values{"password": {matrixPassword}}
		}},
		"POST /account/wachtwoord": {allow: loggedIn, form: func(matrixWorld) url.Values {
			return url.Values{"current": {matrixPassword}, "new": {"een-nieuw-wachtwoord"}, "new2": {"een-nieuw-wachtwoord"}}
		}},
		"POST /account/e-mail": {allow: loggedIn, form: func(matrixWorld) url.Values {
			return url.Values{"email": {"nieuw-adres@a.test"}}
		}},
		"POST /account/sessies/{id}/beeindigen":   {allow: itsOwner},
		"POST /account/sessies/andere-beeindigen": {allow: loggedIn},
		"POST /account/tokens": {allow: loggedIn, form: func(matrixWorld) url.Values {
			return url.Values{"name": {"script"}, "days": {"30"}}
		}},
		"POST /account/tokens/{id}/intrekken":             {allow: itsOwner},
		"GET /account/tweede-factor":                      {allow: loggedIn},
		"POST /account/totp/nieuw":                        {allow: loggedIn},
		"POST /account/totp/bevestigen":                   {allow: loggedIn, form: func(matrixWorld) url.Values { return url.Values{"code": {"000000"}} }},
		"POST /account/totp/verwijderen":                  {allow: loggedIn},
		"POST /account/totp/herstelcodes":                 {allow: loggedIn},
		"POST /beheer/gebruikers/{id}/sessies-beeindigen": {allow: userAdminOfA},
		"GET /beheer/beveiligingslog":                     {allow: sysadmin},
		"GET /wachtwoord-kiezen":                          {public: true},
		"POST /wachtwoord-kiezen": {public: true, form: func(matrixWorld) url.Values {
			return url.Values{"code": {"ABCD-EFGH"}, "new": {"een nieuw wachtwoord"}, "repeat": {"een nieuw wachtwoord"}}
		}},
		// Passkeys: options and answers of the ceremonies; removing one's own.
		"POST /account/passkeys/opties": {allow: loggedIn, form: func(matrixWorld) url.Values {
			return url.Values{"name": {"laptop"}}
		}},
		"POST /account/passkeys":                  {allow: loggedIn},
		"POST /account/passkeys/{id}/verwijderen": {allow: itsOwner},
		"POST /login/tweede-stap/passkey/opties":  {public: true},
		"POST /login/tweede-stap/passkey":         {public: true},
		"POST /login/passkey/opties":              {public: true, form: func(matrixWorld) url.Values { return url.Values{"next": {"/"}} }},
		"POST /login/passkey":                     {public: true},
	}
}

// invitationRoutes holds the rules of single sign-on, an organisation's wording of the method and invitations.
func invitationRoutes() map[string]route {
	return map[string]route{
		// Single sign-on and invitations.
		"GET /login/sso":                    {public: true},
		"GET /login/sso/{org}":              {public: true},
		"GET /login/sso/callback":           {public: true},
		"GET /beheer/organisaties/{id}/sso": {allow: userAdminOfA},
		"POST /beheer/organisaties/{id}/sso": {allow: userAdminOfA, form: func(matrixWorld) url.Values {
			return url.Values{"issuer": {"https://login.voorbeeld.nl"}, "client_id": {"rotonde"}, "client_secret": {"geheim-123"}, "enabled": {"on"}}
		}},
		// An organisation's own wording of the method: the same people as its single sign-on.
		"GET /beheer/organisaties/{id}/methode":      {allow: userAdminOfA},
		"GET /beheer/organisaties/{id}/methode.json": {allow: userAdminOfA},
		"POST /beheer/organisaties/{id}/methode": {allow: userAdminOfA, form: func(matrixWorld) url.Values {
			return url.Values{"action": {"save"}, "term_from_nl": {"betrokkenen"}, "term_to_nl": {"stakeholders"}}
		}},
		"GET /casussen/{id}/uitnodigingen": {allow: caseManage},
		"POST /casussen/{id}/uitnodigingen": {allow: caseManage, form: func(matrixWorld) url.Values {
			return url.Values{"name": {"oma (m)"}, "email": {"oma@familie.test"}, "role": {"family"}, "days": {"7"}}
		}},
		"POST /casussen/{id}/uitnodigingen/{inv}/intrekken": {allow: caseManage},
		// Whoever holds a valid invitation link may open it and make an account with it.
		"GET /uitnodiging/{token}": {public: true},
		"POST /uitnodiging/{token}": {public: true, form: func(matrixWorld) url.Values {
			return url.Values{"name": {"Oma"}, "email": {"invitee@familie.test"}, "password": {"lang-genoeg-wachtwoord"}, "password2": {"lang-genoeg-wachtwoord"}}
		}},
		// Accepting as an existing account works only for the invited address, which no actor has.
		"POST /uitnodiging/{token}/accepteren": {allow: nobody},
	}
}

// tensionRoutes holds the rules of tension fields: rounds and groups.
func tensionRoutes() map[string]route {
	return map[string]route{
		// Tension fields: the round is the case's, so its participants are the case's members;
		// the group's members are the case's members too, its facilitators the case's managers.
		"GET /spanningsvelden":                {allow: loggedIn},
		"POST /spanningsvelden":               {allow: loggedIn, form: func(matrixWorld) url.Values { return url.Values{"set": {"core"}, "pos-makeable": {"40"}} }},
		"GET /spanningsvelden/rondes/{round}": {allow: caseMember},
		"POST /spanningsvelden/rondes/{round}": {allow: caseMember, form: func(matrixWorld) url.Values {
			return url.Values{"pos-makeable": {"40"}}
		}},
		"POST /spanningsvelden/rondes/{round}/tonen":       {allow: caseManage},
		"POST /spanningsvelden/rondes/{round}/sluiten":     {allow: caseManage},
		"GET /spanningsvelden/rondes/{round}/export.csv":   {allow: exporter},
		"GET /spanningsvelden/rondes/{round}/status":       {allow: caseMember},
		"GET /api/v1/rounds/{round}/spread":                {allow: caseMember},
		"GET /casussen/{id}/spanningsvelden":               {allow: caseMember},
		"POST /casussen/{id}/spanningsvelden":              {allow: caseManage, form: func(matrixWorld) url.Values { return url.Values{"name": {"Ronde 2"}, "field": {"makeable"}} }},
		"GET /groepen":                                     {allow: loggedIn},
		"POST /groepen":                                    {allow: groupCreator, form: func(matrixWorld) url.Values { return url.Values{"name": {"Intervisie"}} }},
		"GET /groepen/{group}":                             {allow: caseMember},
		"POST /groepen/{group}/leden":                      {allow: caseManage, form: func(matrixWorld) url.Values { return url.Values{"email": {"extra@a.test"}} }},
		"POST /groepen/{group}/leden/{member}/verwijderen": {allow: caseManage},
		"POST /groepen/{group}/rondes": {allow: caseManage, form: func(matrixWorld) url.Values {
			return url.Values{"name": {"Sessie 2"}, "field": {"cause-effect"}}
		}},
	}
}

// privacyRoutes holds the rules of retention, erasure and the person's own copy.
func privacyRoutes() map[string]route {
	return map[string]route{
		// Retention, erasure and the person's own copy (web/privacy.go; the
		// rules are in web/privacy_matrix_test.go).
		"GET /casussen/{id}/privacy": {allow: caseMember},
		"POST /casussen/{id}/status": {allow: caseOwner, form: func(matrixWorld) url.Values { return url.Values{"status": {"closed"}} }},
		"POST /casussen/{id}/wissen": {allow: caseMember, form: func(matrixWorld) url.Values {
			return url.Values{"name": {"buurman"}, "reason": {"wil er niet in staan"}}
		}},
		"GET /privacy/verzoeken":       {allow: loggedIn},
		"GET /privacy/verzoeken/{req}": {allow: erasureReader},
		"POST /privacy/verzoeken/{req}/besluit": {allow: erasureDecider, form: func(matrixWorld) url.Values {
			return url.Values{"decision": {"refuse"}, "note": {"eerst bespreken"}}
		}},
		"POST /account/wissen":                  {allow: loggedIn, form: func(matrixWorld) url.Values { return url.Values{"reason": {"ik stop"}} }},
		"GET /account/mijn-gegevens":            {allow: loggedIn},
		"GET /account/mijn-gegevens.json":       {allow: loggedIn},
		"GET /beheer/organisaties/{id}/privacy": {allow: userAdminOfA},
		"POST /beheer/organisaties/{id}/privacy": {allow: userAdminOfA, form: func(matrixWorld) url.Values {
			return url.Values{"years": {"3"}}
		}},
	}
}

// movedRoutes holds the rules of old addresses that redirect to the new ones.
func movedRoutes() map[string]route {
	return map[string]route{
		// Old addresses redirect anyone to the new ones (web/routes_moved.go).
		"/cases":  {public: true},
		"/cases/": {public: true},
		"/admin/": {public: true},
		"/lang":   {public: true},
		"/logout": {public: true},
		"/api/":   {allow: nobody},
		"/":       {allow: nobody},

		// Retrying an undelivered e-mail: only its author, and only on a server
		// that sends mail (the matrix server sends none, so nobody here; the
		// author rule is tested in web/mail_test.go).
		"POST /e-mail/{id}/opnieuw": {allow: nobody},
	}
}

const matrixPassword = "matrix-wachtwoord"

// buildMatrixWorld writes the world to a SQLite file once; each state-changing
// cell gets its own copy.
func buildMatrixWorld(t *testing.T, path string) ([]*actor, matrixWorld) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	testenv.Unlock(t, db) // the key for secrets at rest (TOTP secrets below)
	orgA := testenv.MustOrg(t, db, "Organisatie A", rotonde.OrgNeighbourhood)
	orgB := testenv.MustOrg(t, db, "Organisatie B", rotonde.OrgProvider)
	mk := func(email string, role rotonde.Role, org int64) *rotonde.User {
		if role == rotonde.RoleFamily || role == rotonde.RoleSysAdmin {
			org = 0
		}
		return testenv.MustUser(t, db, &rotonde.User{Email: email, Name: email, Role: role, OrgID: org}, matrixPassword)
	}
	owner := mk("owner@a.test", rotonde.RoleProfessional, orgA.ID)
	c := &rotonde.Case{Title: "Matrix (14)"}
	if err := db.Cases.CreateCase(ctx, owner, c); err != nil {
		t.Fatal(err)
	}
	g := &rotonde.SharingGround{CaseID: c.ID, Kind: rotonde.GroundConsent, YoungPersonAge: 14, YoungPersonAgrees: true, ParentsAgree: true, GivenBy: "jongere en ouders"}
	if err := db.Trust.RecordGround(ctx, owner, g); err != nil {
		t.Fatal(err)
	}
	mk("extra@a.test", rotonde.RoleProfessional, orgA.ID)
	// Targets that are nobody's own account: one member to remove, one user to manage.
	leaver := mk("leaver@a.test", rotonde.RoleProfessional, orgA.ID)
	if err := db.Cases.AddMember(ctx, owner, c.ID, leaver.Email, rotonde.MemberObserver); err != nil {
		t.Fatal(err)
	}
	managed := mk("managed@a.test", rotonde.RoleProfessional, orgA.ID)
	actors := []*actor{{name: "anonymous"}, {name: "owner", role: rotonde.RoleProfessional, relation: "owner", user: owner}}
	caseRoleFor := map[rotonde.Role]rotonde.MemberRole{
		rotonde.RoleProfessional: rotonde.MemberProfessional, rotonde.RoleFacilitator: rotonde.MemberFacilitator,
		rotonde.RoleAdministrator: rotonde.MemberObserver, rotonde.RolePolicyOfficer: rotonde.MemberObserver,
		rotonde.RoleResearcher: rotonde.MemberObserver, rotonde.RoleFamily: rotonde.MemberFamily,
	}
	var w matrixWorld
	w.caseID, w.groundID, w.removeUserID, w.manageUserID = c.ID, g.ID, leaver.ID, managed.ID
	w.orgAID = orgA.ID
	ev := &timeline.Event{Date: timeline.MonthOf(2020, 1), Kind: timeline.KindDecision, Source: timeline.SourceDossier, Description: "Aanmelding"}
	if w.eventID, err = db.Timeline.AddTimelineEvent(ctx, owner, c.ID, ev); err != nil {
		t.Fatal(err)
	}
	if w.importID, err = db.Timeline.StageTimelineImport(ctx, owner, c.ID, "t.csv", []byte("datum;soort;omschrijving\n2020-02;contact;Overleg\n")); err != nil {
		t.Fatal(err)
	}
	invTok, invHash := web.NewToken("")
	inv := &rotonde.Invitation{CaseID: c.ID, Name: "uitgenodigde", Email: "invitee@familie.test", Role: rotonde.MemberFamily}
	if err := db.Invitations.CreateInvitation(ctx, owner, inv, 7, invHash); err != nil {
		t.Fatal(err)
	}
	w.invitationID, w.invitationToken = inv.ID, invTok
	for _, role := range rotonde.Roles {
		if role == rotonde.RoleSysAdmin {
			actors = append(actors, &actor{name: "sysadmin", role: role, relation: "same-org", user: mk("root@a.test", role, 0)})
			continue
		}
		m := mk("member-"+string(role)+"@a.test", role, orgA.ID)
		if err := db.Cases.AddMember(ctx, owner, c.ID, m.Email, caseRoleFor[role]); err != nil {
			t.Fatal(err)
		}
		same := mk("same-"+string(role)+"@a.test", role, orgA.ID)
		other := mk("other-"+string(role)+"@b.test", role, orgB.ID)
		actors = append(actors,
			&actor{name: "member/" + string(role), role: role, relation: "member", caseRole: caseRoleFor[role], user: m},
			&actor{name: "same-org/" + string(role), role: role, relation: "same-org", user: same},
			&actor{name: "other-org/" + string(role), role: role, relation: "other-org", orgB: true, user: other},
		)
	}
	// Tension fields: an open round of the case, and a group of the case's members
	// (the owner and the member facilitator lead it) with an open round.
	buildTensionWorld(t, db, owner, c.ID, leaver, actors, &w)
	buildProgressWorld(t, db, owner, c.ID, &w)
	buildTrashWorld(t, db, owner, c.ID, &w)
	buildPrivacyWorld(t, db, actors, c.ID, &w)
	buildNetworkWorld(t, db, owner, c.ID, orgA.ID, &w)
	buildKnowledgeWorld(t, db, owner, actors, c.ID, &w)
	buildUndoWorld(t, db, owner, actors, c.ID, orgA.ID, &w)
	buildAgendaWorld(t, db, &w)
	buildResearchWorld(t, db, actors, &w)
	startMatrixSessions(t, db, actors, owner, &w)
	actors = append(actors, buildMeetingWorld(t, db, owner, c.ID, &w)...)
	return actors, w
}

// startMatrixSessions logs every actor in straight in the store, so each cell
// starts logged in, and gives the owner a second session, an API token and a
// passkey that only the owner may end, revoke or remove.
func startMatrixSessions(t *testing.T, db *sqldb.DB, actors []*actor, owner *rotonde.User, w *matrixWorld) {
	ctx := context.Background()
	for _, a := range actors {
		if a.user == nil {
			continue
		}
		tok, hash := web.NewToken("")
		now := time.Now().UTC()
		sess := &rotonde.Session{UserID: a.user.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(time.Hour)}
		if err := db.Sessions.CreateSession(ctx, sess, hash); err != nil {
			t.Fatal(err)
		}
		a.token = tok
		// Each actor has an authenticator app set up but not yet confirmed,
		// so that confirming it is judged on authorization, not on state.
		if err := db.Identity.SetPendingTOTP(ctx, a.user.ID, "JBSWY3DPEHPK3PXP", now); err != nil {
			t.Fatal(err)
		}
	}
	// A second session of the owner's (another browser): ending it is the owner's right alone.
	{
		now := time.Now().UTC()
		other := &rotonde.Session{UserID: owner.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(time.Hour)}
		if err := db.Sessions.CreateSession(ctx, other, []byte("owner-second-session-hash")); err != nil {
			t.Fatal(err)
		}
		w.ownerSessionID = other.ID
	}
	// Everyone confirmed their password a moment ago, so that re-authenticated
	// actions are judged on authorization alone.
	if _, err := db.Writer().ExecContext(ctx, `UPDATE sessions SET reauth_at = ?`, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	tok := &rotonde.APIToken{Name: "matrix", ExpiresAt: time.Now().Add(time.Hour)}
	if err := db.Sessions.CreateAPIToken(ctx, owner, tok, []byte("matrix-token-hash")); err != nil {
		t.Fatal(err)
	}
	w.ownerTokenID = tok.ID
	pk := &rotonde.Passkey{UserID: owner.ID, CredentialID: "matrix-credential", Name: "matrix", Data: "{}", CreatedAt: time.Now().UTC()}
	if err := db.Passkeys.AddPasskey(ctx, pk); err != nil {
		t.Fatal(err)
	}
	w.ownerPasskeyID = pk.ID
}

// matrixDeps are loaded once: catalogue, method library and a dummy hash are
// the same for every cell.
type matrixDeps struct {
	cat   *i18n.Catalog
	lib   *method.Library
	dummy string
}

func loadMatrixDeps(t *testing.T) matrixDeps {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	lib, err := method.Load()
	if err != nil {
		t.Fatal(err)
	}
	dummy, _ := testenv.HashPassword("x")
	return matrixDeps{cat: cat, lib: lib, dummy: dummy}
}

func openMatrixServer(t *testing.T, deps matrixDeps, path string) (http.Handler, *sqldb.DB) {
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := db.SchemaVersion(context.Background()); v > 0 { // the route probe's database is empty
		testenv.Unlock(t, db)
	}
	s, err := web.New(wire.Services(db), deps.cat, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{
		VerifyPassword: password.Verify, PasswordHash: testenv.HashPassword, DummyHash: deps.dummy, Method: deps.lib})
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	return s, db
}

// newMatrixWorld writes the world of the matrix to world.db in a
// temporary folder and returns the file's path, the actors and the world.
func newMatrixWorld(t *testing.T) (string, []*actor, matrixWorld) {
	t.Helper()
	tmpl := filepath.Join(t.TempDir(), "world.db")
	actors, w := buildMatrixWorld(t, tmpl)
	return tmpl, actors, w
}

// openSharedMatrixServer serves the world at path until the test ends.
func openSharedMatrixServer(t *testing.T, deps matrixDeps, path string) (http.Handler, *sqldb.DB) {
	t.Helper()
	srv, db := openMatrixServer(t, deps, path)
	t.Cleanup(func() { db.Close() })
	return srv, db
}

// probeServer is a server on an empty database, for reading the router's
// patterns and guards.
func probeServer(t *testing.T, deps matrixDeps) *web.Server {
	t.Helper()
	probe, db := openMatrixServer(t, deps, filepath.Join(t.TempDir(), "probe.db"))
	db.Close()
	return probe.(*web.Server)
}

func copyFile(t *testing.T, from, to string) {
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func concretePath(pattern string, w matrixWorld) (method, path string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = http.MethodGet, pattern
	}
	path = strings.TrimSuffix(path, "{$}")
	if strings.HasPrefix(path, "/beheer/gebruikers/{id}") {
		path = strings.Replace(path, "{id}", fmt.Sprint(w.manageUserID), 1)
	}
	if strings.HasPrefix(path, "/account/sessies/{id}") {
		path = strings.Replace(path, "{id}", fmt.Sprint(w.ownerSessionID), 1)
	}
	if strings.HasPrefix(path, "/account/passkeys/{id}") {
		path = strings.Replace(path, "{id}", fmt.Sprint(w.ownerPasskeyID), 1)
	}
	if strings.HasPrefix(path, "/account/tokens/{id}") {
		path = strings.Replace(path, "{id}", fmt.Sprint(w.ownerTokenID), 1)
	}
	if strings.HasPrefix(path, "/beheer/organisaties/{id}") {
		path = strings.Replace(path, "{id}", fmt.Sprint(w.orgAID), 1)
	}
	path = strings.Replace(path, "{event}", fmt.Sprint(w.eventID), 1)
	path = strings.Replace(path, "{item}", fmt.Sprint(w.trashID), 1)
	path = meetingPath(path, w)
	path = undoMatrixPath(path, w)
	path = networkPath(path, w)
	path = knowledgePath(path, w)
	path = agendaPath(path, w)
	path = researchPath(path, w)
	path = strings.NewReplacer("{id}", fmt.Sprint(w.caseID), "{user}", fmt.Sprint(w.removeUserID), "{ground}", fmt.Sprint(w.groundID),
		"{round}", fmt.Sprint(w.roundID), "{group}", fmt.Sprint(w.groupID), "{member}", fmt.Sprint(w.removeUserID),
		"{inv}", fmt.Sprint(w.invitationID), "{req}", fmt.Sprint(w.erasureID), "{interview}", fmt.Sprint(w.progress.interviewID), "{token}", w.invitationToken, "{org}", fmt.Sprint(w.orgAID)).Replace(path)
	switch path {
	case "/static/":
		path = "/static/rotonde.css"
	case "/api/":
		path = "/api/v1/bestaat-niet"
	case "/":
		if method == http.MethodGet && pattern == "/" {
			path = "/bestaat-niet"
		}
	}
	return method, path
}

// allowed reads the answer: a refusal is 401, 403, 404 or a redirect to the login page.
func allowed(res *http.Response) bool {
	switch res.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		return false
	case http.StatusSeeOther, http.StatusFound:
		return !strings.HasPrefix(res.Header.Get("Location"), "/login")
	}
	return res.StatusCode < 500
}

// matrixRun is the world of the matrix written once, a server on it shared
// by the cells that change nothing, and the router's patterns in order.
type matrixRun struct {
	dir, tmpl string
	actors    []*actor
	w         matrixWorld
	rules     map[string]route
	deps      matrixDeps
	shared    http.Handler
	sharedDB  *sqldb.DB
	patterns  []string
}

func newMatrixRun(t *testing.T) *matrixRun {
	t.Helper()
	m := &matrixRun{rules: routeRules(), deps: loadMatrixDeps(t)}
	m.tmpl, m.actors, m.w = newMatrixWorld(t)
	m.dir = filepath.Dir(m.tmpl)
	m.shared, m.sharedDB = openSharedMatrixServer(t, m.deps, m.tmpl)
	m.patterns = probeServer(t, m.deps).Routes()
	sort.Strings(m.patterns)
	return m
}

// copy serves a fresh copy of the world, for a cell that changes it.
func (m *matrixRun) copy(t *testing.T, name string) (http.Handler, *sqldb.DB) {
	t.Helper()
	cp := filepath.Join(m.dir, name)
	copyFile(t, m.tmpl, cp)
	return openMatrixServer(t, m.deps, cp)
}

func TestAuthorizationMatrix(t *testing.T) {
	m := newMatrixRun(t)
	actors, w, rules, shared, patterns := m.actors, m.w, m.rules, m.shared, m.patterns
	for _, p := range patterns {
		if _, ok := rules[p]; !ok {
			t.Errorf("route %q has no row in the authorization matrix", p)
		}
	}
	for p := range rules {
		found := false
		for _, q := range patterns {
			found = found || p == q
		}
		if !found {
			t.Errorf("matrix row %q names no route", p)
		}
	}
	cells, unexpectedAllows, unexpectedDenies := 0, 0, 0
	for _, p := range patterns {
		rt, ok := rules[p]
		if !ok {
			continue
		}
		method, path := concretePath(p, w)
		for _, a := range actors {
			h := shared
			var cellDB *sqldb.DB
			// A state change that should be allowed gets a fresh copy of the
			// world, so earlier cells cannot have prepared or spoiled it. One
			// that should be refused runs on the shared world: if it is
			// wrongly allowed, the test fails on that cell anyway.
			if method != http.MethodGet && (rt.public || rt.allow(a)) {
				h, cellDB = m.copy(t, fmt.Sprintf("cell-%d.db", cells))
			}
			req := matrixRequest(w, rt, a, method, path)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			if cellDB != nil {
				cellDB.Close()
			}
			cells++
			if rt.public {
				if res.StatusCode >= 500 {
					t.Errorf("%s as %s: status %d", p, a.name, res.StatusCode)
				}
				continue
			}
			want, got := rt.allow(a), allowed(res)
			switch {
			case got && !want:
				unexpectedAllows++
				t.Errorf("UNEXPECTED ALLOW: %s %s as %s: status %d", method, path, a.name, res.StatusCode)
			case !got && want:
				unexpectedDenies++
				t.Errorf("unexpected deny: %s %s as %s: status %d %s", method, path, a.name, res.StatusCode, res.Header.Get("Location"))
			}
		}
	}
	t.Logf("authorization matrix: %d routes × %d actors = %d cells; %d unexpected allows, %d unexpected denies",
		len(patterns), len(actors), cells, unexpectedAllows, unexpectedDenies)
}

// matrixRequest is the request an actor sends to a route of the matrix: the
// route's JSON or form body, and the actor's session or guest cookie.
func matrixRequest(w matrixWorld, rt route, a *actor, method, path string) *http.Request {
	var body io.Reader
	ctype := ""
	if rt.json != "" {
		body, ctype = strings.NewReader(rt.json), "application/json"
	} else if rt.form != nil {
		body, ctype = strings.NewReader(rt.form(w).Encode()), "application/x-www-form-urlencoded"
	}
	req := httptest.NewRequest(method, path, body)
	req.RemoteAddr = "127.0.0.1:5000"
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if a.token != "" {
		req.AddCookie(&http.Cookie{Name: "rotonde_session", Value: a.token})
	}
	if a.guestCookie != "" {
		req.AddCookie(&http.Cookie{Name: web.GuestCookieName(w.meeting.id), Value: a.guestCookie})
	}
	return req
}
