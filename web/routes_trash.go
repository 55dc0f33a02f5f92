package web

// trashRoutes: the case's trash (prullenbak) and putting things back.
func (s *Server) trashRoutes(r *router) {
	r.login("GET /casussen/{id}/prullenbak", member, s.handleTrash)
	r.login("POST /casussen/{id}/prullenbak/{item}/terugzetten", writer, s.handleRestoreTrash)
}
