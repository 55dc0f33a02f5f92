package genogram

import (
	"cmp"
	"io"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/svg"
)

const (
	ink      = "#333"
	inkSoft  = "#777"
	fontFam  = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
	legendW  = 230.0
	labelGap = 46.0 // alias baseline below the symbol, under the partner lines
)

func tr(lang, nl, en string) string {
	if lang == "en" {
		return en
	}
	return nl
}

// tieStyle gives colour and label of each tie kind.
var tieKinds = []struct {
	kind   TieKind
	colour string
	nl, en string
}{
	{TieClose, "#2e7d32", "nauw", "close"},
	{TieFused, "#1b5e20", "versmolten", "fused"},
	{TieDistant, "#777", "afstandelijk", "distant"},
	{TieConflict, "#c62828", "conflict", "conflict"},
	{TieHostile, "#8e0000", "vijandig", "hostile"},
	{TieCutoff, "#555", "verbroken contact", "cut off (broken contact)"},
	{TieInformalCare, "#1565c0", "mantelzorg (zorgt voor)", "informal care (cares for)"},
}

func tieColour(k TieKind) string {
	for _, t := range tieKinds {
		if t.kind == k {
			return t.colour
		}
	}
	return inkSoft
}

var childDash = map[ChildKind]string{Foster: "7 4", Adoptive: "3 3", Step: "9 3 2 3"}

// MaxSVGSide is the largest width or height, in pixels, a drawing asks
// for: librsvg (and with it many viewers and converters) refuses images
// larger than 32,767 pixels a side. A larger family is drawn whole but
// scaled down to fit; to print part of it legibly, draw it with Focus and
// Generations.
const MaxSVGSide = 32000.0

// Render lays out the genogram and writes it as a standalone SVG document
// (also safe to inline in HTML: no <style>, no ids, all text escaped).
func Render(w io.Writer, g *Genogram, opts Options) error {
	l := ComputeLayout(g, opts)
	return l.Render(w, g, opts)
}

// Render writes the SVG of a computed layout. g must be the genogram the
// layout was computed from (it supplies ties, events and households).
func (l *Layout) Render(w io.Writer, g *Genogram, opts Options) error {
	lang := opts.Lang
	s := svg.NewWriter(w)
	minX, minY, width, height := l.MinX, l.MinY, l.Width, l.Height
	legend := !opts.NoLegend
	if legend {
		width += legendW
		height = max(height, 560)
	}
	title := opts.Title
	if title == "" {
		title = tr(lang, "Geno-sociogram", "Geno-sociogram")
	}
	// The drawing keeps its own units (viewBox); its size on screen or
	// paper shrinks to fit MaxSVGSide, so that a large family still opens
	// in programs that refuse larger images.
	drawnW, drawnH := width, height
	if fit := MaxSVGSide / max(width, height); fit < 1 {
		drawnW, drawnH = math.Floor(width*fit), math.Floor(height*fit)
	}
	s.Raw(`<svg xmlns="http://www.w3.org/2000/svg" class="genogram" role="img" viewBox="`).
		Num(minX).Raw(" ").Num(minY).Raw(" ").Num(width).Raw(" ").Num(height).Raw(`"`).
		NumAttr("width", drawnW).NumAttr("height", drawnH).
		Attr("font-family", fontFam).Raw(` font-size="12">`)
	s.Raw("<title>").Text(title).Raw("</title><desc>").Text(l.describe(g, lang)).Raw("</desc>\n")
	s.Raw(`<rect class="background" fill="#fff"`).NumAttr("x", minX).NumAttr("y", minY).NumAttr("width", width).NumAttr("height", height).Raw("/>\n")

	l.renderHouseholds(s, g, lang)
	l.renderChildren(s)
	l.renderPartners(s)
	l.renderTies(s, g.Ties)
	l.renderPersons(s, g, lang)
	if legend {
		l.renderLegend(s, g, lang, minX+width-legendW+10, minY+20, opts.Professionals)
	}
	s.Raw("</svg>\n")
	return s.Close()
}

// describe is the accessible summary (<desc>).
func (l *Layout) describe(g *Genogram, lang string) string {
	fam, pro := 0, 0
	index := ""
	for _, p := range l.persons {
		if p.Professional {
			pro++
		} else {
			fam++
		}
		if p.Index && index == "" {
			index = p.Alias
		}
	}
	cat := i18n.Default()
	d := cat.T(lang, "geno.svg.desc", cat.N(lang, "geno.svg.persons", fam), cat.N(lang, "geno.svg.generations", l.rows))
	if pro > 0 {
		d += cat.T(lang, "geno.svg.and", cat.N(lang, "geno.svg.professionals", pro))
	}
	if index != "" {
		d += tr(lang, "; het kind om wie het gaat: ", "; the child the case is about: ") + index
	}
	return d + "."
}

// renderHouseholds outlines each household. Members are drawn in runs of
// neighbours on one row (never enclosing a non-member); runs are joined by
// a line in the same colour.
func (l *Layout) renderHouseholds(s *svg.Writer, g *Genogram, lang string) {
	s.Raw(`<g class="households">`)
	if len(g.Households) == 0 {
		s.Raw("</g>\n")
		return
	}
	// rank of every symbol within its row band, left to right
	bands := make(map[float64][]int)
	for i := range l.persons {
		bands[l.box[i].Y] = append(bands[l.box[i].Y], i)
	}
	rank := make([]int, len(l.persons))
	for _, ms := range bands {
		slices.SortFunc(ms, func(a, b int) int { return cmp.Compare(l.box[a].X, l.box[b].X) })
		for k, i := range ms {
			rank[i] = k
		}
	}
	indexDone := false
	for _, h := range g.Households {
		var ms []int
		for _, m := range h.Members {
			if i, ok := l.idx[m]; ok && !slices.Contains(ms, i) {
				ms = append(ms, i)
			}
		}
		if len(ms) == 0 {
			continue
		}
		slices.SortFunc(ms, func(a, b int) int {
			if c := cmp.Compare(l.box[a].Y, l.box[b].Y); c != 0 {
				return c
			}
			return cmp.Compare(rank[a], rank[b])
		})
		var runs []Box
		for k := 0; k < len(ms); {
			j := k
			for j+1 < len(ms) && l.box[ms[j+1]].Y == l.box[ms[k]].Y && rank[ms[j+1]] == rank[ms[j]]+1 {
				j++
			}
			a, b := l.box[ms[k]], l.box[ms[j]]
			runs = append(runs, Box{X: a.X - 30, Y: a.Y - 16, W: b.X + b.W + 30 - (a.X - 30), H: a.H + 16 + 72})
			k = j + 1
		}
		isIndex := h.Index && !indexDone
		indexDone = indexDone || isIndex
		s.Raw(`<g class="household`)
		if isIndex {
			s.Raw(` household-index`)
		}
		s.Raw(`"`).Attr("data-household-id", h.ID).Raw(">")
		stroke := ` fill="none" stroke="#9e9e9e" stroke-width="1.2" stroke-dasharray="6 4"`
		if isIndex {
			stroke = ` fill="none" stroke="#5e35b1" stroke-width="2.5"`
		}
		for k, r := range runs {
			s.Raw(`<rect rx="14"`).NumAttr("x", r.X).NumAttr("y", r.Y).NumAttr("width", r.W).NumAttr("height", r.H)
			if isIndex {
				s.Raw(` fill="#ede7f6" fill-opacity="0.45" stroke="none"/>`)
			} else {
				s.Raw(` fill="none" stroke="none"/>`)
			}
			s.Raw(`<rect rx="14"`+stroke).NumAttr("x", r.X).NumAttr("y", r.Y).NumAttr("width", r.W).NumAttr("height", r.H).Raw("/>")
			if k > 0 {
				p, c := runs[k-1].Centre(), r.Centre()
				s.Raw(`<path fill="none" stroke-width="1" stroke-dasharray="2 3"`).Attr("stroke", map[bool]string{true: "#5e35b1", false: "#9e9e9e"}[isIndex]).Raw(` d="M`).Num(p.X).Raw(" ").Num(runs[k-1].Y + runs[k-1].H).Raw("L").Num(c.X).Raw(" ").Num(r.Y).Raw(`"/>`)
			}
		}
		label := h.Label
		if label == "" && isIndex {
			label = tr(lang, "huishouden van het kind", "household of the child")
		}
		if label != "" {
			r := runs[0]
			s.Raw(`<text font-size="10" fill="#5e35b1"`).NumAttr("x", r.X+8).NumAttr("y", r.Y+r.H-6).Raw(">").Text(truncate(label, 40)).Raw("</text>")
		}
		s.Raw("</g>\n")
	}
	s.Raw("</g>\n")
}

// partnerY is the depth of a couple's horizontal partner line.
func (l *Layout) partnerY(c couple) float64 {
	a, b := l.box[c.a], l.box[c.b]
	return max(a.Y+a.H, b.Y+b.H) + 12 + float64(min(c.level, 3))*7
}

func (l *Layout) renderPartners(s *svg.Writer) {
	s.Raw(`<g class="partners" fill="none" stroke="` + ink + `" stroke-width="1.6">`)
	for _, c := range l.couples {
		a, b := l.box[c.a], l.box[c.b]
		ax, bx := a.X+a.W/2, b.X+b.W/2
		y := l.partnerY(c)
		s.Raw(`<path class="partner partner-`)
		if c.implicit {
			s.Raw(`none" stroke="#999" stroke-dasharray="2 3"`)
		} else {
			k := c.kind
			if k == "" {
				k = Married
			}
			s.Raw(string(k)).Raw(`"`)
			if k == LivingTogether {
				s.Raw(` stroke-dasharray="6 4"`)
			}
		}
		s.Raw(` d="M`).Num(ax).Raw(" ").Num(a.Y + a.H).Raw("V").Num(y).Raw("H").Num(bx).Raw("V").Num(b.Y + b.H).Raw(`"/>`)
		if !c.implicit && (c.kind == Separated || c.kind == Divorced) {
			mx := (ax + bx) / 2
			slashes := []float64{0}
			if c.kind == Divorced {
				slashes = []float64{-4, 4}
			}
			for _, o := range slashes {
				s.Raw(`<path d="M`).Num(mx + o - 4).Raw(" ").Num(y + 7).Raw("L").Num(mx + o + 4).Raw(" ").Num(y - 7).Raw(`"/>`)
			}
		}
		s.Raw("\n")
		s.Flush(false)
	}
	s.Raw("</g>\n")
}

func (l *Layout) renderChildren(s *svg.Writer) {
	s.Raw(`<g class="children" fill="none" stroke="` + ink + `" stroke-width="1.4">`)
	for gi := range l.groups {
		gr := &l.groups[gi]
		ax, ay := l.anchor(gr)
		top := math.Inf(1)
		lo, hi := ax, ax
		for _, c := range gr.children {
			b := l.box[c]
			top = min(top, b.Y)
			lo, hi = min(lo, b.X+b.W/2), max(hi, b.X+b.W/2)
		}
		barY := top - 22 - float64(min(gr.slot, 7))*6
		s.Raw(`<path class="child child-`).Raw(string(gr.kind)).Raw(`"`)
		if d := childDash[gr.kind]; d != "" {
			s.Raw(` stroke-dasharray="`).Raw(d).Raw(`"`)
		}
		s.Raw(` d="M`).Num(ax).Raw(" ").Num(ay).Raw("V").Num(barY).Raw("M").Num(lo).Raw(" ").Num(barY).Raw("H").Num(hi)
		for _, c := range gr.children {
			b := l.box[c]
			s.Raw("M").Num(b.X + b.W/2).Raw(" ").Num(barY).Raw("V").Num(b.Y)
		}
		s.Raw(`"/>` + "\n")
		s.Flush(false)
	}
	s.Raw("</g>\n")
}

// edgePoint moves from the centre of b towards (tx, ty) to just outside the symbol.
func edgePoint(b Box, tx, ty float64) (float64, float64) {
	c := b.Centre()
	dx, dy := tx-c.X, ty-c.Y
	d := math.Hypot(dx, dy)
	if d < 1e-9 {
		return c.X, c.Y
	}
	r := max(b.W, b.H)/2 + 3
	return c.X + dx/d*r, c.Y + dy/d*r
}

func (l *Layout) renderTies(s *svg.Writer, ties []Tie) {
	s.Raw(`<g class="ties" fill="none" stroke-width="1.6" stroke-opacity="0.9">`)
	for _, t := range ties {
		i, okA := l.idx[t.A]
		j, okB := l.idx[t.B]
		if !okA || !okB || i == j {
			continue
		}
		if l.pro[i] || l.pro[j] {
			s.Raw(`<g stroke-opacity="0.6" stroke-width="1.2">`)
			drawTie(s, l.box[i], l.box[j], t.Kind, t.A, t.B, true)
			s.Raw(`</g>`)
		} else {
			drawTie(s, l.box[i], l.box[j], t.Kind, t.A, t.B, true)
		}
		s.Flush(false)
	}
	s.Raw("</g>\n")
}

// drawTie draws one tie between two boxes in the standard line style. The
// line bows (a quadratic curve, bulging upwards) so that a tie between two
// persons in the same row does not run through the symbols between them.
func drawTie(s *svg.Writer, a, b Box, kind TieKind, ida, idb string, curved bool) {
	c, ok := newTieCurve(a, b, curved)
	if !ok {
		return
	}
	s.Raw(`<path class="tie tie-`).Raw(string(kind)).Raw(`" fill="none"`)
	if ida != "" {
		s.Attr("data-a", ida).Attr("data-b", idb)
	}
	s.Raw(` stroke="`).Raw(tieColour(kind)).Raw(`"`)
	switch kind {
	case TieDistant:
		s.Raw(` stroke-dasharray="7 5"`)
	case TieInformalCare:
		s.Raw(` stroke-dasharray="2 4" stroke-linecap="round"`)
	}
	s.Raw(` d="`)
	c.shape(s, kind)
	s.Raw(`"/>`)
	if kind == TieInformalCare { // arrowhead at the cared-for person
		_, _, qx, qy := c.at(1)
		ux, uy := qy, -qx // tangent from the normal
		x2, y2 := c.x2, c.y2
		s.Raw(`<path class="tie-arrow" stroke="none" fill="`).Raw(tieColour(kind)).Raw(`" d="M`).Num(x2).Raw(" ").Num(y2).
			Raw("L").Num(x2 - ux*10 + qx*5).Raw(" ").Num(y2 - uy*10 + qy*5).
			Raw("L").Num(x2 - ux*10 - qx*5).Raw(" ").Num(y2 - uy*10 - qy*5).Raw(`Z"/>`)
	}
	s.Raw("\n")
}

// tieCurve is the quadratic curve of a tie from one symbol's edge to the
// other's, with (nx, ny) the unit normal pointing upwards.
type tieCurve struct {
	x1, y1, x2, y2, cx, cy, nx, ny, d float64
}

func newTieCurve(a, b Box, curved bool) (tieCurve, bool) {
	bc, ac := b.Centre(), a.Centre()
	x1, y1 := edgePoint(a, bc.X, bc.Y)
	x2, y2 := edgePoint(b, ac.X, ac.Y)
	dx, dy := x2-x1, y2-y1
	d := math.Hypot(dx, dy)
	if d < 1 {
		return tieCurve{}, false
	}
	nx, ny := -dy/d, dx/d
	if ny > 0 {
		nx, ny = -nx, -ny
	}
	bow := 0.0
	if curved {
		bow = min(60, 0.18*d)
	}
	return tieCurve{x1: x1, y1: y1, x2: x2, y2: y2, cx: (x1+x2)/2 + nx*bow, cy: (y1+y2)/2 + ny*bow, nx: nx, ny: ny, d: d}, true
}

// at returns the point and the unit normal on the curve at t.
func (c tieCurve) at(t float64) (px, py, qx, qy float64) {
	u := 1 - t
	px = u*u*c.x1 + 2*u*t*c.cx + t*t*c.x2
	py = u*u*c.y1 + 2*u*t*c.cy + t*t*c.y2
	tx := 2*u*(c.cx-c.x1) + 2*t*(c.x2-c.cx)
	ty := 2*u*(c.cy-c.y1) + 2*t*(c.y2-c.cy)
	tl := math.Hypot(tx, ty)
	if tl < 1e-9 {
		return px, py, c.nx, c.ny
	}
	return px, py, -ty / tl, tx / tl
}

// curve writes the whole curve shifted by o along the normal.
func (c tieCurve) curve(s *svg.Writer, o float64) {
	s.Raw("M").Num(c.x1 + c.nx*o).Raw(" ").Num(c.y1 + c.ny*o).Raw("Q").Num(c.cx + c.nx*o).Raw(" ").Num(c.cy + c.ny*o).Raw(" ").Num(c.x2 + c.nx*o).Raw(" ").Num(c.y2 + c.ny*o)
}

// poly writes the curve from t0 to t1 as straight pieces.
func (c tieCurve) poly(s *svg.Writer, t0, t1 float64, steps int) {
	for k := 0; k <= steps; k++ {
		px, py, _, _ := c.at(t0 + (t1-t0)*float64(k)/float64(steps))
		if k == 0 {
			s.Raw("M")
		} else {
			s.Raw("L")
		}
		s.Num(px).Raw(" ").Num(py)
	}
}

// shape writes the path data that shows the kind of tie: double and triple
// lines, a zigzag for conflict, a break for a cut-off.
func (c tieCurve) shape(s *svg.Writer, kind TieKind) {
	switch kind {
	case TieClose:
		c.curve(s, -2.5)
		c.curve(s, 2.5)
	case TieFused:
		c.curve(s, -4)
		c.curve(s, 0)
		c.curve(s, 4)
	case TieConflict, TieHostile:
		// zigzag over the middle 80%, straight ends
		n := max(2, int(c.d*0.8/9))
		c.poly(s, 0, 0.1, 2)
		for k := 1; k <= n; k++ {
			amp := 5.0
			if k%2 == 0 {
				amp = -5
			}
			if k == n {
				amp = 0
			}
			px, py, qx, qy := c.at(0.1 + 0.8*float64(k)/float64(n))
			s.Raw("L").Num(px + qx*amp).Raw(" ").Num(py + qy*amp)
		}
		px, py, _, _ := c.at(1)
		s.Raw("L").Num(px).Raw(" ").Num(py)
		if kind == TieHostile {
			c.curve(s, -9)
		}
	case TieCutoff:
		g := min(0.04, 6/c.d)
		c.poly(s, 0, 0.5-g, 12)
		c.poly(s, 0.5+g, 1, 12)
		for _, t := range []float64{0.5 - g, 0.5 + g} {
			px, py, qx, qy := c.at(t)
			s.Raw("M").Num(px + qx*7).Raw(" ").Num(py + qy*7).Raw("L").Num(px - qx*7).Raw(" ").Num(py - qy*7)
		}
	default:
		c.curve(s, 0)
	}
}

// symbol draws the shape of a sex in box b (inset by in for the index double outline).
func symbol(s *svg.Writer, sex Sex, b Box, in float64) {
	x, y, w, h := b.X-in, b.Y-in, b.W+2*in, b.H+2*in
	switch sex {
	case SexMale:
		s.Raw(`<rect`).NumAttr("x", x).NumAttr("y", y).NumAttr("width", w).NumAttr("height", h).Raw("/>")
	case SexFemale:
		s.Raw(`<circle`).NumAttr("cx", x+w/2).NumAttr("cy", y+h/2).NumAttr("r", w/2).Raw("/>")
	default:
		s.Raw(`<path d="M`).Num(x + w/2).Raw(" ").Num(y).Raw("L").Num(x + w).Raw(" ").Num(y + h/2).
			Raw("L").Num(x + w/2).Raw(" ").Num(y + h).Raw("L").Num(x).Raw(" ").Num(y + h/2).Raw(`Z"/>`)
	}
}

// yearsText is the compact birth–death label ("°1950 †2019").
func yearsText(p Person) (string, string) {
	var birth, death string
	if p.BirthYear > 0 {
		birth = "°" + strconv.Itoa(p.BirthYear)
	}
	if p.DeathYear > 0 {
		death = "†" + strconv.Itoa(p.DeathYear)
	} else if p.Deceased {
		death = "†"
	}
	return birth, death
}

const halo = ` paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round"`

func eventName(k EventKind, lang string) string {
	switch k {
	case EventDeath:
		return tr(lang, "overlijden", "death")
	case EventMove:
		return tr(lang, "verhuizing", "move")
	case EventBreakup:
		return tr(lang, "breuk", "break-up")
	}
	return ""
}

func (l *Layout) renderPersons(s *svg.Writer, g *Genogram, lang string) {
	events := make(map[string][]LifeEvent)
	for _, e := range g.Events {
		events[e.Person] = append(events[e.Person], e)
	}
	s.Raw(`<g class="persons">` + "\n")
	for i, p := range l.persons {
		b := l.box[i]
		s.Raw(`<g class="person`)
		if p.Professional {
			s.Raw(" professional")
		}
		if p.Index {
			s.Raw(" index")
		}
		if p.IsDeceased() {
			s.Raw(" deceased")
		}
		s.Raw(`"`).Attr("data-person-id", p.ID).NumAttr("data-x", b.X).NumAttr("data-y", b.Y).NumAttr("data-w", b.W).NumAttr("data-h", b.H)
		if l.pinned[i] {
			s.Raw(` data-pinned="true"`)
		}
		s.Raw(">")
		// tooltip with the full text
		s.Raw("<title>").Text(personTitle(p, lang)).Raw("</title>")
		cx := b.X + b.W/2
		if p.Professional {
			s.Raw(`<rect rx="10" fill="#e3f2fd" stroke="#1565c0" stroke-width="1.6"`).NumAttr("x", b.X).NumAttr("y", b.Y).NumAttr("width", b.W).NumAttr("height", b.H).Raw("/>")
			s.Raw(`<text text-anchor="middle" font-size="9" fill="#0d47a1"`).NumAttr("x", cx).NumAttr("y", b.Y+b.H/2+3).Raw(">").Text(truncate(p.Organisation, 15)).Raw("</text>")
			s.Raw(`<text text-anchor="middle"`+halo).NumAttr("x", cx).NumAttr("y", b.Y+b.H+15).Raw(">").Text(truncate(p.Alias, 20)).Raw("</text>")
			s.Raw("</g>\n")
			s.Flush(false)
			continue
		}
		s.Raw(`<g fill="#fff" stroke="` + ink + `" stroke-width="1.8">`)
		if p.Index {
			symbol(s, p.Sex, b, 4)
		}
		symbol(s, p.Sex, b, 0)
		s.Raw("</g>")
		if p.Sex == SexUnknown || p.Sex == "" {
			s.Raw(`<text text-anchor="middle" font-size="14" fill="`+ink+`"`).NumAttr("x", cx).NumAttr("y", b.Y+b.H/2+5).Raw(">?</text>")
		}
		if p.IsDeceased() {
			in := 6.0
			if p.Sex == SexFemale || p.Sex == SexOther || p.Sex == SexUnknown || p.Sex == "" {
				in = 10
			}
			s.Raw(`<path class="cross" stroke="` + ink + `" stroke-width="1.6" d="M`).Num(b.X + in).Raw(" ").Num(b.Y + in).Raw("L").Num(b.X + b.W - in).Raw(" ").Num(b.Y + b.H - in).
				Raw("M").Num(b.X + b.W - in).Raw(" ").Num(b.Y + in).Raw("L").Num(b.X + in).Raw(" ").Num(b.Y + b.H - in).Raw(`"/>`)
		}
		birth, death := yearsText(p)
		if birth != "" || death != "" {
			s.Raw(`<text class="years" font-size="10" fill="#555"`+halo).NumAttr("x", b.X+b.W+5).NumAttr("y", b.Y+11).Raw(">")
			if birth != "" {
				s.Text(birth)
			}
			if death != "" {
				s.Raw(`<tspan`).NumAttr("x", b.X+b.W+5).NumAttr("y", b.Y+23).Raw(">").Text(death).Raw("</tspan>")
			}
			s.Raw("</text>")
		}
		weight := ""
		if p.Index {
			weight = ` font-weight="600"`
		}
		s.Raw(`<text class="alias" text-anchor="middle"`+halo+weight).NumAttr("x", cx).NumAttr("y", b.Y+b.H+labelGap-10).Raw(">").Text(truncate(p.Alias, 16)).Raw("</text>")
		for k, e := range events[p.ID] {
			if k == 2 {
				s.Raw(`<text text-anchor="middle" font-size="9" fill="#666"`+halo).NumAttr("x", cx).NumAttr("y", b.Y+b.H+labelGap+22).Raw(">…</text>")
				break
			}
			txt := eventName(e.Kind, lang)
			if e.Note != "" {
				txt = e.Note
			}
			if e.Year > 0 {
				txt = strconv.Itoa(e.Year) + " " + txt
			}
			s.Raw(`<text class="event" text-anchor="middle" font-size="9" fill="#666"`+halo).NumAttr("x", cx).NumAttr("y", b.Y+b.H+labelGap+2+float64(k)*11).Raw(">").Text(truncate(txt, 20)).Raw("</text>")
		}
		s.Raw("</g>\n")
		s.Flush(false)
	}
	s.Raw("</g>\n")
}

func personTitle(p Person, lang string) string {
	t := p.Alias
	if t == "" {
		t = p.ID
	}
	if p.Professional && p.Organisation != "" {
		t += " — " + p.Organisation
	}
	b, d := yearsText(p)
	if b != "" || d != "" {
		t += " (" + b
		if d != "" {
			if b != "" {
				t += " "
			}
			t += d
		}
		t += ")"
	}
	if p.Index {
		t += tr(lang, " — het kind om wie het gaat", " — the child the case is about")
	}
	return t
}

// truncate shortens a label to n runes with an ellipsis.
func truncate(v string, n int) string {
	if utf8.RuneCountInString(v) <= n {
		return v
	}
	k := 0
	for i := range v {
		if k == n-1 {
			return v[:i] + "…"
		}
		k++
	}
	return v
}
