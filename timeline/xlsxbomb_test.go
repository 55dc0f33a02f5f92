//go:build unix

package timeline

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde"
)

// xlsxParts is the smallest workbook Excel and Rotonde read: the package
// relationships, the workbook with one sheet, its relationships, and the
// parts given (at least xl/worksheets/sheet1.xml).
func xlsxParts(date1904 bool) map[string]string {
	pr := ""
	if date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	return map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` + pr + `<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
	}
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
const sheetTail = `</sheetData></worksheet>`

// repeatedPart is a zip entry whose content is head + n×unit + tail,
// compressed without ever holding it unpacked: each piece is deflated on
// its own and the blocks are joined, as a bomb maker would.
type repeatedPart struct {
	head, unit, tail string
	n                int
	// declare, when not zero, is the unpacked size written in the zip
	// instead of the true one (a zip that lies).
	declare uint64
	// noise random letters in a comment before each block of units keep
	// the packing ratio low, as a bomb maker would to pass a ratio check.
	noise int
}

func deflateBlock(s string, final bool) []byte {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	_, _ = io.WriteString(w, s)
	if final {
		_ = w.Close()
	} else {
		_ = w.Flush()
	}
	return b.Bytes()
}

func buildXLSX(t testing.TB, parts map[string]string, big map[string]repeatedPart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.WriteString(w, content)
	}
	for name, p := range big {
		// Units are joined in blocks of 1,000 to keep the file small.
		const per = 1000
		rnd := rand.New(rand.NewPCG(1, 2))
		noise := make([]byte, p.noise)
		for i := range noise {
			noise[i] = 'a' + byte(rnd.IntN(26))
		}
		text := strings.Repeat(p.unit, per)
		if p.noise > 0 {
			text = "<!--" + string(noise) + "-->" + text
		}
		block := deflateBlock(text, false)
		var comp bytes.Buffer
		comp.Write(deflateBlock(p.head, false))
		crc := crc32.Update(0, crc32.IEEETable, []byte(p.head))
		blockText := []byte(text)
		size := uint64(len(p.head))
		for i := 0; i < p.n/per; i++ {
			comp.Write(block)
			crc = crc32.Update(crc, crc32.IEEETable, blockText)
			size += uint64(len(blockText))
		}
		comp.Write(deflateBlock(p.tail, true))
		crc = crc32.Update(crc, crc32.IEEETable, []byte(p.tail))
		size += uint64(len(p.tail))
		if p.declare != 0 {
			size = p.declare
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(comp.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// cpuLimit is the processor time a bomb may cost: one second, ten under
// the race detector.
func cpuLimit() time.Duration {
	if raceEnabled {
		return 10 * time.Second
	}
	return time.Second
}

// cpuTime is the processor time the whole test process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measure runs f and returns the processor time it took (not the time on
// the wall clock, which on a shared machine says more about the others)
// and how much the process's memory from the Go runtime grew at its
// peak, sampled every 5 ms.
func measure(f func()) (time.Duration, uint64) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var m runtime.MemStats
		var max uint64
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > max {
				max = m.HeapInuse
			}
			select {
			case <-stop:
				peak <- max
				return
			case <-tick.C:
			}
		}
	}()
	start := cpuTime()
	f()
	took := cpuTime() - start
	close(stop)
	max := <-peak
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if after.Sys > before.Sys && after.Sys-before.Sys > max-min(max, before.HeapInuse) {
		return took, after.Sys - before.Sys
	}
	return took, max - min(max, before.HeapInuse)
}

// xlsxBombs are crafted workbooks of about a megabyte or less, each aimed
// at one limit.
func xlsxBombs(t testing.TB) map[string][]byte {
	cell := `<row><c t="s"><v>0</v></c><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>`
	header := sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>datum</t></is></c><c r="B1" t="inlineStr"><is><t>soort</t></is></c><c r="C1" t="inlineStr"><is><t>omschrijving</t></is></c></row>`
	withParts := func(big map[string]repeatedPart) []byte {
		return buildXLSX(t, xlsxParts(false), big)
	}
	many := func(n int) map[string]repeatedPart {
		return map[string]repeatedPart{"xl/worksheets/sheet1.xml": {head: sheetHead, unit: cell, tail: sheetTail, n: n}}
	}
	strs := func(n int) map[string]repeatedPart {
		return map[string]repeatedPart{
			"xl/worksheets/sheet1.xml": {head: sheetHead, unit: cell, tail: sheetTail, n: 1000},
			"xl/sharedStrings.xml": {head: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`,
				unit: `<si><t>datum</t></si>`, tail: `</sst>`, n: n},
		}
	}
	lying := map[string]repeatedPart{"xl/worksheets/sheet1.xml": {head: header, unit: `<row><c/><c/><c/><c/></row>`, tail: sheetTail, n: 8_000_000, declare: 1 << 20}}
	cells := map[string]repeatedPart{"xl/worksheets/sheet1.xml": {head: header, unit: `<row><c/><c/><c/><c/></row>`, tail: sheetTail, n: 2_000_000, noise: 400}}
	strs2 := strs(2_000_000)
	p := strs2["xl/sharedStrings.xml"]
	p.noise = 250
	strs2["xl/sharedStrings.xml"] = p
	return map[string][]byte{
		// 3 million rows of four cells, 240 MB unpacked: under the old
		// 256 MB unzip limit, so that it was read whole.
		"rows": withParts(many(3_000_000)),
		// The same, with the zip claiming the sheet is 1 MB.
		"lying": withParts(lying),
		// Two million shared strings.
		"strings": withParts(strs(2_000_000)),
		// 10 million empty cells, packed less than 100 times.
		"cells": withParts(cells),
		// Two million shared strings, packed less than 100 times.
		"strings-noise": withParts(strs2),
	}
}

// TestXLSXBombsAreRefusedQuickly: each crafted file is refused with a
// "too large" or "not readable" error within a second of processor time
// (a quarter of that on an idle machine), and reading it grows memory by
// less than 100 MB.
func TestXLSXBombsAreRefusedQuickly(t *testing.T) {
	for name, data := range xlsxBombs(t) {
		if len(data) > 1<<20 {
			t.Errorf("%s: bomb is %d bytes, want at most 1 MB", name, len(data))
		}
		var err error
		wall := time.Now()
		took, grew := measure(func() {
			_, err = ParseXLSX(context.Background(), bytes.NewReader(data), ParseOptions{Now: now})
		})
		t.Logf("%s: %d KB refused in %v of processor time (%v on the wall), memory grew %d MB: %v",
			name, len(data)>>10, took, time.Since(wall), grew>>20, err)
		if c := rotonde.ErrorCodeOf(err); c != rotonde.ETooLarge && c != rotonde.EInvalid {
			t.Errorf("%s: err = %v, want a refusal", name, err)
		}
		if limit := cpuLimit(); took > limit {
			t.Errorf("%s: refused after %v of processor time, want within %v", name, took, limit)
		}
		if grew > 100<<20 {
			t.Errorf("%s: memory grew %d MB, want less than 100 MB", name, grew>>20)
		}
	}
}

func BenchmarkXLSXBombRefusal(b *testing.B) {
	for name, data := range xlsxBombs(b) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseXLSX(context.Background(), bytes.NewReader(data), ParseOptions{Now: now}); err == nil {
					b.Fatal("bomb accepted")
				}
			}
		})
	}
}

var _ = fmt.Sprint

// TestCSVFieldBombIsRefused: a line of millions of separators is refused
// before a field is made for each.
func TestCSVFieldBombIsRefused(t *testing.T) {
	data := "datum;soort;omschrijving\n2019;contact;" + strings.Repeat(";", 16<<20) + "\n"
	var err error
	took, grew := measure(func() {
		_, err = ParseCSV(context.Background(), strings.NewReader(data), ParseOptions{Now: now})
	})
	if rotonde.ErrorCodeOf(err) != rotonde.ETooLarge || !strings.Contains(err.Error(), "Line 2") {
		t.Errorf("err = %v", err)
	}
	// The file itself is 16 MB; what matters is that no field was made per separator
	// (16 million fields would take 256 MB).
	if took > cpuLimit() || grew > 100<<20 {
		t.Errorf("refused after %v, memory grew %d MB", took, grew>>20)
	}
	// Separators inside quotes are text, not fields.
	quoted := "datum;soort;omschrijving\n2019;contact;\"" + strings.Repeat(";", 2000) + "\"\n"
	if p, err := ParseCSV(context.Background(), strings.NewReader(quoted), ParseOptions{Now: now}); err != nil || len(p.Rejected) != 0 {
		t.Errorf("quoted separators: %v %+v", err, p)
	}
}
