package figure_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/pdftest"
	"github.com/rotonde-jeugd/rotonde/pdf"
	"github.com/rotonde-jeugd/rotonde/pdf/figure"
)

// TestGenogramPrintKeepsTiesHouseholdsAndLegend prints the demo family as
// the dossier and the meeting report do, and finds on the rendered page
// what the screen shows besides the family lines: the conflict and close
// ties in their colours, the child's household outlined in purple, and a
// legend naming them.
func TestGenogramPrintKeepsTiesHouseholdsAndLegend(t *testing.T) {
	g := demo.Stepfamily()
	f := figure.NewGenogram(g, "nl", 495, 640)
	tiles := f.Tiles()
	if len(tiles) != 1 {
		t.Fatalf("the demo family on %d tiles", len(tiles))
	}
	doc := pdf.New("geno-sociogram")
	p := doc.AddPage()
	tiles[0].Draw(p, 50, 60)
	var buf bytes.Buffer
	if _, err := doc.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	file := pdftest.WriteFile(t, buf.Bytes())
	text := pdftest.Text(t, file)
	for _, want := range []string{"conflict", "nauw", "huishouden van het kind"} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed legend lacks %q:\n%s", want, text)
		}
	}
	img := pdftest.Page(t, file, 1)
	y1 := 60 + tiles[0].Height()
	for name, colour := range map[string]func(r, g, b int) bool{
		"conflict (red)":             pdftest.Near(0xc6, 0x28, 0x28, 40),
		"close (green)":              pdftest.Near(0x2e, 0x7d, 0x32, 40),
		"child's household (purple)": pdftest.Near(0x5e, 0x35, 0xb1, 40),
	} {
		if n := pdftest.Count(img, 50, 60, 545, y1, colour); n < 20 {
			t.Errorf("%s: %d pixels on the page", name, n)
		}
	}
	if tiles[0].Height() > 640 {
		t.Errorf("drawing and legend take %.0f points of 640", tiles[0].Height())
	}
}
