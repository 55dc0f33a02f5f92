package genogram

import (
	"cmp"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/rotonde-jeugd/rotonde/i18n"
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
	s := &svgw{w: w, b: make([]byte, 0, 128<<10)}
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
	s.str(`<svg xmlns="http://www.w3.org/2000/svg" class="genogram" role="img" viewBox="`).
		num(minX).str(" ").num(minY).str(" ").num(width).str(" ").num(height).str(`"`).
		nattr("width", drawnW).nattr("height", drawnH).
		attr("font-family", fontFam).str(` font-size="12">`)
	s.str("<title>").esc(title).str("</title><desc>").esc(l.describe(g, lang)).str("</desc>\n")
	s.str(`<rect class="background" fill="#fff"`).nattr("x", minX).nattr("y", minY).nattr("width", width).nattr("height", height).str("/>\n")

	l.renderHouseholds(s, g, lang)
	l.renderChildren(s)
	l.renderPartners(s)
	l.renderTies(s, g.Ties)
	l.renderPersons(s, g, lang)
	if legend {
		l.renderLegend(s, g, lang, minX+width-legendW+10, minY+20, opts.Professionals)
	}
	s.str("</svg>\n")
	s.flush(true)
	return s.err
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
func (l *Layout) renderHouseholds(s *svgw, g *Genogram, lang string) {
	s.str(`<g class="households">`)
	if len(g.Households) == 0 {
		s.str("</g>\n")
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
		s.str(`<g class="household`)
		if isIndex {
			s.str(` household-index`)
		}
		s.str(`"`).attr("data-household-id", h.ID).str(">")
		stroke := ` fill="none" stroke="#9e9e9e" stroke-width="1.2" stroke-dasharray="6 4"`
		if isIndex {
			stroke = ` fill="none" stroke="#5e35b1" stroke-width="2.5"`
		}
		for k, r := range runs {
			s.str(`<rect rx="14"`).nattr("x", r.X).nattr("y", r.Y).nattr("width", r.W).nattr("height", r.H)
			if isIndex {
				s.str(` fill="#ede7f6" fill-opacity="0.45" stroke="none"/>`)
			} else {
				s.str(` fill="none" stroke="none"/>`)
			}
			s.str(`<rect rx="14"`+stroke).nattr("x", r.X).nattr("y", r.Y).nattr("width", r.W).nattr("height", r.H).str("/>")
			if k > 0 {
				p, c := runs[k-1].Centre(), r.Centre()
				s.str(`<path fill="none" stroke-width="1" stroke-dasharray="2 3"`).attr("stroke", map[bool]string{true: "#5e35b1", false: "#9e9e9e"}[isIndex]).str(` d="M`).num(p.X).str(" ").num(runs[k-1].Y + runs[k-1].H).str("L").num(c.X).str(" ").num(r.Y).str(`"/>`)
			}
		}
		label := h.Label
		if label == "" && isIndex {
			label = tr(lang, "huishouden van het kind", "household of the child")
		}
		if label != "" {
			r := runs[0]
			s.str(`<text font-size="10" fill="#5e35b1"`).nattr("x", r.X+8).nattr("y", r.Y+r.H-6).str(">").esc(truncate(label, 40)).str("</text>")
		}
		s.str("</g>\n")
	}
	s.str("</g>\n")
}

// partnerY is the depth of a couple's horizontal partner line.
func (l *Layout) partnerY(c couple) float64 {
	a, b := l.box[c.a], l.box[c.b]
	return max(a.Y+a.H, b.Y+b.H) + 12 + float64(min(c.level, 3))*7
}

func (l *Layout) renderPartners(s *svgw) {
	s.str(`<g class="partners" fill="none" stroke="` + ink + `" stroke-width="1.6">`)
	for _, c := range l.couples {
		a, b := l.box[c.a], l.box[c.b]
		ax, bx := a.X+a.W/2, b.X+b.W/2
		y := l.partnerY(c)
		s.str(`<path class="partner partner-`)
		if c.implicit {
			s.str(`none" stroke="#999" stroke-dasharray="2 3"`)
		} else {
			k := c.kind
			if k == "" {
				k = Married
			}
			s.str(string(k)).str(`"`)
			if k == LivingTogether {
				s.str(` stroke-dasharray="6 4"`)
			}
		}
		s.str(` d="M`).num(ax).str(" ").num(a.Y + a.H).str("V").num(y).str("H").num(bx).str("V").num(b.Y + b.H).str(`"/>`)
		if !c.implicit && (c.kind == Separated || c.kind == Divorced) {
			mx := (ax + bx) / 2
			slashes := []float64{0}
			if c.kind == Divorced {
				slashes = []float64{-4, 4}
			}
			for _, o := range slashes {
				s.str(`<path d="M`).num(mx + o - 4).str(" ").num(y + 7).str("L").num(mx + o + 4).str(" ").num(y - 7).str(`"/>`)
			}
		}
		s.str("\n")
		s.flush(false)
	}
	s.str("</g>\n")
}

func (l *Layout) renderChildren(s *svgw) {
	s.str(`<g class="children" fill="none" stroke="` + ink + `" stroke-width="1.4">`)
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
		s.str(`<path class="child child-`).str(string(gr.kind)).str(`"`)
		if d := childDash[gr.kind]; d != "" {
			s.str(` stroke-dasharray="`).str(d).str(`"`)
		}
		s.str(` d="M`).num(ax).str(" ").num(ay).str("V").num(barY).str("M").num(lo).str(" ").num(barY).str("H").num(hi)
		for _, c := range gr.children {
			b := l.box[c]
			s.str("M").num(b.X + b.W/2).str(" ").num(barY).str("V").num(b.Y)
		}
		s.str(`"/>` + "\n")
		s.flush(false)
	}
	s.str("</g>\n")
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

func (l *Layout) renderTies(s *svgw, ties []Tie) {
	s.str(`<g class="ties" fill="none" stroke-width="1.6" stroke-opacity="0.9">`)
	for _, t := range ties {
		i, okA := l.idx[t.A]
		j, okB := l.idx[t.B]
		if !okA || !okB || i == j {
			continue
		}
		if l.pro[i] || l.pro[j] {
			s.str(`<g stroke-opacity="0.6" stroke-width="1.2">`)
			drawTie(s, l.box[i], l.box[j], t.Kind, t.A, t.B, true)
			s.str(`</g>`)
		} else {
			drawTie(s, l.box[i], l.box[j], t.Kind, t.A, t.B, true)
		}
		s.flush(false)
	}
	s.str("</g>\n")
}

// drawTie draws one tie between two boxes in the standard line style. The
// line bows (a quadratic curve, bulging upwards) so that a tie between two
// persons in the same row does not run through the symbols between them.
func drawTie(s *svgw, a, b Box, kind TieKind, ida, idb string, curved bool) {
	bc, ac := b.Centre(), a.Centre()
	x1, y1 := edgePoint(a, bc.X, bc.Y)
	x2, y2 := edgePoint(b, ac.X, ac.Y)
	dx, dy := x2-x1, y2-y1
	d := math.Hypot(dx, dy)
	if d < 1 {
		return
	}
	nx, ny := -dy/d, dx/d
	if ny > 0 {
		nx, ny = -nx, -ny
	}
	bow := 0.0
	if curved {
		bow = min(60, 0.18*d)
	}
	cx, cy := (x1+x2)/2+nx*bow, (y1+y2)/2+ny*bow
	// point and unit normal on the curve at t
	at := func(t float64) (px, py, qx, qy float64) {
		u := 1 - t
		px = u*u*x1 + 2*u*t*cx + t*t*x2
		py = u*u*y1 + 2*u*t*cy + t*t*y2
		tx := 2*u*(cx-x1) + 2*t*(x2-cx)
		ty := 2*u*(cy-y1) + 2*t*(y2-cy)
		tl := math.Hypot(tx, ty)
		if tl < 1e-9 {
			return px, py, nx, ny
		}
		return px, py, -ty / tl, tx / tl
	}
	curve := func(o float64) {
		s.str("M").num(x1 + nx*o).str(" ").num(y1 + ny*o).str("Q").num(cx + nx*o).str(" ").num(cy + ny*o).str(" ").num(x2 + nx*o).str(" ").num(y2 + ny*o)
	}
	poly := func(t0, t1 float64, steps int) {
		for k := 0; k <= steps; k++ {
			px, py, _, _ := at(t0 + (t1-t0)*float64(k)/float64(steps))
			if k == 0 {
				s.str("M")
			} else {
				s.str("L")
			}
			s.num(px).str(" ").num(py)
		}
	}
	s.str(`<path class="tie tie-`).str(string(kind)).str(`" fill="none"`)
	if ida != "" {
		s.attr("data-a", ida).attr("data-b", idb)
	}
	s.str(` stroke="`).str(tieColour(kind)).str(`"`)
	switch kind {
	case TieDistant:
		s.str(` stroke-dasharray="7 5"`)
	case TieInformalCare:
		s.str(` stroke-dasharray="2 4" stroke-linecap="round"`)
	}
	s.str(` d="`)
	switch kind {
	case TieClose:
		curve(-2.5)
		curve(2.5)
	case TieFused:
		curve(-4)
		curve(0)
		curve(4)
	case TieConflict, TieHostile:
		// zigzag over the middle 80%, straight ends
		n := max(2, int(d*0.8/9))
		poly(0, 0.1, 2)
		for k := 1; k <= n; k++ {
			amp := 5.0
			if k%2 == 0 {
				amp = -5
			}
			if k == n {
				amp = 0
			}
			px, py, qx, qy := at(0.1 + 0.8*float64(k)/float64(n))
			s.str("L").num(px + qx*amp).str(" ").num(py + qy*amp)
		}
		px, py, _, _ := at(1)
		s.str("L").num(px).str(" ").num(py)
		if kind == TieHostile {
			curve(-9)
		}
	case TieCutoff:
		g := min(0.04, 6/d)
		poly(0, 0.5-g, 12)
		poly(0.5+g, 1, 12)
		for _, t := range []float64{0.5 - g, 0.5 + g} {
			px, py, qx, qy := at(t)
			s.str("M").num(px + qx*7).str(" ").num(py + qy*7).str("L").num(px - qx*7).str(" ").num(py - qy*7)
		}
	default:
		curve(0)
	}
	s.str(`"/>`)
	if kind == TieInformalCare { // arrowhead at the cared-for person
		_, _, qx, qy := at(1)
		ux, uy := qy, -qx // tangent from the normal
		s.str(`<path class="tie-arrow" stroke="none" fill="`).str(tieColour(kind)).str(`" d="M`).num(x2).str(" ").num(y2).
			str("L").num(x2 - ux*10 + qx*5).str(" ").num(y2 - uy*10 + qy*5).
			str("L").num(x2 - ux*10 - qx*5).str(" ").num(y2 - uy*10 - qy*5).str(`Z"/>`)
	}
	s.str("\n")
}

// symbol draws the shape of a sex in box b (inset by in for the index double outline).
func symbol(s *svgw, sex Sex, b Box, in float64) {
	x, y, w, h := b.X-in, b.Y-in, b.W+2*in, b.H+2*in
	switch sex {
	case SexMale:
		s.str(`<rect`).nattr("x", x).nattr("y", y).nattr("width", w).nattr("height", h).str("/>")
	case SexFemale:
		s.str(`<circle`).nattr("cx", x+w/2).nattr("cy", y+h/2).nattr("r", w/2).str("/>")
	default:
		s.str(`<path d="M`).num(x + w/2).str(" ").num(y).str("L").num(x + w).str(" ").num(y + h/2).
			str("L").num(x + w/2).str(" ").num(y + h).str("L").num(x).str(" ").num(y + h/2).str(`Z"/>`)
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

func (l *Layout) renderPersons(s *svgw, g *Genogram, lang string) {
	events := make(map[string][]LifeEvent)
	for _, e := range g.Events {
		events[e.Person] = append(events[e.Person], e)
	}
	s.str(`<g class="persons">` + "\n")
	for i, p := range l.persons {
		b := l.box[i]
		s.str(`<g class="person`)
		if p.Professional {
			s.str(" professional")
		}
		if p.Index {
			s.str(" index")
		}
		if p.IsDeceased() {
			s.str(" deceased")
		}
		s.str(`"`).attr("data-person-id", p.ID).nattr("data-x", b.X).nattr("data-y", b.Y).nattr("data-w", b.W).nattr("data-h", b.H)
		if l.pinned[i] {
			s.str(` data-pinned="true"`)
		}
		s.str(">")
		// tooltip with the full text
		s.str("<title>").esc(personTitle(p, lang)).str("</title>")
		cx := b.X + b.W/2
		if p.Professional {
			s.str(`<rect rx="10" fill="#e3f2fd" stroke="#1565c0" stroke-width="1.6"`).nattr("x", b.X).nattr("y", b.Y).nattr("width", b.W).nattr("height", b.H).str("/>")
			s.str(`<text text-anchor="middle" font-size="9" fill="#0d47a1"`).nattr("x", cx).nattr("y", b.Y+b.H/2+3).str(">").esc(truncate(p.Organisation, 15)).str("</text>")
			s.str(`<text text-anchor="middle"`+halo).nattr("x", cx).nattr("y", b.Y+b.H+15).str(">").esc(truncate(p.Alias, 20)).str("</text>")
			s.str("</g>\n")
			s.flush(false)
			continue
		}
		s.str(`<g fill="#fff" stroke="` + ink + `" stroke-width="1.8">`)
		if p.Index {
			symbol(s, p.Sex, b, 4)
		}
		symbol(s, p.Sex, b, 0)
		s.str("</g>")
		if p.Sex == SexUnknown || p.Sex == "" {
			s.str(`<text text-anchor="middle" font-size="14" fill="`+ink+`"`).nattr("x", cx).nattr("y", b.Y+b.H/2+5).str(">?</text>")
		}
		if p.IsDeceased() {
			in := 6.0
			if p.Sex == SexFemale || p.Sex == SexOther || p.Sex == SexUnknown || p.Sex == "" {
				in = 10
			}
			s.str(`<path class="cross" stroke="` + ink + `" stroke-width="1.6" d="M`).num(b.X + in).str(" ").num(b.Y + in).str("L").num(b.X + b.W - in).str(" ").num(b.Y + b.H - in).
				str("M").num(b.X + b.W - in).str(" ").num(b.Y + in).str("L").num(b.X + in).str(" ").num(b.Y + b.H - in).str(`"/>`)
		}
		birth, death := yearsText(p)
		if birth != "" || death != "" {
			s.str(`<text class="years" font-size="10" fill="#555"`+halo).nattr("x", b.X+b.W+5).nattr("y", b.Y+11).str(">")
			if birth != "" {
				s.esc(birth)
			}
			if death != "" {
				s.str(`<tspan`).nattr("x", b.X+b.W+5).nattr("y", b.Y+23).str(">").esc(death).str("</tspan>")
			}
			s.str("</text>")
		}
		weight := ""
		if p.Index {
			weight = ` font-weight="600"`
		}
		s.str(`<text class="alias" text-anchor="middle"`+halo+weight).nattr("x", cx).nattr("y", b.Y+b.H+labelGap-10).str(">").esc(truncate(p.Alias, 16)).str("</text>")
		for k, e := range events[p.ID] {
			if k == 2 {
				s.str(`<text text-anchor="middle" font-size="9" fill="#666"`+halo).nattr("x", cx).nattr("y", b.Y+b.H+labelGap+22).str(">…</text>")
				break
			}
			txt := eventName(e.Kind, lang)
			if e.Note != "" {
				txt = e.Note
			}
			if e.Year > 0 {
				txt = strconv.Itoa(e.Year) + " " + txt
			}
			s.str(`<text class="event" text-anchor="middle" font-size="9" fill="#666"`+halo).nattr("x", cx).nattr("y", b.Y+b.H+labelGap+2+float64(k)*11).str(">").esc(truncate(txt, 20)).str("</text>")
		}
		s.str("</g>\n")
		s.flush(false)
	}
	s.str("</g>\n")
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
