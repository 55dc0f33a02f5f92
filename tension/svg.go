package tension

import (
	"fmt"
	"html"
	"strings"
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

// Geometry of the chart, in viewBox units. Narrow on purpose: it scales to
// the width of a phone.
const (
	chartW   = 340.0
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
	var b strings.Builder
	rowH := stripH
	for _, r := range c.Rows {
		if r.Label != "" {
			rowH = stripH + labelH
			break
		}
	}
	h := rowH*float64(len(c.Rows)) + 4
	fmt.Fprintf(&b, `<svg class="strip" role="img" aria-label="%s" viewBox="0 0 %.0f %.0f" width="100%%" preserveAspectRatio="xMidYMin meet" xmlns="http://www.w3.org/2000/svg">`,
		html.EscapeString(c.Label), chartW, h)
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(c.Label))
	var medians []string
	for i, r := range c.Rows {
		top := float64(i) * rowH
		y := top + rowH - stripH/2
		if rowH > stripH && r.Label != "" {
			fmt.Fprintf(&b, `<text class="row-label" x="%.1f" y="%.1f" font-size="12" fill="#1f2a2e">%s</text>`, padX, top+labelH-4, html.EscapeString(r.Label))
		}
		// The line between the poles, with ticks at 0, 50 and 100.
		fmt.Fprintf(&b, `<line class="axis" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#4f5d63" stroke-width="1.5"/>`, xOf(0), y, xOf(100), y)
		for _, t := range []float64{0, 50, 100} {
			fmt.Fprintf(&b, `<line class="tick" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#4f5d63"/>`, xOf(t), y-5, xOf(t), y+5)
		}
		if r.Withheld != "" {
			fmt.Fprintf(&b, `<text class="withheld" x="%.1f" y="%.1f" text-anchor="middle" font-size="12" font-style="italic" fill="#4f5d63">%s</text>`, chartW/2, y-4, html.EscapeString(r.Withheld))
			continue
		}
		for j, p := range r.Positions {
			dy := 0.0
			if j < len(r.Jitter) {
				dy = r.Jitter[j] * jitterAm
			}
			fmt.Fprintf(&b, `<circle class="dot" cx="%.1f" cy="%.1f" r="5" fill="#2f5d62" fill-opacity="0.7" stroke="#ffffff"/>`, xOf(float64(p)), y+dy)
		}
		if r.HasMedian {
			x := xOf(r.Median)
			fmt.Fprintf(&b, `<line class="median" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#8a4b12" stroke-width="3"/>`, x, y-13, x, y+13)
			medians = append(medians, fmt.Sprintf("%.1f,%.1f", x, y))
		}
	}
	if c.Connect && len(medians) > 1 {
		fmt.Fprintf(&b, `<polyline class="trend" points="%s" fill="none" stroke="#8a4b12" stroke-width="1.5" stroke-dasharray="4 3"/>`, strings.Join(medians, " "))
	}
	b.WriteString(`</svg>`)
	return b.String()
}
