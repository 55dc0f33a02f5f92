package web

// timelineRoutes: the dream, the timeline with its import and exports, and
// the stagnation signals.
func (s *Server) timelineRoutes(r *router) {
	r.login("GET /casussen/{id}/droom", member, s.handleDream)
	r.login("POST /casussen/{id}/droom", writer, s.handleSaveDream)
	r.login("GET /casussen/{id}/tijdlijn", member, s.handleTimeline)
	r.login("POST /casussen/{id}/tijdlijn", writer, s.handleAddEvent)
	r.login("GET /casussen/{id}/tijdlijn/{event}/bewerken", professional, s.handleEditEventForm)
	r.login("POST /casussen/{id}/tijdlijn/{event}", professional, s.handleUpdateEvent)
	r.login("POST /casussen/{id}/tijdlijn/{event}/verwijderen", professional, s.handleDeleteEvent)
	r.login("POST /casussen/{id}/tijdlijn/import", professional, s.handleImportUpload)
	r.login("POST /casussen/{id}/tijdlijn/import/bevestigen", uploader, s.handleImportConfirm)
	r.login("POST /casussen/{id}/tijdlijn/import/annuleren", uploader, s.handleImportCancel)
	r.login("GET /casussen/{id}/tijdlijn.svg", exporter, s.handleTimelineSVG)
	r.login("GET /casussen/{id}/tijdlijn.csv", exporter, s.handleTimelineCSV)
	r.login("GET /casussen/{id}/signalen", member, s.handleSignals)
}
