package timeline

import (
	"bytes"
	"context"
	"encoding/binary"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/rotonde-jeugd/rotonde"
)

// hostile are values that start a formula in Excel or LibreOffice.
var hostile = []string{`=HYPERLINK("http://evil.example","klik")`, "+31 6 1234 5678", "-2+3+cmd|' /C calc'!A0",
	"@SUM(1+1)", "'=1+1", "- aanmelding", "=moeder"}

// TestExportNeutralisesFormulasAndReadsBack: no exported cell starts a
// formula, and the export reads back as the same events.
func TestExportNeutralisesFormulasAndReadsBack(t *testing.T) {
	events := NoorFixture()
	for i, h := range hostile {
		events[i].Description = h
		events[i].Emotions = h
	}
	events[0].Persons = []string{"=moeder", "@vader"}
	events[1].Organisations = []string{"+Wijkteam"}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, events); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\ufeffid;datum;soort;") || !strings.Contains(out, "\r\n") {
		t.Fatalf("export is not in Dutch Excel's dialect: %q", out[:min(len(out), 80)])
	}
	for _, line := range strings.Split(strings.TrimPrefix(out, "\ufeff"), "\r\n") {
		for _, cell := range strings.Split(line, ";") {
			cell = strings.TrimPrefix(cell, `"`)
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("exported cell starts a formula: %q", cell)
			}
		}
	}
	if !strings.Contains(out, `'=HYPERLINK`) {
		t.Errorf("formula not neutralised: %q", out)
	}
	p, err := ParseCSV(context.Background(), strings.NewReader(out), ParseOptions{Now: now, NoInference: true})
	if err != nil || !p.OK() {
		t.Fatalf("err %v rejected %+v", err, p.Rejected)
	}
	Sort(events)
	if !reflect.DeepEqual(p.Events, events) {
		for i := range events {
			if !reflect.DeepEqual(p.Events[i], events[i]) {
				t.Fatalf("event %d differs:\n got %+v\nwant %+v", i, p.Events[i], events[i])
			}
		}
	}
}

func TestParseDateWithTimeAndTextPrefix(t *testing.T) {
	for in, want := range map[string]Date{
		"14-3-2019 14:30":           Day(2019, 3, 14),
		"14-03-2019 09:05:59":       Day(2019, 3, 14),
		"2019-03-14 14:30":          Day(2019, 3, 14),
		"2019-03-14T14:30:00":       Day(2019, 3, 14),
		"2019-03-14T14:30:00Z":      Day(2019, 3, 14),
		"2019-03-14T14:30:00.123Z":  Day(2019, 3, 14),
		"2019-03-14T14:30:00+01:00": Day(2019, 3, 14),
		"2019-03-14T14:30:00+0100":  Day(2019, 3, 14),
		"'2019-03-14":               Day(2019, 3, 14),
		" '2019-03":                 MonthOf(2019, 3),
		"'14-3-2019 14:30":          Day(2019, 3, 14),
		"do 14-3-2019":              Day(2019, 3, 14),
		"Thu, 2019-03-14 14:30":     Day(2019, 3, 14),
		"donderdag 14-03-2019":      Day(2019, 3, 14),
	} {
		if got, ok := ParseDate(in); !ok || got != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, bad := range []string{"14-3-2019 25:00", "14-3-2019 14:61", "2019-03 14:30", "ca. 2019 14:30", "2019 14:30",
		"14-3-2019 14", "14-3-2019 kwart over twee", "2019-03-14T", "2019-03-14 14:30+1", "dag 14-3-2019", "ca. do 2019"} {
		if got, ok := ParseDate(bad); ok {
			t.Errorf("ParseDate(%q) = %v, want refused", bad, got)
		}
	}
}

func utf16File(s string, order binary.ByteOrder) []byte {
	var b bytes.Buffer
	if order == binary.LittleEndian {
		b.Write([]byte{0xff, 0xfe})
	} else {
		b.Write([]byte{0xfe, 0xff})
	}
	for _, u := range utf16.Encode([]rune(s)) {
		_ = binary.Write(&b, order, u)
	}
	return b.Bytes()
}

// TestParseUTF16 reads Excel's "Unicode-tekst": UTF-16 with a byte-order
// mark, tab-separated.
func TestParseUTF16(t *testing.T) {
	text := "datum\tsoort\tomschrijving\tpersonen\r\n14-3-2019 14:30\tbeslismoment\tGesprek met Ayşe, één keer 😊\tmoeder\r\n"
	for name, order := range map[string]binary.ByteOrder{"le": binary.LittleEndian, "be": binary.BigEndian} {
		p, err := ParseCSV(context.Background(), bytes.NewReader(utf16File(text, order)), ParseOptions{Now: now})
		if err != nil || !p.OK() || len(p.Events) != 1 {
			t.Fatalf("%s: err %v, preview %+v", name, err, p)
		}
		if e := p.Events[0]; e.Description != "Gesprek met Ayşe, één keer 😊" || e.Date != Day(2019, 3, 14) || len(e.Persons) != 1 {
			t.Errorf("%s: %+v", name, e)
		}
		if len(p.Warnings) > 0 && strings.Contains(p.Warnings[0].Message("nl"), "Windows-1252") {
			t.Errorf("%s: read as Windows-1252", name)
		}
	}
}

// TestRowErrorsSayTheLineOnce: the message carries "Regel 4:" once, and a
// file with thousands of bad rows keeps the first 1,000 and counts all.
func TestRowErrorsSayTheLineOnce(t *testing.T) {
	var b strings.Builder
	b.WriteString("datum;soort;omschrijving\n2019;contact;goed\n2019;contact;goed\n2019-13-40;contact;fout\n")
	for range 4_999 {
		b.WriteString("2019;ruzie;fout\n")
	}
	p := parse(t, b.String())
	if p.RejectedCount != 5_000 || len(p.Rejected) != maxListedRejections || p.OK() {
		t.Fatalf("%d rejected, %d listed", p.RejectedCount, len(p.Rejected))
	}
	if r := p.Rejected[0]; r.Line != 4 || !strings.HasPrefix(r.Message("nl"), "Regel 4: ") || strings.Count(r.Message("nl"), "Regel") != 1 || !strings.HasPrefix(r.Message("en"), "Line 4: ") {
		t.Errorf("first rejection %+v", r)
	}
}

// serial1904 is the day number of t in Mac Excel's 1904 date system.
func serial1904(t time.Time) string {
	return strconv.Itoa(int(t.Sub(time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)).Hours() / 24))
}

// zipOf is a zip file of the parts, by name.
func zipOf(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	return buildXLSX(t, parts, nil)
}

// TestParseXLSX1904AndStrings: a Mac workbook in the 1904 date system gives
// the right dates (not four years and a day early); shared strings with
// rich text and phonetic hints, inline strings, entities and CDATA read as
// Excel shows them.
func TestParseXLSX1904AndStrings(t *testing.T) {
	for _, date1904 := range []bool{true, false} {
		parts := xlsxParts(date1904)
		parts["xl/sharedStrings.xml"] = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">` +
			`<si><t>datum</t></si><si><t>soort</t></si><si><r><rPr><b/></rPr><t>omschrij</t></r><r><t>ving</t></r></si>` +
			`<si><t xml:space="preserve">Overleg &amp; besluit </t><rPh sb="0" eb="1"><t>ignored</t></rPh></si><si><t>contact</t></si></sst>`
		day := "43538" // 2019-03-14 in the 1900 system
		if date1904 {
			day = serial1904(time.Date(2019, 3, 14, 0, 0, 0, 0, time.UTC))
		}
		parts["xl/worksheets/sheet1.xml"] = sheetHead +
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>` +
			`<!-- a comment with <tags> in it -->` +
			`<row r="3"><c r="A3" s="1"><v>` + day + `.604166</v></c><c r="B3" t="s"><v>4</v></c><c r="C3" t="s"><v>3</v></c></row>` +
			`<row r="4"><c r="A4" t="inlineStr"><is><t>2019-04</t></is></c><c r="B4" t="str"><v>contact</v></c><c r="C4" t="inlineStr"><is><r><t>In</t></r><r><t><![CDATA[line <b>]]></t></r></is></c></row>` +
			sheetTail
		p, err := ParseXLSX(context.Background(), bytes.NewReader(zipOf(t, parts)), ParseOptions{Now: now})
		if err != nil || !p.OK() {
			t.Fatalf("1904=%v: err %v rejected %+v", date1904, err, p)
		}
		if len(p.Events) != 2 || p.Events[0].Date != Day(2019, 3, 14) || p.Events[0].Description != "Overleg & besluit" ||
			p.Events[1].Description != "Inline <b>" || p.Events[0].ID != "r3" {
			t.Errorf("1904=%v: events %+v", date1904, p.Events)
		}
	}
}

// TestXLSXLimits: each limit stops reading with a clear message.
func TestXLSXLimits(t *testing.T) {
	parts := xlsxParts(false)
	parts["xl/sharedStrings.xml"] = `<sst><si><t>datum</t></si><si><t>soort</t></si><si><t>omschrijving</t></si><si><t>` + strings.Repeat("x", 5000) + `</t></si></sst>`
	var rows strings.Builder
	rows.WriteString(sheetHead + `<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>`)
	for range 50 {
		rows.WriteString(`<row><c><v>2019</v></c><c t="inlineStr"><is><t>contact</t></is></c><c t="s"><v>3</v></c></row>`)
	}
	parts["xl/worksheets/sheet1.xml"] = rows.String() + sheetTail
	data := zipOf(t, parts)
	for name, tc := range map[string]struct {
		lim  Limits
		want string
	}{
		"shared strings": {Limits{MaxSharedStrings: 3}, "more than 3 distinct texts"},
		"shared bytes":   {Limits{MaxSharedBytes: 1000}, "larger than 0 MB together"},
		"cells":          {Limits{MaxCells: 100}, "more than 100 cells"},
		"unzipped":       {Limits{MaxUnzipped: 4000}, "larger than 0 MB unpacked"},
		"rows":           {Limits{MaxRows: 10}, "more than 10 rows"},
		"columns":        {Limits{MaxColumns: 2}, "beyond column 2"},
	} {
		_, err := ParseXLSX(context.Background(), bytes.NewReader(data), ParseOptions{Now: now, Limits: tc.lim})
		if rotonde.ErrorCodeOf(err) != rotonde.ETooLarge || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", name, err, tc.want)
		}
	}
	p, err := ParseXLSX(context.Background(), bytes.NewReader(data), ParseOptions{Now: now})
	if err != nil || len(p.Events) != 50 {
		t.Fatalf("within the limits: %v", err)
	}
}

// TestParseXLSXStrict reads a workbook saved as "Strict Open XML", whose
// relationship namespace differs from the usual one.
func TestParseXLSXStrict(t *testing.T) {
	parts := xlsxParts(false)
	const transitional, strict = "http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships"
	for name, c := range parts {
		parts[name] = strings.ReplaceAll(c, transitional, strict)
	}
	parts["xl/worksheets/sheet1.xml"] = sheetHead +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>datum</t></is></c><c r="B1" t="inlineStr"><is><t>soort</t></is></c><c r="C1" t="inlineStr"><is><t>omschrijving</t></is></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>2019-03</t></is></c><c r="B2" t="inlineStr"><is><t>contact</t></is></c><c r="C2" t="inlineStr"><is><t>Overleg</t></is></c></row>` + sheetTail
	p, err := ParseXLSX(context.Background(), bytes.NewReader(zipOf(t, parts)), ParseOptions{Now: now})
	if err != nil || len(p.Events) != 1 || p.Events[0].Date != MonthOf(2019, 3) {
		t.Fatalf("strict workbook: %v %+v", err, p)
	}
}
