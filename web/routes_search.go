package web

// searchRoutes: search over everything the reader may see (web/search.go),
// an organisation's synonyms, and the API that writes events and insights
// into a case (web/apiwrite.go).
func (s *Server) searchRoutes(r *router) {
	r.login("GET /zoeken", signedIn, s.handleSearch)
	r.token("GET /api/v1/search", signedIn, s.apiSearch)
	r.login("GET /beheer/organisaties/{id}/synoniemen", orgAdmin, s.handleSynonyms)
	r.login("POST /beheer/organisaties/{id}/synoniemen", orgAdmin, s.handleAddSynonyms)
	r.login("POST /beheer/organisaties/{id}/synoniemen/verwijderen", orgAdmin, s.handleDeleteSynonyms)
	r.token("POST /api/v1/cases/{id}/events", writer, s.apiAddEvent)
	r.token("POST /api/v1/cases/{id}/insights", writer, s.apiAddInsight)
}
