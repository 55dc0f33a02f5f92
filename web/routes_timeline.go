package web

// timelineRoutes: the dream, the timeline with its import and exports, and
// the stagnation signals.
func (s *Server) timelineRoutes(r *router) {
	r.login("GET /cases/{id}/droom", member, s.handleDream)
	r.login("POST /cases/{id}/droom", writer, s.handleSaveDream)
	r.login("GET /cases/{id}/tijdlijn", member, s.handleTimeline)
	r.login("POST /cases/{id}/tijdlijn", writer, s.handleAddEvent)
	r.login("GET /cases/{id}/tijdlijn/{event}/bewerken", professional, s.handleEditEventForm)
	r.login("POST /cases/{id}/tijdlijn/{event}", professional, s.handleUpdateEvent)
	r.login("POST /cases/{id}/tijdlijn/{event}/verwijderen", professional, s.handleDeleteEvent)
	r.login("POST /cases/{id}/tijdlijn/import", professional, s.handleImportUpload)
	r.login("POST /cases/{id}/tijdlijn/import/bevestigen", uploader, s.handleImportConfirm)
	r.login("POST /cases/{id}/tijdlijn/import/annuleren", uploader, s.handleImportCancel)
	r.login("GET /cases/{id}/tijdlijn.svg", exporter, s.handleTimelineSVG)
	r.login("GET /cases/{id}/tijdlijn.csv", exporter, s.handleTimelineCSV)
	r.login("GET /cases/{id}/signalen", member, s.handleSignals)
}
