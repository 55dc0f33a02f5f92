package genogram

import (
	"bytes"
	"context"
	"testing"
)

// FuzzImportGEDCOM: the parser must never panic; whatever it accepts must be
// a valid genogram that renders, exports and re-imports.
func FuzzImportGEDCOM(f *testing.F) {
	f.Add([]byte("0 HEAD\n0 @I1@ INDI\n1 NAME a /b/\n1 SEX F\n1 BIRT\n2 DATE ABT 1980\n0 TRLR\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, warns, err := ImportGEDCOM(context.Background(), bytes.NewReader(data))
		if err != nil {
			if g != nil || warns != nil {
				t.Fatal("partial result with error")
			}
			return
		}
		if errs, _ := g.Check(); len(errs) > 0 {
			t.Fatalf("accepted an invalid genogram: %v", errs[0])
		}
		var svg, ged bytes.Buffer
		if err := Render(&svg, g, Options{}); err != nil {
			t.Fatal(err)
		}
		if err := ExportGEDCOM(&ged, g); err != nil {
			t.Fatal(err)
		}
		back, _, err := ImportGEDCOM(context.Background(), &ged)
		if err != nil {
			t.Fatalf("own export does not re-import: %v\n%s", err, ged.String())
		}
		if len(back.Persons) != len(g.Persons) {
			t.Fatalf("re-import has %d persons, want %d", len(back.Persons), len(g.Persons))
		}
	})
}
