package dossier

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/internal/pdftest"
	"github.com/rotonde-jeugd/rotonde/internal/testtool"
)

// TestDossierNamesRolesInTheReadersLanguage: members are listed with their
// role in Dutch (or English), never the stored code such as "family".
func TestDossierNamesRolesInTheReadersLanguage(t *testing.T) {
	testtool.RequireTool(t, "pdftotext")
	for lang, want := range map[string][]string{
		"nl": {"Moeder van Noor — gezinslid", "Femke de Vries — facilitator"},
		"en": {"Moeder van Noor — family member"},
	} {
		in := demoInput()
		in.Lang = lang
		var buf bytes.Buffer
		if err := Write(&buf, in); err != nil {
			t.Fatal(err)
		}
		txt := pdftest.Text(t, pdftest.WriteFile(t, buf.Bytes()))
		for _, w := range want {
			if !strings.Contains(txt, w) {
				t.Errorf("%s: dossier lacks %q", lang, w)
			}
		}
		if strings.Contains(txt, "— family") && lang == "nl" {
			t.Errorf("nl: role code printed")
		}
	}
}
