package timeline

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/rotonde-jeugd/rotonde"
)

// ParseXLSX reads the first worksheet of an XLSX file (or the sheet named
// "tijdlijn" or "timeline" when there is one) with the same columns and
// rules as ParseCSV. Date cells may hold real Excel dates, in the 1900 or
// the 1904 date system. Line numbers in errors are the spreadsheet's row
// numbers.
//
// The workbook is read as a stream, part by part, straight from the zip:
// a crafted file (a "zip bomb" of a few hundred kilobytes that unpacks to
// gigabytes, or millions of empty cells or shared strings) is refused at
// the first limit of Limits it reaches, before it costs much time or
// memory. The zip's declared sizes are checked before anything is
// unpacked, and the bytes actually unpacked are counted as well.
func ParseXLSX(ctx context.Context, r io.Reader, opt ParseOptions) (*Preview, error) {
	opt = opt.withDefaults()
	data, err := readLimited(r, opt.Limits.MaxBytes)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errNotXLSX(err)
	}
	x := &xlsxReader{ctx: ctx, lim: opt.Limits, files: map[string]*zip.File{}}
	for _, f := range zr.File {
		x.files[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	wb, err := x.workbook()
	if err != nil {
		return nil, err
	}
	// Everything that will be unpacked, by the zip's own account, first.
	parts := []*zip.File{x.file(wb.sheet), x.file(wb.sharedStrings)}
	var declared uint64
	for _, f := range parts {
		if f == nil {
			continue
		}
		declared += f.UncompressedSize64
		if err := x.checkRatio(f); err != nil {
			return nil, err
		}
	}
	if declared > uint64(opt.Limits.MaxUnzipped) {
		return nil, x.tooLarge()
	}
	if x.file(wb.sheet) == nil {
		return nil, rotonde.E(rotonde.EInvalid, "err.timeline.excel_file_has_no_worksheet")
	}
	if err := x.sharedStrings(wb.sharedStrings); err != nil {
		return nil, err
	}
	p := newParser(opt)
	p.date1904 = wb.date1904
	if err := x.sheet(wb.sheet, p); err != nil {
		return nil, err
	}
	return p.finish(), nil
}

// maxInflateRatio is the most a large part may grow when unpacked (Apache
// POI uses the same bound). Real worksheets grow 5 to 20 times; a bomb
// grows a thousand times.
const maxInflateRatio = 100

// ratioFloor: parts smaller than this unpacked are not checked for their
// ratio, since a small, very regular part can compress well.
const ratioFloor = 8 << 20

func errNotXLSX(err error) error {
	return &rotonde.Error{Code: rotonde.EInvalid,
		Key: "err.timeline.file_is_not_readable_excel_file", Err: err}
}

type xlsxReader struct {
	ctx      context.Context
	lim      Limits
	files    map[string]*zip.File
	unzipped int64 // bytes unpacked so far, over all parts
	cells    int   // rows and cells seen in the worksheet
	// The shared strings, one after the other, and where each ends: no
	// allocation per string, however many there are.
	sharedText []byte
	sharedEnd  []uint32
}

// sharedString returns entry i of the shared-string table, or "".
func (x *xlsxReader) sharedString(i int) string {
	if i < 0 || i >= len(x.sharedEnd) {
		return ""
	}
	start := uint32(0)
	if i > 0 {
		start = x.sharedEnd[i-1]
	}
	return string(x.sharedText[start:x.sharedEnd[i]])
}

func (x *xlsxReader) file(name string) *zip.File {
	if name == "" {
		return nil
	}
	return x.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
}

func (x *xlsxReader) tooLarge() error {
	return rotonde.E(rotonde.ETooLarge, "err.timeline.excel_file_is_larger_than_mb", x.lim.MaxUnzipped>>20)
}

func (x *xlsxReader) checkRatio(f *zip.File) error {
	if f.UncompressedSize64 > ratioFloor && f.UncompressedSize64 > maxInflateRatio*f.CompressedSize64 {
		return rotonde.E(rotonde.ETooLarge, "err.timeline.excel_file_unpacks_to_more_than", maxInflateRatio)
	}
	return nil
}

// open unpacks one part through a counter that stops at MaxUnzipped, and
// at the part's declared size (archive/zip checks that too).
func (x *xlsxReader) open(f *zip.File) (io.ReadCloser, error) {
	if err := x.checkRatio(f); err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, errNotXLSX(err)
	}
	return &countingReader{rc: rc, x: x}, nil
}

var errUnzipLimit = errors.New("xlsx: unpacked size limit reached")

// maxXMLRun bounds the bytes between two angle brackets: the XML decoder
// holds a whole text or tag in memory, and no cell or shared string of a
// real spreadsheet comes near (Excel allows 32,767 characters in a cell).
const maxXMLRun = 1 << 20

var errXMLRun = errors.New("xlsx: text or tag longer than 1 MB")

type countingReader struct {
	rc  io.ReadCloser
	x   *xlsxReader
	run int // bytes since the last '<' or '>'
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.rc.Read(b)
	c.x.unzipped += int64(n)
	if c.x.unzipped > c.x.lim.MaxUnzipped {
		return n, errUnzipLimit
	}
	// Reads come in pieces far smaller than maxXMLRun (the scanner's
	// buffer), so only the run across pieces needs counting.
	chunk := b[:n]
	first, last := bracket(chunk)
	if first < 0 {
		c.run += len(chunk)
	} else {
		if c.run+first > maxXMLRun {
			return n, errXMLRun
		}
		c.run = len(chunk) - 1 - last
	}
	if c.run > maxXMLRun {
		return n, errXMLRun
	}
	return n, err
}

// bracket returns the first and last index of '<' or '>' in b, or -1, -1.
func bracket(b []byte) (first, last int) {
	first, last = -1, -1
	for _, i := range [2]int{bytes.IndexByte(b, '<'), bytes.IndexByte(b, '>')} {
		if i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	last = max(bytes.LastIndexByte(b, '<'), bytes.LastIndexByte(b, '>'))
	return first, last
}

func (c *countingReader) Close() error { return c.rc.Close() }

// readSmall reads a small part (relationships, workbook) whole.
func (x *xlsxReader) readSmall(name string) ([]byte, error) {
	f := x.file(name)
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > 16<<20 {
		return nil, x.tooLarge()
	}
	rc, err := x.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, 16<<20))
	if err != nil {
		return nil, x.readError(err)
	}
	return b, nil
}

func (x *xlsxReader) readError(err error) error {
	if errors.Is(err, errUnzipLimit) {
		return x.tooLarge()
	}
	if errors.Is(err, errXMLRun) {
		return rotonde.E(rotonde.ETooLarge, "err.timeline.excel_file_holds_text_or_markup")
	}
	var re *rotonde.Error
	if errors.As(err, &re) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return errNotXLSX(err)
}

type xlsxWorkbook struct {
	sheet, sharedStrings string
	date1904             bool
}

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// rels reads the relationships of part name: id → (type, target path).
func (x *xlsxReader) rels(name string) (map[string][2]string, error) {
	dir, file := path.Split(name)
	b, err := x.readSmall(dir + "_rels/" + file + ".rels")
	if err != nil || b == nil {
		return nil, err
	}
	var rs xmlRels
	if err := xml.Unmarshal(b, &rs); err != nil {
		return nil, errNotXLSX(err)
	}
	out := map[string][2]string{}
	for _, r := range rs.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(dir, t)
		}
		out[r.ID] = [2]string{r.Type, t}
	}
	return out, nil
}

// workbook finds the workbook, the sheet to read, the shared strings and
// the date system.
func (x *xlsxReader) workbook() (*xlsxWorkbook, error) {
	wbName := "xl/workbook.xml"
	root, err := x.rels("")
	if err != nil {
		return nil, err
	}
	for _, r := range root {
		if strings.HasSuffix(r[0], "/officeDocument") {
			wbName = r[1]
		}
	}
	b, err := x.readSmall(wbName)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, errNotXLSX(errors.New("no workbook part"))
	}
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name string `xml:"name,attr"`
			// r:id, in the transitional or the strict (ISO) namespace.
			RID string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(b, &wb); err != nil {
		return nil, errNotXLSX(err)
	}
	rels, err := x.rels(wbName)
	if err != nil {
		return nil, err
	}
	out := &xlsxWorkbook{date1904: wb.Pr.Date1904 == "1" || strings.EqualFold(wb.Pr.Date1904, "true")}
	for _, r := range rels {
		if strings.HasSuffix(r[0], "/sharedStrings") {
			out.sharedStrings = r[1]
		}
	}
	if len(wb.Sheets) == 0 {
		return nil, rotonde.E(rotonde.EInvalid, "err.timeline.excel_file_has_no_worksheet")
	}
	chosen := wb.Sheets[0].RID
	for _, s := range wb.Sheets {
		if n := strings.ToLower(strings.TrimSpace(s.Name)); n == "tijdlijn" || n == "timeline" {
			chosen = s.RID
			break
		}
	}
	out.sheet = rels[chosen][1]
	if out.sheet == "" {
		out.sheet = "xl/worksheets/sheet1.xml"
	}
	return out, nil
}

// sharedStrings reads the shared-string table as a stream, counting
// entries and bytes as it goes.
func (x *xlsxReader) sharedStrings(name string) error {
	f := x.file(name)
	if f == nil {
		return nil
	}
	rc, err := x.open(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	sc := newXMLScanner(rc)
	var (
		total          int64
		inSI, inT      bool
		phonetic, seen int
	)
	for {
		if err := sc.next(inT); err == io.EOF {
			return nil
		} else if err != nil {
			return x.readError(err)
		}
		if inT {
			if total += int64(len(sc.text)); total > x.lim.MaxSharedBytes {
				return rotonde.E(rotonde.ETooLarge, "err.timeline.texts_in_excel_file_are_larger", x.lim.MaxSharedBytes>>20)
			}
			x.sharedText = append(x.sharedText, sc.text...)
		}
		if seen++; seen&4095 == 0 {
			if err := x.ctx.Err(); err != nil {
				return err
			}
		}
		switch {
		case sc.is("sst") && !sc.end && x.sharedEnd == nil:
			// Room for the announced count, within the limit.
			if n, err := strconv.Atoi(sc.attr("uniqueCount")); err == nil && n > 0 {
				x.sharedEnd = make([]uint32, 0, min(n, x.lim.MaxSharedStrings))
			}
		case sc.is("si") && !sc.end:
			inSI = true
			if sc.empty {
				inSI = false
				if err := x.addShared(); err != nil {
					return err
				}
			}
		case sc.is("si"):
			inSI = false
			if err := x.addShared(); err != nil {
				return err
			}
		case sc.is("rPh") && !sc.empty:
			if sc.end {
				phonetic--
			} else {
				phonetic++
			}
		case sc.is("t"):
			inT = !sc.end && !sc.empty && inSI && phonetic == 0
		}
	}
}

// addShared ends the current shared string: the text appended since the
// previous one.
func (x *xlsxReader) addShared() error {
	if len(x.sharedEnd) >= x.lim.MaxSharedStrings {
		return rotonde.E(rotonde.ETooLarge, "err.timeline.excel_file_has_more_than_distinct", x.lim.MaxSharedStrings)
	}
	x.sharedEnd = append(x.sharedEnd, uint32(len(x.sharedText)))
	return nil
}

// sheet streams the worksheet's rows into p, one row at a time.
func (x *xlsxReader) sheet(name string, p *parser) error {
	rc, err := x.open(x.file(name))
	if err != nil {
		return err
	}
	defer rc.Close()
	sr := &sheetReader{x: x, p: p, sc: newXMLScanner(rc), maxVal: 4*p.opt.Limits.MaxFieldLen + 64}
	for {
		if err := sr.sc.next(sr.keep); err == io.EOF {
			break
		} else if err != nil {
			return x.readError(err)
		}
		if err := sr.token(); err != nil {
			return err
		}
	}
	if !sr.headerDone {
		return rotonde.E(rotonde.EInvalid, "err.timeline.worksheet_is_empty")
	}
	return nil
}

// sheetReader is the state of reading one worksheet: the row and cell
// being read.
type sheetReader struct {
	x          *xlsxReader
	p          *parser
	sc         *xmlScanner
	rec        []string
	rowNum     int
	col        int // 1-based column of the current cell
	cellType   string
	inCell     bool
	inIS       bool
	keep       bool // the text before the next tag is a value
	val        []byte
	maxVal     int // the longest value worth keeping
	headerDone bool
}

// token handles the tag just read, and the text before it.
func (sr *sheetReader) token() error {
	sc := sr.sc
	if sr.keep && len(sr.val)+len(sc.text) <= sr.maxVal {
		// Longer than this is rejected as too long anyway; keep no more.
		sr.val = append(sr.val, sc.text...)
	}
	sr.keep = false
	switch {
	case sc.is("row") && !sc.end:
		return sr.startRow()
	case sc.is("row"):
		return sr.emit()
	case sc.is("c") && !sc.end:
		return sr.startCell()
	case sc.is("c"):
		if sr.inCell {
			return sr.endCell()
		}
	case sc.is("v") && !sc.end && !sc.empty:
		sr.keep = sr.inCell
	case sc.is("is"):
		sr.inIS = !sc.end && !sc.empty
	case sc.is("t") && !sc.end && !sc.empty:
		sr.keep = sr.inCell && sr.inIS
	case sc.is("rPh") && !sc.end && !sc.empty:
		// Phonetic hints inside an inline string are not its text.
		if err := skipTo(sc, "rPh"); err != nil {
			return sr.x.readError(err)
		}
	}
	return nil
}

// startRow begins a row, numbered by its r attribute when it has one.
func (sr *sheetReader) startRow() error {
	if err := sr.x.countCell(); err != nil {
		return err
	}
	n := sr.rowNum + 1
	if r := sr.sc.attr("r"); r != "" {
		if v, err := strconv.Atoi(r); err == nil && v > sr.rowNum {
			n = v
		}
	}
	sr.rowNum, sr.col, sr.rec = n, 0, sr.rec[:0]
	return nil
}

// startCell begins a cell, in the column of its r attribute when it has
// one.
func (sr *sheetReader) startCell() error {
	sc := sr.sc
	if err := sr.x.countCell(); err != nil {
		return err
	}
	c := sr.col + 1
	if ref := sc.attr("r"); ref != "" {
		if v := columnOf(ref); v > 0 {
			c = v
		}
	}
	sr.col, sr.cellType, sr.val, sr.inCell = c, sc.attr("t"), sr.val[:0], true
	if sc.empty {
		sr.inCell = false
	}
	return nil
}

// emit hands a finished row to the parser: the first one that is not
// blank as the header.
func (sr *sheetReader) emit() error {
	if blank(sr.rec) {
		return nil
	}
	if !sr.headerDone {
		sr.headerDone = true
		return sr.p.header(sr.rec, sr.rowNum)
	}
	return sr.p.row(sr.rec, sr.rowNum)
}

// endCell puts the finished cell's value, a shared string looked up, in
// its column of the row.
func (sr *sheetReader) endCell() error {
	sr.inCell = false
	v := string(sr.val)
	if sr.cellType == "s" {
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			i = -1
		}
		v = sr.x.sharedString(i)
	}
	if v == "" {
		return nil
	}
	if sr.col > sr.p.opt.Limits.MaxColumns {
		return rotonde.E(rotonde.ETooLarge, "err.timeline.row_has_value_beyond_column_is", sr.rowNum, sr.p.opt.Limits.MaxColumns)
	}
	for len(sr.rec) < sr.col {
		sr.rec = append(sr.rec, "")
	}
	sr.rec[sr.col-1] = v
	return nil
}

// skipTo reads past the end tag </name>.
func skipTo(sc *xmlScanner, name string) error {
	for {
		if err := sc.next(false); err != nil {
			return err
		}
		if sc.end && sc.is(name) {
			return nil
		}
	}
}

func (x *xlsxReader) countCell() error {
	if x.cells&4095 == 0 {
		if err := x.ctx.Err(); err != nil {
			return err
		}
	}
	if x.cells++; x.cells > x.lim.MaxCells {
		return rotonde.E(rotonde.ETooLarge, "err.timeline.worksheet_has_more_than_cells_and", x.lim.MaxCells)
	}
	return nil
}

// columnOf returns the 1-based column of a cell reference such as "B7"
// (0 when it is not one); columns past Excel's last (XFD) count as 0.
func columnOf(ref string) int {
	n := 0
	for i := 0; i < len(ref); i++ {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			if i == 0 {
				return 0
			}
			break
		}
		n = n*26 + int(c-'a'+1)
		if n > 16384 {
			return 0
		}
	}
	return n
}
