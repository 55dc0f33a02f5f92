package web

// caseRoutes: a case, its members and sharing grounds, its access log and
// its invitations.
func (s *Server) caseRoutes(r *router) {
	r.login("POST /casussen", caseCreator, s.handleCreateCase)
	r.login("GET /casussen/{id}", member, s.handleCase)
	r.login("POST /casussen/{id}/leden", manager, s.handleAddMember)
	r.login("POST /casussen/{id}/leden/{user}/verwijderen", manager, s.handleRemoveMember)
	r.login("POST /casussen/{id}/grondslagen", manager, s.handleRecordGround)
	r.login("POST /casussen/{id}/grondslagen/{ground}/intrekken", groundHolder, s.handleWithdrawGround)
	r.login("GET /casussen/{id}/toegangslog", member, s.handleCaseAudit)
	r.login("GET /casussen/{id}/uitnodigingen", manager, s.handleInvitations)
	r.login("POST /casussen/{id}/uitnodigingen", manager, s.handleCreateInvitation)
	r.login("POST /casussen/{id}/uitnodigingen/{inv}/intrekken", manager, s.handleRevokeInvitation)
	r.public("GET /uitnodiging/{token}", s.handleInvitation)
	r.public("POST /uitnodiging/{token}", s.handleAcceptInvitationNew)
	r.login("POST /uitnodiging/{token}/accepteren", invitee, s.handleAcceptInvitationAs)
}
