package web

// caseRoutes: a case, its members and sharing grounds, its access log and
// its invitations.
func (s *Server) caseRoutes(r *router) {
	r.login("POST /cases", caseCreator, s.handleCreateCase)
	r.login("GET /cases/{id}", member, s.handleCase)
	r.login("POST /cases/{id}/members", manager, s.handleAddMember)
	r.login("POST /cases/{id}/members/{user}/remove", manager, s.handleRemoveMember)
	r.login("POST /cases/{id}/grounds", manager, s.handleRecordGround)
	r.login("POST /cases/{id}/grounds/{ground}/withdraw", groundHolder, s.handleWithdrawGround)
	r.login("GET /cases/{id}/toegangslog", member, s.handleCaseAudit)
	r.login("GET /cases/{id}/uitnodigingen", manager, s.handleInvitations)
	r.login("POST /cases/{id}/uitnodigingen", manager, s.handleCreateInvitation)
	r.login("POST /cases/{id}/uitnodigingen/{inv}/intrekken", manager, s.handleRevokeInvitation)
	r.public("GET /uitnodiging/{token}", s.handleInvitation)
	r.public("POST /uitnodiging/{token}", s.handleAcceptInvitationNew)
	r.login("POST /uitnodiging/{token}/accepteren", invitee, s.handleAcceptInvitationAs)
}
