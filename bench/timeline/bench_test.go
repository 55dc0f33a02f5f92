package timelinebench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/bench/internal/harness"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// events is a long invented history of n events from 2010 on.
func events(n int) []timeline.Event { return harness.Events(n, 2010, 16) }

func BenchmarkRenderSVG20000(b *testing.B) {
	evs := events(20000)
	b.ReportAllocs()
	for b.Loop() {
		if err := timeline.Render(io.Discard, evs, timeline.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseCSV100000(b *testing.B) {
	var buf bytes.Buffer
	if err := timeline.WriteCSV(&buf, events(100000)); err != nil {
		b.Fatal(err)
	}
	benchParse(b, buf.Bytes(), timeline.ParseCSV, 100000)
}

// BenchmarkParseCSV100000Infer measures the keyword inference path: a file
// without a kenmerken column.
func BenchmarkParseCSV100000Infer(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("datum;soort;omschrijving;personen\n")
	for i := range 100000 {
		fmt.Fprintf(&buf, "%d-%02d-%02d;beslismoment;Noor wordt geplaatst in de crisisopvang, start MST %d;Noor (15)\n", 2010+i%16, 1+i%12, 1+i%28, i)
	}
	benchParse(b, buf.Bytes(), timeline.ParseCSV, 0)
}

// benchParse parses data with parse in every round, and fails unless the
// preview is whole and, when want > 0, holds want events.
func benchParse(b *testing.B, data []byte, parse func(context.Context, io.Reader, timeline.ParseOptions) (*timeline.Preview, error), want int) {
	opt := timeline.ParseOptions{Now: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := parse(context.Background(), bytes.NewReader(data), opt)
		if err != nil {
			b.Fatal(err)
		}
		if !p.OK() || want > 0 && len(p.Events) != want {
			b.Fatalf("%d events, %d rejected", len(p.Events), len(p.Rejected))
		}
	}
}
