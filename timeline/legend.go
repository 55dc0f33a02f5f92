package timeline

import (
	"strings"

	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/svg"
)

// LegendItem is one entry of the timeline's legend for a page: its marker
// as a small SVG (decorative, hidden from screen readers) and its label.
type LegendItem struct {
	Icon, Label string
}

// Legend returns the legend's entries for a page that shows it beside the
// drawing (Options.NoLegend): there it wraps on a narrow screen instead of
// being cut off with the wide drawing. prefix keeps the ids of its
// patterns apart from the drawing's.
func Legend(lang, prefix string) []LegendItem {
	en := lang == "en"
	icon := func(draw func(r *renderer)) string {
		var b strings.Builder
		r := &renderer{w: svg.NewWriter(&b), opt: Options{Lang: lang, IDPrefix: prefix}, en: en}
		r.w.Raw(`<svg xmlns="http://www.w3.org/2000/svg" class="legend-icon" width="36" height="20" viewBox="0 0 36 20" aria-hidden="true" focusable="false">`)
		draw(r)
		r.w.Raw("</svg>")
		r.w.Close()
		return b.String()
	}
	var items []LegendItem
	for _, k := range Kinds {
		items = append(items, LegendItem{icon(func(r *renderer) { r.shape(k, 18, 10, false) }), k.Label(lang)})
	}
	for _, m := range legendMarks {
		items = append(items, LegendItem{icon(func(r *renderer) {
			if m.patterns != "" {
				r.opt.IDPrefix += m.patterns
				r.defs()
			}
			m.draw(r, (legendIconW-m.width)/2, legendIconH/2, ` font-size="12"`)
		}), i18n.Default().T(lang, m.key)})
	}
	return items
}

// The size of a legend icon for a page.
const legendIconW, legendIconH = 36, 20

// legendMark is an entry of the legend after the kinds, in the drawing and
// on a page: a marker width wide, drawn with its left edge at x and its
// middle at y (textAttrs go on the marker's text, if any), and its label.
// In the drawing the label starts labelDX after x and the next entry
// advance after x plus the label's width. patterns, when set, is the id
// suffix of the patterns an icon of its own defines.
type legendMark struct {
	key                     string // catalogue key of its label
	width, labelDX, advance float64
	patterns                string
	draw                    func(r *renderer, x, y float64, textAttrs string)
}

// legendMarks are the approximate date, the imprecise date, the cluster and
// the gap, in legend order.
var legendMarks = []legendMark{
	{"timeline.legend.approximate", 16, 20, 30, "-a",
		func(r *renderer, x, y float64, _ string) { r.shape(KindEvent, x+8, y, true) }},
	{"timeline.legend.imprecise", 26, 32, 42, "",
		func(r *renderer, x, y float64, _ string) {
			r.legendRect(x, y-3, `" width="26" height="6" rx="3" fill="#5b5b5b" fill-opacity="0.22"/>`)
		}},
	{"timeline.legend.cluster", 30, 36, 50, "",
		func(r *renderer, x, y float64, textAttrs string) {
			r.legendRect(x, y-9, `" width="30" height="18" rx="9" fill="#ffffff" stroke="#444" stroke-width="1.3"/><text x="`)
			r.w.Num(x + 15)
			r.w.Raw(`" y="`)
			r.w.Num(y + 4)
			r.w.Raw(`" text-anchor="middle"` + textAttrs + ` font-weight="600" fill="#222">12</text>`)
		}},
	{"timeline.legend.gap", 30, 36, 50, "-g",
		func(r *renderer, x, y float64, _ string) {
			r.legendRect(x, y-9, `" width="30" height="18" fill="url(#`+r.opt.IDPrefix+`-gap)" stroke="#bbbbbb" stroke-dasharray="4 3"/>`)
		}},
}

// legendRect opens a rect at (x, y); rest closes y and adds the rest.
func (r *renderer) legendRect(x, y float64, rest string) {
	r.w.Raw(`<rect x="`)
	r.w.Num(x)
	r.w.Raw(`" y="`)
	r.w.Num(y)
	r.w.Raw(rest)
}
