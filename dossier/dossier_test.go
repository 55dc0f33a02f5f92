package dossier

import (
	"bytes"
	"github.com/rotonde-jeugd/rotonde/internal/testtool"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/signal"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// demoInput is Noor's invented case, with the demo timeline and genogram.
func demoInput() Input {
	evs := timeline.DemoNoor()
	return Input{
		Lang:        "nl",
		Case:        rotonde.Case{Title: "Noor (15)", Reason: "Noor is sinds haar negende bij veel hulpverleners geweest; niemand overziet het geheel."},
		Members:     []rotonde.Member{{UserName: "Femke de Vries", Role: rotonde.MemberFacilitator, OrgName: "Leerwerkplaats"}, {UserName: "Moeder van Noor", Role: rotonde.MemberFamily}},
		ExportedAt:  time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC),
		ExportedBy:  "Femke de Vries",
		Dream:       []QA{{"Waar droomt Noor van?", "Een eigen kamer en weer naar school, met vriendinnen om zich heen."}},
		Events:      evs,
		Signals:     signal.Compute(evs, signal.Options{}),
		Genogram:    genogram.DemoStepfamily(),
		Cycle:       []CycleStep{{Title: "Ervaringen verbinden"}, {Title: "Samen analyseren"}, {Title: "Bestaande kennis benutten", Entries: []string{"Intake bij GGZ aangevraagd"}}, {Title: "Monitoren en evalueren", Entries: []string{"Evaluatie na zes weken"}}},
		CycleAdvice: "Stap 1 en 2 lijken overgeslagen.",
		Phase:       "De pas op de plaats",
		Steps:       []rotonde.SmallStep{{Title: "Terugkoppelen aan moeder", Status: rotonde.StepOpen, ReportBack: true}, {Title: "Bellen met school", Status: rotonde.StepDone, OwnerName: "mentor"}},
	}
}

// TestDossierRendersWithPoppler renders the demo dossier to images with
// pdftoppm: more than one page, and the pages are not blank.
func TestDossierRendersWithPoppler(t *testing.T) {
	testtool.RequireTool(t, "pdftoppm")
	var buf bytes.Buffer
	if err := Write(&buf, demoInput()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if keep := os.Getenv("DOSSIER_OUT"); keep != "" {
		dir = keep
	}
	file := filepath.Join(dir, "dossier.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftoppm", "-png", "-r", "50", file, filepath.Join(dir, "page")).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if len(pngs) < 2 {
		t.Fatalf("rendered %d pages, want more than 1", len(pngs))
	}
	for _, f := range pngs {
		if dark := inked(t, f); dark < 0.003 {
			t.Errorf("%s looks blank: %.4f of the pixels are dark", filepath.Base(f), dark)
		}
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, _ := exec.Command("pdftotext", file, "-").Output()
		for _, want := range []string{"Noor (15)", "VERTROUWELIJK", "Geëxporteerd", "Tijdlijn", "Geno-sociogram", "Leercyclus", "Terugkoppelen aan moeder"} {
			if !bytes.Contains(txt, []byte(want)) {
				t.Errorf("dossier text lacks %q", want)
			}
		}
	}
}

// inked returns the share of clearly non-white pixels.
func inked(t *testing.T, file string) float64 {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0xc000 {
				dark++
			}
		}
	}
	return float64(dark) / float64(b.Dx()*b.Dy())
}

var _ image.Image = (*image.RGBA)(nil)

func TestEmptyCaseStillWrites(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, Input{Lang: "en", Case: rotonde.Case{Title: "Sam (12)"}}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-1.4")) || !bytes.Contains(buf.Bytes(), []byte("%%EOF")) {
		t.Fatalf("not a PDF")
	}
}
