package web

// Access to knowledge and the common threads.
const (
	// recordAuthor: a record written down on one's own is its author's
	// alone until shared, and the question "wat heb je ermee gedaan?" is
	// always the author's.
	recordAuthor access = "record author"
	// networkLearner: the roles that learn across cases (knowledge.CanLearnAcrossCases);
	// codebookOpener: those who may start a codebook (knowledge.CanOpenCodebook).
	networkLearner access = "network learner"
	codebookOpener access = "codebook opener"
	// A codebook belongs to a network: learners of its region use it.
	regionLearner access = "region learner"
	// themeOpener: who prepares a theme meeting outside a case (policy.CanOpenThemeMeeting).
	themeOpener access = "theme opener"
)

// knowledgeRoutes: dilemmas and insights as records, their sharing, and the
// common threads.
func (s *Server) knowledgeRoutes(r *router) {
	r.login("GET /casussen/{id}/kennis", member, s.handleCaseKnowledge)
	r.login("POST /casussen/{id}/kennis", writer, s.handleAddCaseRecord)
	r.login("POST /casussen/{id}/kennis/{record}/delen", writer, s.handleShareCaseRecord)
	r.login("GET /kennis", signedIn, s.handleOwnKnowledge)
	r.login("POST /kennis", signedIn, s.handleAddOwnRecord)
	r.login("POST /kennis/{record}/delen", recordAuthor, s.handleShareOwnRecord)
	r.login("POST /kennis/{record}/opvolging", recordAuthor, s.handleFollowUp)

	// Intervision series: the group's facilitators plan them, its members take part.
	r.login("POST /groepen/{group}/reeksen", manager, s.handlePlanSeries)
	r.login("GET /reeksen/{series}", member, s.handleSeries)
	r.login("POST /reeksen/{series}/toezeggen", member, s.handleCommitSeries)
	r.login("POST /reeksen/{series}/inbreng", member, s.handleBringToSeries)

	r.login("GET /rode-draden", networkLearner, s.handleThreads)
	r.login("POST /rode-draden", codebookOpener, s.handleOpenCodebook)
	r.login("GET /rode-draden/{book}", regionLearner, s.handleCodebook)
	r.login("POST /rode-draden/{book}/codes", regionLearner, s.handleAddCode)
	r.login("POST /rode-draden/{book}/coderingen", regionLearner, s.handleAddCoding)
	r.login("POST /rode-draden/{book}/notities", regionLearner, s.handleAddNote)
	r.login("GET /rode-draden/{book}/synthese.md", regionLearner, s.handleSynthesisExport("md"))
	r.login("GET /rode-draden/{book}/synthese.html", regionLearner, s.handleSynthesisExport("html"))
	r.login("GET /rode-draden/{book}/synthese.pdf", regionLearner, s.handleSynthesisExport("pdf"))
}
