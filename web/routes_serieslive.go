package web

// seriesLiveRoutes: a series session as a live meeting and the series
// report. The group's facilitators start sessions and reveal a step (the
// meeting's facilitators); its members read the report, and each author
// checks the paraphrase of their own words (the service decides whose line
// is whose).
func (s *Server) seriesLiveRoutes(r *router) {
	r.login("POST /reeksen/{series}/sessies/{number}/starten", manager, s.handleStartSession)
	r.login("POST /bijeenkomsten/{mid}/tonen", manager, s.handleRevealStep)
	r.login("GET /reeksen/{series}/verslag", member, s.handleSeriesReport)
	r.login("GET /reeksen/{series}/verslag.md", member, s.handleSeriesReportExport("md"))
	r.login("GET /reeksen/{series}/verslag.pdf", member, s.handleSeriesReportExport("pdf"))
	r.login("POST /reeksen/{series}/verslag/{line}", lineChecker, s.handleReportParaphrase)
}

// lineChecker: the author of a line of the series report, or a facilitator
// of the group, who drafts it.
const lineChecker access = "report line checker"
