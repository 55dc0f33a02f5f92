package web_test

import (
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/internal/pdftest"
)

// TestDossierNamesTheMethodsSources: the case dossier shows the method's
// questions, cycle and phases, so it names the publications they come from.
func TestDossierNamesTheMethodsSources(t *testing.T) {
	e := newEnv(t)
	c := e.login("facilitator@demo.test")
	res, body := e.get(c, "/casussen/"+itoa(e.demoCaseID())+"/dossier.pdf")
	if res.StatusCode != 200 {
		t.Fatalf("dossier: %d", res.StatusCode)
	}
	text := strings.Join(strings.Fields(pdftest.Text(t, pdftest.WriteFile(t, []byte(body)))), " ")
	if !strings.Contains(text, "Bronnen van de methode") || !strings.Contains(text, "Nederlands Jeugdinstituut") {
		t.Fatalf("the dossier does not name its sources:\n%s", text[max(0, len(text)-600):])
	}
}
