package signal

import (
	"io"
	"strconv"
	"strings"

	"github.com/rotonde-jeugd/rotonde/svg"
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
	b := svg.NewWriter(w)
	W, H := float64(opt.Width), float64(opt.Height)
	left, right, top, bottom := 4.0, W-28, 16.0, H-16
	maxV, n := 1.0, 0
	for _, se := range s.Series {
		n = max(n, len(se.Points))
		for _, p := range se.Points {
			maxV = max(maxV, p.Value)
		}
	}
	b.Raw(`<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 `).Int(opt.Width).Raw(" ").Int(opt.Height).Raw(`"`).
		NumAttr("width", W).NumAttr("height", H).
		Raw(` font-family="'Noto Sans','Segoe UI',Helvetica,Arial,sans-serif" font-size="12" class="sparkline"`).Attr("data-signal", s.Key).
		Raw(`><title>`).Text(s.Title.Message(opt.Lang)).Raw("</title><desc>")
	for _, se := range s.Series {
		var parts []string
		for _, p := range se.Points {
			parts = append(parts, p.Label+": "+strconv.FormatFloat(p.Value, 'f', -1, 64))
		}
		b.Text(se.Name.Message(opt.Lang) + " — " + strings.Join(parts, ", ") + ". ")
	}
	b.Raw(`</desc><rect width="100%" height="100%" fill="#ffffff"/><line`).NumAttr("x1", left).NumAttr("x2", right).NumAttr("y1", bottom).NumAttr("y2", bottom).Raw(` stroke="#ccc"/>`)
	x := func(i int) float64 {
		if n <= 1 {
			return (left + right) / 2
		}
		return left + float64(i)/float64(n-1)*(right-left)
	}
	y := func(v float64) float64 { return bottom - v/maxV*(bottom-top) }
	for si, se := range s.Series {
		st := sparkStyles[si%len(sparkStyles)]
		b.Raw(`<polyline fill="none" stroke-width="1.8" stroke="` + st.colour + `"`)
		if st.dash != "" {
			b.Raw(` stroke-dasharray="` + st.dash + `"`)
		}
		b.Raw(` points="`)
		for i, p := range se.Points {
			b.Point(x(i), y(p.Value)).Raw(" ")
		}
		b.Raw(`"/>`)
		if k := len(se.Points); k > 0 {
			last := se.Points[k-1]
			b.Raw(`<text`).NumAttr("x", right+4).NumAttr("y", y(last.Value)+3).Raw(` fill="` + st.colour + `">`).Raw(strconv.FormatFloat(last.Value, 'f', -1, 64)).Raw("</text>")
		}
	}
	if n > 0 {
		first, last := s.Series[0].Points[0].Label, s.Series[0].Points[len(s.Series[0].Points)-1].Label
		b.Raw(`<text`).NumAttr("x", left).NumAttr("y", H-3).Raw(` fill="#555">`).Text(first).
			Raw(`</text><text`).NumAttr("x", right).NumAttr("y", H-3).Raw(` text-anchor="end" fill="#555">`).Text(last).
			Raw(`</text><text`).NumAttr("x", left).Raw(` y="10" fill="#555">`)
		var names []string
		for si, se := range s.Series {
			names = append(names, se.Name.Message(opt.Lang)+pick(si == 0, " (—)", " (- -)"))
		}
		b.Text(strings.Join(names, " · ") + " · max " + strconv.FormatFloat(maxV, 'f', -1, 64)).Raw("</text>")
	}
	b.Raw("</svg>\n")
	return b.Close()
}
