package web

// Who may use the development agenda's routes (web/agenda.go).
const (
	// agendaReader: administrators, policy officers, facilitators and
	// professionals of an organisation in a region read its agenda
	// (rotonde.CanReadAgenda).
	agendaReader access = "agenda reader"
	// agendaWriter: the region's administrators and policy officers write
	// their own party's plan, ask other parties and answer what is asked of
	// theirs (rotonde.CanWriteAgenda).
	agendaWriter access = "agenda writer"
)

// agendaRoutes: the region's shared development agenda.
func (s *Server) agendaRoutes(r *router) {
	r.login("GET /netwerk/agenda", agendaReader, s.handleAgenda)
	r.login("POST /netwerk/agenda/plan", agendaWriter, s.handleAddAgendaItem)
	r.login("POST /netwerk/agenda/plan/{entry}/verwijderen", agendaWriter, s.handleDeleteAgendaItem)
	r.login("POST /netwerk/agenda/vragen", agendaWriter, s.handleAskAgendaQuestion)
	r.login("POST /netwerk/agenda/vragen/{question}/antwoord", agendaWriter, s.handleAnswerAgendaQuestion)
}
