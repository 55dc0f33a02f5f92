package web

// Who may use the network's routes (web/network.go).
const (
	// storyReader: everyone logged in whose organisation is in the region a
	// story was published to, and the system administrator.
	storyReader access = "story reader"
	// networkViewer: administrators and policy officers, and the system
	// administrator; regionViewer: those of the region's organisations
	// (the system administrator every region).
	networkViewer access = "network viewer"
	regionViewer  access = "region viewer"
)

// networkRoutes: where a case sits, its barriers and stories, the stories
// of the region and the network view.
func (s *Server) networkRoutes(r *router) {
	r.login("POST /casussen/{id}/gemeente", caseOwner, s.handleSetMunicipality)
	r.login("GET /casussen/{id}/randvoorwaarden", member, s.handleBarriers)
	r.login("POST /casussen/{id}/randvoorwaarden", writer, s.handleAddBarrier)
	r.login("POST /casussen/{id}/randvoorwaarden/{barrier}", writer, s.handleUpdateBarrier)
	r.login("POST /casussen/{id}/randvoorwaarden/{barrier}/verwijderen", writer, s.handleDeleteBarrier)
	r.login("GET /casussen/{id}/verhalen", member, s.handleCaseStories)
	r.login("POST /casussen/{id}/verhalen", writer, s.handleSaveStory)
	r.login("POST /casussen/{id}/verhalen/{story}/publiceren", writer, s.handlePublishStory)
	r.login("POST /casussen/{id}/verhalen/{story}/intrekken", writer, s.handleWithdrawStory)
	r.login("GET /verhalen", signedIn, s.handleNetworkStories)
	r.login("GET /verhalen/{story}", storyReader, s.handleNetworkStory)
	r.login("GET /netwerk", networkViewer, s.handleNetwork)
	r.login("GET /netwerk/regio/{region}", regionViewer, s.handleRegionOverview)
	r.login("GET /netwerk/gemeente/{municipality}", regionViewer, s.handleMunicipalityOverview)
	r.token("GET /api/v1/regions/{region}/overview", regionViewer, s.apiRegionOverview)
	r.token("GET /api/v1/municipalities/{municipality}/overview", regionViewer, s.apiMunicipalityOverview)
}
