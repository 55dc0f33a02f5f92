package web

// meetingRoutes: live learning meetings — compose, prepare, run live with
// guests, report. Live routes let in a meeting guest's cookie as well as a
// session; the handler checks which.
func (s *Server) meetingRoutes(r *router) {
	r.login("GET /casussen/{id}/bijeenkomsten", member, s.handleCaseMeetings)
	r.login("POST /casussen/{id}/bijeenkomsten", manager, s.handleCreateMeeting)
	r.login("GET /bijeenkomsten", signedIn, s.handleThemeMeetings)
	r.login("POST /bijeenkomsten", themeOpener, s.handleCreateMeeting)
	r.login("GET /bijeenkomsten/{mid}", member, s.handleMeeting)
	r.login("POST /bijeenkomsten/{mid}/agenda", manager, s.handleAddCard)
	r.login("POST /bijeenkomsten/{mid}/stappen", manager, s.handleEditSteps)
	r.login("POST /bijeenkomsten/{mid}/voorbereiding", preparer, s.handleSavePrep)
	r.login("POST /bijeenkomsten/{mid}/gasten", manager, s.handleInviteGuest)
	r.login("POST /bijeenkomsten/{mid}/starten", manager, s.handleStartMeeting)
	r.login("POST /bijeenkomsten/{mid}/stap", manager, s.handleMoveStep)
	r.login("POST /bijeenkomsten/{mid}/film", manager, s.handleFilmCheck)
	r.login("POST /bijeenkomsten/{mid}/toelaten/{pid}", manager, s.handleAdmit)
	r.login("POST /bijeenkomsten/{mid}/afsluiten", manager, s.handleCloseMeeting)
	r.login("POST /bijeenkomsten/{mid}/planning", manager, s.handlePlanMeeting)
	r.login("GET /bijeenkomsten/{mid}/agenda.ics", exporter, s.handleMeetingICS)
	r.login("POST /bijeenkomsten/{mid}/spanningsveld", manager, s.handleLinkRound)
	r.guest("GET /bijeenkomsten/{mid}/live", lobby, s.handleLive)
	r.guest("GET /bijeenkomsten/{mid}/events", participant, s.handleEvents)
	r.guest("POST /bijeenkomsten/{mid}/inbreng", participant, s.handleCapture)
	r.guest("POST /bijeenkomsten/{mid}/film/antwoord", participant, s.handleFilmAnswer)
	r.guest("POST /bijeenkomsten/{mid}/bijlagen", participant, s.handleUpload)
	r.guest("GET /bijeenkomsten/{mid}/bijlagen/{aid}", participant, s.handleAttachment)
	r.guest("GET /bijeenkomsten/{mid}/verslag", participant, s.handleReport)
	r.guest("GET /bijeenkomsten/{mid}/verslag.md", meetingExporter, s.handleReportMarkdown)
	r.guest("GET /bijeenkomsten/{mid}/verslag.pdf", meetingExporter, s.handleReportPDF)
	r.public("GET /doe-mee", s.handleJoinForm)
	r.public("POST /doe-mee", s.handleJoin)
	r.public("GET /gast/{token}", s.handleGuestInvite)
	r.public("POST /gast/{token}", s.handleAcceptGuestInvite)
}
