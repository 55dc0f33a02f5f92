package timeline

import (
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/svg"
)

// Options control Render. The zero value draws everything, in Dutch.
type Options struct {
	Lang  string // "nl" (default) or "en"
	Width int    // pixels; default 1400
	// From and To zoom to a period; zero means from the first or to the
	// last event.
	From, To Date
	// Person and Organisation keep only events involving them
	// (case-insensitive; Person matches persons and helpers).
	Person, Organisation string
	// GapMonths is the shortest period without events drawn as a gap
	// ("het lege stuk"); 0 means 6 months, a negative value draws none.
	GapMonths int
	// Title replaces "Tijdlijn" / "Timeline".
	Title string
	// IDPrefix keeps element ids unique when several SVGs share a page.
	IDPrefix string
	// ZoomHref builds the link of a cluster; nil gives "?from=…&to=…".
	ZoomHref func(from, to Date) string
	// TagWords writes tags in plain words (Tag.Words) instead of the
	// kenmerken notation, for family members.
	TagWords bool
	// EventHref links each event's marker to its details (on the page),
	// so that they open by tap and keyboard, not only as a hover title;
	// nil draws no links.
	EventHref func(e *Event) string
	// NoLegend leaves the legend out, for a page that shows it beside
	// the drawing (Legend), where it wraps on a narrow screen.
	NoLegend bool
}

// Kind styles: shape and colour, so kinds differ without colour too
// (Okabe–Ito palette, readable for colour-blind people and in greyscale).
var kindColour = map[Kind]string{
	KindDecision:   "#0b5f99",
	KindContact:    "#00785a",
	KindEvent:      "#5b5b5b",
	KindNeed:       "#b34700",
	KindExperience: "#9c4f86",
}

const (
	rowH      = 30.0
	nRows     = 7
	markerR   = 8.0
	clusterW  = 34.0
	groupPx   = 22.0 // events closer than this may form a cluster
	maxStack  = 4    // a group larger than this becomes one cluster marker
	labelRoom = 120.0
	charW     = 6.4 // average glyph width at 12px (the smallest text a phone shows), for truncating labels
	titleList = 25  // events listed in a cluster's title before "and N more"
)

type layout struct {
	x0, x1     float64 // drawing area
	lo, hi     int     // day domain
	axisY      float64
	topY, botY float64 // first row centre of each lane
	height     float64
}

func (l *layout) x(day int) float64 {
	return l.x0 + (float64(day)-float64(l.lo))/float64(l.hi-l.lo)*(l.x1-l.x0)
}

// item is one marker in a lane: a single event or a cluster.
type item struct {
	x, left, right float64
	row            int
	events         []*Event
	labelW         float64
}

// Render writes the timeline as an SVG document: professional and formal
// events above the axis, the family's below, gaps without information as
// hatched bands, crowded periods as clusters that link to a zoomed view.
// All text is escaped.
func Render(w io.Writer, events []Event, opt Options) error {
	r := renderer{w: svg.NewWriter(w), opt: opt, en: opt.Lang == "en", tr: i18n.Default().For(opt.Lang)}
	r.defaults()
	r.render(events)
	return r.w.Close()
}

type renderer struct {
	w   *svg.Writer
	opt Options
	en  bool
	tr  i18n.Localizer
	l   layout
}

func (r *renderer) defaults() {
	if r.opt.Width < 600 {
		if r.opt.Width == 0 {
			r.opt.Width = 1400
		} else {
			r.opt.Width = 600
		}
	}
	if r.opt.GapMonths == 0 {
		r.opt.GapMonths = 6
	}
	if r.opt.IDPrefix == "" {
		r.opt.IDPrefix = "tl"
	}
	if r.opt.Title == "" {
		r.opt.Title = r.tr.T("timeline.svg.title")
	}
	if r.opt.ZoomHref == nil {
		r.opt.ZoomHref = func(from, to Date) string { return "?from=" + from.String() + "&to=" + to.String() }
	}
}

func (r *renderer) render(all []Event) {
	evs := Filter(all, r.opt.Person, r.opt.Organisation, r.opt.From, r.opt.To)
	Sort(evs)
	W := float64(r.opt.Width)
	l := &r.l
	l.x0, l.x1 = 150, W-40
	l.topY = 140 + rowH*(nRows-1) // row 0 is nearest the axis
	l.axisY = l.topY + 28
	l.botY = l.axisY + 44
	l.height = l.botY + rowH*(nRows-1) + 60
	r.domain(evs)

	var top, bottom []*Event
	for i := range evs {
		if evs[i].Lane == LaneFamily {
			bottom = append(bottom, &evs[i])
		} else {
			top = append(top, &evs[i])
		}
	}
	var gaps []Gap
	if r.opt.GapMonths > 0 {
		gaps = Gaps(evs, GapDays(r.opt.GapMonths))
	}

	p := r.opt.IDPrefix
	r.w.Raw(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 `)
	r.w.Num(W)
	r.w.Raw(" ")
	r.w.Num(l.height)
	r.w.Raw(`" width="`)
	r.w.Num(W)
	r.w.Raw(`" height="`)
	r.w.Num(l.height)
	// With links to the events the drawing is a group, not an image: an
	// image's content is not reachable by keyboard or screen reader.
	role := "img"
	if r.opt.EventHref != nil {
		role = "group"
	}
	r.w.Raw(`" role="` + role + `" aria-labelledby="` + p + `-title ` + p + `-desc" font-family="'Noto Sans','Segoe UI',Helvetica,Arial,sans-serif" font-size="12" class="timeline">`)
	r.w.Raw(`<title id="` + p + `-title">`)
	r.w.Text(r.opt.Title)
	r.w.Raw(`</title><desc id="` + p + `-desc">`)
	r.w.Text(r.description(evs, len(top), len(bottom), gaps))
	r.w.Raw("</desc>")
	r.defs()
	r.w.Raw(`<rect width="100%" height="100%" fill="#ffffff"/>`)
	r.header(evs)
	if !r.opt.NoLegend {
		r.legend()
	}
	r.gaps(gaps)
	r.axis()
	r.laneLabels()
	if len(evs) == 0 {
		r.w.Raw(`<text x="`)
		r.w.Num((l.x0 + l.x1) / 2)
		r.w.Raw(`" y="`)
		r.w.Num(l.axisY - 40)
		r.w.Raw(`" text-anchor="middle" font-size="14" fill="#555">`)
		r.w.Text(r.tr.T("timeline.svg.none"))
		r.w.Raw("</text>")
	}
	var stops []float64
	for _, g := range gaps {
		stops = append(stops, l.x(g.From))
	}
	r.lane(top, l.topY, -1, stops)
	r.lane(bottom, l.botY, +1, stops)
	r.w.Raw("</svg>\n")
}

// domain sets the day range: the zoom period, or the events plus a margin.
func (r *renderer) domain(evs []Event) {
	l := &r.l
	lo, hi := math.MaxInt, math.MinInt
	for i := range evs {
		lo = min(lo, evs[i].Date.Start())
		hi = max(hi, evs[i].Date.End())
	}
	if len(evs) == 0 {
		lo, hi = Day(2000, 1, 1).Start(), Day(2000, 12, 31).Start()
	}
	pad := max((hi-lo)/40, 20)
	lo, hi = lo-pad, hi+pad
	if !r.opt.From.IsZero() {
		lo = r.opt.From.Start()
	}
	if !r.opt.To.IsZero() {
		hi = r.opt.To.End()
	}
	if hi <= lo {
		hi = lo + 30
	}
	l.lo, l.hi = lo, hi
}

func (r *renderer) description(evs []Event, top, bottom int, gaps []Gap) string {
	var b strings.Builder
	if len(evs) == 0 {
		return r.tr.T("timeline.svg.summary.none")
	}
	first, last := evs[0].Date.Label(r.opt.Lang), evs[len(evs)-1].Date.Label(r.opt.Lang)
	b.WriteString(r.tr.T("timeline.svg.summary", r.tr.N("timeline.svg.events", len(evs)), first, last,
		r.tr.N("timeline.svg.summary.top", top), r.tr.N("timeline.svg.summary.bottom", bottom), r.tr.N("timeline.svg.summary.gaps", len(gaps))))
	return b.String()
}

func (r *renderer) defs() {
	p := r.opt.IDPrefix
	r.w.Raw("<defs>")
	for _, k := range Kinds {
		// Hatching for approximate dates, in the kind's colour.
		r.w.Raw(`<pattern id="` + p + `-h-` + string(k) + `" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="4" fill="#ffffff"/><rect width="2" height="4" fill="` + kindColour[k] + `"/></pattern>`)
	}
	r.w.Raw(`<pattern id="` + p + `-gap" width="10" height="10" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="10" height="10" fill="#fafafa"/><rect width="1" height="10" fill="#e2e2e2"/></pattern>`)
	r.w.Raw(`<linearGradient id="` + p + `-fuzz"><stop offset="0" stop-color="#888" stop-opacity="0"/><stop offset="0.3" stop-color="#888" stop-opacity="0.35"/><stop offset="0.7" stop-color="#888" stop-opacity="0.35"/><stop offset="1" stop-color="#888" stop-opacity="0"/></linearGradient>`)
	r.w.Raw("</defs>")
}

func (r *renderer) header(evs []Event) {
	r.w.Raw(`<text x="24" y="30" font-size="18" font-weight="600" fill="#1a1a1a">`)
	r.w.Text(r.opt.Title)
	r.w.Raw(`</text><text x="24" y="50" font-size="12" fill="#555">`)
	var parts []string
	parts = append(parts, r.tr.N("timeline.svg.events", len(evs)))
	if len(evs) > 0 {
		parts = append(parts, evs[0].Date.Label(r.opt.Lang)+" – "+evs[len(evs)-1].Date.Label(r.opt.Lang))
	}
	if r.opt.Person != "" {
		parts = append(parts, r.tr.T("timeline.svg.person", r.opt.Person))
	}
	if r.opt.Organisation != "" {
		parts = append(parts, r.tr.T("timeline.svg.organisation", r.opt.Organisation))
	}
	if !r.opt.From.IsZero() || !r.opt.To.IsZero() {
		parts = append(parts, r.tr.T("timeline.svg.period", r.opt.From.Label(r.opt.Lang), r.opt.To.Label(r.opt.Lang)))
	}
	r.w.Text(strings.Join(parts, " · "))
	r.w.Raw("</text>")
}

func (r *renderer) legend() {
	x := 24.0
	y := 78.0
	r.w.Raw(`<g class="legend">`)
	for _, k := range Kinds {
		r.shape(k, x+8, y, false)
		label := k.Label(r.opt.Lang)
		r.legendText(x+20, y, label)
		x += 30 + float64(utf8.RuneCountInString(label))*charW
	}
	// Second line: approximate date, imprecise date, cluster, gap.
	x, y = 24, 100
	for _, m := range legendMarks {
		m.draw(r, x, y, "")
		label := r.tr.T(m.key)
		r.legendText(x+m.labelDX, y, label)
		x += m.advance + float64(utf8.RuneCountInString(label))*charW
	}
	r.w.Raw("</g>")
}

// stem draws the dashed line from a mark at (x, y) to the axis, so that
// its date can be read off.
func (r *renderer) stem(x, y float64) {
	r.vline(x, y, r.l.axisY, `" stroke="#c9cdd3" stroke-width="0.8" stroke-dasharray="2 2"/>`)
}

// vline draws a vertical line at x from y1 to y2; rest closes the y2
// attribute, adds the line's other attributes and ends the element.
func (r *renderer) vline(x, y1, y2 float64, rest string) {
	r.w.Raw(`<line x1="`)
	r.w.Num(x)
	r.w.Raw(`" x2="`)
	r.w.Num(x)
	r.w.Raw(`" y1="`)
	r.w.Num(y1)
	r.w.Raw(`" y2="`)
	r.w.Num(y2)
	r.w.Raw(rest)
}

// legendText writes the label of a legend entry at x, on the line whose
// middle is y.
func (r *renderer) legendText(x, y float64, label string) {
	r.w.Raw(`<text x="`)
	r.w.Num(x)
	r.w.Raw(`" y="`)
	r.w.Num(y + 4)
	r.w.Raw(`" fill="#333">`)
	r.w.Text(label)
	r.w.Raw("</text>")
}

func (r *renderer) laneLabels() {
	l := &r.l
	r.w.Raw(`<g class="lane-labels" fill="#444" font-size="12" font-weight="600">`)
	r.w.Raw(`<text x="24" y="`)
	r.w.Num(l.topY - rowH*(nRows-1))
	r.w.Raw(`">`)
	r.w.Text(r.tr.T("timeline.svg.lane.professional"))
	r.w.Raw(`</text><text x="24" y="`)
	r.w.Num(l.topY - rowH*(nRows-1) + 16)
	r.w.Raw(`" font-weight="400" font-size="12" fill="#666">`)
	r.w.Text(r.tr.T("timeline.svg.lane.above"))
	r.w.Raw(`</text><text x="24" y="`)
	r.w.Num(l.botY)
	r.w.Raw(`">`)
	r.w.Text(r.tr.T("timeline.svg.lane.family"))
	r.w.Raw(`</text><text x="24" y="`)
	r.w.Num(l.botY + 16)
	r.w.Raw(`" font-weight="400" font-size="12" fill="#666">`)
	r.w.Text(r.tr.T("timeline.svg.lane.below"))
	r.w.Raw("</text></g>")
}

// axis draws the line, year ticks and light year grid lines; month ticks
// when the period is short enough to need them.
func (r *renderer) axis() {
	l := &r.l
	r.w.Raw(`<g class="axis">`)
	r.w.Raw(`<line x1="`)
	r.w.Num(l.x0)
	r.w.Raw(`" x2="`)
	r.w.Num(l.x1)
	r.w.Raw(`" y1="`)
	r.w.Num(l.axisY)
	r.w.Raw(`" y2="`)
	r.w.Num(l.axisY)
	r.w.Raw(`" stroke="#222" stroke-width="2"/>`)
	y0 := DayToTime(l.lo).Year()
	y1 := DayToTime(l.hi).Year()
	step := 1
	for (y1-y0)/step > 30 {
		step *= 5
	}
	span := l.hi - l.lo
	gridTop := l.topY - rowH*(nRows-1) - 14
	gridBot := l.botY + rowH*(nRows-1) + 14
	for y := y0; y <= y1+1; y++ {
		if span < 1000 {
			for m := 2; m <= 12; m++ {
				d := epochDay(y, m, 1)
				if d <= l.lo || d >= l.hi {
					continue
				}
				x := l.x(d)
				r.vline(x, l.axisY-3, l.axisY+3, `" stroke="#666"/>`)
				if span < 800 {
					r.w.Raw(`<text x="`)
					r.w.Num(x)
					r.w.Raw(`" y="`)
					r.w.Num(l.axisY + 28)
					r.w.Raw(`" text-anchor="middle" font-size="12" fill="#777">`)
					months := monthsNL
					if r.en {
						months = monthsEN
					}
					r.w.Raw(months[m][:3])
					r.w.Raw("</text>")
				}
			}
		}
		if y%step != 0 {
			continue
		}
		d := epochDay(y, 1, 1)
		if d < l.lo || d > l.hi {
			continue
		}
		x := l.x(d)
		r.vline(x, gridTop, gridBot, `" stroke="#ececec"/>`)
		r.vline(x, l.axisY-6, l.axisY+6, `" stroke="#222" stroke-width="1.5"/>`)
		r.w.Raw(`<text x="`)
		r.w.Num(x + 4)
		r.w.Raw(`" y="`)
		r.w.Num(l.axisY + 18)
		r.w.Raw(`" font-size="12" font-weight="600" fill="#222">`)
		r.w.Raw(strconv.Itoa(y))
		r.w.Raw("</text>")
	}
	r.w.Raw("</g>")
}

func (r *renderer) gaps(gaps []Gap) {
	l := &r.l
	top := l.topY - rowH*(nRows-1) - 14
	bot := l.botY + rowH*(nRows-1) + 14
	for _, g := range gaps {
		x1, x2 := l.x(g.From), l.x(g.To+1)
		x1, x2 = max(x1, l.x0), min(x2, l.x1)
		if x2-x1 < 2 {
			continue
		}
		months := g.Months()
		r.w.Raw(`<g class="gap" data-from="`)
		r.w.Raw(FromTime(DayToTime(g.From)).String())
		r.w.Raw(`" data-to="`)
		r.w.Raw(FromTime(DayToTime(g.To)).String())
		r.w.Raw(`" data-months="`)
		r.w.Raw(strconv.Itoa(months))
		r.w.Raw(`"><title>`)
		r.w.Text(r.tr.N("timeline.svg.gap.title", months, FromTime(DayToTime(g.From)).Label(r.opt.Lang), FromTime(DayToTime(g.To)).Label(r.opt.Lang), months))
		r.w.Raw(`</title><rect x="`)
		r.w.Num(x1)
		r.w.Raw(`" y="`)
		r.w.Num(top)
		r.w.Raw(`" width="`)
		r.w.Num(x2 - x1)
		r.w.Raw(`" height="`)
		r.w.Num(bot - top)
		r.w.Raw(`" fill="url(#` + r.opt.IDPrefix + `-gap)" stroke="#bbbbbb" stroke-dasharray="4 3"/>`)
		cx := (x1 + x2) / 2
		short := r.tr.N("timeline.svg.gap.months", months)
		line1 := r.tr.T("timeline.svg.gap.line1")
		line2 := r.tr.T("timeline.svg.gap.line2", short)
		if x2-x1 < float64(utf8.RuneCountInString(line2))*charW+8 {
			line1, line2 = "", short
		}
		for i, t := range []string{line1, line2} {
			if t == "" {
				continue
			}
			r.w.Raw(`<text x="`)
			r.w.Num(cx)
			r.w.Raw(`" y="`)
			r.w.Num(bot - 26 + 15*float64(i))
			r.w.Raw(`" text-anchor="middle" font-style="italic" fill="#555">`)
			r.w.Text(t)
			r.w.Raw("</text>")
		}
		r.w.Raw("</g>")
	}
}

// lane places and draws the items of one lane. rowY0 is the centre of the
// row nearest the axis, dir -1 stacks upward, +1 downward.
func (r *renderer) lane(evs []*Event, rowY0 float64, dir float64, stops []float64) {
	items := r.place(evs, stops)
	for i := range items {
		it := &items[i]
		y := rowY0 + dir*rowH*float64(it.row)
		if len(it.events) == 1 {
			r.event(it, y)
		} else {
			r.cluster(it, y)
		}
	}
}

// place groups nearby events, turns crowded groups into clusters and puts
// every item in a row where it does not overlap; then sizes the labels to
// the room left in the row.
func (r *renderer) place(evs []*Event, stops []float64) []item {
	l := &r.l
	var items []item
	var rowEnd [nRows]float64
	for i := range rowEnd {
		rowEnd[i] = math.Inf(-1)
	}
	put := func(it item) bool {
		// Prefer a row with room for the previous item's label, so labels
		// spread over the rows; otherwise any free row.
		for pass := range 2 {
			need := 2.0
			if pass == 0 {
				need = labelRoom
			}
			for row := range nRows {
				if rowEnd[row]+need <= it.left {
					it.row = row
					rowEnd[row] = it.right
					items = append(items, it)
					return true
				}
			}
		}
		return false
	}
	single := func(e *Event) item {
		x := l.x(e.Date.Mid())
		return item{x: x, left: x - markerR, right: x + markerR, events: []*Event{e}}
	}
	clusterOf := func(g []*Event) item {
		x := 0.0
		for _, e := range g {
			x += l.x(e.Date.Mid())
		}
		x /= float64(len(g))
		return item{x: x, left: x - clusterW/2, right: x + clusterW/2, events: g}
	}
	for i := 0; i < len(evs); {
		j := i + 1
		x0 := l.x(evs[i].Date.Mid())
		for j < len(evs) && l.x(evs[j].Date.Mid())-x0 <= groupPx {
			j++
		}
		g := evs[i:j]
		i = j
		if len(g) > maxStack {
			it := clusterOf(g)
			if !put(it) {
				items = append(items, it) // overlaps, but nothing is lost
			}
			continue
		}
		var left []*Event
		for _, e := range g {
			if !put(single(e)) {
				left = append(left, e)
			}
		}
		switch len(left) {
		case 0:
		case 1:
			it := single(left[0])
			it.row = nRows - 1
			items = append(items, it)
		default:
			if it := clusterOf(left); !put(it) {
				items = append(items, it)
			}
		}
	}
	// Label room: up to the next item in the same row, or the edge.
	var next [nRows]float64
	for i := range next {
		next[i] = float64(r.opt.Width) - 8
	}
	for i := len(items) - 1; i >= 0; i-- {
		it := &items[i]
		if len(it.events) == 1 {
			end := next[it.row]
			// A label stops at the start of a gap band, so the gap looks
			// empty, unless that leaves no label at all.
			for _, s := range stops {
				if s > it.x {
					if s-it.right-10 >= 60 {
						end = min(end, s)
					}
					break
				}
			}
			it.labelW = min(end-it.right-10, 240)
		}
		next[it.row] = min(next[it.row], it.left)
	}
	return items
}

func (r *renderer) event(it *item, y float64) {
	l := &r.l
	e := it.events[0]
	approx := e.Date.Precision == PrecisionApprox
	if r.opt.EventHref != nil {
		r.w.Raw(`<a class="event-link"`).Attr("href", r.opt.EventHref(e)).Raw(">")
		defer r.w.Raw("</a>")
	}
	r.w.Raw(`<g class="event" data-event-id="`)
	r.w.Text(e.ID)
	r.w.Raw(`" data-kind="`)
	r.w.Text(string(e.Kind))
	r.w.Raw(`" data-lane="`)
	r.w.Text(string(e.Lane))
	r.w.Raw(`" data-date="`)
	r.w.Text(e.Date.String())
	r.w.Raw(`" data-precision="`)
	r.w.Raw(e.Date.Precision.String())
	r.w.Raw(`"><title>`)
	r.eventTitle(e)
	r.w.Raw("</title>")
	// Stem to the axis, so the date can be read off.
	r.stem(it.x, y)
	if e.Date.Precision != PrecisionDay {
		// A bar over the days the date may refer to; fuzzy for "ca.".
		x1, x2 := l.x(e.Date.Start()), l.x(e.Date.End()+1)
		if approx {
			w := x2 - x1
			x1, x2 = x1-w/2, x2+w/2
		}
		x1, x2 = max(x1, l.x0), min(x2, l.x1)
		if x2-x1 >= 3 {
			r.w.Raw(`<rect x="`)
			r.w.Num(x1)
			r.w.Raw(`" y="`)
			r.w.Num(y - 3)
			r.w.Raw(`" width="`)
			r.w.Num(x2 - x1)
			r.w.Raw(`" height="6" rx="3" `)
			if approx {
				r.w.Raw(`fill="url(#` + r.opt.IDPrefix + `-fuzz)"/>`)
			} else {
				r.w.Raw(`fill="` + kindColour[e.Kind] + `" fill-opacity="0.22"/>`)
			}
		}
	}
	r.shape(e.Kind, it.x, y, approx)
	if it.labelW >= 36 {
		text := truncate(e.Description, int(it.labelW/charW))
		r.w.Raw(`<text x="`)
		r.w.Num(it.x + markerR + 4)
		r.w.Raw(`" y="`)
		r.w.Num(y + 4)
		r.w.Raw(`" fill="#222">`)
		r.w.Text(text)
		r.w.Raw("</text>")
	}
	r.w.Raw("</g>")
}

func (r *renderer) eventTitle(e *Event) {
	r.w.Text(e.Date.Label(r.opt.Lang))
	r.w.Raw(" · ")
	r.w.Text(e.Kind.Label(r.opt.Lang))
	r.w.Raw("\n")
	r.w.Text(e.Description)
	line := func(key string, v string) {
		if v != "" {
			r.w.Raw("\n")
			r.w.Text(r.tr.T(key))
			r.w.Raw(": ")
			r.w.Text(v)
		}
	}
	line("timeline.svg.field.persons", strings.Join(e.Persons, ", "))
	line("timeline.svg.field.organisations", strings.Join(e.Organisations, ", "))
	line("timeline.svg.field.helpers", strings.Join(e.Helpers, ", "))
	line("timeline.svg.field.source", e.Source.Label(r.opt.Lang))
	line("timeline.svg.field.emotions", e.Emotions)
	line("timeline.svg.field.opinions", e.Opinions)
	line("timeline.svg.field.assumptions", e.Assumptions)
	line("timeline.svg.field.interpretations", e.Interpretations)
	var stated, guessed []string
	for _, t := range e.Tags {
		s := t.String()
		if r.opt.TagWords {
			s = t.Words(r.opt.Lang)
		}
		if t.Inferred {
			guessed = append(guessed, s)
		} else {
			stated = append(stated, s)
		}
	}
	line("timeline.svg.field.tags", strings.Join(stated, ", "))
	line("timeline.svg.field.inferred", strings.Join(guessed, ", "))
}

func (r *renderer) cluster(it *item, y float64) {
	l := &r.l
	lo, hi := math.MaxInt, math.MinInt
	counts := map[Kind]int{}
	for _, e := range it.events {
		lo = min(lo, e.Date.Start())
		hi = max(hi, e.Date.End())
		counts[e.Kind]++
	}
	from, to := FromTime(DayToTime(lo)), FromTime(DayToTime(hi))
	n := strconv.Itoa(len(it.events))
	r.w.Raw(`<g class="cluster" data-count="`)
	r.w.Raw(n)
	r.w.Raw(`" data-from="`)
	r.w.Raw(from.String())
	r.w.Raw(`" data-to="`)
	r.w.Raw(to.String())
	r.w.Raw(`" data-lane="`)
	r.w.Text(string(it.events[0].Lane))
	r.w.Raw(`"><title>`)
	r.w.Text(r.tr.N("timeline.svg.cluster.title", len(it.events), len(it.events), from.Label(r.opt.Lang), to.Label(r.opt.Lang)))
	r.w.Raw(" (")
	first := true
	for _, k := range Kinds {
		if c := counts[k]; c > 0 {
			if !first {
				r.w.Raw(", ")
			}
			first = false
			r.w.Raw(strconv.Itoa(c))
			r.w.Raw(" ")
			r.w.Text(strings.ToLower(k.Label(r.opt.Lang)))
		}
	}
	r.w.Raw(")")
	for i, e := range it.events {
		if i == titleList {
			r.w.Raw("\n… ")
			r.w.Text(r.tr.T("timeline.svg.cluster.more", len(it.events)-titleList))
			break
		}
		r.w.Raw("\n• ")
		r.w.Text(e.Date.String())
		r.w.Raw(" ")
		r.w.Text(e.Description)
	}
	r.w.Raw(`</title>`)
	r.stem(it.x, y)
	x1, x2 := max(l.x(lo), l.x0), min(l.x(hi+1), l.x1)
	r.w.Raw(`<rect x="`)
	r.w.Num(x1)
	r.w.Raw(`" y="`)
	r.w.Num(y - 3)
	r.w.Raw(`" width="`)
	r.w.Num(max(x2-x1, 1))
	r.w.Raw(`" height="6" rx="3" fill="#444" fill-opacity="0.15"/>`)
	r.w.Raw(`<a href="`)
	r.w.Text(r.opt.ZoomHref(from, to))
	r.w.Raw(`" xlink:href="`)
	r.w.Text(r.opt.ZoomHref(from, to))
	r.w.Raw(`"><rect x="`)
	r.w.Num(it.x - clusterW/2)
	r.w.Raw(`" y="`)
	r.w.Num(y - 10)
	r.w.Raw(`" width="`)
	r.w.Num(clusterW)
	r.w.Raw(`" height="20" rx="10" fill="#ffffff" stroke="#444" stroke-width="1.3"/><text x="`)
	r.w.Num(it.x)
	r.w.Raw(`" y="`)
	r.w.Num(y + 4)
	r.w.Raw(`" text-anchor="middle" font-weight="600" fill="#222">`)
	r.w.Raw(n)
	r.w.Raw("</text></a></g>")
}

// shape draws the marker of kind k; approximate dates get a hatched fill
// and a dashed outline.
func (r *renderer) shape(k Kind, x, y float64, approx bool) {
	c := kindColour[k]
	if c == "" {
		c = "#5b5b5b"
	}
	fill := c
	if approx {
		fill = "url(#" + r.opt.IDPrefix + "-h-" + string(k) + ")"
	}
	stroke := ` fill="` + fill + `" stroke="` + c + `" stroke-width="1.5"`
	if approx {
		stroke += ` stroke-dasharray="2.5 1.5"`
	}
	switch k {
	case KindDecision: // diamond
		r.w.Raw(`<path d="M`)
		r.w.Point(x, y-8.5)
		r.w.Raw("L")
		r.w.Point(x+8.5, y)
		r.w.Raw("L")
		r.w.Point(x, y+8.5)
		r.w.Raw("L")
		r.w.Point(x-8.5, y)
		r.w.Raw(`Z"` + stroke + "/>")
	case KindContact: // circle
		r.w.Raw(`<circle cx="`)
		r.w.Num(x)
		r.w.Raw(`" cy="`)
		r.w.Num(y)
		r.w.Raw(`" r="6.5"` + stroke + "/>")
	case KindNeed: // triangle
		r.w.Raw(`<path d="M`)
		r.w.Point(x, y-8)
		r.w.Raw("L")
		r.w.Point(x+8, y+6.5)
		r.w.Raw("L")
		r.w.Point(x-8, y+6.5)
		r.w.Raw(`Z"` + stroke + "/>")
	case KindExperience: // star
		r.w.Raw(`<path d="M`)
		for i := range 10 {
			rad := 9.0
			if i%2 == 1 {
				rad = 4.0
			}
			a := -math.Pi/2 + float64(i)*math.Pi/5
			if i > 0 {
				r.w.Raw("L")
			}
			r.w.Point(x+rad*math.Cos(a), y+1+rad*math.Sin(a))
		}
		r.w.Raw(`Z"` + stroke + "/>")
	default: // square: factual event
		r.w.Raw(`<rect x="`)
		r.w.Num(x - 6)
		r.w.Raw(`" y="`)
		r.w.Num(y - 6)
		r.w.Raw(`" width="12" height="12"` + stroke + "/>")
	}
}

// truncate shortens s to at most n runes, ending in "…".
func truncate(s string, n int) string {
	if n < 2 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	cut := strings.TrimRight(string(rs[:n-1]), " ,.;:")
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)*2/3 {
		cut = cut[:i]
	}
	return cut + "…"
}
