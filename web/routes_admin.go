package web

// adminRoutes: organisations, users, single sign-on settings, break-glass
// access and the security log.
func (s *Server) adminRoutes(r *router) {
	r.login("GET /admin/noodtoegang", sysAdmin, s.handleBreakGlassForm)
	r.login("POST /admin/noodtoegang", sysAdmin, s.handleBreakGlass)
	r.login("GET /admin/organisations", signedIn, s.handleOrganisations)
	r.login("POST /admin/organisations", sysAdmin, s.handleCreateOrganisation)
	r.login("GET /admin/users", userAdmin, s.handleUsers)
	r.login("POST /admin/users", userAdmin, s.handleCreateUser)
	r.login("POST /admin/users/{id}/disable", orgAdmin, s.handleSetDisabled(true))
	r.login("POST /admin/users/{id}/enable", orgAdmin, s.handleSetDisabled(false))
	r.login("POST /admin/users/{id}/reset-password", orgAdmin, s.handleResetPassword)
	r.login("GET /admin/organisations/{id}/sso", orgAdmin, s.handleSSOConfig)
	r.login("POST /admin/organisations/{id}/sso", orgAdmin, s.handleSaveSSOConfig)
	r.login("POST /admin/users/{id}/end-sessions", orgAdmin, s.handleAdminEndSessions)
	r.login("GET /admin/beveiligingslog", sysAdmin, s.handleSecurityLog)
}
