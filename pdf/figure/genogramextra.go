package figure

import (
	"strconv"

	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/pdf"
)

// The geno-sociogram in print keeps what the screen shows beyond the
// family lines: the social and emotional ties in their notation and
// colours, the households as outlines (the child's solid and purple,
// others dashed grey), and a legend of what occurs.

var (
	householdPurple = pdf.Colour{R: 0.369, G: 0.208, B: 0.694} // #5e35b1
	householdGrey   = pdf.Colour{R: 0.62, G: 0.62, B: 0.62}    // #9e9e9e
)

// Legend geometry, in points.
const (
	legendGap  = 8.0
	legendRow  = 13.0
	legendSize = 7.5
)

// legendEntry is one sample and label of the printed legend.
type legendEntry struct {
	tie       genogram.TieKind // a tie sample, or
	household bool             // the child's household
	label     string
}

func hexColour(h string) pdf.Colour {
	if len(h) == 4 { // #rgb
		h = "#" + string([]byte{h[1], h[1], h[2], h[2], h[3], h[3]})
	}
	if len(h) != 7 {
		return pdf.Black
	}
	c := func(s string) float64 {
		v, _ := strconv.ParseUint(s, 16, 8)
		return float64(v) / 255
	}
	return pdf.Colour{R: c(h[1:3]), G: c(h[3:5]), B: c(h[5:7])}
}

// genogramLegend lists the ties and households that the drawing shows.
func genogramLegend(g *genogram.Genogram, l *genogram.Layout, lang string) []legendEntry {
	var out []legendEntry
	seen := map[genogram.TieKind]bool{}
	for _, t := range g.Ties {
		_, okA := l.Boxes[t.A]
		_, okB := l.Boxes[t.B]
		if okA && okB && t.A != t.B {
			seen[t.Kind] = true
		}
	}
	for _, k := range genogram.TieKinds {
		if seen[k] {
			_, label := genogram.TieStyle(k, lang)
			out = append(out, legendEntry{tie: k, label: label})
		}
	}
	for _, h := range l.HouseholdOutlines(g) {
		if h.Index {
			out = append(out, legendEntry{household: true, label: i18n.Default().T(lang, "genogram.svg.household.index")})
			break
		}
	}
	return out
}

// legendRows places the entries in rows across the width; it returns the
// row and x of each entry.
func (f *Genogram) legendRows() (rows []int, xs []float64) {
	x, row := 0.0, 0
	for _, e := range f.legend {
		w := 28 + pdf.TextWidth(e.label, legendSize, false) + 12
		if x > 0 && x+w > f.maxW {
			x, row = 0, row+1
		}
		rows, xs = append(rows, row), append(xs, x)
		x += w
	}
	return rows, xs
}

func (f *Genogram) legendHeight() float64 {
	if len(f.legend) == 0 {
		return 0
	}
	rows, _ := f.legendRows()
	return legendGap + float64(rows[len(rows)-1]+1)*legendRow
}

// drawLegend draws the legend with its top-left at (x, y).
func (f *Genogram) drawLegend(p *pdf.Page, x, y float64) {
	rows, xs := f.legendRows()
	for i, e := range f.legend {
		lx, ly := x+xs[i], y+float64(rows[i])*legendRow+legendRow/2
		if e.household {
			p.Fill(pdf.Colour{R: 0.93, G: 0.906, B: 0.965})
			p.Stroke(householdPurple)
			p.LineWidth(1.2)
			p.Rect(lx+2, ly-4, 20, 8, true, true)
		} else {
			drawTieLines(p, genogram.Box{X: 0, Y: -1, W: 2, H: 2}, genogram.Box{X: 24, Y: -1, W: 2, H: 2}, e.tie, 0.8,
				func(v float64) float64 { return lx + v }, func(v float64) float64 { return ly + v })
		}
		p.Fill(pdf.Black)
		p.Text(lx+28, ly+legendSize/3, legendSize, false, e.label)
	}
	p.LineWidth(1)
	p.Stroke(pdf.Black)
}

// households outlines each household with members in the drawing.
func (d *genogramDrawing) households() {
	p := d.p
	for _, h := range d.l.HouseholdOutlines(d.g) {
		if h.Index {
			p.Stroke(householdPurple)
			p.LineWidth(max(0.8, 2*d.scale))
		} else {
			p.Stroke(householdGrey)
			p.LineWidth(max(0.5, 1*d.scale))
			p.Dash(4, 3)
		}
		for k, r := range h.Runs {
			p.Rect(d.tx(r.X), d.ty(r.Y), r.W*d.scale, r.H*d.scale, false, true)
			if k > 0 {
				a, c := h.Runs[k-1].Centre(), r.Centre()
				p.Line(d.tx(a.X), d.ty(h.Runs[k-1].Y+h.Runs[k-1].H), d.tx(c.X), d.ty(r.Y))
			}
		}
		p.Dash()
	}
	p.LineWidth(1)
}

// ties draws the social and emotional ties between family members.
func (d *genogramDrawing) ties() {
	for _, tie := range d.g.Ties {
		a, okA := d.box(tie.A)
		b, okB := d.box(tie.B)
		if !okA || !okB || tie.A == tie.B {
			continue
		}
		drawTieLines(d.p, a, b, tie.Kind, max(0.6, 1.2*d.scale), d.tx, d.ty)
	}
	d.p.Dash()
}

// drawTieLines draws one tie in its notation and colour; tx and ty map
// layout units to the page.
func drawTieLines(p *pdf.Page, a, b genogram.Box, kind genogram.TieKind, width float64, tx, ty func(float64) float64) {
	colour, _ := genogram.TieStyle(kind, "")
	c := hexColour(colour)
	lines, arrow := genogram.TieLines(a, b, kind)
	p.Stroke(c)
	p.LineWidth(width)
	switch kind {
	case genogram.TieDistant:
		p.Dash(3, 2)
	case genogram.TieInformalCare:
		p.Dash(1, 2)
	}
	for _, l := range lines {
		xy := make([]float64, 0, 2*len(l))
		for _, pt := range l {
			xy = append(xy, tx(pt.X), ty(pt.Y))
		}
		p.Polyline(xy...)
	}
	p.Dash()
	if len(arrow) == 3 {
		p.Fill(c)
		p.Polygon(true, false, tx(arrow[0].X), ty(arrow[0].Y), tx(arrow[1].X), ty(arrow[1].Y), tx(arrow[2].X), ty(arrow[2].Y))
		p.Fill(pdf.Black)
	}
}
