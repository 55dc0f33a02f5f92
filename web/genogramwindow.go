package web

import (
	"io"
	"net/http"
	"strconv"

	"github.com/rotonde-jeugd/rotonde/genogram"
)

// The focused view of a large family is far wider than a screen. The page
// draws first only the window around the focus person that fits the first
// screen (twice the page's width, in the whole drawing's coordinates), with
// a link to the whole view; genogram-view.js then fetches the whole drawing
// from the drawing route and swaps it in.

// The first window is twice as wide as the drawing's box on the screen,
// centred on the focus person. The server does not know the screen, so
// genogram-view.js keeps the box's width in a cookie for the next page;
// without it the window is twice the widest the page shows the drawing.
const (
	// screenCookie holds the width in CSS pixels of the drawing's box as
	// the last genogram page showed it: no person's data, only a size.
	screenCookie = "rotonde_screen"
	// minScreenPx is the narrowest box the first window is made for (a
	// small phone); wider than pageWidth the box is never.
	minScreenPx = 320
)

// screenWidth is the width of the drawing's box from the request's
// cookie, within [minScreenPx, pageWidth]; pageWidth without the cookie
// or when it is not a number.
func screenWidth(r *http.Request) float64 {
	c, err := r.Cookie(screenCookie)
	if err != nil {
		return pageWidth
	}
	w, err := strconv.Atoi(c.Value)
	if err != nil {
		return pageWidth
	}
	return float64(min(max(w, minScreenPx), pageWidth))
}

// firstScreen returns the window the page draws first, and whether it is
// smaller than the drawing; the zero window draws everything.
func (v *genogramView) firstScreen(l *genogram.Layout) (genogram.Box, bool) {
	screen := v.Opts.Screen
	if screen <= 0 {
		screen = pageWidth
	}
	if v.Opts.Focus == "" || v.Opts.All || l.Width*focusScale <= 2*screen {
		return genogram.Box{}, false
	}
	w, ok := l.FocusWindow(v.Opts.Focus, 2*screen, focusScale)
	return w, ok
}

// handleGenogramDrawing serves only the page's drawing, whole (as the page
// draws it with alles=1): the SVG element the script swaps in. It is read
// and logged as the genogram page is.
func (s *Server) handleGenogramDrawing(w http.ResponseWriter, r *http.Request) {
	load := func(r *http.Request, id int64) (genogramView, error) {
		u := userFrom(r.Context())
		c, _, err := s.store.Cases.Case(r.Context(), u, id)
		if err != nil {
			return genogramView{}, err
		}
		g, _, err := s.store.Genogram.Genogram(r.Context(), u, id)
		if err != nil {
			return genogramView{}, err
		}
		lang := langFrom(r.Context())
		v := genogramView{Opts: readGenoOptions(r)}
		v.Opts.All = true
		v.Opts = focusOnChild(v.Opts, g, true)
		return v, v.draw(g, lang, s.cat.For(lang).T("geno.svgtitle")+" · "+c.Title)
	}
	showCasePage(s, w, r, "genogram", load, func(w http.ResponseWriter, _ *http.Request, status int, v genogramView, _ error) {
		w.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, string(v.SVG))
	})
}
