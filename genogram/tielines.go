package genogram

import "github.com/rotonde-jeugd/rotonde/i18n"

// TieLines returns the lines of a tie between the symbols in boxes a and b
// as polylines in layout units, in the notation of the SVG (double and
// triple lines, a zigzag for conflict, a break for a cut-off), and for
// informal care the arrowhead at the cared-for person as a triangle. Print
// draws ties with it (dashes by kind are the printer's: distant is dashed,
// informal care dotted).
func TieLines(a, b Box, kind TieKind) (lines [][]Point, arrow []Point) {
	c, ok := newTieCurve(a, b, true)
	if !ok {
		return nil, nil
	}
	const steps = 16
	curve := func(o float64) []Point {
		pts := make([]Point, 0, steps+1)
		for k := 0; k <= steps; k++ {
			px, py, _, _ := c.at(float64(k) / steps)
			pts = append(pts, Point{px + c.nx*o, py + c.ny*o})
		}
		return pts
	}
	switch kind {
	case TieClose:
		lines = [][]Point{curve(-2.5), curve(2.5)}
	case TieFused:
		lines = [][]Point{curve(-4), curve(0), curve(4)}
	case TieConflict, TieHostile:
		lines = [][]Point{c.zigzag()}
		if kind == TieHostile {
			lines = append(lines, curve(-9))
		}
	case TieCutoff:
		lines = c.cutoff()
	default:
		lines = [][]Point{curve(0)}
	}
	if kind == TieInformalCare {
		_, _, qx, qy := c.at(1)
		ux, uy := qy, -qx
		x2, y2 := c.x2, c.y2
		arrow = []Point{{x2, y2}, {x2 - ux*10 + qx*5, y2 - uy*10 + qy*5}, {x2 - ux*10 - qx*5, y2 - uy*10 - qy*5}}
	}
	return lines, arrow
}

// TieStyle is how a kind of tie looks: its colour (#rrggbb) and its label.
func TieStyle(k TieKind, lang string) (colour, label string) {
	for _, t := range tieKinds {
		if t.kind == k {
			return t.colour, i18n.Default().T(lang, t.label)
		}
	}
	return inkSoft, string(k)
}
