package web

// progressRoutes: the learning cycle, the phase, small steps, insights,
// reflective interviews and the PDF dossier.
func (s *Server) progressRoutes(r *router) {
	r.login("GET /casussen/{id}/leercyclus", member, s.handleCycle)
	r.login("POST /casussen/{id}/leercyclus", writer, s.handleAddCycleEntry)
	r.login("POST /casussen/{id}/fase", writer, s.handleSetPhase)
	r.login("GET /casussen/{id}/stappen", member, s.handleSteps)
	r.login("POST /casussen/{id}/stappen", writer, s.handleAddStep)
	r.login("POST /casussen/{id}/stappen/status", writer, s.handleStepStatus)
	r.login("GET /casussen/{id}/inzichten", member, s.handleInsights)
	r.login("POST /casussen/{id}/inzichten", writer, s.handleAddInsight)
	r.login("POST /casussen/{id}/inzichten/niveau", writer, s.handleInsightLevel)
	r.login("GET /casussen/{id}/gesprekken", member, s.handleInterviews)
	r.login("POST /casussen/{id}/gesprekken", professional, s.handleStartInterview)
	r.login("GET /casussen/{id}/gesprekken/{interview}", member, s.handleInterviews)
	r.login("POST /casussen/{id}/gesprekken/{interview}/antwoorden", professional, s.handleInterviewAnswer)
	r.login("POST /casussen/{id}/gesprekken/{interview}/toestemming", professional, s.handleInterviewConsent)
	r.login("GET /casussen/{id}/dossier.pdf", exporter, s.handleDossier)
}
