package timeline

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/rotonde-jeugd/rotonde"
)

// CSVHeader is the header WriteCSV writes: the import columns in canonical order.
var CSVHeader = [...]string{"id", "datum", "soort", "omschrijving", "baan", "bron", "personen", "organisatie",
	"hulpverlener", "kenmerken", "emoties", "meningen", "aannames", "interpretaties"}

// WriteCSV writes events in the import format, so that an export can be
// read back by ParseCSV unchanged. Inferred tags are not written.
//
// The file is made for a double click in Dutch Excel: a UTF-8 byte-order
// mark (or Excel guesses Windows-1252), ";" between fields (Excel uses the
// regional list separator, which is ";" where the decimal sign is ","),
// CRLF line ends, and every cell passed through rotonde.NeutraliseCell so
// that no value runs as a formula.
func WriteCSV(w io.Writer, events []Event) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := NewExcelCSVWriter(w)
	if err := cw.Write(CSVHeader[:]); err != nil {
		return err
	}
	rec := make([]string, len(CSVHeader))
	for i := range events {
		e := &events[i]
		rec[0] = e.ID
		rec[1] = e.Date.String()
		rec[2] = string(e.Kind)
		rec[3] = e.Description
		rec[4] = string(e.Lane)
		rec[5] = string(e.Source)
		rec[6] = joinList(e.Persons)
		rec[7] = joinList(e.Organisations)
		rec[8] = joinList(e.Helpers)
		rec[9] = FormatTags(e.Tags)
		rec[10] = e.Emotions
		rec[11] = e.Opinions
		rec[12] = e.Assumptions
		rec[13] = e.Interpretations
		for i := range rec {
			rec[i] = rotonde.NeutraliseCell(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// NewExcelCSVWriter returns a CSV writer in the dialect Dutch Excel opens
// on a double click: ";" between fields and CRLF line ends. The caller
// writes the byte-order mark first and neutralises each cell.
func NewExcelCSVWriter(w io.Writer) *csv.Writer {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	return cw
}

// joinList joins with "; ". A single item with a comma gets a trailing ";"
// so that the importer splits on ";" and keeps the comma.
func joinList(l []string) string {
	s := strings.Join(l, "; ")
	if len(l) == 1 && strings.Contains(s, ",") {
		s += ";"
	}
	return s
}
