package web

import (
	"html/template"
	"strings"

	"github.com/boombuler/barcode/qr"

	"github.com/rotonde-jeugd/rotonde/svg"
)

// joinQR draws the join address of a live meeting as a QR code, made on the
// server as SVG: one path of unit squares, no styles and no script, so the
// strict CSP holds and the page works without JavaScript. It uses the QR
// encoder that the second factor's setup already uses (web/mfa.go); title
// names the code for screen readers.
func joinQR(link, title string) (template.HTML, error) {
	code, err := qr.Encode(link, qr.M, qr.Auto)
	if err != nil {
		return "", err
	}
	n := code.Bounds().Dx()
	const quiet = 4
	var out strings.Builder
	b := svg.NewWriter(&out)
	b.Raw(`<svg xmlns="http://www.w3.org/2000/svg" class="qr join-qr" viewBox="0 0 `).Int(n + 2*quiet).Raw(" ").Int(n + 2*quiet).
		Raw(`" width="176" height="176" role="img" aria-labelledby="join-qr-title"><title id="join-qr-title">`).Text(title).
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
	return template.HTML(out.String()), nil // numbers, and the title through the escaper
}
