package web

import "github.com/rotonde-jeugd/rotonde/research"

// researchRoutes: the researcher's exports of a network's shared, coded
// material (REFI-QDA and CSV) and the import of codings made elsewhere, and
// the administrators' grants of research access (web/research.go).
func (s *Server) researchRoutes(r *router) {
	r.login("GET /onderzoek", researcher, s.handleResearch)
	r.login("GET /onderzoek/netwerken/{id}/project.qdpx", grantHolder, s.handleResearchProject)
	r.login("GET /onderzoek/netwerken/{id}/coderingen.csv", grantHolder, s.handleResearchCSV(research.WriteCodingsCSV, "rotonde-coderingen.csv"))
	r.login("GET /onderzoek/netwerken/{id}/codeboek.csv", grantHolder, s.handleResearchCSV(research.WriteCodebookCSV, "rotonde-codeboek.csv"))
	r.login("POST /onderzoek/netwerken/{id}/import", grantHolder, s.handleResearchImport)
	r.login("GET /beheer/onderzoek", userAdmin, s.handleResearchGrants)
	r.login("POST /beheer/onderzoek", researchGrantor, s.handleResearchGrant)
	r.login("POST /beheer/onderzoek/{grant}/intrekken", researchGrantor, s.handleResearchRevoke)
}
