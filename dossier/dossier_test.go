package dossier

import (
	"bytes"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/testtool"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/internal/pdftest"
	"github.com/rotonde-jeugd/rotonde/signal"
)

// demoInput is Noor's invented case, with the demo timeline and genogram.
func demoInput() Input {
	evs := demo.NoorTimeline()
	return Input{
		Lang:        "nl",
		Case:        rotonde.Case{Title: "Noor (15)", Reason: "Noor is sinds haar negende bij veel hulpverleners geweest; niemand overziet het geheel."},
		Members:     []rotonde.Member{{UserName: "Femke de Vries", Role: rotonde.MemberFacilitator, OrgName: "Leerwerkplaats"}, {UserName: "Moeder van Noor", Role: rotonde.MemberFamily}},
		ExportedAt:  time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC),
		ExportedBy:  "Femke de Vries",
		Dream:       []QA{{"Waar droomt Noor van?", "Een eigen kamer en weer naar school, met vriendinnen om zich heen."}},
		Events:      evs,
		Signals:     signal.Compute(evs, signal.Options{}),
		Genogram:    demo.Stepfamily(),
		Cycle:       []CycleStep{{Title: "Ervaringen verbinden"}, {Title: "Samen analyseren"}, {Title: "Bestaande kennis benutten", Entries: []string{"Intake bij GGZ aangevraagd"}}, {Title: "Monitoren en evalueren", Entries: []string{"Evaluatie na zes weken"}}},
		CycleAdvice: "Stap 1 en 2 lijken overgeslagen.",
		Phase:       "De pas op de plaats",
		Steps:       []rotonde.SmallStep{{Title: "Terugkoppelen aan moeder", Status: rotonde.StepOpen, ReportBack: true}, {Title: "Bellen met school", Status: rotonde.StepDone, OwnerName: "mentor"}},
		Insights: []Insight{
			{Body: "Elke nieuwe plek begon met een nieuw plan; niemand keek eerst terug naar wat wél werkte.", Level: "Netwerk of ecosysteem", Meeting: "Leerbijeenkomst 1", Author: "Moeder van Noor", At: time.Date(2025, 2, 10, 0, 0, 0, 0, time.UTC)},
			{Body: "Ik bel vooral om mijn eigen dossier rond te krijgen, niet om Noor te horen.", Meeting: "Leerbijeenkomst 1", At: time.Date(2025, 2, 10, 0, 0, 0, 0, time.UTC)},
			{Body: "We praten over Noor, niet met haar.", Level: "Persoonlijk", Author: "Femke de Vries", At: time.Date(2025, 2, 20, 0, 0, 0, 0, time.UTC)},
		},
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
	txt := pdftest.Text(t, file)
	for _, want := range []string{"Noor (15)", "VERTROUWELIJK", "Geëxporteerd", "Tijdlijn", "Geno-sociogram", "Leercyclus", "Terugkoppelen aan moeder",
		"Inzichten", "Netwerk of ecosysteem", "(anoniem)", "niet met haar"} {
		if !strings.Contains(txt, want) {
			t.Errorf("dossier text lacks %q", want)
		}
	}
}

// inked returns the share of clearly non-white pixels.
func inked(t *testing.T, file string) float64 {
	img := pdftest.ReadPNG(t, file)
	b := img.Bounds()
	dark := pdftest.Count(img, float64(b.Min.X), float64(b.Min.Y), float64(b.Max.X), float64(b.Max.Y), pdftest.Inked)
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

// TestDossierPrintsEveryFamilysNames writes a dossier whose family and
// professionals have Turkish, Polish, Greek and Cyrillic names: every font
// is embedded, the names come back from pdftotext, and the document title
// reads as typed (it read "Noor (15) Š dossier" with WinAnsi metadata).
func TestDossierPrintsEveryFamilysNames(t *testing.T) {
	in := demoInput()
	names := []string{"Ayşe Yılmaz", "Łucja Wąsowska", "Γιώργος Παπαδόπουλος", "Наталья Соколова"}
	for _, n := range names {
		in.Members = append(in.Members, rotonde.Member{UserName: n, Role: rotonde.MemberFamily})
	}
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	file := pdftest.WriteFile(t, buf.Bytes())
	txt := pdftest.Text(t, file)
	for _, n := range names {
		if !bytes.Contains([]byte(txt), []byte(n)) {
			t.Errorf("dossier text lacks %q", n)
		}
	}
	testtool.RequireTool(t, "pdffonts")
	fonts, err := exec.Command("pdffonts", file).Output()
	if err != nil {
		t.Fatal(err)
	}
	rows := bytes.Split(bytes.TrimSpace(fonts), []byte("\n"))[2:]
	for _, row := range rows {
		f := bytes.Fields(row)
		if len(f) < 9 || string(f[len(f)-5]) != "yes" {
			t.Errorf("font not embedded: %s", row)
		}
	}
	if info := pdftest.Info(t, file); !strings.Contains(info, "Noor (15) — dossier") {
		t.Errorf("pdfinfo title:\n%s", info)
	}
}

// TestLargeGenogramSpansPages: a family of 120 is printed over several
// pages at a readable size (it was shrunk onto one A4 until the names were
// specks), and every family member's name can be found in the PDF.
func TestLargeGenogramSpansPages(t *testing.T) {
	in := demoInput()
	in.Genogram = genogram.SyntheticFamily(120, 1)
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	file := pdftest.WriteFile(t, buf.Bytes())
	words := pdftest.Words(t, file)
	pages := map[int]bool{}
	for _, w := range words {
		if w.Text == "deel" {
			pages[w.Page] = true
		}
	}
	if len(pages) < 2 {
		t.Errorf("the genogram is on %d page(s), want it tiled over several", len(pages))
	}
	byText := map[string]pdftest.Word{}
	for _, w := range words {
		byText[w.Text] = w
	}
	for _, p := range in.Genogram.Persons {
		if p.Professional {
			continue
		}
		first := strings.Fields(p.Alias)[0]
		w, ok := byText[first]
		if !ok {
			t.Errorf("%q is not in the PDF", p.Alias)
			continue
		}
		if h := w.Y1 - w.Y0; h < 5 {
			t.Errorf("%q is printed %.1f points high", p.Alias, h)
		}
	}
}

// TestDossierIsTagged: the dossier is a tagged PDF (pdfinfo), with
// headings and figures in its structure tree (pdfinfo -struct), and each
// figure has alternative text.
func TestDossierIsTagged(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, demoInput()); err != nil {
		t.Fatal(err)
	}
	file := pdftest.WriteFile(t, buf.Bytes())
	if info := pdftest.Info(t, file); !strings.Contains(info, "Tagged:          yes") {
		t.Errorf("not tagged:\n%s", info)
	}
	tree := pdftest.Info(t, file, "-struct-text")
	for _, want := range []string{"Document", "H1 (block)\n    \"Noor (15)\"", "H1 (block)\n    \"Tijdlijn\"", "H2 (block)", "Figure"} {
		if !strings.Contains(tree, want) {
			t.Errorf("structure tree lacks %q", want)
		}
	}
	figures := bytes.Count(buf.Bytes(), []byte("/S /Figure "))
	withAlt := bytes.Count(buf.Bytes(), []byte("/Alt <FEFF"))
	if figures < 2 || withAlt != figures {
		t.Errorf("%d figures, %d with alternative text", figures, withAlt)
	}
	if strings.Contains(tree, "vertrouwelijk · ") {
		t.Errorf("the running footer is content, not an artifact")
	}
}
