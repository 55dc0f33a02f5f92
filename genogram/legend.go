package genogram

import "github.com/rotonde-jeugd/rotonde/svg"

// renderLegend draws a legend of the notation that actually occurs in the
// drawing, so that it stays short and calm.
func (l *Layout) renderLegend(s *svg.Writer, g *Genogram, lang string, x, y float64, professionals bool) {
	sexes := map[Sex]bool{}
	deceased, index, pro := false, false, false
	for _, p := range l.persons {
		if p.Professional {
			pro = true
			continue
		}
		sx := p.Sex
		if sx == "" {
			sx = SexUnknown
		}
		sexes[sx] = true
		deceased = deceased || p.IsDeceased()
		index = index || p.Index
	}
	pk := map[PartnershipKind]bool{}
	implicit := false
	for _, c := range l.couples {
		if c.implicit {
			implicit = true
		} else if c.kind == "" {
			pk[Married] = true
		} else {
			pk[c.kind] = true
		}
	}
	ck := map[ChildKind]bool{}
	for _, gr := range l.groups {
		ck[gr.kind] = true
	}
	tk := map[TieKind]bool{}
	for _, t := range g.Ties {
		if _, ok := l.idx[t.A]; ok {
			if _, ok := l.idx[t.B]; ok {
				tk[t.Kind] = true
			}
		}
	}
	hh := false
	for _, h := range g.Households {
		if h.Index {
			hh = true
		}
	}

	s.Raw(`<g class="legend" font-size="11">`)
	s.Raw(`<text font-weight="600" font-size="12"`).NumAttr("x", x).NumAttr("y", y).Raw(">").Text(tr(lang, "Legenda", "Legend")).Raw("</text>")
	cy := y + 22
	row := func(label string, draw func(x0, ymid float64)) {
		draw(x, cy)
		s.Raw(`<text`).NumAttr("x", x+50).NumAttr("y", cy+4).Raw(">").Text(label).Raw("</text>")
		cy += 22
	}
	small := func(sx Sex) func(float64, float64) {
		return func(x0, ym float64) {
			s.Raw(`<g fill="#fff" stroke="` + ink + `" stroke-width="1.4">`)
			symbol(s, sx, Box{x0 + 12, ym - 8, 16, 16}, 0)
			s.Raw("</g>")
		}
	}
	if sexes[SexMale] {
		row(tr(lang, "man", "male"), small(SexMale))
	}
	if sexes[SexFemale] {
		row(tr(lang, "vrouw", "female"), small(SexFemale))
	}
	if sexes[SexOther] {
		row(tr(lang, "anders / non-binair", "other / non-binary"), small(SexOther))
	}
	if sexes[SexUnknown] {
		row(tr(lang, "onbekend (?)", "unknown (?)"), small(SexUnknown))
	}
	if deceased {
		row(tr(lang, "overleden", "deceased"), func(x0, ym float64) {
			small(SexMale)(x0, ym)
			s.Raw(`<path stroke="` + ink + `" stroke-width="1.4" d="M`).Num(x0 + 14).Raw(" ").Num(ym - 6).Raw("L").Num(x0 + 26).Raw(" ").Num(ym + 6).
				Raw("M").Num(x0 + 26).Raw(" ").Num(ym - 6).Raw("L").Num(x0 + 14).Raw(" ").Num(ym + 6).Raw(`"/>`)
		})
	}
	if index {
		row(tr(lang, "het kind om wie het gaat", "the child the case is about"), func(x0, ym float64) {
			s.Raw(`<g fill="#fff" stroke="` + ink + `" stroke-width="1.4">`)
			symbol(s, SexFemale, Box{x0 + 12, ym - 8, 16, 16}, 3)
			symbol(s, SexFemale, Box{x0 + 12, ym - 8, 16, 16}, 0)
			s.Raw("</g>")
		})
	}
	if pro && professionals {
		row(tr(lang, "professional (organisatie)", "professional (organisation)"), func(x0, ym float64) {
			s.Raw(`<rect rx="5" fill="#e3f2fd" stroke="#1565c0" stroke-width="1.4"`).NumAttr("x", x0+6).NumAttr("y", ym-8).Raw(` width="28" height="16"/>`)
		})
	}
	partner := func(k PartnershipKind) {
		if !pk[k] {
			return
		}
		w := partnershipWords[k]
		row(tr(lang, w[0], w[1]), func(x0, ym float64) {
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
	for _, k := range []PartnershipKind{Married, LivingTogether, Separated, Divorced} {
		partner(k)
	}
	if implicit {
		row(tr(lang, "ouders, relatie onbekend", "parents, relation unknown"), func(x0, ym float64) {
			s.Raw(`<path fill="none" stroke="#999" stroke-width="1.4" stroke-dasharray="2 3" d="M`).Num(x0).Raw(" ").Num(ym - 7).Raw("V").Num(ym + 3).Raw("H").Num(x0 + 40).Raw("V").Num(ym - 7).Raw(`"/>`)
		})
	}
	child := func(k ChildKind, nl, en string) {
		if !ck[k] {
			return
		}
		row(tr(lang, nl, en), func(x0, ym float64) {
			s.Raw(`<path fill="none" stroke="` + ink + `" stroke-width="1.4"`)
			if d := childDash[k]; d != "" {
				s.Raw(` stroke-dasharray="` + d + `"`)
			}
			s.Raw(` d="M`).Num(x0 + 20).Raw(" ").Num(ym - 9).Raw("V").Num(ym + 9).Raw(`"/>`)
		})
	}
	child(Biological, "kind (biologisch)", "child (biological)")
	child(Foster, "pleegkind", "foster child")
	child(Adoptive, "adoptiekind", "adopted child")
	child(Step, "stiefkind", "stepchild")
	for _, t := range tieKinds {
		if !tk[t.kind] {
			continue
		}
		row(tr(lang, t.nl, t.en), func(x0, ym float64) {
			drawTie(s, Box{x0 - 5, ym - 1, 2, 2}, Box{x0 + 43, ym - 1, 2, 2}, t.kind, "", "", false)
		})
	}
	if hh {
		row(tr(lang, "huishouden van het kind", "household of the child"), func(x0, ym float64) {
			s.Raw(`<rect rx="5" fill="#ede7f6" fill-opacity="0.45" stroke="#5e35b1" stroke-width="2"`).NumAttr("x", x0+4).NumAttr("y", ym-8).Raw(` width="32" height="16"/>`)
		})
	}
	s.Raw("</g>\n")
}
