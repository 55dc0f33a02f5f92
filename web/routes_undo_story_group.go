package web

// undoStoryRoutes: undoing the withdrawal of a published story, by the
// writers of the case's stories (web/undo_story.go).
func (s *Server) undoStoryRoutes(r *router) {
	r.login("POST /casussen/{id}/verhalen/{story}/terugzetten", writer, s.handleUndoStoryWithdrawal)
}

// undoGroupMemberRoutes: undoing taking a member out of a group, by the
// group's facilitators (web/undo_group_member.go).
func (s *Server) undoGroupMemberRoutes(r *router) {
	r.login("POST /groepen/{group}/ongedaan/{undo}", manager, s.handleUndoGroupMemberRemoval)
}
