package genogram

import (
	"bytes"
	"context"
	"io"
	"testing"
)

func benchRender(b *testing.B, n int) {
	g := SyntheticFamily(n, 1)
	b.ReportAllocs()
	for b.Loop() {
		if err := Render(io.Discard, g, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// Budget: ≤ 5 ms for 50 persons, ≤ 100 ms for 2,000 persons (layout + SVG).
func BenchmarkLayoutSVG50(b *testing.B)   { benchRender(b, 50) }
func BenchmarkLayoutSVG2000(b *testing.B) { benchRender(b, 2000) }

func BenchmarkLayoutOnly2000(b *testing.B) {
	g := SyntheticFamily(2000, 1)
	for b.Loop() {
		ComputeLayout(g, Options{})
	}
}

func BenchmarkDemoWithProfessionals(b *testing.B) {
	g := StepfamilyFixture()
	for b.Loop() {
		if err := Render(io.Discard, g, Options{Professionals: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// Budget: ≤ 2 s for 12,000 persons.
func BenchmarkImportGEDCOM12000(b *testing.B) {
	var buf bytes.Buffer
	if err := ExportGEDCOM(&buf, SyntheticFamily(12000, 1)); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		g, _, err := ImportGEDCOM(context.Background(), bytes.NewReader(data))
		if err != nil || len(g.Persons) != 12000 {
			b.Fatal(err)
		}
	}
}

func BenchmarkExportGEDCOM12000(b *testing.B) {
	g := SyntheticFamily(12000, 1)
	for b.Loop() {
		if err := ExportGEDCOM(io.Discard, g); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkForceField(b *testing.B) {
	f := ForceFieldFixture()
	for b.Loop() {
		if err := RenderForceField(io.Discard, f, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
