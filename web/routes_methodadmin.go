package web

// methodAdminRoutes: an organisation's own wording of the method library
// (web/methodpage.go).
func (s *Server) methodAdminRoutes(r *router) {
	r.login("GET /admin/organisations/{id}/methode", orgAdmin, s.handleMethodAdmin)
	r.login("POST /admin/organisations/{id}/methode", orgAdmin, s.handleSaveMethodAdmin)
	r.login("GET /admin/organisations/{id}/methode.json", orgAdmin, s.handleMethodDownload)
}
