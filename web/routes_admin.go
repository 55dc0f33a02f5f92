package web

// adminRoutes: organisations, users, single sign-on settings, break-glass
// access and the security log.
func (s *Server) adminRoutes(r *router) {
	r.login("GET /beheer/noodtoegang", sysAdmin, s.handleBreakGlassForm)
	r.login("POST /beheer/noodtoegang", sysAdmin, s.handleBreakGlass)
	r.login("GET /beheer/organisaties", signedIn, s.handleOrganisations)
	r.login("POST /beheer/organisaties", sysAdmin, s.handleCreateOrganisation)
	r.login("GET /beheer/gebruikers", userAdmin, s.handleUsers)
	r.login("POST /beheer/gebruikers", userAdmin, s.handleCreateUser)
	r.login("POST /beheer/gebruikers/{id}/blokkeren", orgAdmin, s.handleSetDisabled(true))
	r.login("POST /beheer/gebruikers/{id}/deblokkeren", orgAdmin, s.handleSetDisabled(false))
	r.login("POST /beheer/gebruikers/{id}/wachtwoord-herstellen", orgAdmin, s.handleResetPassword)
	r.login("GET /beheer/organisaties/{id}/sso", orgAdmin, s.handleSSOConfig)
	r.login("POST /beheer/organisaties/{id}/sso", orgAdmin, s.handleSaveSSOConfig)
	r.login("POST /beheer/gebruikers/{id}/sessies-beeindigen", orgAdmin, s.handleAdminEndSessions)
	r.login("GET /beheer/beveiligingslog", sysAdmin, s.handleSecurityLog)
}
