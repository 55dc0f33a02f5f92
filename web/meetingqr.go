package web

import "html/template"

// joinQR draws the join address of a live meeting as a QR code; title names
// the code for screen readers.
func joinQR(link, title string) (template.HTML, error) {
	return qrSVG(link, qrLook{class: "qr join-qr", size: 176, titleID: "join-qr-title", title: title})
}
