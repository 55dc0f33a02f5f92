package web_test

import (
	"net/url"
	"strings"
	"testing"
)

// TestGEDCOMFormSaysItsLimit: the import form names the limits the
// preview and the confirm step hold a file to, in the reader's language.
func TestGEDCOMFormSaysItsLimit(t *testing.T) {
	e := newEnv(t)
	c := e.login("facilitator@demo.test")
	path := "/casussen/" + itoa(e.demoCaseID()) + "/genogram"
	if _, page := e.get(c, path); !strings.Contains(page, "hoogstens 6 MB, 500.000 regels en 20.000 personen") {
		t.Fatalf("the Dutch import form does not state its limit")
	}
	e.post(c, "/taal", url.Values{"lang": {"en"}})
	if _, page := e.get(c, path); !strings.Contains(page, "at most 6 MB, 500,000 lines and 20,000 persons") {
		t.Fatalf("the English import form does not state its limit")
	}
}
