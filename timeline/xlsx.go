package timeline

import (
	"bytes"
	"context"
	"io"
	"strings"

	"github.com/rotonde-jeugd/rotonde"
	"github.com/xuri/excelize/v2"
)

// ParseXLSX reads the first worksheet of an XLSX file (or the sheet named
// "tijdlijn" or "timeline" when there is one) with the same columns and
// rules as ParseCSV. Date cells may hold real Excel dates. Line numbers in
// errors are the spreadsheet's row numbers.
func ParseXLSX(ctx context.Context, r io.Reader, opt ParseOptions) (*Preview, error) {
	opt = opt.withDefaults()
	data, err := readLimited(r, opt.Limits.MaxBytes)
	if err != nil {
		return nil, err
	}
	// The unzip limits stop a small file that expands enormously.
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    4 * opt.Limits.MaxBytes,
		UnzipXMLSizeLimit: 4 * opt.Limits.MaxBytes,
	})
	if err != nil {
		return nil, &rotonde.Error{Code: rotonde.EInvalid,
			NL: "Het bestand is geen leesbaar Excel-bestand (.xlsx).",
			EN: "The file is not a readable Excel file (.xlsx).", Err: err}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, rotonde.Errorf(rotonde.EInvalid, "Het Excel-bestand heeft geen werkblad.", "The Excel file has no worksheet.")
	}
	sheet := sheets[0]
	for _, s := range sheets {
		if n := strings.ToLower(strings.TrimSpace(s)); n == "tijdlijn" || n == "timeline" {
			sheet = s
			break
		}
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, &rotonde.Error{Code: rotonde.EInvalid,
			NL: "Het werkblad kon niet gelezen worden.", EN: "The worksheet could not be read.", Err: err}
	}
	p := newParser(opt)
	headerDone := false
	for i, rec := range rows {
		if i&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if blank(rec) {
			continue
		}
		line := i + 1
		if !headerDone {
			if err := p.header(rec, line); err != nil {
				return nil, err
			}
			headerDone = true
			continue
		}
		if err := p.row(rec, line); err != nil {
			return nil, err
		}
	}
	if !headerDone {
		return nil, rotonde.Errorf(rotonde.EInvalid, "Het werkblad is leeg.", "The worksheet is empty.")
	}
	return p.finish(), nil
}
