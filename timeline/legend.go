package timeline

import (
	"strings"

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
	items = append(items,
		LegendItem{icon(func(r *renderer) { r.opt.IDPrefix += "-a"; r.defs(); r.shape(KindEvent, 18, 10, true) }), pick(en, "gearceerd: datum bij benadering (ca.)", "hatched: approximate date (c.)")},
		LegendItem{icon(func(r *renderer) {
			r.w.Raw(`<rect x="5" y="7" width="26" height="6" rx="3" fill="#5b5b5b" fill-opacity="0.22"/>`)
		}), pick(en, "balk: alleen maand of jaar bekend", "bar: only month or year known")},
		LegendItem{icon(func(r *renderer) {
			r.w.Raw(`<rect x="3" y="1" width="30" height="18" rx="9" fill="#ffffff" stroke="#444" stroke-width="1.3"/><text x="18" y="14" text-anchor="middle" font-size="12" font-weight="600" fill="#222">12</text>`)
		}), pick(en, "drukke periode (klik om in te zoomen)", "busy period (click to zoom in)")},
		LegendItem{icon(func(r *renderer) {
			r.opt.IDPrefix += "-g"
			r.defs()
			r.w.Raw(`<rect x="3" y="1" width="30" height="18" fill="url(#` + r.opt.IDPrefix + `-gap)" stroke="#bbbbbb" stroke-dasharray="4 3"/>`)
		}), pick(en, "het lege stuk: een periode zonder informatie", "the empty stretch: a period without information")},
	)
	return items
}
