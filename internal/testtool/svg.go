package testtool

import (
	"bytes"
	"encoding/xml"
	"io"
	"testing"
)

// SVGElements parses a drawing and returns its start elements in order;
// the test fails if it is not well-formed XML.
func SVGElements(tb testing.TB, svg []byte) []xml.StartElement {
	tb.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	var out []xml.StartElement
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			tb.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			out = append(out, se.Copy())
		}
	}
}

// Attr returns the value of an element's attribute, or "".
func Attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
