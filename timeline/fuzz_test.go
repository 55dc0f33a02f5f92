package timeline

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/internal/testtool"
)

// FuzzParseCSV: the parser never panics, returns either a file error or a
// preview, keeps its all-or-nothing contract, and whatever it accepts
// renders as well-formed SVG.
func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("datum,soort,omschrijving,baan,bron,personen,organisatie,hulpverlener\n2019-03-14,beslismoment,Start,professioneel,dossier,Noor (15);moeder,Wijkteam,wijkcoach\n"))
	f.Add([]byte("\ufeffDatum;Soort;Omschrijving\r\nca. 2019;beleving;\"a;b\"\r\n"))
	f.Add([]byte("datum\tsoort\tomschrijving\tkenmerken\n±2019\tcontact\tx\tplaatsing=pleeggezin;tijdelijk\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		opt := ParseOptions{Now: now, Limits: Limits{MaxRows: 500, MaxFieldLen: 200}}
		p, err := ParseCSV(context.Background(), bytes.NewReader(data), opt)
		if err != nil {
			if p != nil {
				t.Fatal("both a preview and an error")
			}
			return
		}
		for _, r := range p.Rejected {
			if r.Line < 1 || !strings.HasPrefix(r.Message("nl"), "Regel ") || !strings.HasPrefix(r.Message("en"), "Line ") {
				t.Fatalf("bad row error %+v", r)
			}
		}
		for _, e := range p.Events {
			if !e.Date.Valid() || !e.Kind.Valid() || !e.Lane.Valid() || !e.Source.Valid() || e.Description == "" || e.ID == "" {
				t.Fatalf("invalid accepted event %+v", e)
			}
		}
		var buf bytes.Buffer
		if err := Render(&buf, p.Events, Options{Width: 800}); err != nil {
			t.Fatal(err)
		}
		testtool.SVGElements(t, buf.Bytes())
	})
}
