package web

import "github.com/rotonde-jeugd/rotonde/tension"

// tensionRoutes: tension fields, placement rounds and groups.
func (s *Server) tensionRoutes(r *router) {
	r.login("GET /spanningsvelden", signedIn, s.handleTension)
	r.login("POST /spanningsvelden", signedIn, s.handlePlace)
	r.login("GET /spanningsvelden/rondes/{round}", member, s.handleRound)
	r.login("POST /spanningsvelden/rondes/{round}", member, s.handleRoundPlace)
	r.login("POST /spanningsvelden/rondes/{round}/tonen", manager, s.handleRoundState(tension.RoundRevealed))
	r.login("POST /spanningsvelden/rondes/{round}/sluiten", manager, s.handleRoundState(tension.RoundClosed))
	r.login("GET /spanningsvelden/rondes/{round}/export.csv", exporter, s.handleRoundExport)
	r.login("GET /spanningsvelden/rondes/{round}/status", member, s.handleRoundStatus)
	r.login("GET /casussen/{id}/spanningsvelden", member, s.handleCaseRounds)
	r.login("POST /casussen/{id}/spanningsvelden", manager, s.handleOpenCaseRound)
	r.login("GET /groepen", signedIn, s.handleGroups)
	r.login("POST /groepen", groupCreator, s.handleCreateGroup)
	r.login("GET /groepen/{group}", member, s.handleGroup)
	r.login("POST /groepen/{group}/leden", manager, s.handleAddGroupMember)
	r.login("POST /groepen/{group}/leden/{member}/verwijderen", manager, s.handleRemoveGroupMember)
	r.login("POST /groepen/{group}/rondes", manager, s.handleOpenGroupRound)
}
