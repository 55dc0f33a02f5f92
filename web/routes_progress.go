package web

// progressRoutes: the learning cycle, the phase, small steps, insights,
// reflective interviews and the PDF dossier.
func (s *Server) progressRoutes(r *router) {
	r.login("GET /cases/{id}/leercyclus", member, s.handleCycle)
	r.login("POST /cases/{id}/leercyclus", writer, s.handleAddCycleEntry)
	r.login("POST /cases/{id}/fase", writer, s.handleSetPhase)
	r.login("GET /cases/{id}/stappen", member, s.handleSteps)
	r.login("POST /cases/{id}/stappen", writer, s.handleAddStep)
	r.login("POST /cases/{id}/stappen/status", writer, s.handleStepStatus)
	r.login("GET /cases/{id}/inzichten", member, s.handleInsights)
	r.login("POST /cases/{id}/inzichten", writer, s.handleAddInsight)
	r.login("POST /cases/{id}/inzichten/niveau", writer, s.handleInsightLevel)
	r.login("GET /cases/{id}/gesprekken", member, s.handleInterviews)
	r.login("POST /cases/{id}/gesprekken", professional, s.handleStartInterview)
	r.login("GET /cases/{id}/gesprekken/{interview}", member, s.handleInterviews)
	r.login("POST /cases/{id}/gesprekken/{interview}/antwoorden", professional, s.handleInterviewAnswer)
	r.login("POST /cases/{id}/gesprekken/{interview}/toestemming", professional, s.handleInterviewConsent)
	r.login("GET /cases/{id}/dossier.pdf", exporter, s.handleDossier)
}
