package svg

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

func TestEscapeGivesWellFormedXML(t *testing.T) {
	for _, in := range []string{`<script>alert("x")</script>`, "a & b", "tab\there\nline", "bel\x07", "bad \xff utf8", "c1 \u0085", "\uFFFE", "Ayşe Yılmaz", `'quoted'`} {
		doc := `<svg a="` + Escape(in) + `">` + Escape(in) + `</svg>`
		d := xml.NewDecoder(strings.NewReader(doc))
		for {
			if _, err := d.Token(); err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%q: %v in %s", in, err, doc)
				}
				break
			}
		}
		if strings.ContainsAny(Escape(in), "<>\"'\n\t") {
			t.Errorf("%q escaped to %q", in, Escape(in))
		}
	}
	if got := Escape("Ayşe Yılmaz"); got != "Ayşe Yılmaz" {
		t.Errorf("letters changed: %q", got)
	}
}

func TestNumbers(t *testing.T) {
	for v, want := range map[float64]string{12: "12", 12.04: "12", 12.46: "12.5", -3.25: "-3.3", 0.05: "0.1"} {
		if got := string(AppendNum(nil, v)); got != want {
			t.Errorf("%v: %q, want %q", v, got, want)
		}
	}
}

func TestWriter(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	w.Raw("<circle").NumAttr("cx", 1.25).Attr("data-name", `"x"`).Raw(` points="`).Point(1, 2.5).Raw(`"/>`).Int(3)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), `<circle cx="1.3" data-name="&#34;x&#34;" points="1,2.5"/>3`; got != want {
		t.Fatalf("%s, want %s", got, want)
	}
}
