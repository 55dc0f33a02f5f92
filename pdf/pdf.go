// Package pdf writes simple PDF 1.4 documents: A4 pages with text in the
// standard Helvetica fonts (WinAnsi encoding, so Dutch letters such as ë and
// é print correctly), lines, rectangles, circles and dashes. It embeds no
// fonts and needs no dependency; it is meant for dossiers and reports, not
// for typesetting.
//
// Coordinates are in points (1/72 inch) from the top-left corner of the
// page, y growing downwards, as on screen; the writer turns them into PDF's
// bottom-left system.
package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// A4 page size in points.
const (
	A4Width  = 595.28
	A4Height = 841.89
)

// Colour is an RGB colour with components from 0 to 1.
type Colour struct{ R, G, B float64 }

// Common colours.
var (
	Black = Colour{0, 0, 0}
	Grey  = Colour{0.45, 0.45, 0.45}
	White = Colour{1, 1, 1}
)

// Document is a PDF under construction.
type Document struct {
	Title   string
	Author  string
	Created time.Time
	pages   []*Page
}

// New starts an empty document.
func New(title string) *Document { return &Document{Title: title} }

// Page is one A4 page; its drawing methods append to the content stream.
type Page struct {
	W, H float64
	buf  bytes.Buffer
}

// AddPage appends a new A4 page and returns it.
func (d *Document) AddPage() *Page {
	p := &Page{W: A4Width, H: A4Height}
	d.pages = append(d.pages, p)
	return p
}

// Pages reports how many pages the document has.
func (d *Document) Pages() int { return len(d.pages) }

func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" || s == "-0" {
		return "0"
	}
	return s
}

func (p *Page) op(parts ...string) {
	p.buf.WriteString(strings.Join(parts, " "))
	p.buf.WriteByte('\n')
}

func (p *Page) y(v float64) float64 { return p.H - v }

// Stroke sets the colour of lines.
func (p *Page) Stroke(c Colour) { p.op(num(c.R), num(c.G), num(c.B), "RG") }

// Fill sets the colour of filled shapes and text.
func (p *Page) Fill(c Colour) { p.op(num(c.R), num(c.G), num(c.B), "rg") }

// LineWidth sets the width of lines.
func (p *Page) LineWidth(w float64) { p.op(num(w), "w") }

// Dash sets a dash pattern (on, off, …); no arguments draws solid lines.
func (p *Page) Dash(pattern ...float64) {
	parts := make([]string, len(pattern))
	for i, v := range pattern {
		parts[i] = num(v)
	}
	p.op("["+strings.Join(parts, " ")+"]", "0", "d")
}

// Line draws a straight line.
func (p *Page) Line(x1, y1, x2, y2 float64) {
	p.op(num(x1), num(p.y(y1)), "m", num(x2), num(p.y(y2)), "l", "S")
}

// Polyline draws connected segments through the points (x0, y0, x1, y1, …).
func (p *Page) Polyline(xy ...float64) {
	if len(xy) < 4 {
		return
	}
	var b strings.Builder
	for i := 0; i+1 < len(xy); i += 2 {
		op := "l"
		if i == 0 {
			op = "m"
		}
		fmt.Fprintf(&b, "%s %s %s ", num(xy[i]), num(p.y(xy[i+1])), op)
	}
	b.WriteString("S")
	p.op(b.String())
}

func paint(fill, stroke bool) string {
	switch {
	case fill && stroke:
		return "B"
	case fill:
		return "f"
	}
	return "S"
}

// Rect draws a rectangle with its top-left corner at (x, y).
func (p *Page) Rect(x, y, w, h float64, fill, stroke bool) {
	p.op(num(x), num(p.y(y+h)), num(w), num(h), "re", paint(fill, stroke))
}

// Polygon draws a closed shape through the points.
func (p *Page) Polygon(fill, stroke bool, xy ...float64) {
	if len(xy) < 6 {
		return
	}
	var b strings.Builder
	for i := 0; i+1 < len(xy); i += 2 {
		op := "l"
		if i == 0 {
			op = "m"
		}
		fmt.Fprintf(&b, "%s %s %s ", num(xy[i]), num(p.y(xy[i+1])), op)
	}
	b.WriteString("h ")
	b.WriteString(paint(fill, stroke))
	p.op(b.String())
}

// kappa places the control points of a quarter circle drawn as a Bézier curve.
const kappa = 0.5522847498

// Circle draws a circle of radius r around (cx, cy).
func (p *Page) Circle(cx, cy, r float64, fill, stroke bool) {
	y := p.y(cy)
	k := kappa * r
	p.op(num(cx+r), num(y), "m",
		num(cx+r), num(y+k), num(cx+k), num(y+r), num(cx), num(y+r), "c",
		num(cx-k), num(y+r), num(cx-r), num(y+k), num(cx-r), num(y), "c",
		num(cx-r), num(y-k), num(cx-k), num(y-r), num(cx), num(y-r), "c",
		num(cx+k), num(y-r), num(cx+r), num(y-k), num(cx+r), num(y), "c",
		paint(fill, stroke))
}

// Text writes s with its baseline starting at (x, y) in Helvetica (bold
// when asked) at the given size, in the current fill colour.
func (p *Page) Text(x, y, size float64, bold bool, s string) {
	font := "/F1"
	if bold {
		font = "/F2"
	}
	p.op("BT", font, num(size), "Tf", num(x), num(p.y(y)), "Td", encodeString(s), "Tj", "ET")
}

// TextCentred writes s centred on x.
func (p *Page) TextCentred(x, y, size float64, bold bool, s string) {
	p.Text(x-TextWidth(s, size, bold)/2, y, size, bold, s)
}

// encodeString turns s into a PDF literal string in WinAnsi encoding.
func encodeString(s string) string {
	s = fallbacks.Replace(s)
	var b strings.Builder
	b.WriteByte('(')
	for _, r := range s {
		c := winAnsi(r)
		switch c {
		case '(', ')', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			if c < 32 || c > 126 {
				fmt.Fprintf(&b, "\\%03o", c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte(')')
	return b.String()
}

// fallbacks spell out a few common characters WinAnsi lacks.
var fallbacks = strings.NewReplacer("→", "->", "←", "<-", "≥", ">=", "≤", "<=", "✓", "v", "≠", "!=")

// winAnsiExtra maps the characters of WinAnsi (cp1252) outside Latin-1.
var winAnsiExtra = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
	'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
	'–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// winAnsi returns the WinAnsi byte for r, or '?' when it has none.
func winAnsi(r rune) byte {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return ' '
	case r < 0x80 && r >= 32:
		return byte(r)
	case r >= 0xA0 && r <= 0xFF:
		return byte(r)
	}
	if c, ok := winAnsiExtra[r]; ok {
		return c
	}
	return '?'
}

// WriteTo writes the finished document.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	var out bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, out.Len())
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	out.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	n := len(d.pages)
	// 1 catalog, 2 pages, 3 and 4 fonts, 5 info; then page and content per page.
	kids := make([]string, n)
	for i := range d.pages {
		kids[i] = fmt.Sprintf("%d 0 R", 6+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	info := "<< /Producer (Rotonde)"
	if d.Title != "" {
		info += " /Title " + encodeString(d.Title)
	}
	if d.Author != "" {
		info += " /Author " + encodeString(d.Author)
	}
	if !d.Created.IsZero() {
		info += " /CreationDate (D:" + d.Created.UTC().Format("20060102150405") + "Z)"
	}
	obj(info + " >>")
	for i, p := range d.pages {
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>",
			num(p.W), num(p.H), 7+2*i))
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		_, _ = zw.Write(p.buf.Bytes())
		_ = zw.Close()
		obj(fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.Bytes()))
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	m, err := w.Write(out.Bytes())
	return int64(m), err
}

// Helvetica advance widths (per 1000 units of font size) for ASCII 32–126.
var helvetica = [95]uint16{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
}

var helveticaBold = [95]uint16{
	278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
	975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
	333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
	611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
}

// TextWidth returns the width of s in points at the given size. Letters
// with accents count as their base letter (close enough for wrapping).
func TextWidth(s string, size float64, bold bool) float64 {
	table := &helvetica
	if bold {
		table = &helveticaBold
	}
	total := 0
	for _, r := range fallbacks.Replace(s) {
		c := winAnsi(r)
		switch {
		case c >= 32 && c <= 126:
			total += int(table[c-32])
		case c >= 0xC0 && c <= 0xDF:
			total += int(table['A'-32])
		case c >= 0xE0:
			total += int(table['a'-32])
		default:
			total += 556
		}
	}
	return float64(total) * size / 1000
}

// Wrap splits s into lines no wider than width at the given size, breaking
// at spaces (a single word wider than the line is cut).
func Wrap(s string, width, size float64, bold bool) []string {
	var lines []string
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		line := ""
		for _, w := range words {
			for TextWidth(w, size, bold) > width && len([]rune(w)) > 1 {
				// cut an overlong word
				r := []rune(w)
				k := len(r) - 1
				for k > 1 && TextWidth(string(r[:k]), size, bold) > width {
					k--
				}
				if line != "" {
					lines = append(lines, line)
					line = ""
				}
				lines = append(lines, string(r[:k]))
				w = string(r[k:])
			}
			switch {
			case line == "":
				line = w
			case TextWidth(line+" "+w, size, bold) <= width:
				line += " " + w
			default:
				lines = append(lines, line)
				line = w
			}
		}
		lines = append(lines, line)
	}
	return lines
}
