package web

import (
	"net/http"
	"net/url"
	"strings"
)

// Old addresses. User-facing paths are Dutch and the API is English; the
// paths that were not (/cases, /admin/users, /genogram/persons, …) were
// renamed in December 2026. Their old forms answer with a permanent
// redirect to the new one, so that bookmarks, links in e-mails and pending
// logins keep working: 301 for GET and HEAD, 308 otherwise (the browser
// sends the same form again).
var movedPaths = [][2]string{
	{"/admin/beveiligingslog", "/beheer/beveiligingslog"},
	{"/admin/noodtoegang", "/beheer/noodtoegang"},
	{"/admin/organisations/{id}/methode.json", "/beheer/organisaties/{id}/methode.json"},
	{"/admin/organisations/{id}/methode", "/beheer/organisaties/{id}/methode"},
	{"/admin/organisations/{id}/sso", "/beheer/organisaties/{id}/sso"},
	{"/admin/organisations", "/beheer/organisaties"},
	{"/admin/users/{id}/disable", "/beheer/gebruikers/{id}/blokkeren"},
	{"/admin/users/{id}/enable", "/beheer/gebruikers/{id}/deblokkeren"},
	{"/admin/users/{id}/end-sessions", "/beheer/gebruikers/{id}/sessies-beeindigen"},
	{"/admin/users/{id}/reset-password", "/beheer/gebruikers/{id}/wachtwoord-herstellen"},
	{"/admin/users", "/beheer/gebruikers"},
	{"/cases/{id}/bijeenkomsten", "/casussen/{id}/bijeenkomsten"},
	{"/cases/{id}/dossier.pdf", "/casussen/{id}/dossier.pdf"},
	{"/cases/{id}/droom", "/casussen/{id}/droom"},
	{"/cases/{id}/fase", "/casussen/{id}/fase"},
	{"/cases/{id}/genogram.ged", "/casussen/{id}/genogram.ged"},
	{"/cases/{id}/genogram.svg", "/casussen/{id}/genogram.svg"},
	{"/cases/{id}/genogram/children", "/casussen/{id}/genogram/kinderen"},
	{"/cases/{id}/genogram/events", "/casussen/{id}/genogram/gebeurtenissen"},
	{"/cases/{id}/genogram/households", "/casussen/{id}/genogram/huishoudens"},
	{"/cases/{id}/genogram/import/confirm", "/casussen/{id}/genogram/import/bevestigen"},
	{"/cases/{id}/genogram/import", "/casussen/{id}/genogram/import"},
	{"/cases/{id}/genogram/partnerships", "/casussen/{id}/genogram/relaties"},
	{"/cases/{id}/genogram/persons", "/casussen/{id}/genogram/personen"},
	{"/cases/{id}/genogram/pins", "/casussen/{id}/genogram/posities"},
	{"/cases/{id}/genogram/remove", "/casussen/{id}/genogram/verwijderen"},
	{"/cases/{id}/genogram/ties", "/casussen/{id}/genogram/banden"},
	{"/cases/{id}/genogram", "/casussen/{id}/genogram"},
	{"/cases/{id}/gesprekken/{interview}/antwoorden", "/casussen/{id}/gesprekken/{interview}/antwoorden"},
	{"/cases/{id}/gesprekken/{interview}/toestemming", "/casussen/{id}/gesprekken/{interview}/toestemming"},
	{"/cases/{id}/gesprekken/{interview}", "/casussen/{id}/gesprekken/{interview}"},
	{"/cases/{id}/gesprekken", "/casussen/{id}/gesprekken"},
	{"/cases/{id}/grounds/{ground}/withdraw", "/casussen/{id}/grondslagen/{ground}/intrekken"},
	{"/cases/{id}/grounds", "/casussen/{id}/grondslagen"},
	{"/cases/{id}/inzichten/niveau", "/casussen/{id}/inzichten/niveau"},
	{"/cases/{id}/inzichten", "/casussen/{id}/inzichten"},
	{"/cases/{id}/krachtenveld/stakeholders/remove", "/casussen/{id}/krachtenveld/betrokkenen/verwijderen"},
	{"/cases/{id}/krachtenveld/stakeholders", "/casussen/{id}/krachtenveld/betrokkenen"},
	{"/cases/{id}/krachtenveld", "/casussen/{id}/krachtenveld"},
	{"/cases/{id}/leercyclus", "/casussen/{id}/leercyclus"},
	{"/cases/{id}/members/{user}/remove", "/casussen/{id}/leden/{user}/verwijderen"},
	{"/cases/{id}/members", "/casussen/{id}/leden"},
	{"/cases/{id}/signalen", "/casussen/{id}/signalen"},
	{"/cases/{id}/spanningsvelden", "/casussen/{id}/spanningsvelden"},
	{"/cases/{id}/stappen/status", "/casussen/{id}/stappen/status"},
	{"/cases/{id}/stappen", "/casussen/{id}/stappen"},
	{"/cases/{id}/tijdlijn.csv", "/casussen/{id}/tijdlijn.csv"},
	{"/cases/{id}/tijdlijn.svg", "/casussen/{id}/tijdlijn.svg"},
	{"/cases/{id}/tijdlijn/import/annuleren", "/casussen/{id}/tijdlijn/import/annuleren"},
	{"/cases/{id}/tijdlijn/import/bevestigen", "/casussen/{id}/tijdlijn/import/bevestigen"},
	{"/cases/{id}/tijdlijn/import", "/casussen/{id}/tijdlijn/import"},
	{"/cases/{id}/tijdlijn/{event}/bewerken", "/casussen/{id}/tijdlijn/{event}/bewerken"},
	{"/cases/{id}/tijdlijn/{event}/verwijderen", "/casussen/{id}/tijdlijn/{event}/verwijderen"},
	{"/cases/{id}/tijdlijn/{event}", "/casussen/{id}/tijdlijn/{event}"},
	{"/cases/{id}/tijdlijn", "/casussen/{id}/tijdlijn"},
	{"/cases/{id}/toegangslog", "/casussen/{id}/toegangslog"},
	{"/cases/{id}/uitnodigingen/{inv}/intrekken", "/casussen/{id}/uitnodigingen/{inv}/intrekken"},
	{"/cases/{id}/uitnodigingen", "/casussen/{id}/uitnodigingen"},
	{"/cases/{id}", "/casussen/{id}"},
	{"/cases", "/casussen"},
	{"/lang", "/taal"},
	{"/logout", "/uitloggen"},
}

// movedPrefixes are the old addresses the route table sends to handleMoved.
var movedPrefixes = []string{"/cases", "/cases/", "/admin/", "/lang", "/logout"}

// moved registers an old address that redirects to its new one.
func (r *router) moved(pattern string) {
	r.add(pattern, guardMoved, anyone, r.s.handleMoved)
}

// newMovedMux routes each old path to the redirect to its new path.
func newMovedMux() *http.ServeMux {
	mux := http.NewServeMux()
	for _, p := range movedPaths {
		mux.HandleFunc(p[0], redirectTo(p[1]))
	}
	return mux
}

func (s *Server) handleMoved(w http.ResponseWriter, r *http.Request) {
	if _, pattern := s.movedMux.Handler(r); pattern == "" {
		s.handleNotFound(w, r)
		return
	}
	s.movedMux.ServeHTTP(w, r)
}

// redirectTo fills the new path's wildcards with the old path's values.
func redirectTo(to string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		rest := to
		for {
			open := strings.IndexByte(rest, '{')
			if open < 0 {
				b.WriteString(rest)
				break
			}
			end := strings.IndexByte(rest[open:], '}') + open
			b.WriteString(rest[:open])
			b.WriteString(url.PathEscape(r.PathValue(rest[open+1 : end])))
			rest = rest[end+1:]
		}
		target := b.String()
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		code := http.StatusPermanentRedirect
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			code = http.StatusMovedPermanently
		}
		http.Redirect(w, r, target, code)
	}
}
