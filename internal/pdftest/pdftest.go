// Package pdftest reads PDFs back in tests with poppler, as a reader would
// see them: the words with where they stand (pdftotext -bbox) and the pages
// as pictures (pdftoppm). Without poppler the tests skip locally and fail
// under CI=true (testtool.RequireTool).
package pdftest

import (
	"bytes"
	"html"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/internal/testtool"
)

// Word is one word of the text with its box, in points from the top-left
// corner of its page (pages count from 1).
type Word struct {
	Page           int
	Text           string
	X0, Y0, X1, Y1 float64
}

// WriteFile stores the PDF in a temporary directory and returns its path.
func WriteFile(tb testing.TB, data []byte) string {
	tb.Helper()
	file := filepath.Join(tb.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	return file
}

// Text returns the text of the whole document (pdftotext).
func Text(tb testing.TB, file string) string {
	tb.Helper()
	testtool.RequireTool(tb, "pdftotext")
	out, err := exec.Command("pdftotext", file, "-").Output()
	if err != nil {
		tb.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// Info returns what pdfinfo says of the document, with its flags (such as
// -struct-text) before the file.
func Info(tb testing.TB, file string, flags ...string) string {
	tb.Helper()
	testtool.RequireTool(tb, "pdfinfo")
	out, err := exec.Command("pdfinfo", append(flags, file)...).Output()
	if err != nil {
		tb.Fatalf("pdfinfo: %v", err)
	}
	return string(out)
}

var (
	pageTag = regexp.MustCompile(`<page width="[^"]*" height="[^"]*">`)
	wordTag = regexp.MustCompile(`<word xMin="([^"]*)" yMin="([^"]*)" xMax="([^"]*)" yMax="([^"]*)">([^<]*)</word>`)
)

// Words returns every word of the document with its box (pdftotext -bbox).
func Words(tb testing.TB, file string) []Word {
	tb.Helper()
	testtool.RequireTool(tb, "pdftotext")
	out, err := exec.Command("pdftotext", "-bbox", file, "-").Output()
	if err != nil {
		tb.Fatalf("pdftotext -bbox: %v", err)
	}
	var words []Word
	for i, page := range pageTag.Split(string(out), -1)[1:] {
		for _, m := range wordTag.FindAllStringSubmatch(page, -1) {
			w := Word{Page: i + 1, Text: html.UnescapeString(m[5])}
			for j, f := range []*float64{&w.X0, &w.Y0, &w.X1, &w.Y1} {
				*f, _ = strconv.ParseFloat(m[j+1], 64)
			}
			words = append(words, w)
		}
	}
	return words
}

// Find returns the first word of the first run of words that spells phrase
// (split at spaces, as "Tijdlijn (zoals"), all on one page.
func Find(words []Word, phrase string) (Word, bool) {
	want := strings.Fields(phrase)
	for i := range words {
		ok := i+len(want) <= len(words)
		for j := 0; ok && j < len(want); j++ {
			ok = words[i+j].Text == want[j] && words[i+j].Page == words[i].Page
		}
		if ok && len(want) > 0 {
			return words[i], true
		}
	}
	return Word{}, false
}

// Page renders one page (from 1) at 72 dpi, so that a pixel is a point.
func Page(tb testing.TB, file string, page int) image.Image {
	tb.Helper()
	testtool.RequireTool(tb, "pdftoppm")
	n := strconv.Itoa(page)
	base := filepath.Join(tb.TempDir(), "page")
	out, err := exec.Command("pdftoppm", "-png", "-r", "72", "-f", n, "-l", n, "-singlefile", file, base).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		tb.Fatalf("pdftoppm: %v %s", err, out)
	}
	return ReadPNG(tb, base+".png")
}

// ReadPNG decodes a PNG file (such as a page pdftoppm wrote).
func ReadPNG(tb testing.TB, file string) image.Image {
	tb.Helper()
	f, err := os.Open(file)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		tb.Fatal(err)
	}
	return img
}

// Count counts the pixels in the rectangle (points, as in Word) for which
// match holds, given 8-bit red, green and blue.
func Count(img image.Image, x0, y0, x1, y1 float64, match func(r, g, b int) bool) int {
	rect := image.Rect(int(x0), int(y0), int(x1+0.999), int(y1+0.999)).Intersect(img.Bounds())
	n := 0
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if match(int(r>>8), int(g>>8), int(b>>8)) {
				n++
			}
		}
	}
	return n
}

// Inked matches clearly non-white pixels.
func Inked(r, g, b int) bool { return r+g+b < 3*0xc0 }

// Near matches pixels within tol of the colour (r, g, b) in every channel.
func Near(r, g, b, tol int) func(r, g, b int) bool {
	abs := func(v int) int { return max(v, -v) }
	return func(pr, pg, pb int) bool { return abs(pr-r) <= tol && abs(pg-g) <= tol && abs(pb-b) <= tol }
}
