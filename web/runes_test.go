package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rotonde-jeugd/rotonde/internal/testenv"
)

// Texts are cut by character, not by byte, where they are shortened for a
// page or the access log: a Turkish "ş" across the cut stays whole. Before,
// PostgreSQL refused the security-log record of a token whose name put a
// "ş" on the 100th byte (it is not UTF-8), and the record was lost; a
// re-shown form carried half a character.
func TestTextIsCutByCharacter(t *testing.T) {
	for engine, serve := range map[string]func(t *testing.T) *env{
		"sqlite":   newEnv,
		"postgres": func(t *testing.T) *env { return newEnvOn(t, testenv.OpenPostgres(t)) },
	} {
		t.Run(engine, func(t *testing.T) {
			e := serve(t)
			c := e.login("hulpverlener@demo.test")
			name := "a" + strings.Repeat("ş", 50) // 51 characters, 101 bytes
			if res := e.post(c, "/account/tokens", url.Values{"name": {name}, "days": {"30"}}); res.StatusCode != http.StatusCreated {
				t.Fatalf("create a token: %d", res.StatusCode)
			}
			var detail string
			if err := e.db.Reader().QueryRowContext(context.Background(),
				`SELECT detail FROM audit_log WHERE detail LIKE 'token gemaakt%' ORDER BY seq DESC LIMIT 1`).Scan(&detail); err != nil {
				t.Fatalf("the token's security record: %v (server log: %s)", err, e.log.String())
			}
			if !utf8.ValidString(detail) || !strings.Contains(detail, name) {
				t.Errorf("the token's security record: %q", detail)
			}

			// The join form, shown again with a name over 80 characters
			// (refused: at most 60), keeps the 80th character whole.
			_, _, code := e.liveMeeting("facilitator")
			res := e.post(e.client(), "/doe-mee", url.Values{"code": {code}, "name": {strings.Repeat("a", 79) + "şen Öztürk"}})
			page := body(t, res)
			if res.StatusCode != http.StatusUnprocessableEntity || !utf8.ValidString(page) || !strings.Contains(page, strings.Repeat("a", 79)+"ş\"") {
				t.Errorf("the join form shown again: %d, UTF-8 %v", res.StatusCode, utf8.ValidString(page))
			}
		})
	}
}
