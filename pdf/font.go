package pdf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The Go fonts (BSD licence, embedding allowed) cover Latin with its
// extensions for Turkish, Polish, Czech and the like, Greek and Cyrillic.
// They are embedded as subsets: only the glyphs a document uses.

// ttFont is one parsed TrueType font with the metrics the writer needs.
type ttFont struct {
	name       string // PostScript name without the subset tag
	data       []byte
	sf         *sfnt.Font
	unitsPerEm float64
	ascent     int // in 1000ths of the font size
	descent    int
	capHeight  int
	bbox       [4]int

	mu      sync.Mutex
	glyphs  map[rune]uint16 // 0: the font has no glyph for the rune
	advance map[uint16]int  // in 1000ths of the font size
}

var (
	fontsOnce sync.Once
	fonts     [2]*ttFont // regular, bold
)

func loadFonts() {
	fontsOnce.Do(func() {
		fonts[0] = mustParse("GoRegular", goregular.TTF)
		fonts[1] = mustParse("GoBold", gobold.TTF)
	})
}

func fontFor(bold bool) *ttFont {
	loadFonts()
	if bold {
		return fonts[1]
	}
	return fonts[0]
}

func mustParse(name string, data []byte) *ttFont {
	sf, err := sfnt.Parse(data)
	if err != nil {
		panic(fmt.Sprintf("pdf: parsing font %s: %v", name, err))
	}
	f := &ttFont{name: name, data: data, sf: sf, unitsPerEm: float64(sf.UnitsPerEm()),
		glyphs: map[rune]uint16{}, advance: map[uint16]int{}}
	var buf sfnt.Buffer
	ppem := fixed.Int26_6(sf.UnitsPerEm()) << 6
	m, err := sf.Metrics(&buf, ppem, font.HintingNone)
	if err == nil {
		f.ascent = f.scale(int(m.Ascent >> 6))
		f.descent = -f.scale(int(m.Descent >> 6))
		f.capHeight = f.scale(int(m.CapHeight >> 6))
	}
	b, err := sf.Bounds(&buf, ppem, font.HintingNone)
	if err == nil {
		// sfnt's bounds grow downwards; PDF's upwards.
		f.bbox = [4]int{f.scale(int(b.Min.X >> 6)), f.scale(int(-b.Max.Y >> 6)), f.scale(int(b.Max.X >> 6)), f.scale(int(-b.Min.Y >> 6))}
	}
	return f
}

func (f *ttFont) scale(units int) int { return int(float64(units)*1000/f.unitsPerEm + 0.5) }

// glyph returns the glyph for r and its advance in 1000ths of the font
// size; the glyph is 0 when the font cannot show r.
func (f *ttFont) glyph(r rune) (uint16, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	g, ok := f.glyphs[r]
	if !ok {
		var buf sfnt.Buffer
		x, err := f.sf.GlyphIndex(&buf, r)
		if err == nil {
			g = uint16(x)
		}
		f.glyphs[r] = g
		if _, seen := f.advance[g]; !seen {
			adv, err := f.sf.GlyphAdvance(&buf, sfnt.GlyphIndex(g), fixed.Int26_6(f.sf.UnitsPerEm())<<6, font.HintingNone)
			if err == nil {
				f.advance[g] = f.scale(int(adv >> 6))
			}
		}
	}
	return g, f.advance[g]
}

// shown reports whether the fonts can show r. Controls and format
// characters are not text; unassigned runes are not either.
func shown(r rune) bool {
	if r == ' ' {
		return true
	}
	g, _ := fontFor(false).glyph(r)
	return g != 0
}

// Missing is what stands in the PDF for a run of characters the fonts
// cannot show (such as Arabic or Hebrew script). The original text is kept
// as the run's ActualText, so copying or extracting it gives it back, and
// a note on the page explains the mark.
const Missing = "[…]"

// run is a piece of a line: text the fonts can show, or a run they cannot.
type run struct {
	text    string
	missing bool
}

// runs splits s into runs; tabs and line breaks become spaces.
func runs(s string) []run {
	s = fallbacks.Replace(s)
	var out []run
	var cur strings.Builder
	curMissing := false
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, run{cur.String(), curMissing})
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			r = ' '
		case unicode.Is(unicode.Mn, r) && curMissing:
			// a combining mark belongs to the letter before it
			cur.WriteRune(r)
			continue
		case r < ' ' || unicode.Is(unicode.Cf, r):
			continue
		}
		m := !shown(r)
		// spaces between two missing runs stay inside them (right-to-left
		// names are written as one piece)
		if r == ' ' && curMissing {
			m = true
		}
		if m != curMissing {
			flush()
			curMissing = m
		}
		cur.WriteRune(r)
	}
	flush()
	// a missing run ends at its last missing letter, not at a space
	for i := range out {
		if out[i].missing {
			t := strings.TrimRight(out[i].text, " ")
			if t != out[i].text {
				tail := out[i].text[len(t):]
				out[i].text = t
				if i+1 < len(out) && !out[i+1].missing {
					out[i+1].text = tail + out[i+1].text
				} else {
					out = append(out[:i+1], append([]run{{tail, false}}, out[i+1:]...)...)
				}
			}
		}
	}
	return out
}

// subsetTag names a subset by its glyphs, so that two documents with the
// same glyphs name their fonts the same and differ otherwise.
func subsetTag(used map[uint16]rune) string {
	gids := sortedGlyphs(used)
	h := uint32(2166136261)
	for _, g := range gids {
		h ^= uint32(g)
		h *= 16777619
	}
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = byte('A' + h%26)
		h /= 26
	}
	return string(tag)
}

func sortedGlyphs(used map[uint16]rune) []uint16 {
	gids := make([]uint16, 0, len(used))
	for g := range used {
		gids = append(gids, g)
	}
	sort.Slice(gids, func(i, j int) bool { return gids[i] < gids[j] })
	return gids
}

// subset returns the font with every glyph outside used (and the glyphs
// that composite glyphs of used are made of) emptied. Glyph numbers stay as
// they are, so the PDF maps character codes to glyphs one to one.
func (f *ttFont) subset(used map[uint16]rune) ([]byte, error) {
	data := f.data
	tables, order, err := readTables(data)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", f.name, err)
	}
	body := func(tag string) []byte { t := tables[tag]; return data[t.offset : t.offset+t.length] }
	head, loca, glyf, maxp := body("head"), body("loca"), body("glyf"), body("maxp")
	if len(head) < 54 || len(maxp) < 6 {
		return nil, fmt.Errorf("font %s: short head or maxp", f.name)
	}
	gl := glyphTable{glyf: glyf, loca: loca, numGlyphs: int(binary.BigEndian.Uint16(maxp[4:])), long: binary.BigEndian.Uint16(head[50:]) == 1}
	if len(loca) < (gl.numGlyphs+1)*map[bool]int{true: 4, false: 2}[gl.long] {
		return nil, fmt.Errorf("font %s: short loca", f.name)
	}
	newGlyf, newLoca := gl.keepOnly(gl.closure(used))
	newHead := append([]byte(nil), head...)
	binary.BigEndian.PutUint16(newHead[50:], 1) // long loca offsets
	binary.BigEndian.PutUint32(newHead[8:], 0)  // checksum adjustment, set by writeFont

	// Only the tables a PDF reader needs to draw glyphs by number.
	wanted := map[string][]byte{"head": newHead, "loca": newLoca, "glyf": newGlyf}
	for _, tag := range []string{"hhea", "hmtx", "maxp", "cvt ", "fpgm", "prep", "OS/2", "post", "name"} {
		if _, ok := tables[tag]; ok {
			wanted[tag] = body(tag)
		}
	}
	var tags []string
	for _, tag := range order {
		if _, ok := wanted[tag]; ok {
			tags = append(tags, tag)
		}
	}
	sort.Strings(tags)
	return writeFont(data[:4], tags, wanted), nil
}

// fontTable is an entry of a TrueType font's table directory.
type fontTable struct {
	tag            string
	offset, length uint32
}

// readTables reads a TrueType font's table directory.
func readTables(data []byte) (map[string]fontTable, []string, error) {
	numTables := int(binary.BigEndian.Uint16(data[4:]))
	tables := map[string]fontTable{}
	var order []string
	for i := range numTables {
		rec := data[12+16*i:]
		t := fontTable{string(rec[:4]), binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])}
		if int(t.offset)+int(t.length) > len(data) {
			return nil, nil, fmt.Errorf("table %s out of range", t.tag)
		}
		tables[t.tag] = t
		order = append(order, t.tag)
	}
	return tables, order, nil
}

// glyphTable is a font's glyf table with its loca index.
type glyphTable struct {
	glyf, loca []byte
	numGlyphs  int
	long       bool // loca holds 32-bit offsets
}

func (t glyphTable) offset(g int) uint32 {
	if t.long {
		return binary.BigEndian.Uint32(t.loca[4*g:])
	}
	return 2 * uint32(binary.BigEndian.Uint16(t.loca[2*g:]))
}

// closure returns the used glyphs, glyph 0 and every component of a
// composite glyph among them.
func (t glyphTable) closure(used map[uint16]rune) map[int]bool {
	keep := map[int]bool{0: true}
	var queue []int
	for g := range used {
		queue = append(queue, int(g))
	}
	for len(queue) > 0 {
		g := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if g >= t.numGlyphs {
			continue
		}
		keep[g] = true
		start, end := t.offset(g), t.offset(g+1)
		if end <= start || int(end) > len(t.glyf) {
			continue
		}
		for _, comp := range components(t.glyf[start:end]) {
			if !keep[comp] {
				queue = append(queue, comp)
			}
		}
	}
	return keep
}

// components lists the glyphs a composite glyph is made of (none for a
// simple glyph).
func components(gl []byte) []int {
	if len(gl) < 10 || int16(binary.BigEndian.Uint16(gl)) >= 0 {
		return nil // simple glyph
	}
	var out []int
	p := 10
	for p+4 <= len(gl) {
		flags := binary.BigEndian.Uint16(gl[p:])
		out = append(out, int(binary.BigEndian.Uint16(gl[p+2:])))
		p += 4
		if flags&0x0001 != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&0x0008 != 0:
			p += 2
		case flags&0x0040 != 0:
			p += 4
		case flags&0x0080 != 0:
			p += 8
		}
		if flags&0x0020 == 0 {
			break
		}
	}
	return out
}

// keepOnly returns a glyf table with only the kept glyphs (the others
// empty, so glyph numbers stay) and its long loca index.
func (t glyphTable) keepOnly(keep map[int]bool) (glyf, loca []byte) {
	var newGlyf bytes.Buffer
	newLoca := make([]byte, 4*(t.numGlyphs+1))
	for g := range t.numGlyphs {
		binary.BigEndian.PutUint32(newLoca[4*g:], uint32(newGlyf.Len()))
		if keep[g] {
			start, end := t.offset(g), t.offset(g+1)
			if end > start && int(end) <= len(t.glyf) {
				newGlyf.Write(t.glyf[start:end])
				for newGlyf.Len()%4 != 0 {
					newGlyf.WriteByte(0)
				}
			}
		}
	}
	binary.BigEndian.PutUint32(newLoca[4*t.numGlyphs:], uint32(newGlyf.Len()))
	return newGlyf.Bytes(), newLoca
}

// writeFont assembles a TrueType font from its tables (tags sorted), with
// table checksums and the head table's checksum adjustment.
func writeFont(version []byte, tags []string, tables map[string][]byte) []byte {
	n := len(tags)
	var out bytes.Buffer
	hdr := make([]byte, 12+16*n)
	copy(hdr, version)
	binary.BigEndian.PutUint16(hdr[4:], uint16(n))
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	binary.BigEndian.PutUint16(hdr[6:], uint16(16<<es))
	binary.BigEndian.PutUint16(hdr[8:], uint16(es))
	binary.BigEndian.PutUint16(hdr[10:], uint16(16*n-16<<es))
	out.Write(hdr)
	headAt := 0
	for i, tag := range tags {
		b := tables[tag]
		rec := hdr[12+16*i:]
		copy(rec, tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(b))
		binary.BigEndian.PutUint32(rec[8:], uint32(out.Len()))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(b)))
		if tag == "head" {
			headAt = out.Len()
		}
		out.Write(b)
		for out.Len()%4 != 0 {
			out.WriteByte(0)
		}
	}
	font := out.Bytes()
	copy(font, hdr)
	binary.BigEndian.PutUint32(font[headAt+8:], 0xB1B0AFBA-checksum(font))
	return font
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// toUnicode writes the CMap that maps the glyph numbers used back to text.
func toUnicode(used map[uint16]rune) string {
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	gids := sortedGlyphs(used)
	for len(gids) > 0 {
		chunk := gids[:min(100, len(gids))]
		gids = gids[len(chunk):]
		fmt.Fprintf(&b, "%d beginbfchar\n", len(chunk))
		for _, g := range chunk {
			fmt.Fprintf(&b, "<%04X> <%s>\n", g, utf16Hex(string(used[g])))
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.String()
}

// utf16Hex spells s in UTF-16BE as hexadecimal digits.
func utf16Hex(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			fmt.Fprintf(&b, "%04X%04X", 0xD800+(r>>10), 0xDC00+(r&0x3FF))
			continue
		}
		fmt.Fprintf(&b, "%04X", r)
	}
	return b.String()
}

// textString writes s as a PDF text string (UTF-16BE with its byte-order
// mark), which every reader shows correctly in titles and metadata.
func textString(s string) string { return "<FEFF" + utf16Hex(s) + ">" }

// widths writes the /W array of the glyphs used.
func (f *ttFont) widths(used map[uint16]rune) string {
	var b strings.Builder
	b.WriteString("[")
	for _, g := range sortedGlyphs(used) {
		f.mu.Lock()
		w := f.advance[g]
		f.mu.Unlock()
		fmt.Fprintf(&b, " %d [%d]", g, w)
	}
	b.WriteString(" ]")
	return b.String()
}
