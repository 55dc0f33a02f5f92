package web

// apiRoutes: the JSON API, with a personal access token or the session;
// its description (OpenAPI 3.1) is public.
func (s *Server) apiRoutes(r *router) {
	r.public("GET /api/v1/openapi.json", s.handleOpenAPI)
	r.token("GET /api/v1/cases", signedIn, s.apiListCases)
	r.token("POST /api/v1/cases", caseCreator, s.apiCreateCase)
	r.token("GET /api/v1/cases/{id}", member, s.apiGetCase)
	r.token("GET /api/v1/cases/{id}/audit", member, s.apiCaseAudit)
	r.token("GET /api/v1/cases/{id}/insights", member, s.apiCaseInsights)
	r.token("GET /api/v1/cases/{id}/steps", member, s.apiCaseSteps)
	r.token("GET /api/v1/rounds/{round}/spread", member, s.apiRoundSpread)
}
