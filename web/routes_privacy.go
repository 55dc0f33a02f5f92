package web

// privacyRoutes: a case's retention and closure, requests for erasure with
// their decision and receipt, the person's own copy, and an organisation's
// retention setting (web/privacy.go).
func (s *Server) privacyRoutes(r *router) {
	r.login("GET /casussen/{id}/privacy", member, s.handleCasePrivacy)
	r.login("POST /casussen/{id}/status", caseOwner, s.handleCaseStatus)
	r.login("POST /casussen/{id}/wissen", member, s.handleCaseErasureRequest)
	r.login("GET /privacy/verzoeken", signedIn, s.handleErasureRequests)
	r.login("GET /privacy/verzoeken/{req}", erasureReader, s.handleErasureReceipt)
	r.login("POST /privacy/verzoeken/{req}/besluit", erasureDecider, s.handleErasureDecision)
	r.login("POST /account/wissen", signedIn, s.handleAccountErasureRequest)
	r.login("GET /account/mijn-gegevens", signedIn, s.handlePersonalCopy)
	r.login("GET /account/mijn-gegevens.json", signedIn, s.handlePersonalCopyJSON)
	r.login("GET /beheer/organisaties/{id}/privacy", orgAdmin, s.handleOrgPrivacy)
	r.login("POST /beheer/organisaties/{id}/privacy", orgAdmin, s.handleSaveOrgPrivacy)
}
