package web

// roomRoutes: the room view of a learning meeting, projected by its
// facilitator (web/room.go).
func (s *Server) roomRoutes(r *router) {
	r.login("GET /bijeenkomsten/{mid}/zaal", manager, s.handleMeetingRoom)
}
