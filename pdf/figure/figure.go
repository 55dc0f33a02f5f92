// Package figure draws the case's pictures on PDF pages: the timeline, the
// geno-sociogram and the strip plot of a tension-field spread. The case
// dossier and the meeting report both use it, so a drawing looks the same
// wherever it is printed.
//
// Like package pdf it is pure: the caller passes in what it may show (after
// the access checks) and places each figure on a page; nothing here reads
// storage or decides what a reader may see.
package figure

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/pdf"
	"github.com/rotonde-jeugd/rotonde/tension"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// Figure is a drawing of a known size; Draw places its top-left corner at
// (x, y). The caller makes room for Height() points before drawing.
type Figure interface {
	Height() float64
	Draw(p *pdf.Page, x, y float64)
}

// Colours shared with the screen versions.
var (
	professionalBlue = pdf.Colour{R: 0.15, G: 0.35, B: 0.7}
	familyOrange     = pdf.Colour{R: 0.85, G: 0.45, B: 0.1}
	dotGreen         = pdf.Colour{R: 0.184, G: 0.365, B: 0.384} // #2f5d62
	medianBrown      = pdf.Colour{R: 0.541, G: 0.294, B: 0.071} // #8a4b12
	axisGrey         = pdf.Colour{R: 0.31, G: 0.365, B: 0.388}  // #4f5d63
)

// Timeline draws dated events along a line of years: professional and
// formal events above it, the family's below. Each marker carries its
// number in Events; Legend spells them out.
type Timeline struct {
	// Events are the dated events in timeline order (undated ones are left
	// out: they have no place on the line).
	Events      []timeline.Event
	Width       float64
	lang        string
	first, last int
}

// NewTimeline prepares the drawing of events at the given width. It does
// not change events.
func NewTimeline(events []timeline.Event, lang string, width float64) *Timeline {
	tl := &Timeline{Width: width, lang: lang}
	for _, e := range events {
		if e.Date.Year > 0 {
			tl.Events = append(tl.Events, e)
		}
	}
	if len(tl.Events) == 0 {
		return tl
	}
	timeline.Sort(tl.Events)
	tl.first, tl.last = tl.Events[0].Date.Year, tl.Events[len(tl.Events)-1].Date.Year
	if tl.last == tl.first {
		tl.last++
	}
	return tl
}

// Height is the fixed height of the timeline drawing.
func (tl *Timeline) Height() float64 { return 220 }

// Draw draws the line, the year ticks and the numbered markers.
func (tl *Timeline) Draw(p *pdf.Page, x, y float64) {
	if len(tl.Events) == 0 {
		return
	}
	first, last := tl.first, tl.last
	x0, x1 := x+10, x+tl.Width-10
	axis := y + 110
	pos := func(d timeline.Date) float64 {
		m := d.Month
		if m == 0 {
			m = 6
		}
		f := (float64(d.Year-first) + (float64(m)-0.5)/12) / float64(last-first+1)
		return x0 + f*(x1-x0)
	}
	p.Fill(pdf.Grey)
	p.Text(x, y+10, 9, true, i18n.Default().T(tl.lang, "figure.timeline.professional"))
	p.Text(x, axis+100, 9, true, i18n.Default().T(tl.lang, "figure.timeline.family"))
	p.Stroke(pdf.Black)
	p.LineWidth(1.2)
	p.Line(x0, axis, x1, axis)
	p.LineWidth(0.6)
	step := 1
	for (last-first+1)/step > 14 {
		step++
	}
	for yr := first; yr <= last; yr += step {
		tx := pos(timeline.MonthOf(yr, 1)) - (x1-x0)/float64(last-first+1)/24
		p.Line(tx, axis-4, tx, axis+4)
		p.Fill(pdf.Black)
		p.TextCentred(tx, axis+15, 8, false, strconv.Itoa(yr))
	}
	// Stagger markers in four rows per lane so that close events stay apart.
	counts := map[string]int{}
	for i, e := range tl.Events {
		ex := pos(e.Date)
		family := e.Lane == timeline.LaneFamily
		row := counts[string(e.Lane)] % 4
		counts[string(e.Lane)]++
		var ey float64
		if family {
			ey = axis + 28 + float64(row)*16
			p.Fill(familyOrange)
		} else {
			ey = axis - 18 - float64(row)*16
			p.Fill(professionalBlue)
		}
		p.Stroke(pdf.Grey)
		p.Dash(1, 2)
		p.Line(ex, axis, ex, ey)
		p.Dash()
		if family {
			p.Circle(ex, ey, 5, true, false)
		} else {
			p.Rect(ex-4.5, ey-4.5, 9, 9, true, false)
		}
		p.Fill(pdf.Black)
		p.Text(ex+7, ey+3, 6.5, false, strconv.Itoa(i+1))
	}
}

// Alt is the alternative text of the drawing, for screen readers.
func (tl *Timeline) Alt() string {
	cat := i18n.Default()
	if len(tl.Events) == 0 {
		return cat.T(tl.lang, "figure.timeline.empty")
	}
	return cat.T(tl.lang, "figure.timeline.alt", cat.N(tl.lang, "figure.timeline.events", len(tl.Events)),
		tl.Events[0].Date.Year, tl.Events[len(tl.Events)-1].Date.Year)
}

// Legend lists the events by their marker number: date, kind, description
// and the persons involved.
func (tl *Timeline) Legend() []string {
	lines := make([]string, len(tl.Events))
	for i, e := range tl.Events {
		line := fmt.Sprintf("%d. %s — %s: %s", i+1, e.Date.String(), e.Kind.Label(tl.lang), e.Description)
		if len(e.Persons) > 0 {
			line += " (" + strings.Join(e.Persons, ", ") + ")"
		}
		lines[i] = line
	}
	return lines
}

// partnerDrop is how far below the symbols the partner line runs (layout
// units), under the alias and year printed beneath each symbol.
const partnerDrop = 30.0

// Genogram draws a family in standard notation from the computed layout:
// squares, circles and diamonds, partner lines and child lines, the social
// and emotional ties, the households and, under a family that fits one
// page, a legend of the ties and households that occur. The professionals
// are not drawn; the caller may list them.
type Genogram struct {
	g          *genogram.Genogram
	l          *genogram.Layout
	scale      float64
	maxW, maxH float64
	lang       string
	legend     []legendEntry
}

// MinGenogramScale is the smallest scale a genogram is printed at: names
// never go below 5 points, and below this scale they would no longer fit
// beside each other. A family too large to fit its box at this scale is
// split into tiles.
const MinGenogramScale = 0.45

// NewGenogram lays out g to fit within maxW × maxH points (never enlarged,
// never shrunk below MinGenogramScale; see Tiles). Empty reports whether
// there is anything to draw.
func NewGenogram(g *genogram.Genogram, lang string, maxW, maxH float64) *Genogram {
	f := &Genogram{g: g, scale: 1, maxW: maxW, maxH: maxH, lang: lang}
	if f.Empty() {
		return f
	}
	f.l = genogram.ComputeLayout(g, genogram.Options{Lang: lang, NoLegend: true})
	f.legend = genogramLegend(g, f.l, lang)
	room := maxH - f.legendHeight()
	f.scale = max(MinGenogramScale, min(1, maxW/f.l.Width, room/f.l.Height))
	if f.l.Width*f.scale > maxW+0.5 || f.l.Height*f.scale > room+0.5 {
		f.legend = nil // tiled: the legend would fall on one tile only
	}
	return f
}

// tileOverlap is how far neighbouring tiles overlap, in points, so that a
// person on a seam is whole on at least one of them.
const tileOverlap = 40.0

// GenogramTile is one page-sized part of a genogram too large for one page.
// Tiles are numbered row by row from the top-left.
type GenogramTile struct {
	f                    *Genogram
	offX, offY, w, h     float64
	Row, Col, Rows, Cols int
}

// Tiles returns the parts to print, each at most maxW × maxH points: one
// part (the whole family) when it fits at MinGenogramScale or larger,
// otherwise a grid of overlapping tiles at that scale, so that no family is
// ever printed as an unreadable jumble on one page.
func (f *Genogram) Tiles() []*GenogramTile {
	if f.l == nil {
		return nil
	}
	w, h := f.l.Width*f.scale, f.l.Height*f.scale
	cols := tileCount(w, f.maxW)
	rows := tileCount(h, f.maxH)
	var tiles []*GenogramTile
	for r := range rows {
		for c := range cols {
			tile := &GenogramTile{f: f, Row: r + 1, Col: c + 1, Rows: rows, Cols: cols, w: min(w, f.maxW), h: min(h, f.maxH)}
			if rows*cols == 1 {
				tile.h = min(f.Height(), f.maxH)
			}
			if cols > 1 {
				tile.offX = float64(c) * (w - f.maxW) / float64(cols-1)
			}
			if rows > 1 {
				tile.offY = float64(r) * (h - f.maxH) / float64(rows-1)
			}
			tiles = append(tiles, tile)
		}
	}
	return tiles
}

// tileCount is how many tiles of size page, overlapping by tileOverlap,
// cover length.
func tileCount(length, page float64) int {
	if length <= page+0.5 {
		return 1
	}
	return 1 + int(math.Ceil((length-page)/(page-tileOverlap)))
}

// Height is the height of the tile.
func (tile *GenogramTile) Height() float64 { return tile.h }

// Width is the width of the tile.
func (tile *GenogramTile) Width() float64 { return tile.w }

// Draw draws the tile's part of the genogram with its top-left at (x, y).
func (tile *GenogramTile) Draw(p *pdf.Page, x, y float64) {
	if tile.Rows*tile.Cols == 1 {
		tile.f.Draw(p, x, y)
		return
	}
	p.Save()
	p.Clip(x, y, tile.w, tile.h)
	tile.f.Draw(p, x-tile.offX, y-tile.offY)
	p.Restore()
	p.Stroke(pdf.Grey)
	p.LineWidth(0.5)
	p.Rect(x, y, tile.w, tile.h, false, true)
}

// Caption names the tile in a large family ("deel 2 van 6: rij 1,
// kolom 2"), or is empty when the family fits on one page.
func (tile *GenogramTile) Caption(lang string) string {
	if tile.Rows*tile.Cols == 1 {
		return ""
	}
	n := (tile.Row-1)*tile.Cols + tile.Col
	return i18n.Default().T(lang, "figure.genogram.tile", n, tile.Rows*tile.Cols, tile.Row, tile.Col)
}

// Alt is the alternative text of the tile, for screen readers.
func (tile *GenogramTile) Alt() string {
	f := tile.f
	n, parts := 0, len(f.g.Partnerships)
	for _, p := range f.g.Persons {
		if !p.Professional {
			n++
		}
	}
	cat := i18n.Default()
	alt := cat.T(f.lang, "figure.genogram.alt", cat.N(f.lang, "figure.genogram.persons", n), cat.N(f.lang, "figure.genogram.partnerships", parts))
	if c := tile.Caption(f.lang); c != "" {
		alt += " " + strings.ToUpper(c[:1]) + c[1:] + "."
	}
	return alt
}

// Empty reports whether the genogram has nobody in it.
func (f *Genogram) Empty() bool { return f.g == nil || len(f.g.Persons) == 0 }

// Height is the height of the scaled drawing.
func (f *Genogram) Height() float64 {
	if f.l == nil {
		return 0
	}
	return f.l.Height*f.scale + f.legendHeight()
}

// Draw draws the genogram with the top-left of its layout at (x, y).
func (f *Genogram) Draw(p *pdf.Page, x, y float64) {
	if f.l == nil {
		return
	}
	d := genogramDrawing{p: p, g: f.g, l: f.l, scale: f.scale, x: x, y: y}
	d.households()
	p.Stroke(pdf.Black)
	p.LineWidth(1)
	parts := d.partnerLines()
	d.childLines(parts)
	d.ties()
	p.Stroke(pdf.Black)
	p.LineWidth(1)
	d.persons()
	p.Fill(pdf.Black)
	f.drawLegend(p, x, y+f.l.Height*f.scale+legendGap)
}

// genogramDrawing draws a laid-out genogram on a page, scaled, with the
// layout's top-left at (x, y).
type genogramDrawing struct {
	p     *pdf.Page
	g     *genogram.Genogram
	l     *genogram.Layout
	scale float64
	x, y  float64
}

func (d *genogramDrawing) tx(v float64) float64 { return d.x + (v-d.l.MinX)*d.scale }
func (d *genogramDrawing) ty(v float64) float64 { return d.y + (v-d.l.MinY)*d.scale }
func (d *genogramDrawing) box(id string) (genogram.Box, bool) {
	b, ok := d.l.Boxes[id]
	return b, ok
}

// partnerLines draws each partnership (dashed when living together, with
// slashes for separation and divorce) and returns them by id.
func (d *genogramDrawing) partnerLines() map[string]genogram.Partnership {
	p, tx, ty := d.p, d.tx, d.ty
	parts := map[string]genogram.Partnership{}
	for _, pt := range d.g.Partnerships {
		parts[pt.ID] = pt
		a, okA := d.box(pt.A)
		b, okB := d.box(pt.B)
		if !okA || !okB {
			continue
		}
		ly := max(a.Y+a.H, b.Y+b.H) + partnerDrop
		if pt.Kind == genogram.LivingTogether {
			p.Dash(4, 3)
		}
		p.Polyline(tx(a.X+a.W/2), ty(a.Y+a.H), tx(a.X+a.W/2), ty(ly), tx(b.X+b.W/2), ty(ly), tx(b.X+b.W/2), ty(b.Y+b.H))
		p.Dash()
		mx := (a.X + a.W/2 + b.X + b.W/2) / 2
		slashes := map[genogram.PartnershipKind]int{genogram.Separated: 1, genogram.Divorced: 2}[pt.Kind]
		for k := 0; k < slashes; k++ {
			off := float64(k)*6 - float64(slashes-1)*3
			p.Line(tx(mx+off-4), ty(ly+6), tx(mx+off+4), ty(ly-6))
		}
	}
	return parts
}

// childLines draws each child's line from its parents, dashed by kind.
func (d *genogramDrawing) childLines(parts map[string]genogram.Partnership) {
	p, tx, ty := d.p, d.tx, d.ty
	for _, pc := range d.g.Children {
		c, ok := d.box(pc.Child)
		if !ok {
			continue
		}
		var pa, pb string
		if pt, ok := parts[pc.Partnership]; ok {
			pa, pb = pt.A, pt.B
		} else {
			pa, pb = pc.Parent1, pc.Parent2
		}
		a, okA := d.box(pa)
		if !okA {
			continue
		}
		px, py := a.X+a.W/2, a.Y+a.H
		if b, okB := d.box(pb); okB {
			px, py = (a.X+a.W/2+b.X+b.W/2)/2, max(a.Y+a.H, b.Y+b.H)+partnerDrop
		}
		mid := (py + c.Y) / 2
		switch pc.Kind {
		case genogram.Foster:
			p.Dash(6, 3)
		case genogram.Adoptive:
			p.Dash(2, 2)
		case genogram.Step:
			p.Dash(6, 2, 1, 2)
		}
		p.Polyline(tx(px), ty(py), tx(px), ty(mid), tx(c.X+c.W/2), ty(mid), tx(c.X+c.W/2), ty(c.Y))
		p.Dash()
	}
}

// persons draws each family member's symbol and labels, in a stable order.
func (d *genogramDrawing) persons() {
	ids := make([]string, 0, len(d.l.Boxes))
	for id := range d.l.Boxes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		person, ok := d.g.PersonByID(id)
		if !ok || person.Professional {
			continue
		}
		d.person(person, d.l.Boxes[id])
	}
}

func (d *genogramDrawing) person(person genogram.Person, b genogram.Box) {
	p := d.p
	bx, by, s := d.tx(b.X), d.ty(b.Y), b.W*d.scale
	p.Fill(pdf.White)
	p.Stroke(pdf.Black)
	shape := func(in float64) {
		switch person.Sex {
		case genogram.SexMale:
			p.Rect(bx+in, by+in, s-2*in, s-2*in, true, true)
		case genogram.SexFemale:
			p.Circle(bx+s/2, by+s/2, s/2-in, true, true)
		default:
			p.Polygon(true, true, bx+s/2, by+in, bx+s-in, by+s/2, bx+s/2, by+s-in, bx+in, by+s/2)
		}
	}
	shape(0)
	if person.Index {
		shape(3 * d.scale)
	}
	if person.IsDeceased() {
		k := s * 0.2
		p.Line(bx+k, by+k, bx+s-k, by+s-k)
		p.Line(bx+s-k, by+k, bx+k, by+s-k)
	}
	size := max(5, 9*d.scale)
	// A white band behind the labels keeps lines from running through them.
	lw := pdf.TextWidth(person.Alias, size, person.Index)
	p.Fill(pdf.White)
	p.Rect(bx+s/2-lw/2-1, by+s+2, lw+2, 2*size+3, true, false)
	p.Fill(pdf.Black)
	p.TextCentred(bx+s/2, by+s+size+2, size, person.Index, person.Alias)
	if person.BirthYear > 0 {
		p.Fill(pdf.Grey)
		p.TextCentred(bx+s/2, by+s+2*size+4, size*0.85, false, strconv.Itoa(person.BirthYear))
	}
}

// Strip draws one row of a tension-field chart as a strip plot: the line
// from 0 to 100 with ticks at 0, 50 and 100, a dot per placement (offset
// vertically by the row's jitter, as on screen) and the median as a bar. A
// withheld row shows its text instead of dots. What a row holds is decided
// by package tension (tension.RowOf): this only draws it.
type Strip struct {
	Row tension.Row
	// Left and Right name the poles, printed under the ends; may be empty.
	Left, Right string
	Width       float64
}

// Geometry of a strip, in points.
const (
	stripPad    = 12.0 // from the box edge to 0 and 100
	stripAbove  = 16.0 // from the top to the line: room for jitter and the median bar
	stripJitter = 9.0
	stripDot    = 5.0
)

// Height is the height of the strip with its scale and poles.
func (s Strip) Height() float64 {
	if s.Left != "" || s.Right != "" {
		return stripAbove + 32
	}
	return stripAbove + 20
}

// Draw draws the strip with its top-left corner at (x, y).
func (s Strip) Draw(p *pdf.Page, x, y float64) {
	r := s.Row
	xOf := func(pos float64) float64 { return x + stripPad + pos/100*(s.Width-2*stripPad) }
	line := y + stripAbove
	p.Stroke(axisGrey)
	p.LineWidth(1.5)
	p.Line(xOf(0), line, xOf(100), line)
	p.LineWidth(0.8)
	p.Fill(axisGrey)
	for _, v := range []float64{0, 50, 100} {
		p.Line(xOf(v), line-5, xOf(v), line+5)
		p.TextCentred(xOf(v), line+14, 7, false, strconv.Itoa(int(v)))
	}
	if s.Left != "" {
		p.Text(xOf(0)-stripPad+2, line+26, 8, false, s.Left)
	}
	if s.Right != "" {
		p.Text(xOf(100)+stripPad-2-pdf.TextWidth(s.Right, 8, false), line+26, 8, false, s.Right)
	}
	if r.Withheld != "" {
		p.TextCentred(x+s.Width/2, line-5, 8, false, r.Withheld)
		p.Fill(pdf.Black)
		return
	}
	// Dots in the row's order (sorted by value): the drawing says no more
	// than the spread.
	p.Fill(dotGreen)
	p.Stroke(pdf.White)
	p.LineWidth(0.8)
	for j, pos := range r.Positions {
		dy := 0.0
		if j < len(r.Jitter) {
			dy = r.Jitter[j] * stripJitter
		}
		p.Circle(xOf(float64(pos)), line+dy, stripDot, true, true)
	}
	if r.HasMedian {
		p.Stroke(medianBrown)
		p.LineWidth(3)
		p.Line(xOf(r.Median), line-13, xOf(r.Median), line+13)
	}
	p.LineWidth(1)
	p.Stroke(pdf.Black)
	p.Fill(pdf.Black)
}
