package rotonde

import (
	"encoding/csv"
	"io"
	"strings"
)

// formulaStart holds the characters that make a spreadsheet program read a
// cell as a formula (OWASP's list for CSV injection): =, +, -, @, tab and
// carriage return.
const formulaStart = "=+-@\t\r"

// NeutraliseCell makes s safe to write into a CSV or XLSX cell that people
// open in Excel or LibreOffice: a value that would start a formula gets a
// leading single quote, so it is shown as text and never run. Plain numbers
// ("-3", "+31", "2,5") are left alone: a number cannot call anything.
//
// To keep the change reversible, a value that already starts with quotes
// followed by a formula character gets one more quote; RestoreCell undoes
// exactly one. Other leading quotes ("'s-Hertogenbosch") are left alone.
// Every CSV and XLSX export goes through this one function.
func NeutraliseCell(s string) string {
	if needsQuote(s) && !isNumber(s) {
		return "'" + s
	}
	return s
}

// RestoreCell is the inverse of NeutraliseCell, used by importers so that
// Rotonde reads its own exports back unchanged.
func RestoreCell(s string) string {
	// A value NeutraliseCell left alone never has this shape: a quote
	// before a formula character is always one it added.
	if strings.HasPrefix(s, "'") && needsQuote(s[1:]) {
		return s[1:]
	}
	return s
}

// needsQuote: after any run of quotes, s starts with a formula character.
func needsQuote(s string) bool {
	t := strings.TrimLeft(s, "'")
	return t != "" && strings.ContainsRune(formulaStart, rune(t[0]))
}

// isNumber reports whether s is a plain decimal number with an optional
// sign and one decimal point or comma.
func isNumber(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	digits, sep := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case (c == '.' || c == ',') && !sep && digits > 0 && i < len(s)-1:
			sep = true
		default:
			return false
		}
	}
	return digits > 0
}

// WriteExcelCSV writes rows in the dialect Dutch Excel opens on a double
// click (a UTF-8 byte-order mark, ";" between fields, CRLF line ends), with
// every cell passed through NeutraliseCell.
func WriteExcelCSV(w io.Writer, rows [][]string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	for _, row := range rows {
		rec := make([]string, len(row))
		for i, c := range row {
			rec[i] = NeutraliseCell(c)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
