package web

// DrainLive tells every open live stream to send "reconnect" and end. Call
// it when the HTTP server begins to shut down (http.Server.RegisterOnShutdown):
// clients reconnect to another instance or to this one when it is back, and
// Shutdown does not wait for streams that last as long as a meeting.
func (s *Server) DrainLive() {
	if s.meet != nil && s.meet.hub != nil {
		s.meet.hub.Drain()
	}
}
