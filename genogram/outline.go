package genogram

import (
	"strconv"
	"strings"

	"github.com/rotonde-jeugd/rotonde/i18n"
)

// partnershipWords holds the catalogue key naming each partnership kind,
// for the legend and the outline alike.
var partnershipWords = map[PartnershipKind]string{
	Married:        "genogram.svg.partnership.married",
	LivingTogether: "genogram.svg.partnership.together",
	Separated:      "genogram.svg.partnership.separated",
	Divorced:       "genogram.svg.partnership.divorced",
}

// Outline is the geno-sociogram in words, one line per person, partnership,
// tie and household, for text-only reports (Markdown) and screen readers
// that want more than the drawing's summary.
func Outline(g *Genogram, lang string) []string {
	if g == nil {
		return nil
	}
	cat := i18n.Default()
	name := map[string]string{}
	for _, p := range g.Persons {
		name[p.ID] = p.Alias
		if p.Alias == "" {
			name[p.ID] = p.ID
		}
	}
	var out []string
	for _, p := range g.Persons {
		out = append(out, personTitle(p, lang))
	}
	for _, r := range g.Partnerships {
		kind := r.Kind
		if kind == "" {
			kind = Married
		}
		line := cat.T(lang, "genogram.svg.partners", name[r.A], name[r.B], cat.T(lang, partnershipWords[kind]))
		if r.StartYear > 0 || r.EndYear > 0 {
			line += " (" + yearOrBlank(r.StartYear) + "–" + yearOrBlank(r.EndYear) + ")"
		}
		out = append(out, line)
	}
	for _, t := range g.Ties {
		label := string(t.Kind)
		for _, k := range tieKinds {
			if k.kind == t.Kind {
				label = cat.T(lang, k.label)
			}
		}
		line := name[t.A] + " — " + name[t.B] + ": " + label
		if t.Note != "" {
			line += " (" + t.Note + ")"
		}
		out = append(out, line)
	}
	for _, h := range g.Households {
		var members []string
		for _, m := range h.Members {
			members = append(members, name[m])
		}
		label := h.Label
		if label == "" {
			label = cat.T(lang, "genogram.svg.household")
		}
		out = append(out, label+": "+strings.Join(members, ", "))
	}
	return out
}

func yearOrBlank(y int) string {
	if y <= 0 {
		return ""
	}
	return strconv.Itoa(y)
}
