package web

// RouteGuards lists each route's guard and stated access, for the test that
// holds them to the authorization matrix.
func RouteGuards(s *Server) map[string][2]string {
	out := make(map[string][2]string, len(s.routeInfo))
	for p, ri := range s.routeInfo {
		out[p] = [2]string{string(ri.guard), string(ri.access)}
	}
	return out
}

// MovedPaths lists the old addresses and their new ones.
func MovedPaths() [][2]string { return append([][2]string(nil), movedPaths...) }
