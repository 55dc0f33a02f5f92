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

func TestRunsMarkWhatTheFontsCannotShow(t *testing.T) {
	got := runs("Ayşe\tYılmaz نور حسن en 日本")
	want := []run{{"Ayşe Yılmaz ", false}, {"نور حسن", true}, {" en ", false}, {"日本", true}}
	if len(got) != len(want) {
		t.Fatalf("runs %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("run %d = %+v, want %+v", i, got[i], want[i])
		}
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

// TestNamesInEveryScriptSurvive writes names in Turkish, Polish, Czech,
// Greek, Cyrillic and Arabic script and reads the PDF back as a reader
// would: every font embedded (pdffonts), the names extracted (pdftotext),
// the title as typed (pdfinfo), and the Arabic name marked, explained and
// kept as ActualText rather than turned into question marks.
func TestNamesInEveryScriptSurvive(t *testing.T) {
	for _, tool := range []string{"pdffonts", "pdftotext", "pdfinfo", "pdftoppm"} {
		testtool.RequireTool(t, tool)
	}
	names := []string{"Ayşe Yılmaz", "İbrahim Güneş", "Łucja Wąsowska-Źdźbło", "Jiří Dvořák", "Γιώργος Παπαδόπουλος", "Наталья Соколова", "Mário Conceição"}
	d := New("Noor (15) — dossier")
	d.Author = "Ayşe Yılmaz"
	p := d.AddPage()
	for i, n := range names {
		p.Text(50, 80+20*float64(i), 12, i%2 == 1, n)
	}
	p.Text(50, 300, 12, false, "Moeder: نور حسن (Noor Hassan)")
	d.AddPage().Text(50, 80, 12, false, "Alleen Latijn hier")
	var buf bytes.Buffer
	if _, err := d.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "namen.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	fonts, err := exec.Command("pdffonts", file).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v %s", err, fonts)
	}
	rows := strings.Split(strings.TrimSpace(string(fonts)), "\n")[2:]
	if len(rows) != 2 {
		t.Fatalf("pdffonts lists %d fonts:\n%s", len(rows), fonts)
	}
	for _, row := range rows {
		f := strings.Fields(row)
		// name type(2 words) encoding emb sub uni object ID
		if len(f) < 9 || f[1] != "CID" || f[len(f)-5] != "yes" || f[len(f)-4] != "yes" || f[len(f)-3] != "yes" {
			t.Errorf("font not embedded as a subset with a ToUnicode map: %q", row)
		}
	}
	txt, err := exec.Command("pdftotext", "-f", "1", "-l", "1", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if !strings.Contains(string(txt), n) {
			t.Errorf("pdftotext lost %q:\n%s", n, txt)
		}
	}
	if strings.Contains(string(txt), "?") {
		t.Errorf("a question mark crept in:\n%s", txt)
	}
	if !strings.Contains(string(txt), "نور") && !strings.Contains(string(txt), "رون") {
		t.Errorf("the Arabic name is not kept as ActualText:\n%s", txt)
	}
	if !strings.Contains(string(txt), "niet kan tonen (zoals Arabisch)") {
		t.Errorf("page 1 does not explain the mark:\n%s", txt)
	}
	page2, _ := exec.Command("pdftotext", "-f", "2", "-l", "2", file, "-").Output()
	if strings.Contains(string(page2), "Arabisch") {
		t.Errorf("page 2 has no Arabic but carries the note")
	}
	info, err := exec.Command("pdfinfo", file).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Title: Noor (15) — dossier", "Author: Ayşe Yılmaz", "Tagged: yes"} {
		if !strings.Contains(strings.Join(strings.Fields(string(info)), " "), want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	if !bytes.Contains(buf.Bytes(), []byte("/Lang <FEFF006E006C>")) {
		t.Errorf("catalog has no /Lang nl")
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "40", file, filepath.Join(t.TempDir(), "p")).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("pdftoppm: %v %s", err, out)
	}
}
