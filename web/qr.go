package web

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/boombuler/barcode/qr"

	"github.com/rotonde-jeugd/rotonde/svg"
)

// qrLook is how one QR code is shown: its class, its size in pixels, and the
// id and text of the title that names it for screen readers.
type qrLook struct {
	class   string
	size    int
	titleID string
	title   string
}

// qrSVG draws content as a QR code, made on the server as SVG: one path of
// unit squares inside a quiet zone of four, no styles and no script, so the
// strict CSP holds and the page works without JavaScript.
func qrSVG(content string, look qrLook) (template.HTML, error) {
	code, err := qr.Encode(content, qr.M, qr.Auto)
	if err != nil {
		return "", err
	}
	n := code.Bounds().Dx()
	const quiet = 4
	var out strings.Builder
	b := svg.NewWriter(&out)
	b.Raw(`<svg xmlns="http://www.w3.org/2000/svg"`).Attr("class", look.class).Raw(` viewBox="0 0 `).Int(n+2*quiet).Raw(" ").Int(n+2*quiet).
		Raw(`"`).Attr("width", strconv.Itoa(look.size)).Attr("height", strconv.Itoa(look.size)).
		Raw(` role="img"`).Attr("aria-labelledby", look.titleID).Raw(`><title`).Attr("id", look.titleID).Raw(`>`).Text(look.title).
		Raw(`</title><rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="`)
	for y := range n {
		for x := range n {
			if r, _, _, _ := code.At(x, y).RGBA(); r == 0 {
				b.Raw("M").Int(x + quiet).Raw(" ").Int(y + quiet).Raw("h1v1h-1z")
			}
		}
	}
	b.Raw(`"/></svg>`)
	if err := b.Close(); err != nil {
		return "", err
	}
	return template.HTML(out.String()), nil // numbers, and the texts through the escaper
}
