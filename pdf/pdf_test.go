package pdf

import (
	"bytes"
	"github.com/rotonde-jeugd/rotonde/internal/testtool"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	lines := Wrap("Noor wil graag weer naar school en bij haar pleegouders blijven wonen.", 120, 10, false)
	if len(lines) < 3 {
		t.Fatalf("wrapped into %d lines: %q", len(lines), lines)
	}
	for _, l := range lines {
		if TextWidth(l, 10, false) > 120 {
			t.Errorf("line %q is %.1f wide", l, TextWidth(l, 10, false))
		}
	}
	if got := Wrap(strings.Repeat("x", 200), 50, 10, false); len(got) < 4 {
		t.Errorf("long word not cut: %q", got)
	}
	if TextWidth("Wi", 10, true) <= TextWidth("Wi", 10, false) {
		t.Errorf("bold is not wider")
	}
}

func TestEncodeWinAnsi(t *testing.T) {
	if got := encodeString("ë é (x) \\ – €"); got != `(\353 \351 \(x\) \\ \226 \200)` {
		t.Errorf("encoded %s", got)
	}
	if got := encodeString("日"); got != "(?)" {
		t.Errorf("unmappable: %s", got)
	}
}

// TestRendersWithPoppler writes a two-page document and has poppler render
// and extract it: the structure (xref, streams, fonts) must be valid and the
// Dutch letters must survive.
func TestRendersWithPoppler(t *testing.T) {
	testtool.RequireTool(t, "pdftoppm")
	d := New("Proef – één")
	p := d.AddPage()
	p.Fill(Black)
	p.Text(50, 80, 18, true, "Geëxporteerd dossier: één café")
	p.Stroke(Grey)
	p.Dash(4, 2)
	p.Line(50, 100, 500, 100)
	p.Dash()
	p.Circle(100, 200, 30, false, true)
	p.Fill(Colour{0.9, 0.3, 0.3})
	p.Rect(200, 170, 60, 60, true, true)
	p.Polygon(true, true, 350, 170, 380, 200, 350, 230, 320, 200)
	d.AddPage().Text(50, 80, 12, false, "Pagina twee")
	var buf bytes.Buffer
	if _, err := d.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "proef.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftoppm", "-png", "-r", "30", file, filepath.Join(dir, "p")).CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "p-*.png"))
	if len(pngs) != 2 {
		t.Fatalf("rendered %d pages, want 2", len(pngs))
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, err := exec.Command("pdftotext", file, "-").Output()
		if err != nil || !strings.Contains(string(txt), "Geëxporteerd dossier: één café") {
			t.Errorf("extracted text %q %v", txt, err)
		}
	}
}
