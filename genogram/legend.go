package genogram

import (
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/svg"
)

// legendContent is the notation that occurs in a drawing.
type legendContent struct {
	sexes                map[Sex]bool
	deceased, index, pro bool
	partnerships         map[PartnershipKind]bool
	implicit             bool // parents without a recorded partnership
	children             map[ChildKind]bool
	ties                 map[TieKind]bool
	household            bool // the child's household is marked
}

// legendContent finds the notation that the drawing of g uses.
func (l *Layout) legendContent(g *Genogram) legendContent {
	lc := legendContent{
		sexes:        map[Sex]bool{},
		partnerships: map[PartnershipKind]bool{},
		children:     map[ChildKind]bool{},
		ties:         map[TieKind]bool{},
	}
	for _, p := range l.persons {
		if p.Professional {
			lc.pro = true
			continue
		}
		sx := p.Sex
		if sx == "" {
			sx = SexUnknown
		}
		lc.sexes[sx] = true
		lc.deceased = lc.deceased || p.IsDeceased()
		lc.index = lc.index || p.Index
	}
	for _, c := range l.couples {
		if c.implicit {
			lc.implicit = true
		} else if c.kind == "" {
			lc.partnerships[Married] = true
		} else {
			lc.partnerships[c.kind] = true
		}
	}
	for _, gr := range l.groups {
		lc.children[gr.kind] = true
	}
	for _, t := range g.Ties {
		if _, ok := l.idx[t.A]; ok {
			if _, ok := l.idx[t.B]; ok {
				lc.ties[t.Kind] = true
			}
		}
	}
	for _, h := range g.Households {
		if h.Index {
			lc.household = true
		}
	}
	return lc
}

// legend writes the rows of a legend one under the other.
type legend struct {
	s    *svg.Writer
	lang string
	x    float64
	cy   float64 // the middle of the next row
}

// row writes one row: its symbol drawn by draw, and its label, the text of
// the catalogue key label.
func (lg *legend) row(label string, draw func(x0, ymid float64)) {
	draw(lg.x, lg.cy)
	lg.s.Raw(`<text`).NumAttr("x", lg.x+50).NumAttr("y", lg.cy+4).Raw(">").Text(i18n.Default().T(lg.lang, label)).Raw("</text>")
	lg.cy += 22
}

// small draws a small person symbol of sex sx.
func (lg *legend) small(sx Sex) func(float64, float64) {
	return func(x0, ym float64) {
		lg.s.Raw(`<g fill="#fff" stroke="` + ink + `" stroke-width="1.4">`)
		symbol(lg.s, sx, Box{x0 + 12, ym - 8, 16, 16}, 0)
		lg.s.Raw("</g>")
	}
}

// renderLegend draws a legend of the notation that actually occurs in the
// drawing, so that it stays short and calm.
func (l *Layout) renderLegend(s *svg.Writer, g *Genogram, lang string, x, y float64, professionals bool) {
	lc := l.legendContent(g)
	s.Raw(`<g class="legend" font-size="11">`)
	s.Raw(`<text font-weight="600" font-size="12"`).NumAttr("x", x).NumAttr("y", y).Raw(">").Text(i18n.Default().T(lang, "genogram.svg.legend")).Raw("</text>")
	lg := &legend{s: s, lang: lang, x: x, cy: y + 22}
	lg.persons(lc, professionals)
	lg.partnerships(lc)
	lg.children(lc)
	for _, t := range tieKinds {
		if !lc.ties[t.kind] {
			continue
		}
		lg.row(t.label, func(x0, ym float64) {
			drawTie(s, Box{x0 - 5, ym - 1, 2, 2}, Box{x0 + 43, ym - 1, 2, 2}, t.kind, "", "", false)
		})
	}
	if lc.household {
		lg.row("genogram.svg.household.index", func(x0, ym float64) {
			s.Raw(`<rect rx="5" fill="#ede7f6" fill-opacity="0.45" stroke="#5e35b1" stroke-width="2"`).NumAttr("x", x0+4).NumAttr("y", ym-8).Raw(` width="32" height="16"/>`)
		})
	}
	s.Raw("</g>\n")
}

// persons writes the rows of the person symbols: sexes, deceased, the
// index child and professionals.
func (lg *legend) persons(lc legendContent, professionals bool) {
	s := lg.s
	if lc.sexes[SexMale] {
		lg.row("genogram.svg.legend.male", lg.small(SexMale))
	}
	if lc.sexes[SexFemale] {
		lg.row("genogram.svg.legend.female", lg.small(SexFemale))
	}
	if lc.sexes[SexOther] {
		lg.row("genogram.svg.legend.other", lg.small(SexOther))
	}
	if lc.sexes[SexUnknown] {
		lg.row("genogram.svg.legend.unknown", lg.small(SexUnknown))
	}
	if lc.deceased {
		lg.row("genogram.svg.legend.deceased", func(x0, ym float64) {
			lg.small(SexMale)(x0, ym)
			s.Raw(`<path stroke="` + ink + `" stroke-width="1.4" d="M`).Num(x0 + 14).Raw(" ").Num(ym - 6).Raw("L").Num(x0 + 26).Raw(" ").Num(ym + 6).
				Raw("M").Num(x0 + 26).Raw(" ").Num(ym - 6).Raw("L").Num(x0 + 14).Raw(" ").Num(ym + 6).Raw(`"/>`)
		})
	}
	if lc.index {
		lg.row("genogram.svg.legend.index", func(x0, ym float64) {
			s.Raw(`<g fill="#fff" stroke="` + ink + `" stroke-width="1.4">`)
			symbol(s, SexFemale, Box{x0 + 12, ym - 8, 16, 16}, 3)
			symbol(s, SexFemale, Box{x0 + 12, ym - 8, 16, 16}, 0)
			s.Raw("</g>")
		})
	}
	if lc.pro && professionals {
		lg.row("genogram.svg.legend.professional", func(x0, ym float64) {
			s.Raw(`<rect rx="5" fill="#e3f2fd" stroke="#1565c0" stroke-width="1.4"`).NumAttr("x", x0+6).NumAttr("y", ym-8).Raw(` width="28" height="16"/>`)
		})
	}
}

// partnerships writes the rows of the partnership lines that occur.
func (lg *legend) partnerships(lc legendContent) {
	s := lg.s
	for _, k := range []PartnershipKind{Married, LivingTogether, Separated, Divorced} {
		if !lc.partnerships[k] {
			continue
		}
		lg.row(partnershipWords[k], func(x0, ym float64) {
			s.Raw(`<path fill="none" stroke="` + ink + `" stroke-width="1.4"`)
			if k == LivingTogether {
				s.Raw(` stroke-dasharray="6 4"`)
			}
			s.Raw(` d="M`).Num(x0).Raw(" ").Num(ym - 7).Raw("V").Num(ym + 3).Raw("H").Num(x0 + 40).Raw("V").Num(ym - 7)
			switch k {
			case Separated:
				s.Raw("M").Num(x0 + 16).Raw(" ").Num(ym + 9).Raw("L").Num(x0 + 24).Raw(" ").Num(ym - 3)
			case Divorced:
				s.Raw("M").Num(x0 + 12).Raw(" ").Num(ym + 9).Raw("L").Num(x0 + 20).Raw(" ").Num(ym - 3)
				s.Raw("M").Num(x0 + 20).Raw(" ").Num(ym + 9).Raw("L").Num(x0 + 28).Raw(" ").Num(ym - 3)
			}
			s.Raw(`"/>`)
		})
	}
	if lc.implicit {
		lg.row("genogram.svg.partnership.implicit", func(x0, ym float64) {
			s.Raw(`<path fill="none" stroke="#999" stroke-width="1.4" stroke-dasharray="2 3" d="M`).Num(x0).Raw(" ").Num(ym - 7).Raw("V").Num(ym + 3).Raw("H").Num(x0 + 40).Raw("V").Num(ym - 7).Raw(`"/>`)
		})
	}
}

// legendChildKinds are the parent-child lines in the order of the legend,
// each with its label's catalogue key.
var legendChildKinds = []struct {
	kind  ChildKind
	label string
}{
	{Biological, "genogram.svg.child.biological"},
	{Foster, "genogram.svg.child.foster"},
	{Adoptive, "genogram.svg.child.adoptive"},
	{Step, "genogram.svg.child.step"},
}

// children writes the rows of the parent-child lines that occur.
func (lg *legend) children(lc legendContent) {
	s := lg.s
	for _, c := range legendChildKinds {
		if !lc.children[c.kind] {
			continue
		}
		lg.row(c.label, func(x0, ym float64) {
			s.Raw(`<path fill="none" stroke="` + ink + `" stroke-width="1.4"`)
			if d := childDash[c.kind]; d != "" {
				s.Raw(` stroke-dasharray="` + d + `"`)
			}
			s.Raw(` d="M`).Num(x0 + 20).Raw(" ").Num(ym - 9).Raw("V").Num(ym + 9).Raw(`"/>`)
		})
	}
}
