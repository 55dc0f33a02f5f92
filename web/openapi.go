package web

import (
	_ "embed"
	"net/http"
	"strings"
)

// openAPI describes every /api/v1 route (OpenAPI 3.1). It is written by
// hand; web/openapi_test.go holds it to the routes and checks the real
// answers of every GET against its schemas.
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openAPI)
}

// bearerToken reads "Authorization: Bearer <token>"; the scheme is
// case-insensitive (RFC 9110, section 11.1).
func bearerToken(header string) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(tok), true
}

// bearerChallenge is the WWW-Authenticate header of every 401 of the API.
const bearerChallenge = `Bearer realm="rotonde"`
