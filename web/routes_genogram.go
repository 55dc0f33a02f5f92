package web

// genogramRoutes: the geno-sociogram with its import and exports, and the
// force field.
func (s *Server) genogramRoutes(r *router) {
	r.login("GET /cases/{id}/genogram", member, s.handleGenogram)
	r.login("POST /cases/{id}/genogram/persons", writer, s.handleSavePerson)
	r.login("POST /cases/{id}/genogram/partnerships", writer, s.handleSavePartnership)
	r.login("POST /cases/{id}/genogram/children", writer, s.handleAddChild)
	r.login("POST /cases/{id}/genogram/ties", writer, s.handleAddTie)
	r.login("POST /cases/{id}/genogram/events", writer, s.handleAddLifeEvent)
	r.login("POST /cases/{id}/genogram/households", writer, s.handleSaveHousehold)
	r.login("POST /cases/{id}/genogram/remove", writer, s.handleRemoveGenogramItem)
	r.login("POST /cases/{id}/genogram/pins", writer, s.handlePin)
	r.login("POST /cases/{id}/genogram/import", writer, s.handleGenogramImport)
	r.login("POST /cases/{id}/genogram/import/confirm", writer, s.handleGenogramImportConfirm)
	r.login("GET /cases/{id}/genogram.svg", exporter, s.handleGenogramSVG)
	r.login("GET /cases/{id}/genogram.ged", exporter, s.handleGenogramGED)
	r.login("GET /cases/{id}/krachtenveld", member, s.handleForceField)
	r.login("POST /cases/{id}/krachtenveld", writer, s.handleForceFieldGoal)
	r.login("POST /cases/{id}/krachtenveld/stakeholders", writer, s.handleSaveStakeholder)
	r.login("POST /cases/{id}/krachtenveld/stakeholders/remove", writer, s.handleRemoveStakeholder)
}
