package genogram

import (
	"cmp"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
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

// tieKinds gives the colour and the label's catalogue key of each tie kind.
var tieKinds = []struct {
	kind   TieKind
	colour string
	label  string
}{
	{TieClose, "#2e7d32", "genogram.svg.tie.close"},
	{TieFused, "#1b5e20", "genogram.svg.tie.fused"},
	{TieDistant, "#777", "genogram.svg.tie.distant"},
	{TieConflict, "#c62828", "genogram.svg.tie.conflict"},
	{TieHostile, "#8e0000", "genogram.svg.tie.hostile"},
	{TieCutoff, "#555", "genogram.svg.tie.cutoff"},
	{TieInformalCare, "#1565c0", "genogram.svg.tie.care"},
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

// MinTextPx is the smallest text, in pixels on screen, worth drawing:
// smaller text cannot be read and only costs the browser time.
const MinTextPx = 6.0

// drawing holds what the parts of one SVG share: the writer, the prefix of
// the shared symbols' ids, and how many screen pixels one unit becomes.
type drawing struct {
	s      *svg.Writer
	prefix string
	px     float64
	href   func(id string) string
	// halo is the white outline that keeps a label legible over a line,
	// for files and print; a page's drawing goes without: it doubles the
	// cost of painting every text.
	halo string
}

// legible reports whether text of the given size can be read on screen.
func (d *drawing) legible(size float64) bool { return size*d.px >= MinTextPx }

// Render writes the SVG of a computed layout. g must be the genogram the
// layout was computed from (it supplies ties, events and households).
//
// Every symbol of one kind is drawn once, in <defs>, and placed with <use>;
// the lines of one kind (all close ties, all foster children) are one
// <path>; text too small to be read where the drawing is shown (FitWidth)
// is left out. On a page, a family too large to show its symbols is drawn
// as an overview (overview.go): a drawing of 2,000 persons stays light for
// the browser.
func (l *Layout) Render(w io.Writer, g *Genogram, opts Options) error {
	lang := opts.Lang
	title := opts.Title
	if title == "" {
		title = i18n.Default().T(lang, "genogram.svg.title")
	}
	if l.Overview(opts) {
		return l.renderOverview(w, g, opts, title, l.describe(g, lang))
	}
	s := svg.NewWriter(w)
	d := &drawing{s: s, prefix: opts.IDPrefix, href: opts.PersonHref, halo: halo}
	if opts.PersonHref != nil || opts.FitWidth > 0 {
		d.halo = ""
	}
	if d.prefix == "" {
		d.prefix = "geno"
	}
	minX, minY := l.MinX, l.MinY
	scale := opts.Scale
	if scale <= 0 {
		scale = 1
	}
	// pixels per unit on screen for a drawing of this size
	pxFor := func(width, height float64) (float64, float64, float64) {
		drawnW, drawnH := width*scale, height*scale
		// The drawing keeps its own units (viewBox); its size on screen or
		// paper shrinks to fit MaxSVGSide, so that a large family still
		// opens in programs that refuse larger images.
		// A file is zoomed in its viewer, so only a page's FitWidth
		// decides what text is too small to be read.
		px := scale
		if opts.FitWidth > 0 && drawnW > opts.FitWidth {
			px *= opts.FitWidth / drawnW
		}
		if fit := MaxSVGSide / max(drawnW, drawnH); fit < 1 {
			drawnW, drawnH = math.Floor(drawnW*fit), math.Floor(drawnH*fit)
		}
		return px, drawnW, drawnH
	}
	width, height := l.Width, l.Height
	legend := !opts.NoLegend
	if legend {
		if px, _, _ := pxFor(width+legendW, max(height, 560)); px*11 < MinTextPx {
			legend = false // a legend nobody can read; the page has its own
		}
	}
	if legend {
		width += legendW
		height = max(height, 560)
	}
	px, drawnW, drawnH := pxFor(width, height)
	d.px = px
	// A picture with links to its persons is a group, not an image:
	// an image's content is not reachable by keyboard or screen reader.
	role := "img"
	if d.href != nil {
		role = "group"
	}
	s.Raw(`<svg xmlns="http://www.w3.org/2000/svg" class="genogram" role="`+role+`" viewBox="`).
		Num(minX).Raw(" ").Num(minY).Raw(" ").Num(width).Raw(" ").Num(height).Raw(`"`).
		NumAttr("width", drawnW).NumAttr("height", drawnH).
		Attr("font-family", fontFam).Raw(` font-size="12"`)
	if !d.legible(12) {
		s.Raw(` data-labels="none"`)
	}
	s.Raw(">")
	s.Raw("<title>").Text(title).Raw("</title><desc>").Text(l.describe(g, lang)).Raw("</desc>\n")
	s.Raw(`<rect class="background" fill="#fff"`).NumAttr("x", minX).NumAttr("y", minY).NumAttr("width", width).NumAttr("height", height).Raw("/>\n")

	l.win = opts.Window
	defer func() { l.win = Box{} }()
	if opts.Window.W > 0 {
		legend = legend && InWindow(opts.Window, Box{X: minX + width - legendW, Y: minY, W: legendW, H: height})
	}
	l.renderHouseholds(d, g, lang)
	l.renderChildren(s)
	l.renderPartners(s)
	l.renderTies(s, g.Ties)
	l.renderPersons(d, g, lang)
	if legend {
		l.renderLegend(s, g, lang, minX+width-legendW+10, minY+20, opts.Professionals)
	}
	s.Raw("</svg>\n")
	return s.Close()
}

// renderSymbols draws the symbols of all family members as one path (and
// their crosses as a second), for a drawing too small to show labels: one
// element instead of thousands. Each person then gets only a transparent
// box that carries its data and title.
func (l *Layout) renderSymbols(s *svg.Writer) {
	var sym, cross []byte
	for i, p := range l.persons {
		if p.Professional || !l.shown(i) {
			continue
		}
		b := l.box[i]
		if p.Index {
			sym = appendSymbol(sym, p.Sex, b, 4)
		}
		sym = appendSymbol(sym, p.Sex, b, 0)
		if p.IsDeceased() {
			in := crossInset(p.Sex)
			cross = appendCmd(cross, 'M', b.X+in, b.Y+in)
			cross = appendCmd(cross, 'L', b.X+b.W-in, b.Y+b.H-in)
			cross = appendCmd(cross, 'M', b.X+b.W-in, b.Y+in)
			cross = appendCmd(cross, 'L', b.X+in, b.Y+b.H-in)
		}
	}
	if len(sym) > 0 {
		s.Raw(`<path class="symbols" fill="#fff" stroke="` + ink + `" stroke-width="1.8" d="`).Raw(string(sym)).Raw(`"/>` + "\n")
	}
	if len(cross) > 0 {
		s.Raw(`<path class="cross" fill="none" stroke="` + ink + `" stroke-width="1.6" d="`).Raw(string(cross)).Raw(`"/>` + "\n")
	}
}

func appendPoint(b []byte, x, y float64) []byte {
	b = svg.AppendNum(b, x)
	b = append(b, ' ')
	return svg.AppendNum(b, y)
}

// appendCmd appends one path command and its numbers, separated by
// spaces: "M12 40", "V80".
func appendCmd(d []byte, cmd byte, nums ...float64) []byte {
	d = append(d, cmd)
	for i, v := range nums {
		if i > 0 {
			d = append(d, ' ')
		}
		d = svg.AppendNum(d, v)
	}
	return d
}

// appendBox appends a rectangle as path data.
func appendBox(d []byte, x, y, w, h float64) []byte {
	d = appendCmd(d, 'M', x, y)
	d = appendCmd(d, 'h', w)
	d = appendCmd(d, 'v', h)
	d = appendCmd(d, 'h', -w)
	return append(d, 'Z')
}

// appendSymbol appends the outline of a sex's shape in box b (inset by in
// for the index double outline) as path data.
func appendSymbol(d []byte, sex Sex, b Box, in float64) []byte {
	x, y, w, h := b.X-in, b.Y-in, b.W+2*in, b.H+2*in
	switch sex {
	case SexMale:
		d = appendBox(d, x, y, w, h)
	case SexFemale:
		r := w / 2
		d = appendCmd(d, 'M', x, y+h/2)
		for _, dx := range []float64{w, -w} {
			d = append(d, 'a')
			d = appendPoint(d, r, r)
			d = append(d, " 0 1 0 "...)
			d = appendPoint(d, dx, 0)
		}
		d = append(d, 'Z')
	default:
		d = appendCmd(d, 'M', x+w/2, y)
		d = appendCmd(d, 'L', x+w, y+h/2)
		d = appendCmd(d, 'L', x+w/2, y+h)
		d = appendCmd(d, 'L', x, y+h/2)
		d = append(d, 'Z')
	}
	return d
}

// crossInset is how far the cross of a deceased person stays inside the symbol.
func crossInset(sex Sex) float64 {
	if sex == SexMale {
		return 6
	}
	return 10
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
		d += cat.T(lang, "genogram.svg.desc.index", index)
	}
	return d + "."
}

// renderHouseholds outlines each household. Members are drawn in runs of
// neighbours on one row (never enclosing a non-member); runs are joined by
// a line in the same colour.
func (l *Layout) renderHouseholds(d *drawing, g *Genogram, lang string) {
	s := d.s
	s.Raw(`<g class="households">`)
	if len(g.Households) == 0 {
		s.Raw("</g>\n")
		return
	}
	for _, ho := range l.HouseholdOutlines(g) {
		h, runs, isIndex := ho.Household, ho.Runs, ho.Index
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
			label = i18n.Default().T(lang, "genogram.svg.household.index")
		}
		if label != "" && d.legible(10) {
			r := runs[0]
			s.Raw(`<text font-size="10" fill="#5e35b1"`).NumAttr("x", r.X+8).NumAttr("y", r.Y+r.H-6).Raw(">").Text(truncate(label, 40)).Raw("</text>")
		}
		s.Raw("</g>\n")
	}
	s.Raw("</g>\n")
}

// HouseholdOutline is how a household is drawn: its members in runs of
// neighbours on one row (never enclosing a non-member), each run one box;
// runs are joined by a line. Index marks the child's household (the first
// household marked as such).
type HouseholdOutline struct {
	Household Household
	Runs      []Box
	Index     bool
}

// HouseholdOutlines returns the outlines of the households with members in
// the layout, for the SVG and for print.
func (l *Layout) HouseholdOutlines(g *Genogram) []HouseholdOutline {
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
	var out []HouseholdOutline
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
		out = append(out, HouseholdOutline{Household: h, Runs: runs, Index: isIndex})
	}
	return out
}

// partnerY is the depth of a couple's horizontal partner line.
func (l *Layout) partnerY(c couple) float64 {
	a, b := l.box[c.a], l.box[c.b]
	return max(a.Y+a.H, b.Y+b.H) + 12 + float64(min(c.level, 3))*7
}

// renderPartners draws the partner lines, one path per kind: the slashes
// of a separation or divorce are part of the path of their kind.
func (l *Layout) renderPartners(s *svg.Writer) {
	s.Raw(`<g class="partners" fill="none" stroke="` + ink + `" stroke-width="1.6">`)
	kinds := []PartnershipKind{Married, LivingTogether, Separated, Divorced, ""}
	paths := make(map[PartnershipKind][]byte)
	for _, c := range l.couples {
		if !l.shown(c.a) && !l.shown(c.b) {
			continue
		}
		k := c.kind
		if c.implicit {
			k = ""
		} else if k == "" || !slices.Contains(kinds, k) {
			k = Married
		}
		a, b := l.box[c.a], l.box[c.b]
		ax, bx := a.X+a.W/2, b.X+b.W/2
		y := l.partnerY(c)
		p := paths[k]
		p = appendCmd(p, 'M', ax, a.Y+a.H)
		p = appendCmd(p, 'V', y)
		p = appendCmd(p, 'H', bx)
		p = appendCmd(p, 'V', b.Y+b.H)
		if k == Separated || k == Divorced {
			mx := (ax + bx) / 2
			slashes := []float64{0}
			if k == Divorced {
				slashes = []float64{-4, 4}
			}
			for _, o := range slashes {
				p = appendCmd(p, 'M', mx+o-4, y+7)
				p = appendCmd(p, 'L', mx+o+4, y-7)
			}
		}
		paths[k] = p
	}
	for _, k := range kinds {
		p := paths[k]
		if len(p) == 0 {
			continue
		}
		s.Raw(`<path class="partner partner-`)
		switch k {
		case "":
			s.Raw(`none" stroke="#999" stroke-dasharray="2 3"`)
		case LivingTogether:
			s.Raw(string(k)).Raw(`" stroke-dasharray="6 4"`)
		default:
			s.Raw(string(k)).Raw(`"`)
		}
		s.Raw(` d="`).Raw(string(p)).Raw(`"/>` + "\n")
		s.Flush(false)
	}
	s.Raw("</g>\n")
}

// childBar is the geometry of a child group's lines: the anchor between
// the parents, and the bar over the children from lo to hi at barY.
func (l *Layout) childBar(gr *childGroup) (ax, ay, lo, hi, barY float64) {
	ax, ay = l.anchor(gr)
	top := math.Inf(1)
	lo, hi = ax, ax
	for _, c := range gr.children {
		b := l.box[c]
		top = min(top, b.Y)
		lo, hi = min(lo, b.X+b.W/2), max(hi, b.X+b.W/2)
	}
	return ax, ay, lo, hi, top - 22 - float64(min(gr.slot, 7))*6
}

// renderChildren draws the lines from parents to children, one path per
// kind of child.
func (l *Layout) renderChildren(s *svg.Writer) {
	s.Raw(`<g class="children" fill="none" stroke="` + ink + `" stroke-width="1.4">`)
	paths := make(map[ChildKind][]byte)
	var order []ChildKind
	for gi := range l.groups {
		gr := &l.groups[gi]
		if !l.groupShown(gr) {
			continue
		}
		ax, ay, lo, hi, barY := l.childBar(gr)
		p, seen := paths[gr.kind]
		if !seen {
			order = append(order, gr.kind)
		}
		p = appendCmd(p, 'M', ax, ay)
		p = appendCmd(p, 'V', barY)
		p = appendCmd(p, 'M', lo, barY)
		p = appendCmd(p, 'H', hi)
		for _, c := range gr.children {
			b := l.box[c]
			p = appendCmd(p, 'M', b.X+b.W/2, barY)
			p = appendCmd(p, 'V', b.Y)
		}
		paths[gr.kind] = p
	}
	for _, k := range order {
		s.Raw(`<path class="child child-`).Raw(string(k)).Raw(`"`)
		if d := childDash[k]; d != "" {
			s.Raw(` stroke-dasharray="`).Raw(d).Raw(`"`)
		}
		s.Raw(` d="`).Raw(string(paths[k])).Raw(`"/>` + "\n")
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

// renderTies draws the social and emotional ties, one path per kind (and
// one for their arrowheads); ties with a professional are lighter.
func (l *Layout) renderTies(s *svg.Writer, ties []Tie) {
	s.Raw(`<g class="ties" fill="none" stroke-width="1.6" stroke-opacity="0.9">`)
	for _, pro := range []bool{false, true} {
		var (
			lines  = make(map[TieKind]*svg.Writer)
			arrows = make(map[TieKind]*svg.Writer)
			bufs   = make(map[TieKind]*strings.Builder)
			abufs  = make(map[TieKind]*strings.Builder)
		)
		for _, t := range ties {
			i, okA := l.idx[t.A]
			j, okB := l.idx[t.B]
			if !okA || !okB || i == j || (l.pro[i] || l.pro[j]) != pro || (!l.shown(i) && !l.shown(j)) {
				continue
			}
			c, ok := newTieCurve(l.box[i], l.box[j], true)
			if !ok {
				continue
			}
			w := lines[t.Kind]
			if w == nil {
				bufs[t.Kind] = &strings.Builder{}
				w = svg.NewWriter(bufs[t.Kind])
				lines[t.Kind] = w
				abufs[t.Kind] = &strings.Builder{}
				arrows[t.Kind] = svg.NewWriter(abufs[t.Kind])
			}
			c.shape(w, t.Kind)
			if t.Kind == TieInformalCare {
				c.arrow(arrows[t.Kind])
			}
		}
		if len(lines) == 0 {
			continue
		}
		if pro {
			s.Raw(`<g stroke-opacity="0.6" stroke-width="1.2">`)
		}
		for _, tk := range tieKinds {
			w := lines[tk.kind]
			if w == nil {
				continue
			}
			w.Close()
			arrows[tk.kind].Close()
			tieStart(s, tk.kind)
			s.Raw(bufs[tk.kind].String()).Raw(`"/>`)
			if a := abufs[tk.kind].String(); a != "" {
				s.Raw(`<path class="tie-arrow" stroke="none" fill="`).Raw(tieColour(tk.kind)).Raw(`" d="`).Raw(a).Raw(`"/>`)
			}
			s.Raw("\n")
			s.Flush(false)
		}
		if pro {
			s.Raw(`</g>`)
		}
	}
	s.Raw("</g>\n")
}

// tieStart opens the path of a tie up to its data: class, colour, dashes.
func tieStart(s *svg.Writer, kind TieKind) {
	s.Raw(`<path class="tie tie-`).Raw(string(kind)).Raw(`" fill="none"`)
	tieStyle(s, kind)
}

// tieStyle writes the colour and dashes of a tie and opens its path data.
func tieStyle(s *svg.Writer, kind TieKind) {
	s.Raw(` stroke="`).Raw(tieColour(kind)).Raw(`"`)
	switch kind {
	case TieDistant:
		s.Raw(` stroke-dasharray="7 5"`)
	case TieInformalCare:
		s.Raw(` stroke-dasharray="2 4" stroke-linecap="round"`)
	}
	s.Raw(` d="`)
}

// drawTie draws one tie between two boxes in the standard line style (the
// legend's samples and the force field). The line bows (a quadratic curve, bulging upwards) so
// that a tie between two persons in the same row does not run through the
// symbols between them.
func drawTie(s *svg.Writer, a, b Box, kind TieKind, ida, idb string, curved bool) {
	c, ok := newTieCurve(a, b, curved)
	if !ok {
		return
	}
	s.Raw(`<path class="tie tie-`).Raw(string(kind)).Raw(`" fill="none"`)
	if ida != "" {
		s.Attr("data-a", ida).Attr("data-b", idb)
	}
	tieStyle(s, kind)
	c.shape(s, kind)
	s.Raw(`"/>`)
	if kind == TieInformalCare { // arrowhead at the cared-for person
		s.Raw(`<path class="tie-arrow" stroke="none" fill="`).Raw(tieColour(kind)).Raw(`" d="`)
		c.arrow(s)
		s.Raw(`"/>`)
	}
	s.Raw("\n")
}

// arrow writes the arrowhead at the end of the curve (the cared-for person).
func (c tieCurve) arrow(s *svg.Writer) {
	_, _, qx, qy := c.at(1)
	ux, uy := qy, -qx // tangent from the normal
	x2, y2 := c.x2, c.y2
	s.Raw("M").Num(x2).Raw(" ").Num(y2).
		Raw("L").Num(x2 - ux*10 + qx*5).Raw(" ").Num(y2 - uy*10 + qy*5).
		Raw("L").Num(x2 - ux*10 - qx*5).Raw(" ").Num(y2 - uy*10 - qy*5).Raw("Z")
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

// points returns the curve from t0 to t1 as steps straight pieces.
func (c tieCurve) points(t0, t1 float64, steps int) []Point {
	pts := make([]Point, 0, steps+1)
	for k := 0; k <= steps; k++ {
		px, py, _, _ := c.at(t0 + (t1-t0)*float64(k)/float64(steps))
		pts = append(pts, Point{px, py})
	}
	return pts
}

// zigzag returns the line of a conflict: teeth over the middle 80% and
// straight ends; a long tie gets wider teeth rather than thousands of them.
func (c tieCurve) zigzag() []Point {
	n := min(max(2, int(c.d*0.8/9)), maxTeeth)
	zig := c.points(0, 0.1, 2)
	for k := 1; k <= n; k++ {
		amp := 5.0
		if k%2 == 0 {
			amp = -5
		}
		if k == n {
			amp = 0
		}
		px, py, qx, qy := c.at(0.1 + 0.8*float64(k)/float64(n))
		zig = append(zig, Point{px + qx*amp, py + qy*amp})
	}
	px, py, _, _ := c.at(1)
	return append(zig, Point{px, py})
}

// cutoff returns the lines of a cut-off: the curve broken in the middle and
// a bar across each side of the break.
func (c tieCurve) cutoff() [][]Point {
	g := min(0.04, 6/c.d)
	lines := [][]Point{c.points(0, 0.5-g, 12), c.points(0.5+g, 1, 12)}
	for _, t := range []float64{0.5 - g, 0.5 + g} {
		px, py, qx, qy := c.at(t)
		lines = append(lines, []Point{{px + qx*7, py + qy*7}, {px - qx*7, py - qy*7}})
	}
	return lines
}

// polyline writes pts as one path of straight pieces.
func polyline(s *svg.Writer, pts []Point) {
	for k, p := range pts {
		if k == 0 {
			s.Raw("M")
		} else {
			s.Raw("L")
		}
		s.Num(p.X).Raw(" ").Num(p.Y)
	}
}

// maxTeeth bounds the zigzag of a conflict: the points of a tie across a
// large family would otherwise outnumber everything else in the drawing.
const maxTeeth = 60

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
		polyline(s, c.zigzag())
		if kind == TieHostile {
			c.curve(s, -9)
		}
	case TieCutoff:
		for _, line := range c.cutoff() {
			polyline(s, line)
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
		return i18n.Default().T(lang, "genogram.svg.event.death")
	case EventMove:
		return i18n.Default().T(lang, "genogram.svg.event.move")
	case EventBreakup:
		return i18n.Default().T(lang, "genogram.svg.event.breakup")
	}
	return ""
}

// renderPersons draws each person: a group with the person's data and
// title, its symbol and the labels that can be read. Where no label can be
// read (a large family shrunk to the page), the symbols are drawn together
// (renderSymbols) and each person is only a transparent box with its data
// and title.
func (l *Layout) renderPersons(d *drawing, g *Genogram, lang string) {
	s := d.s
	events := make(map[string][]LifeEvent)
	for _, e := range g.Events {
		events[e.Person] = append(events[e.Person], e)
	}
	labels := d.legible(12)
	if !labels {
		l.renderSymbols(s)
	}
	s.Raw(`<g class="persons">` + "\n")
	for i, p := range l.persons {
		b := l.box[i]
		if !l.shown(i) {
			continue
		}
		if !labels && !p.Professional {
			s.Raw(`<rect `)
			l.personClass(s, i, false)
			s.Raw(` fill="none" pointer-events="all"`).NumAttr("x", b.X).NumAttr("y", b.Y).NumAttr("width", b.W).NumAttr("height", b.H).
				Raw("><title>").Text(personTitle(p, lang)).Raw("</title></rect>\n")
			s.Flush(false)
			continue
		}
		s.Raw(`<g `)
		l.personClass(s, i, true)
		s.Raw(">")
		// tooltip with the full text
		s.Raw("<title>").Text(personTitle(p, lang)).Raw("</title>")
		if d.href != nil {
			s.Raw("<a").Attr("href", d.href(p.ID)).Raw(">")
		}
		if p.Professional {
			renderProfessional(d, p, b, labels)
		} else {
			renderRelative(d, p, b, events[p.ID], lang)
		}
		if d.href != nil {
			s.Raw("</a>")
		}
		s.Raw("</g>\n")
		s.Flush(false)
	}
	s.Raw("</g>\n")
}

// personClass writes the class and data attributes of the i-th person's
// element; boxes adds the person's box.
func (l *Layout) personClass(s *svg.Writer, i int, boxes bool) {
	p, b := l.persons[i], l.box[i]
	s.Raw(`class="person`)
	if p.Professional {
		s.Raw(" professional")
	}
	if p.Index {
		s.Raw(" index")
	}
	if p.IsDeceased() {
		s.Raw(" deceased")
	}
	s.Raw(`"`).Attr("data-person-id", p.ID)
	if boxes {
		s.NumAttr("data-x", b.X).NumAttr("data-y", b.Y).NumAttr("data-w", b.W).NumAttr("data-h", b.H)
	}
	if l.pinned[i] {
		s.Raw(` data-pinned="true"`)
	}
}

// renderProfessional draws a professional as a rounded box with the
// organisation inside and the alias below.
func renderProfessional(d *drawing, p Person, b Box, labels bool) {
	s := d.s
	cx := b.X + b.W/2
	s.Raw(`<rect rx="10" fill="#e3f2fd" stroke="#1565c0" stroke-width="1.6"`).NumAttr("x", b.X).NumAttr("y", b.Y).NumAttr("width", b.W).NumAttr("height", b.H).Raw("/>")
	if d.legible(9) {
		s.Raw(`<text text-anchor="middle" font-size="9" fill="#0d47a1"`).NumAttr("x", cx).NumAttr("y", b.Y+b.H/2+3).Raw(">").Text(truncate(p.Organisation, 15)).Raw("</text>")
	}
	if labels {
		s.Raw(`<text text-anchor="middle"`+d.halo).NumAttr("x", cx).NumAttr("y", b.Y+b.H+15).Raw(">").Text(truncate(p.Alias, 20)).Raw("</text>")
	}
}

// renderRelative draws a family member: the symbol for their sex, the
// cross when deceased, the years, the alias and up to two life events.
func renderRelative(d *drawing, p Person, b Box, events []LifeEvent, lang string) {
	s := d.s
	cx := b.X + b.W/2
	var sym []byte
	if p.Index {
		sym = appendSymbol(sym, p.Sex, b, 4)
	}
	sym = appendSymbol(sym, p.Sex, b, 0)
	s.Raw(`<path class="symbol" fill="#fff" stroke="` + ink + `" stroke-width="1.8" d="`).Raw(string(sym)).Raw(`"/>`)
	if p.Sex == SexUnknown || p.Sex == "" {
		s.Raw(`<text text-anchor="middle" font-size="14" fill="`+ink+`"`).NumAttr("x", cx).NumAttr("y", b.Y+b.H/2+5).Raw(">?</text>")
	}
	if p.IsDeceased() {
		in := crossInset(p.Sex)
		s.Raw(`<path class="cross" stroke="` + ink + `" stroke-width="1.6" d="M`).Num(b.X + in).Raw(" ").Num(b.Y + in).Raw("L").Num(b.X + b.W - in).Raw(" ").Num(b.Y + b.H - in).
			Raw("M").Num(b.X + b.W - in).Raw(" ").Num(b.Y + in).Raw("L").Num(b.X + in).Raw(" ").Num(b.Y + b.H - in).Raw(`"/>`)
	}
	birth, death := yearsText(p)
	if (birth != "" || death != "") && d.legible(10) {
		s.Raw(`<text class="years" font-size="10" fill="#555"`+d.halo).NumAttr("x", b.X+b.W+5).NumAttr("y", b.Y+11).Raw(">")
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
	s.Raw(`<text class="alias" text-anchor="middle"`+d.halo+weight).NumAttr("x", cx).NumAttr("y", b.Y+b.H+labelGap-10).Raw(">").Text(truncate(p.Alias, 16)).Raw("</text>")
	renderEvents(d, events, b, lang)
}

// renderEvents writes up to two life events below a person, and an
// ellipsis when there are more.
func renderEvents(d *drawing, events []LifeEvent, b Box, lang string) {
	s := d.s
	cx := b.X + b.W/2
	for k, e := range events {
		if !d.legible(9) {
			break
		}
		if k == 2 {
			s.Raw(`<text text-anchor="middle" font-size="9" fill="#666"`+d.halo).NumAttr("x", cx).NumAttr("y", b.Y+b.H+labelGap+22).Raw(">…</text>")
			break
		}
		txt := eventName(e.Kind, lang)
		if e.Note != "" {
			txt = e.Note
		}
		if e.Year > 0 {
			txt = strconv.Itoa(e.Year) + " " + txt
		}
		s.Raw(`<text class="event" text-anchor="middle" font-size="9" fill="#666"`+d.halo).NumAttr("x", cx).NumAttr("y", b.Y+b.H+labelGap+2+float64(k)*11).Raw(">").Text(truncate(txt, 20)).Raw("</text>")
	}
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
		t += i18n.Default().T(lang, "genogram.svg.person.index")
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
