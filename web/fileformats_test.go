package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestImportErrorPageIsShort: a file of thousands of bad rows gives a page
// with the first 50, the total, and each line named once.
func TestImportErrorPageIsShort(t *testing.T) {
	e, _, base := newDemoCase(t)
	c := e.login("hulpverlener@demo.test")
	var b strings.Builder
	b.WriteString("datum;soort;omschrijving\n2024-01;contact;goed\n2024-01;contact;goed\n2019-13-40;contact;fout\n")
	for range 2_999 {
		b.WriteString("2024-02;ruzie;Onbekende soort\n")
	}
	res, page := e.upload(c, base+"/tijdlijn/import", "veel-fouten.csv", []byte(b.String()))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	if n := strings.Count(page, "Regel 4:"); n != 1 || strings.Contains(page, "Regel 4: Regel") {
		t.Errorf("line 4 named %d times", n)
	}
	list := page[strings.Index(page, `<ul class="rejected">`):]
	list = list[:strings.Index(list, "</ul>")]
	if n := strings.Count(list, "<li>"); n != 50 {
		t.Errorf("%d rejected rows listed, want 50", n)
	}
	if !strings.Contains(page, "(3000)") || !strings.Contains(page, "Afgekeurd in totaal: 3000; hierboven staan de eerste 50.") {
		t.Errorf("the total is not shown")
	}
	if len(page) > 100<<10 {
		t.Errorf("error page is %d KB", len(page)>>10)
	}
}

// TestImportRefusesXLSXBomb: a workbook that unpacks a thousand times its
// size is refused with 413 and a plain message, quickly.
func TestImportRefusesXLSXBomb(t *testing.T) {
	e, _, base := newDemoCase(t)
	c := e.login("hulpverlener@demo.test")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	_, _ = io.WriteString(w, `<worksheet><sheetData>`)
	row := []byte(strings.Repeat(`<row><c><v>1</v></c><c><v>2</v></c></row>`, 1000))
	for range 1500 { // 60 MB
		_, _ = w.Write(row)
	}
	_, _ = io.WriteString(w, `</sheetData></worksheet>`)
	w, _ = zw.Create("xl/workbook.xml")
	_, _ = io.WriteString(w, `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="a" r:id="rId1"/></sheets></workbook>`)
	w, _ = zw.Create("xl/_rels/workbook.xml.rels")
	_, _ = io.WriteString(w, `<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	_ = zw.Close()
	start := time.Now()
	res, page := e.upload(c, base+"/tijdlijn/import", "bom.xlsx", buf.Bytes())
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(page, "keer zijn grootte") {
		t.Errorf("bomb: %d", res.StatusCode)
	}
	if took := time.Since(start); took > 5*time.Second { // wall clock on a shared machine; timeline tests the second
		t.Errorf("bomb refused after %v", took)
	}
}

// TestTimelineCSVExportIsSafeAndReadsBack: a description that would run as
// a formula is exported with a quote in front, in Dutch Excel's dialect,
// and reads back without it.
func TestTimelineCSVExportIsSafeAndReadsBack(t *testing.T) {
	e, _, base := newDemoCase(t)
	c := e.login("hulpverlener@demo.test")
	const formula = `=HYPERLINK("http://evil.example";"klik")`
	res := e.post(c, base+"/tijdlijn", url.Values{"date": {"2025-03"}, "kind": {"contact"}, "description": {formula}, "persons": {"@moeder"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", res.StatusCode)
	}
	res, csvText := e.get(c, base+"/tijdlijn.csv")
	if res.StatusCode != 200 || !strings.HasPrefix(csvText, "\ufeffid;datum;soort;omschrijving;") {
		t.Fatalf("export %d: %q", res.StatusCode, csvText[:min(60, len(csvText))])
	}
	if !strings.Contains(csvText, `"'=HYPERLINK(""http://evil.example"";""klik"")"`) || !strings.Contains(csvText, ";'@moeder;") {
		t.Errorf("formula not neutralised in export")
	}
	res, page := e.upload(c, base+"/tijdlijn/import", "export.csv", []byte(csvText))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("export read back: %d", res.StatusCode)
	}
	if !strings.Contains(page, "=HYPERLINK(&#34;http://evil.example&#34;;&#34;klik&#34;)") || strings.Contains(page, "&#39;=HYPERLINK") {
		t.Errorf("export did not read back unchanged")
	}
}
