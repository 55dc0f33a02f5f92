package tension

import (
	"math"
	"strings"

	"github.com/rotonde-jeugd/rotonde/svg"
)

// Chart is a stack of strips on the 0–100 line: one strip for a round's
// spread, several for small multiples (rounds over time, role groups, one's
// own placements over time). Texts come from the caller, already translated.
type Chart struct {
	// Label is the accessible name: what the chart shows, in words.
	Label string
	Rows  []Row
	// Connect draws a line through the medians of consecutive rows (movement over time).
	Connect bool
}

// Row is one strip.
type Row struct {
	Label string // above the strip; may be empty
	// Positions and Jitter as in Spread; Jitter may be nil (dots on the line).
	Positions []int
	Jitter    []float64
	Median    float64
	HasMedian bool
	// Withheld, when set, replaces the dots (fewer than the minimum).
	Withheld string
}

// RowOf turns a spread into a row, with the withheld text for a small one.
func RowOf(label string, s Spread, withheld string) Row {
	if !s.Shown {
		return Row{Label: label, Withheld: withheld}
	}
	return Row{Label: label, Positions: s.Positions, Jitter: s.Jitter, Median: s.Median, HasMedian: true}
}

// Geometry of the chart, in viewBox units. Narrow on purpose: it fits the
// content of a 360 px phone without shrinking, so its 12-unit labels stay
// 12 px or more (the style sheet keeps it at least chartW px wide).
const (
	chartW   = 300.0
	padX     = 12.0
	labelH   = 16.0
	stripH   = 30.0
	jitterAm = 9.0
)

func xOf(pos float64) float64 { return padX + pos/100*(chartW-2*padX) }

// SVG renders the chart as an inline SVG element. Dots are drawn in the
// order of the row's positions (sorted by value), so the markup reveals no
// more than the picture.
func (c Chart) SVG() string {
	var out strings.Builder
	b := svg.NewWriter(&out)
	rowH := stripH
	for _, r := range c.Rows {
		if r.Label != "" {
			rowH = stripH + labelH
			break
		}
	}
	h := rowH*float64(len(c.Rows)) + 4
	b.Raw(`<svg class="strip" role="img"`).Attr("aria-label", c.Label).Raw(` viewBox="0 0 `).Num(chartW).Raw(" ").Num(math.Round(h)).
		Raw(`" width="100%" preserveAspectRatio="xMidYMin meet" xmlns="http://www.w3.org/2000/svg"><title>`).Text(c.Label).Raw(`</title>`)
	line := func(class string, x1, y1, x2, y2 float64, rest string) {
		b.Raw(`<line class="`+class+`"`).NumAttr("x1", x1).NumAttr("y1", y1).NumAttr("x2", x2).NumAttr("y2", y2).Raw(rest)
	}
	var medians [][2]float64
	for i, r := range c.Rows {
		top := float64(i) * rowH
		y := top + rowH - stripH/2
		if rowH > stripH && r.Label != "" {
			b.Raw(`<text class="row-label"`).NumAttr("x", padX).NumAttr("y", top+labelH-4).Raw(` font-size="12" fill="#1f2a2e">`).Text(r.Label).Raw(`</text>`)
		}
		// The line between the poles, with ticks at 0, 50 and 100.
		line("axis", xOf(0), y, xOf(100), y, ` stroke="#4f5d63" stroke-width="1.5"/>`)
		for _, t := range []float64{0, 50, 100} {
			line("tick", xOf(t), y-5, xOf(t), y+5, ` stroke="#4f5d63"/>`)
		}
		if r.Withheld != "" {
			b.Raw(`<text class="withheld"`).NumAttr("x", chartW/2).NumAttr("y", y-4).
				Raw(` text-anchor="middle" font-size="12" font-style="italic" fill="#4f5d63">`).Text(r.Withheld).Raw(`</text>`)
			continue
		}
		for j, p := range r.Positions {
			dy := 0.0
			if j < len(r.Jitter) {
				dy = r.Jitter[j] * jitterAm
			}
			b.Raw(`<circle class="dot"`).NumAttr("cx", xOf(float64(p))).NumAttr("cy", y+dy).Raw(` r="5" fill="#2f5d62" fill-opacity="0.7" stroke="#ffffff"/>`)
		}
		if r.HasMedian {
			x := xOf(r.Median)
			line("median", x, y-13, x, y+13, ` stroke="#8a4b12" stroke-width="3"/>`)
			medians = append(medians, [2]float64{x, y})
		}
	}
	if c.Connect && len(medians) > 1 {
		b.Raw(`<polyline class="trend" points="`)
		for i, m := range medians {
			if i > 0 {
				b.Raw(" ")
			}
			b.Point(m[0], m[1])
		}
		b.Raw(`" fill="none" stroke="#8a4b12" stroke-width="1.5" stroke-dasharray="4 3"/>`)
	}
	b.Raw(`</svg>`)
	_ = b.Close() // a strings.Builder does not fail
	return out.String()
}
