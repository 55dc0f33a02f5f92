package genogram

import (
	"cmp"
	"io"
	"math"
	"net/url"
	"slices"
	"strconv"

	"github.com/rotonde-jeugd/rotonde/svg"
)

// The overview: a family so large that, shrunk to the page, a symbol is
// narrower than a few pixels (2,000 persons at 984 px: half a pixel each)
// cannot show symbols, kinds of line or names. Drawing them anyway cost
// the browser most of a second (stroking and dashing thousands of
// sub-pixel shapes, one box per person), to show a grey smear. The
// overview draws what can be seen at that size, in screen pixels: each
// generation a band of marks (neighbouring symbols merged into one
// rectangle), the family lines on whole pixels, the ties as thin coloured
// curves, the child of the case marked; no text, no element per person.
// Tapping a place finds the person there from one attribute (data-hit,
// read by genogram-view.js); without a script the list of persons on the
// page links to the view around each person.

const (
	// overviewMinSymbolPx: a symbol drawn smaller than this on the page
	// makes the drawing an overview.
	overviewMinSymbolPx = 4.0
	// overviewRowPx is the height of one generation in the overview.
	overviewRowPx = 28.0
	overviewPad   = 8.0
)

// Overview reports whether the page drawing of this layout with opts is an
// overview (see above): only for a page (FitWidth), when a symbol would be
// under overviewMinSymbolPx wide.
func (l *Layout) Overview(opts Options) bool {
	if opts.FitWidth <= 0 || len(l.persons) == 0 || l.Width <= 0 {
		return false
	}
	scale := opts.Scale
	if scale <= 0 {
		scale = 1
	}
	px := min(scale, opts.FitWidth/l.Width)
	return SymbolSize*px < overviewMinSymbolPx
}

// overviewMap maps layout units to the overview's pixels: x to fill the
// page's width, y so that one generation is overviewRowPx high.
type overviewMap struct{ minX, minY, kx, ky float64 }

func (m overviewMap) x(u float64) float64 { return overviewPad + (u-m.minX)*m.kx }
func (m overviewMap) y(v float64) float64 { return overviewPad + (v-m.minY)*m.ky }

// segments collects horizontal and vertical lines on whole pixels, each
// once, merging horizontal pieces that touch.
type segments struct {
	vert  map[[3]int]bool
	horiz map[int][][2]int
}

func newSegments() *segments {
	return &segments{vert: map[[3]int]bool{}, horiz: map[int][][2]int{}}
}

func (s *segments) v(x, y0, y1 float64) {
	a, b := int(math.Round(y0)), int(math.Round(y1))
	if a > b {
		a, b = b, a
	}
	if a != b {
		s.vert[[3]int{int(math.Floor(x)), a, b}] = true
	}
}

func (s *segments) h(y, x0, x1 float64) {
	a, b := int(math.Floor(min(x0, x1))), int(math.Ceil(max(x0, x1)))
	y0 := int(math.Round(y))
	s.horiz[y0] = append(s.horiz[y0], [2]int{a, max(b, a+1)})
}

// path is the segments as path data, each line through pixel centres.
func (s *segments) path() []byte {
	var d []byte
	ys := make([]int, 0, len(s.horiz))
	for y := range s.horiz {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	for _, y := range ys {
		for _, r := range mergeRuns(s.horiz[y]) {
			d = appendCmd(d, 'M', float64(r[0]), float64(y)+0.5)
			d = appendCmd(d, 'H', float64(r[1]))
		}
	}
	vs := make([][3]int, 0, len(s.vert))
	for v := range s.vert {
		vs = append(vs, v)
	}
	slices.SortFunc(vs, func(a, b [3]int) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]), cmp.Compare(a[2], b[2]))
	})
	for _, v := range vs {
		d = appendCmd(d, 'M', float64(v[0])+0.5, float64(v[1]))
		d = appendCmd(d, 'V', float64(v[2]))
	}
	return d
}

// mergeRuns sorts pixel runs [from, to) and joins those that touch.
func mergeRuns(rs [][2]int) [][2]int {
	slices.SortFunc(rs, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
	var out [][2]int
	for _, r := range rs {
		if n := len(out); n > 0 && r[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], r[1])
			continue
		}
		out = append(out, r)
	}
	return out
}

// renderOverview writes the overview of the family (professionals are
// left out: the page lists them).
func (l *Layout) renderOverview(w io.Writer, g *Genogram, opts Options, title, desc string) error {
	s := svg.NewWriter(w)
	width := math.Round(opts.FitWidth)
	rows := float64(max(l.rows, 1))
	m := overviewMap{minX: l.MinX, minY: l.MinY, kx: (width - 2*overviewPad) / l.Width, ky: overviewRowPx * rows / l.Height}
	height := math.Ceil(m.y(l.MinY+l.Height) + overviewPad)

	// Symbols: per band of equal height, the runs of neighbouring marks.
	type band struct{ y0, y1 int }
	marks := map[band][][2]int{}
	var hit []byte
	index := -1
	for i, p := range l.persons {
		if l.pro[i] {
			continue
		}
		b := l.box[i]
		x0 := int(math.Floor(m.x(b.X)))
		x1 := max(int(math.Ceil(m.x(b.X+b.W))), x0+1)
		bd := band{int(math.Round(m.y(b.Y))), int(math.Round(m.y(b.Y + b.H)))}
		marks[bd] = append(marks[bd], [2]int{x0, x1})
		if p.Index && index < 0 {
			index = i
		}
		if len(hit) > 0 {
			hit = append(hit, ';')
		}
		c := b.Centre()
		hit = strconv.AppendInt(hit, int64(math.Round(m.x(c.X))), 10)
		hit = append(hit, ' ')
		hit = strconv.AppendInt(hit, int64(math.Round(m.y(c.Y))), 10)
		hit = append(hit, ' ')
		hit = append(hit, url.PathEscape(p.ID)...)
	}

	// Family lines: partners and children, on whole pixels.
	lines := newSegments()
	for _, c := range l.couples {
		if l.pro[c.a] || l.pro[c.b] {
			continue
		}
		a, b := l.box[c.a], l.box[c.b]
		ax, bx, y := m.x(a.X+a.W/2), m.x(b.X+b.W/2), m.y(l.partnerY(c))
		lines.v(ax, m.y(a.Y+a.H), y)
		lines.v(bx, m.y(b.Y+b.H), y)
		lines.h(y, ax, bx)
	}
	for gi := range l.groups {
		gr := &l.groups[gi]
		ax, ay, lo, hi, bar := l.childBar(gr)
		barY := m.y(bar)
		lines.v(m.x(ax), m.y(ay), barY)
		lines.h(barY, m.x(lo), m.x(hi))
		for _, c := range gr.children {
			b := l.box[c]
			lines.v(m.x(b.X+b.W/2), barY, m.y(b.Y))
		}
	}

	s.Raw(`<svg xmlns="http://www.w3.org/2000/svg" class="genogram genogram-overview" role="img" viewBox="0 0 `).
		Num(width).Raw(" ").Num(height).Raw(`"`).NumAttr("width", width).NumAttr("height", height).
		Raw(` data-labels="none"`).Attr("data-hit", string(hit)).Raw(">")
	s.Raw("<title>").Text(title).Raw("</title><desc>").Text(desc).Raw("</desc>\n")
	if d := lines.path(); len(d) > 0 {
		s.Raw(`<path class="lines" fill="none" stroke="#999" stroke-width="1" shape-rendering="crispEdges" d="`).Raw(string(d)).Raw(`"/>` + "\n")
	}
	l.renderOverviewTies(s, g.Ties, m)
	var sym []byte
	bands := make([]band, 0, len(marks))
	for bd := range marks {
		bands = append(bands, bd)
	}
	slices.SortFunc(bands, func(a, b band) int { return cmp.Or(cmp.Compare(a.y0, b.y0), cmp.Compare(a.y1, b.y1)) })
	for _, bd := range bands {
		for _, r := range mergeRuns(marks[bd]) {
			sym = appendRect(sym, r[0], bd.y0, r[1]-r[0], max(bd.y1-bd.y0, 1))
		}
	}
	if len(sym) > 0 {
		s.Raw(`<path class="symbols" fill="` + ink + `" shape-rendering="crispEdges" d="`).Raw(string(sym)).Raw(`"/>` + "\n")
	}
	if index >= 0 {
		b := l.box[index]
		x0, y0 := math.Floor(m.x(b.X))-3, math.Round(m.y(b.Y))-3
		x1, y1 := math.Ceil(m.x(b.X+b.W))+3, math.Round(m.y(b.Y+b.H))+3
		s.Raw(`<path class="index" fill="none" stroke="#5e35b1" stroke-width="2" d="`).
			Raw(string(appendRect(nil, int(x0), int(y0), int(max(x1-x0, 7)), int(y1-y0)))).Raw(`"/>` + "\n")
	}
	s.Raw("</svg>\n")
	return s.Close()
}

// renderOverviewTies draws the ties between family members as thin curves
// in their colour, one path per kind; their line styles (double, zigzag)
// cannot be seen at this size.
func (l *Layout) renderOverviewTies(s *svg.Writer, ties []Tie, m overviewMap) {
	paths := map[TieKind][]byte{}
	seen := map[string]bool{}
	for _, t := range ties {
		i, okA := l.idx[t.A]
		j, okB := l.idx[t.B]
		if !okA || !okB || i == j || l.pro[i] || l.pro[j] {
			continue
		}
		c, ok := newTieCurve(l.box[i], l.box[j], true)
		if !ok {
			continue
		}
		var d []byte
		d = appendCmd(d, 'M', m.x(c.x1), m.y(c.y1))
		d = appendCmd(d, 'Q', m.x(c.cx), m.y(c.cy), m.x(c.x2), m.y(c.y2))
		if seen[string(t.Kind)+string(d)] {
			continue
		}
		seen[string(t.Kind)+string(d)] = true
		paths[t.Kind] = append(paths[t.Kind], d...)
	}
	for _, tk := range tieKinds {
		if d := paths[tk.kind]; len(d) > 0 {
			s.Raw(`<path class="tie tie-`).Raw(string(tk.kind)).Raw(`" fill="none" stroke="`).Raw(tk.colour).Raw(`" stroke-width="1" d="`).Raw(string(d)).Raw(`"/>` + "\n")
		}
	}
}

// appendRect appends a rectangle on whole pixels as path data.
func appendRect(d []byte, x, y, w, h int) []byte {
	return appendBox(d, float64(x), float64(y), float64(w), float64(h))
}
