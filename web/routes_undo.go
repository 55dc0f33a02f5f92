package web

// withdrawer: whoever withdrew the ground, while today's rules let them
// withdraw it (consent: a family member; a legal basis: a manager).
const withdrawer access = "withdrawer"

// undoRoutes: undoing what ends something rather than deletes case content
// (web/undo.go): re-adding a removed member and making a revoked invitation
// usable again (managers), putting a withdrawn ground back in force (whoever
// withdrew it), reopening a closed meeting (its facilitators).
func (s *Server) undoRoutes(r *router) {
	r.login("POST /casussen/{id}/ongedaan/{undo}", manager, s.handleUndo)
	r.login("POST /casussen/{id}/grondslagen/{withdrawn}/herstellen", withdrawer, s.handleRestoreGround)
	r.login("POST /bijeenkomsten/{mid}/heropenen", manager, s.handleReopenMeeting)
}
