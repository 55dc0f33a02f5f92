package web

import (
	"fmt"
	"net/http"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// The start page of the network roles. Family members, professionals and
// facilitators start at their cases (home.html); administrators, policy
// officers, researchers and the system administrator are seldom members of
// a case, so they start at what they can do here: their organisation's
// people and settings, privacy requests, break-glass access, their groups,
// and the network as a whole. Each part is a section fed from startView;
// a part that does not exist yet shows its empty state until its link is
// added (one startLink in startSections).

// startLink is one thing to do on the start page.
type startLink struct {
	Href  string
	Label string // already in the reader's language
	Note  string // a short explanation or a count, may be empty
}

// startSection is one block of the start page; without links it shows Empty.
type startSection struct {
	ID           string // the block's anchor, also its heading's id prefix
	Title, Intro string
	Links        []startLink
	Empty        string
}

type startView struct {
	homeView
	Intro    string
	Sections []startSection
}

// startsWithoutCases reports whether a role starts at the start page of
// the network roles rather than at a list of cases.
func startsWithoutCases(role rotonde.Role) bool {
	switch role {
	case rotonde.RoleAdministrator, rotonde.RolePolicyOfficer, rotonde.RoleResearcher, rotonde.RoleSysAdmin:
		return true
	}
	return false
}

// startData builds the start page of a network role around the home page's
// data (the cases it is a member of, meetings, privacy requests).
func (s *Server) startData(r *http.Request, home homeView) startView {
	u := userFrom(r.Context())
	l := s.cat.For(langFrom(r.Context()))
	v := startView{homeView: home, Intro: l.T("start.intro." + string(u.Role))}
	section := func(id string, links ...startLink) startSection {
		return startSection{ID: id, Title: l.T("start." + id + ".title"), Intro: l.T("start." + id + ".intro"), Empty: l.T("start." + id + ".empty"), Links: links}
	}
	link := func(href, key string) startLink { return startLink{Href: href, Label: l.T(key)} }

	org := section("organisatie")
	if scope := policy.ManageUsersScope(u); scope.Allowed() {
		org.Links = append(org.Links, link("/beheer/gebruikers", "start.organisatie.users"))
		if !scope.All {
			org.Links = append(org.Links,
				link(fmt.Sprintf("/beheer/organisaties/%d/methode", u.OrgID), "start.organisatie.method"),
				link(fmt.Sprintf("/beheer/organisaties/%d/sso", u.OrgID), "start.organisatie.sso"))
		}
	}
	org.Links = append(org.Links, link("/beheer/organisaties", "start.organisatie.orgs"))
	if u.Role == rotonde.RoleSysAdmin {
		org.Links = append(org.Links, link("/beheer/beveiligingslog", "start.organisatie.security"))
	}
	privacy := section("privacy", privacyLink(l, home.Privacy))
	glass := section("noodtoegang", link("/beheer/noodtoegang", "start.noodtoegang.link"))
	groups := section("groepen", s.groupLinks(r, l)...)
	series := section("reeksen", link("/groepen", "start.reeksen.groups"), link("/kennis", "start.reeksen.knowledge"))
	network := section("netwerk", link("/verhalen", "start.netwerk.stories"))
	if u.Role != rotonde.RoleResearcher {
		network.Links = append([]startLink{link("/netwerk", "start.netwerk.view")}, network.Links...)
	}
	if u.Role != rotonde.RoleSysAdmin {
		network.Links = append(network.Links, link("/rode-draden", "start.netwerk.threads"))
	}
	switch u.Role {
	case rotonde.RoleResearcher:
		network.Links = append(network.Links, link("/onderzoek", "start.netwerk.research"))
	case rotonde.RoleAdministrator, rotonde.RoleSysAdmin:
		org.Links = append(org.Links, link("/beheer/onderzoek", "start.organisatie.research"))
	}
	together := section("samen", link("/spanningsvelden", "start.samen.tension"), link("/bijeenkomsten", "start.samen.meetings"))

	switch u.Role {
	case rotonde.RoleSysAdmin:
		v.Sections = []startSection{org, glass, privacy, network}
	case rotonde.RoleAdministrator:
		v.Sections = []startSection{org, privacy, groups, series, network}
	case rotonde.RolePolicyOfficer:
		v.Sections = []startSection{groups, series, network, together, org}
	default: // researcher
		v.Sections = []startSection{groups, series, network, together}
	}
	return v
}

// privacyLink leads to the requests for erasure, with how many wait.
func privacyLink(l i18n.Localizer, p privacyNotice) startLink {
	lk := startLink{Href: "/privacy/verzoeken", Label: l.T("start.privacy.link")}
	if p.Open > 0 {
		lk.Note = l.T("privacy.home.open", p.Open)
	}
	return lk
}

// groupLinks lists the user's groups and the page to start one; a failure
// to read them shows only that page, so that the start page still opens.
func (s *Server) groupLinks(r *http.Request, l i18n.Localizer) []startLink {
	var links []startLink
	if groups, err := s.store.Tension.Groups(r.Context(), userFrom(r.Context())); err == nil {
		for _, g := range groups {
			links = append(links, startLink{Href: fmt.Sprintf("/groepen/%d", g.ID), Label: g.Name})
		}
	}
	all := startLink{Href: "/groepen", Label: l.T("start.groepen.all")}
	if len(links) == 0 {
		all.Note = l.T("start.groepen.none")
	}
	return append(links, all)
}
