package timelinebench

import (
	"bytes"
	"testing"

	"github.com/rotonde-jeugd/rotonde/timeline"
	"github.com/xuri/excelize/v2"
)

// BenchmarkParseXLSX100000 reads a real workbook of 100,000 events (written
// by excelize, as Excel writes them: shared strings, date cells).
func BenchmarkParseXLSX100000(b *testing.B) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	_ = sw.SetRow("A1", []any{"datum", "soort", "omschrijving", "personen", "organisatie", "hulpverlener"})
	for i, e := range events(100000) {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		_ = sw.SetRow(cell, []any{e.Date.String(), string(e.Kind), e.Description, "Noor (15); moeder", e.Organisations[0], e.Helpers[0]})
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		b.Fatal(err)
	}
	benchParse(b, buf.Bytes(), timeline.ParseXLSX, 100000)
}
