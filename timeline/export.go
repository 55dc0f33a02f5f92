package timeline

import (
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
// that no value runs as a formula (rotonde.WriteExcelCSV).
func WriteCSV(w io.Writer, events []Event) error {
	rows := make([][]string, 0, len(events)+1)
	rows = append(rows, CSVHeader[:])
	for i := range events {
		e := &events[i]
		rows = append(rows, []string{e.ID, e.Date.String(), string(e.Kind), e.Description, string(e.Lane), string(e.Source),
			joinList(e.Persons), joinList(e.Organisations), joinList(e.Helpers), FormatTags(e.Tags),
			e.Emotions, e.Opinions, e.Assumptions, e.Interpretations})
	}
	return rotonde.WriteExcelCSV(w, rows)
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
