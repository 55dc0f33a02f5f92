package genogram

// renderLegend draws a legend of the notation that actually occurs in the
// drawing, so that it stays short and calm.
func (l *Layout) renderLegend(s *svgw, g *Genogram, lang string, x, y float64, professionals bool) {
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

	s.str(`<g class="legend" font-size="11">`)
	s.str(`<text font-weight="600" font-size="12"`).nattr("x", x).nattr("y", y).str(">").esc(tr(lang, "Legenda", "Legend")).str("</text>")
	cy := y + 22
	row := func(label string, draw func(x0, ymid float64)) {
		draw(x, cy)
		s.str(`<text`).nattr("x", x+50).nattr("y", cy+4).str(">").esc(label).str("</text>")
		cy += 22
	}
	small := func(sx Sex) func(float64, float64) {
		return func(x0, ym float64) {
			s.str(`<g fill="#fff" stroke="` + ink + `" stroke-width="1.4">`)
			symbol(s, sx, Box{x0 + 12, ym - 8, 16, 16}, 0)
			s.str("</g>")
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
			s.str(`<path stroke="` + ink + `" stroke-width="1.4" d="M`).num(x0 + 14).str(" ").num(ym - 6).str("L").num(x0 + 26).str(" ").num(ym + 6).
				str("M").num(x0 + 26).str(" ").num(ym - 6).str("L").num(x0 + 14).str(" ").num(ym + 6).str(`"/>`)
		})
	}
	if index {
		row(tr(lang, "het kind om wie het gaat", "the child the case is about"), func(x0, ym float64) {
			s.str(`<g fill="#fff" stroke="` + ink + `" stroke-width="1.4">`)
			symbol(s, SexFemale, Box{x0 + 12, ym - 8, 16, 16}, 3)
			symbol(s, SexFemale, Box{x0 + 12, ym - 8, 16, 16}, 0)
			s.str("</g>")
		})
	}
	if pro && professionals {
		row(tr(lang, "professional (organisatie)", "professional (organisation)"), func(x0, ym float64) {
			s.str(`<rect rx="5" fill="#e3f2fd" stroke="#1565c0" stroke-width="1.4"`).nattr("x", x0+6).nattr("y", ym-8).str(` width="28" height="16"/>`)
		})
	}
	partner := func(k PartnershipKind) {
		if !pk[k] {
			return
		}
		w := partnershipWords[k]
		row(tr(lang, w[0], w[1]), func(x0, ym float64) {
			s.str(`<path fill="none" stroke="` + ink + `" stroke-width="1.4"`)
			if k == LivingTogether {
				s.str(` stroke-dasharray="6 4"`)
			}
			s.str(` d="M`).num(x0).str(" ").num(ym - 7).str("V").num(ym + 3).str("H").num(x0 + 40).str("V").num(ym - 7)
			switch k {
			case Separated:
				s.str("M").num(x0 + 16).str(" ").num(ym + 9).str("L").num(x0 + 24).str(" ").num(ym - 3)
			case Divorced:
				s.str("M").num(x0 + 12).str(" ").num(ym + 9).str("L").num(x0 + 20).str(" ").num(ym - 3)
				s.str("M").num(x0 + 20).str(" ").num(ym + 9).str("L").num(x0 + 28).str(" ").num(ym - 3)
			}
			s.str(`"/>`)
		})
	}
	for _, k := range []PartnershipKind{Married, LivingTogether, Separated, Divorced} {
		partner(k)
	}
	if implicit {
		row(tr(lang, "ouders, relatie onbekend", "parents, relation unknown"), func(x0, ym float64) {
			s.str(`<path fill="none" stroke="#999" stroke-width="1.4" stroke-dasharray="2 3" d="M`).num(x0).str(" ").num(ym - 7).str("V").num(ym + 3).str("H").num(x0 + 40).str("V").num(ym - 7).str(`"/>`)
		})
	}
	child := func(k ChildKind, nl, en string) {
		if !ck[k] {
			return
		}
		row(tr(lang, nl, en), func(x0, ym float64) {
			s.str(`<path fill="none" stroke="` + ink + `" stroke-width="1.4"`)
			if d := childDash[k]; d != "" {
				s.str(` stroke-dasharray="` + d + `"`)
			}
			s.str(` d="M`).num(x0 + 20).str(" ").num(ym - 9).str("V").num(ym + 9).str(`"/>`)
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
			s.str(`<rect rx="5" fill="#ede7f6" fill-opacity="0.45" stroke="#5e35b1" stroke-width="2"`).nattr("x", x0+4).nattr("y", ym-8).str(` width="32" height="16"/>`)
		})
	}
	s.str("</g>\n")
}
