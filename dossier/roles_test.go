package dossier

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

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
		file := filepath.Join(t.TempDir(), "dossier.pdf")
		if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		txt, err := exec.Command("pdftotext", file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		for _, w := range want {
			if !bytes.Contains(txt, []byte(w)) {
				t.Errorf("%s: dossier lacks %q", lang, w)
			}
		}
		if bytes.Contains(txt, []byte("— family")) && lang == "nl" {
			t.Errorf("nl: role code printed")
		}
	}
}
