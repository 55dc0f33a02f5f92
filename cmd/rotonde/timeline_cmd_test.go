package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/internal/testtool"
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
	els := testtool.SVGElements(t, b)
	for _, se := range els {
		if testtool.Attr(se, "class") == "event" && !strings.HasPrefix(testtool.Attr(se, "data-date"), "20") {
			t.Errorf("odd date %q", testtool.Attr(se, "data-date"))
		}
		if testtool.Attr(se, "class") == "event" {
			if d := testtool.Attr(se, "data-date"); d < "2019" || d > "2021-12-31" {
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
