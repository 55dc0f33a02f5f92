package web

// genogramRoutes: the geno-sociogram with its import and exports, and the
// force field.
func (s *Server) genogramRoutes(r *router) {
	r.login("GET /casussen/{id}/genogram", member, s.handleGenogram)
	r.login("GET /casussen/{id}/genogram/tekening", member, s.handleGenogramDrawing)
	r.login("POST /casussen/{id}/genogram/personen", writer, s.handleSavePerson)
	r.login("POST /casussen/{id}/genogram/relaties", writer, s.handleSavePartnership)
	r.login("POST /casussen/{id}/genogram/kinderen", writer, s.handleAddChild)
	r.login("POST /casussen/{id}/genogram/banden", writer, s.handleAddTie)
	r.login("POST /casussen/{id}/genogram/gebeurtenissen", writer, s.handleAddLifeEvent)
	r.login("POST /casussen/{id}/genogram/huishoudens", writer, s.handleSaveHousehold)
	r.login("POST /casussen/{id}/genogram/verwijderen", writer, s.handleRemoveGenogramItem)
	r.login("POST /casussen/{id}/genogram/posities", writer, s.handlePin)
	r.login("POST /casussen/{id}/genogram/import", writer, s.handleGenogramImport)
	r.login("POST /casussen/{id}/genogram/import/bevestigen", writer, s.handleGenogramImportConfirm)
	r.login("GET /casussen/{id}/genogram.svg", exporter, s.handleGenogramSVG)
	r.login("GET /casussen/{id}/genogram.ged", exporter, s.handleGenogramGED)
	r.login("GET /casussen/{id}/krachtenveld", member, s.handleForceField)
	r.login("POST /casussen/{id}/krachtenveld", writer, s.handleForceFieldGoal)
	r.login("POST /casussen/{id}/krachtenveld/betrokkenen", writer, s.handleSaveStakeholder)
	r.login("POST /casussen/{id}/krachtenveld/betrokkenen/verwijderen", writer, s.handleRemoveStakeholder)
}
