package signal

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// SparkOptions size a small chart. Zero values give 320×90, Dutch.
type SparkOptions struct {
	Width, Height int
	Lang          string
}

var sparkStyles = [...]struct{ colour, dash string }{
	{"#0b5f99", ""},    // first series: solid blue
	{"#b34700", "5 3"}, // second: dashed orange, so the lines differ without colour
	{"#5b5b5b", "2 2"},
}

// Sparkline writes the signal's series (for example helpers and
// organisations per half-year) as a small accessible SVG line chart: the
// values are also listed in its <desc>, so nothing depends on seeing it.
func Sparkline(w io.Writer, s Signal, opt SparkOptions) error {
	if opt.Width <= 0 {
		opt.Width = 320
	}
	if opt.Height <= 0 {
		opt.Height = 90
	}
	en := opt.Lang == "en"
	bw := bufio.NewWriter(w)
	esc := func(v string) { xml.EscapeText(bw, []byte(v)) }
	W, H := float64(opt.Width), float64(opt.Height)
	left, right, top, bottom := 4.0, W-28, 16.0, H-16
	maxV, n := 1.0, 0
	for _, se := range s.Series {
		n = max(n, len(se.Points))
		for _, p := range se.Points {
			maxV = max(maxV, p.Value)
		}
	}
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 %d %d" width="%d" height="%d" font-family="'Noto Sans','Segoe UI',Helvetica,Arial,sans-serif" font-size="10" class="sparkline" data-signal="`, opt.Width, opt.Height, opt.Width, opt.Height)
	esc(s.Key)
	bw.WriteString(`"><title>`)
	esc(s.Title(opt.Lang))
	bw.WriteString("</title><desc>")
	for _, se := range s.Series {
		var parts []string
		for _, p := range se.Points {
			parts = append(parts, p.Label+": "+strconv.FormatFloat(p.Value, 'f', -1, 64))
		}
		esc(pick(en, se.NameEN, se.NameNL) + " — " + strings.Join(parts, ", ") + ". ")
	}
	bw.WriteString("</desc>")
	fmt.Fprintf(bw, `<rect width="100%%" height="100%%" fill="#ffffff"/><line x1="%g" x2="%g" y1="%g" y2="%g" stroke="#ccc"/>`, left, right, bottom, bottom)
	x := func(i int) float64 {
		if n <= 1 {
			return (left + right) / 2
		}
		return left + float64(i)/float64(n-1)*(right-left)
	}
	y := func(v float64) float64 { return bottom - v/maxV*(bottom-top) }
	for si, se := range s.Series {
		st := sparkStyles[si%len(sparkStyles)]
		bw.WriteString(`<polyline fill="none" stroke-width="1.8" stroke="` + st.colour + `"`)
		if st.dash != "" {
			bw.WriteString(` stroke-dasharray="` + st.dash + `"`)
		}
		bw.WriteString(` points="`)
		for i, p := range se.Points {
			fmt.Fprintf(bw, "%.1f,%.1f ", x(i), y(p.Value))
		}
		bw.WriteString(`"/>`)
		if k := len(se.Points); k > 0 {
			last := se.Points[k-1]
			fmt.Fprintf(bw, `<text x="%.1f" y="%.1f" fill="%s">%s</text>`, right+4, y(last.Value)+3, st.colour, strconv.FormatFloat(last.Value, 'f', -1, 64))
		}
	}
	if n > 0 {
		first, last := s.Series[0].Points[0].Label, s.Series[0].Points[len(s.Series[0].Points)-1].Label
		fmt.Fprintf(bw, `<text x="%g" y="%g" fill="#555">`, left, H-3)
		esc(first)
		fmt.Fprintf(bw, `</text><text x="%g" y="%g" text-anchor="end" fill="#555">`, right, H-3)
		esc(last)
		bw.WriteString("</text>")
		fmt.Fprintf(bw, `<text x="%g" y="10" fill="#555">`, left)
		var names []string
		for si, se := range s.Series {
			names = append(names, pick(en, se.NameEN, se.NameNL)+pick(si == 0, " (—)", " (- -)"))
		}
		esc(strings.Join(names, " · ") + " · max " + strconv.FormatFloat(maxV, 'f', -1, 64))
		bw.WriteString("</text>")
	}
	bw.WriteString("</svg>\n")
	return bw.Flush()
}
