// Package pdf writes simple PDF 1.4 documents: A4 pages with text, lines,
// rectangles, circles and dashes. Text is set in the Go fonts, embedded as
// subsets with a ToUnicode map, so names in Turkish, Polish, Greek, Cyrillic
// and other Latin scripts print and copy correctly; scripts the fonts lack
// (Arabic, Hebrew, CJK) are marked visibly rather than lost. It is meant for
// dossiers and reports, not for typesetting.
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
	"slices"
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
	// Lang is the document's language ("nl" or "en"): the catalog's /Lang
	// and the language of the notes the writer adds itself.
	Lang  string
	pages []*Page
	// glyphs used per font (regular, bold), each with the text it shows
	glyphs [2]map[uint16]rune
	elems  []structElem // the structure tree, in reading order
}

// New starts an empty Dutch document.
func New(title string) *Document { return &Document{Title: title, Lang: "nl"} }

func (d *Document) used(bold bool) map[uint16]rune {
	i := 0
	if bold {
		i = 1
	}
	if d.glyphs[i] == nil {
		d.glyphs[i] = map[uint16]rune{}
	}
	return d.glyphs[i]
}

// Page is one A4 page; its drawing methods append to the content stream.
type Page struct {
	W, H    float64
	buf     bytes.Buffer
	doc     *Document
	missing bool    // some text on the page was printed as Missing
	noted   bool    // and the note that explains it is on the page
	tag     *string // the open structure element, if any
	mcids   int     // marked-content IDs given out on this page
}

// AddPage appends a new A4 page and returns it.
func (d *Document) AddPage() *Page {
	p := &Page{W: A4Width, H: A4Height, doc: d}
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
	p.draw(num(x1), num(p.y(y1)), "m", num(x2), num(p.y(y2)), "l", "S")
}

// Polyline draws connected segments through the points (x0, y0, x1, y1, …).
func (p *Page) Polyline(xy ...float64) {
	if len(xy) < 4 {
		return
	}
	p.draw(p.path(xy) + "S")
}

// path is the path through the points (x0, y0, x1, y1, …): a move to the
// first and a line to each next, each operator followed by a space.
func (p *Page) path(xy []float64) string {
	var b strings.Builder
	for i := 0; i+1 < len(xy); i += 2 {
		op := "l"
		if i == 0 {
			op = "m"
		}
		fmt.Fprintf(&b, "%s %s %s ", num(xy[i]), num(p.y(xy[i+1])), op)
	}
	return b.String()
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
	p.draw(num(x), num(p.y(y+h)), num(w), num(h), "re", paint(fill, stroke))
}

// Polygon draws a closed shape through the points.
func (p *Page) Polygon(fill, stroke bool, xy ...float64) {
	if len(xy) < 6 {
		return
	}
	p.draw(p.path(xy) + "h " + paint(fill, stroke))
}

// kappa places the control points of a quarter circle drawn as a Bézier curve.
const kappa = 0.5522847498

// Circle draws a circle of radius r around (cx, cy).
func (p *Page) Circle(cx, cy, r float64, fill, stroke bool) {
	y := p.y(cy)
	k := kappa * r
	p.draw(num(cx+r), num(y), "m",
		num(cx+r), num(y+k), num(cx+k), num(y+r), num(cx), num(y+r), "c",
		num(cx-k), num(y+r), num(cx-r), num(y+k), num(cx-r), num(y), "c",
		num(cx-r), num(y-k), num(cx-k), num(y-r), num(cx), num(y-r), "c",
		num(cx+k), num(y-r), num(cx+r), num(y-k), num(cx+r), num(y), "c",
		paint(fill, stroke))
}

// Text writes s with its baseline starting at (x, y) in the Go font (bold
// when asked) at the given size, in the current fill colour. Characters the
// fonts cannot show are printed as Missing, with the original text kept as
// ActualText, and the page gets a note that says so.
func (p *Page) Text(x, y, size float64, bold bool, s string) {
	f := fontFor(bold)
	font := "/F1"
	if bold {
		font = "/F2"
	}
	used := p.doc.used(bold)
	var b strings.Builder
	for _, r := range runs(s) {
		text := r.text
		if r.missing {
			p.missing = true
			fmt.Fprintf(&b, "/Span << /ActualText %s >> BDC ", textString(r.text))
			text = Missing
		}
		b.WriteByte('<')
		for _, c := range text {
			g, _ := f.glyph(c)
			if _, ok := used[g]; !ok {
				used[g] = c
			}
			fmt.Fprintf(&b, "%04X", g)
		}
		b.WriteString("> Tj ")
		if r.missing {
			b.WriteString("EMC ")
		}
	}
	text := strings.Join([]string{"BT", font, num(size), "Tf", num(x), num(p.y(y)), "Td", b.String() + "ET"}, " ")
	if p.tag == nil {
		// text outside a tag is a paragraph of its own
		p.op(p.doc.mark("P", "", p), text, "EMC")
		return
	}
	p.op(text)
}

// TextAs writes s like Text as a structure element of the given role,
// such as "H1" or "H2" for headings.
func (p *Page) TextAs(role string, x, y, size float64, bold bool, s string) {
	p.Tag(role, "", func() { p.Text(x, y, size, bold, s) })
}

// Tag marks what draw puts on the page as one structure element of the
// tagged PDF: role is a standard structure type ("Figure", "H1", "P",
// "Table"), alt the alternative text a screen reader speaks for a figure.
// Without a tag, text is a paragraph and drawing is decoration (an
// artifact). Role "Artifact" marks page furniture such as a running footer.
// Tags do not nest; an inner Tag is part of the outer one.
func (p *Page) Tag(role, alt string, draw func()) {
	if p.tag != nil {
		draw()
		return
	}
	p.tag = &role
	if role == "Artifact" {
		// page furniture such as running footers: not content
		p.op("/Artifact BMC")
	} else {
		p.op(p.doc.mark(role, alt, p))
	}
	draw()
	p.op("EMC")
	p.tag = nil
}

// draw appends a path-painting operation, marked as an artifact unless it
// belongs to a tag.
func (p *Page) draw(parts ...string) {
	if p.tag == nil {
		p.op("/Artifact BMC", strings.Join(parts, " "), "EMC")
		return
	}
	p.op(parts...)
}

// structElem is one element of the structure tree: its role, alternative
// text, and the marked content on its page.
type structElem struct {
	role, alt string
	page      int
	mcid      int
}

// mark registers a structure element for the next marked content on page
// p and returns the operator that opens it.
func (d *Document) mark(role, alt string, p *Page) string {
	page := slices.Index(d.pages, p)
	mcid := p.mcids
	p.mcids++
	d.elems = append(d.elems, structElem{role: role, alt: alt, page: page, mcid: mcid})
	return fmt.Sprintf("/%s << /MCID %d >> BDC", role, mcid)
}

// TextCentred writes s centred on x.
func (p *Page) TextCentred(x, y, size float64, bold bool, s string) {
	p.Text(x-TextWidth(s, size, bold)/2, y, size, bold, s)
}

// fallbacks spell out a few symbols the fonts lack.
var fallbacks = strings.NewReplacer("✓", "v", "\u00ad", "")

// missingNote explains the Missing mark at the foot of a page.
func (d *Document) missingNote() string {
	if d.Lang == "en" {
		return Missing + " = text in a script this PDF cannot show (such as Arabic); Rotonde shows it on screen."
	}
	return Missing + " = tekst in een schrift dat deze PDF niet kan tonen (zoals Arabisch); Rotonde toont het op het scherm."
}

// WriteTo writes the finished document: PDF 1.4 with the fonts embedded as
// subsets, a ToUnicode map for each (so text can be searched and copied),
// the title as Unicode and the language in the catalog.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	for _, p := range d.pages {
		if p.missing && !p.noted {
			p.noted = true
			p.Fill(Grey)
			p.Text(40, p.H-14, 7, false, d.missingNote())
		}
	}
	for i := range 2 {
		if used := d.used(i == 1); len(used) == 0 {
			used[0] = 0 // a font with no glyph used still needs one
		}
	}
	var o objWriter
	o.out.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	n := len(d.pages)
	// 1 catalog, 2 pages, 3 and 4 fonts, 5 info; then page and content per
	// page; then the parts of the two fonts, five objects each.
	kids := make([]string, n)
	for i := range d.pages {
		kids[i] = fmt.Sprintf("%d 0 R", 6+2*i)
	}
	fontObj := 6 + 2*n
	lang := d.Lang
	if lang == "" {
		lang = "nl"
	}
	// after the fonts: the structure tree root, the Document element, the
	// parent tree, then one object per structure element
	structRoot := fontObj + 10
	o.obj(fmt.Sprintf("<< /Type /Catalog /Pages 2 0 R /Lang %s /ViewerPreferences << /DisplayDocTitle true >> /MarkInfo << /Marked true >> /StructTreeRoot %d 0 R >>",
		textString(lang), structRoot))
	o.obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n))
	for i := range 2 {
		o.obj(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s+%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>",
			subsetTag(d.used(i == 1)), fontFor(i == 1).name, fontObj+5*i, fontObj+5*i+1))
	}
	o.obj(d.info())
	for i, p := range d.pages {
		o.obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R /StructParents %d /Tabs /S >>",
			num(p.W), num(p.H), 7+2*i, i))
		o.stream("", p.buf.Bytes())
	}
	for i := range 2 {
		if err := d.writeFont(&o, i == 1, fontObj+5*i); err != nil {
			return 0, err
		}
	}
	d.writeStructTree(&o, structRoot)
	return o.finish(w)
}

// objWriter numbers a PDF's objects from 1 and remembers where each starts.
type objWriter struct {
	out     bytes.Buffer
	offsets []int
}

func (o *objWriter) obj(body string) {
	o.offsets = append(o.offsets, o.out.Len())
	fmt.Fprintf(&o.out, "%d 0 obj\n%s\nendobj\n", len(o.offsets), body)
}

// stream writes a compressed stream object.
func (o *objWriter) stream(dict string, data []byte) {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	_, _ = zw.Write(data)
	_ = zw.Close()
	o.obj(fmt.Sprintf("<< %s /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", dict, z.Len(), z.Bytes()))
}

// finish writes the cross-reference table and trailer, then everything to w.
func (o *objWriter) finish(w io.Writer) (int64, error) {
	xref := o.out.Len()
	fmt.Fprintf(&o.out, "xref\n0 %d\n0000000000 65535 f \n", len(o.offsets)+1)
	for _, off := range o.offsets {
		fmt.Fprintf(&o.out, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&o.out, "trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(o.offsets)+1, xref)
	m, err := w.Write(o.out.Bytes())
	return int64(m), err
}

// info is the document information dictionary.
func (d *Document) info() string {
	info := "<< /Producer (Rotonde)"
	if d.Title != "" {
		info += " /Title " + textString(d.Title)
	}
	if d.Author != "" {
		info += " /Author " + textString(d.Author)
	}
	if !d.Created.IsZero() {
		info += " /CreationDate (D:" + d.Created.UTC().Format("20060102150405") + "Z)"
	}
	return info + " >>"
}

// writeFont writes the five objects of one embedded font, numbered from
// base: the CID font, its ToUnicode map, system info, descriptor and the
// subset font file.
func (d *Document) writeFont(o *objWriter, bold bool, base int) error {
	f, used := fontFor(bold), d.used(bold)
	name := subsetTag(used) + "+" + f.name
	o.obj(fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo %d 0 R /FontDescriptor %d 0 R /DW 1000 /W %s /CIDToGIDMap /Identity >>",
		name, base+2, base+3, f.widths(used)))
	o.stream("", []byte(toUnicode(used)))
	o.obj("<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>")
	flags := 32 // nonsymbolic
	stemV := 80
	if bold {
		flags |= 1 << 18 // force bold
		stemV = 140
	}
	o.obj(fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV %d /FontFile2 %d 0 R >>",
		name, flags, f.bbox[0], f.bbox[1], f.bbox[2], f.bbox[3], f.ascent, f.descent, f.capHeight, stemV, base+4))
	data, err := f.subset(used)
	if err != nil {
		return fmt.Errorf("pdf: embedding %s: %w", f.name, err)
	}
	o.stream(fmt.Sprintf("/Length1 %d", len(data)), data)
	return nil
}

// writeStructTree writes the structure tree: Document → elements, each
// pointing at its marked content; the parent tree maps each page's MCIDs
// back.
func (d *Document) writeStructTree(o *objWriter, structRoot int) {
	n := len(d.pages)
	first := structRoot + 3
	var kids []string
	perPage := make([][]string, n)
	for i, e := range d.elems {
		ref := fmt.Sprintf("%d 0 R", first+i)
		kids = append(kids, ref)
		perPage[e.page] = append(perPage[e.page], ref)
	}
	o.obj(fmt.Sprintf("<< /Type /StructTreeRoot /K [%d 0 R] /ParentTree %d 0 R /ParentTreeNextKey %d >>", structRoot+1, structRoot+2, n))
	o.obj(fmt.Sprintf("<< /Type /StructElem /S /Document /P %d 0 R /K [%s] >>", structRoot, strings.Join(kids, " ")))
	var nums strings.Builder
	for i, refs := range perPage {
		fmt.Fprintf(&nums, "%d [%s] ", i, strings.Join(refs, " "))
	}
	o.obj("<< /Nums [" + nums.String() + "] >>")
	for _, e := range d.elems {
		alt := ""
		if e.alt != "" {
			alt = " /Alt " + textString(e.alt)
		}
		o.obj(fmt.Sprintf("<< /Type /StructElem /S /%s /P %d 0 R /Pg %d 0 R /K %d%s >>", e.role, structRoot+1, 6+2*e.page, e.mcid, alt))
	}
}

// TextWidth returns the width of s in points at the given size.
func TextWidth(s string, size float64, bold bool) float64 {
	f := fontFor(bold)
	total := 0
	for _, r := range runs(s) {
		text := r.text
		if r.missing {
			text = Missing
		}
		for _, c := range text {
			_, adv := f.glyph(c)
			total += adv
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

// Save keeps the graphics state (colours, line style, clipping) until the
// matching Restore.
func (p *Page) Save() { p.op("q") }

// Restore returns to the graphics state of the matching Save.
func (p *Page) Restore() { p.op("Q") }

// Clip limits what is drawn after it to the rectangle with its top-left
// corner at (x, y), until the next Restore.
func (p *Page) Clip(x, y, w, h float64) {
	p.op(num(x), num(p.y(y+h)), num(w), num(h), "re", "W", "n")
}
