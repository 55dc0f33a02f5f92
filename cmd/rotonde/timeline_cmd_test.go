package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTimelineCommand(t *testing.T) {
	dir := t.TempDir()
	csv, svg := filepath.Join(dir, "noor.csv"), filepath.Join(dir, "noor.svg")
	var out, errw bytes.Buffer
	ctx := context.Background()
	if err := runTimeline(ctx, []string{"demo", "--out", csv}, &out, &errw); err != nil {
		t.Fatal(err)
	}
	if err := runTimeline(ctx, []string{"render", "--csv", csv, "--out", svg, "--lang", "en", "--from", "2019", "--to", "2021"}, &out, &errw); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(svg)
	els := svgElements(t, b)
	for _, se := range els {
		if attr(se, "class") == "event" && !strings.HasPrefix(attr(se, "data-date"), "20") {
			t.Errorf("odd date %q", attr(se, "data-date"))
		}
		if attr(se, "class") == "event" {
			if d := attr(se, "data-date"); d < "2019" || d > "2021-12-31" {
				t.Errorf("event outside zoom: %s", d)
			}
		}
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("datum,soort,omschrijving\n2019-13-40,contact,x\n"), 0o644)
	errw.Reset()
	if err := runTimeline(ctx, []string{"render", "--csv", bad, "--out", filepath.Join(dir, "bad.svg")}, &out, &errw); err == nil {
		t.Error("bad file accepted")
	}
	if !strings.Contains(errw.String(), "Regel 2") {
		t.Errorf("stderr does not name the line: %q", errw.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.svg")); err == nil {
		t.Error("SVG written despite rejected rows")
	}
	if err := runTimeline(ctx, []string{"render"}, &out, &errw); err == nil {
		t.Error("missing flags accepted")
	}
}

// svgElements parses out and returns the start elements, failing on
// malformed XML.
func svgElements(t testing.TB, svg []byte) []xml.StartElement {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	var out []xml.StartElement
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			out = append(out, se.Copy())
		}
	}
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
