package web

import (
	"encoding/xml"
	"strings"
	"testing"
)

// Both QR codes come from one drawing: well-formed SVG with the look's
// class, size and title, the title escaped.
func TestQRCodesShareOneDrawing(t *testing.T) {
	join, err := joinQR("https://rotonde.example/doe-mee/K7Q2", `Code <K7Q2> & "zaal"`)
	if err != nil {
		t.Fatal(err)
	}
	totp, err := totpQR("otpauth://totp/Rotonde:a%40example.nl?secret=ABC")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		svg, class, size, title string
	}{
		{string(join), "qr join-qr", "176", `Code <K7Q2> & "zaal"`},
		{string(totp), "qr", "220", "QR"},
	} {
		var doc struct {
			Class  string `xml:"class,attr"`
			Width  string `xml:"width,attr"`
			Height string `xml:"height,attr"`
			Title  string `xml:"title"`
			Path   struct {
				D string `xml:"d,attr"`
			} `xml:"path"`
		}
		if err := xml.Unmarshal([]byte(c.svg), &doc); err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, c.svg)
		}
		if doc.Class != c.class || doc.Width != c.size || doc.Height != c.size || doc.Title != c.title {
			t.Errorf("got class %q size %sx%s title %q, want %q %s %q", doc.Class, doc.Width, doc.Height, doc.Title, c.class, c.size, c.title)
		}
		if !strings.HasPrefix(doc.Path.D, "M") || strings.Contains(c.svg, "<script") || strings.Contains(c.svg, "style") {
			t.Errorf("unexpected drawing: %.200s", c.svg)
		}
	}
}
