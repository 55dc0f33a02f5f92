package web

// methodAdminRoutes: an organisation's own wording of the method library
// (web/methodpage.go).
func (s *Server) methodAdminRoutes(r *router) {
	r.login("GET /beheer/organisaties/{id}/methode", orgAdmin, s.handleMethodAdmin)
	r.login("POST /beheer/organisaties/{id}/methode", orgAdmin, s.handleSaveMethodAdmin)
	r.login("GET /beheer/organisaties/{id}/methode.json", orgAdmin, s.handleMethodDownload)
}
