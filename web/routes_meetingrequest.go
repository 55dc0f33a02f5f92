package web

// familyMember: a family member of the case asks for a learning meeting
// (meeting.CanRequest); its owner and facilitators decide.
const familyMember access = "family member"

// meetingRequestRoutes: a family's request for a learning meeting.
func (s *Server) meetingRequestRoutes(r *router) {
	r.login("POST /casussen/{id}/bijeenkomst-aanvragen", familyMember, s.handleRequestMeeting)
	r.login("POST /casussen/{id}/aanvragen/{request}/plannen", manager, s.handleDecideRequest(true))
	r.login("POST /casussen/{id}/aanvragen/{request}/afwijzen", manager, s.handleDecideRequest(false))
}
