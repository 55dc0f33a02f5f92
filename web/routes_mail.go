package web

// mailRoutes: the e-mail a user caused (web/mail.go). Sending happens in the
// background; the only route lets the author retry a message that could not
// be delivered yet.
func (s *Server) mailRoutes(r *router) {
	r.login("POST /e-mail/{id}/opnieuw", mailAuthor, s.handleRetryMail)
}
