package genogram

// A focused view of a large family is far wider than a screen (26,000
// pixels for 300 persons, of which a screen shows 5 %). A page first draws
// only the window around the focus person that fits the first screen, in
// the whole drawing's coordinates (same viewBox), and fetches the rest
// afterwards.

// FocusWindow returns the window, in the layout's units, of widthPx screen
// pixels at the given scale, centred on the person id and as high as the
// drawing. ok is false when the person is not drawn.
func (l *Layout) FocusWindow(id string, widthPx, scale float64) (w Box, ok bool) {
	i, ok := l.idx[id]
	if !ok || widthPx <= 0 {
		return Box{}, false
	}
	if scale <= 0 {
		scale = 1
	}
	b := l.box[i]
	half := widthPx / scale / 2
	cx := b.X + b.W/2
	return Box{X: cx - half, Y: l.MinY, W: 2 * half, H: l.Height}, true
}

// InWindow reports whether box b shares area with the window; a zero
// window holds everything.
func InWindow(win, b Box) bool {
	if win.W <= 0 {
		return true
	}
	return b.X < win.X+win.W && b.X+b.W > win.X && b.Y < win.Y+win.H && b.Y+b.H > win.Y
}

// shown reports whether the i-th person is drawn in the layout's window.
func (l *Layout) shown(i int) bool { return InWindow(l.win, l.box[i]) }

// groupShown reports whether the lines of a child group cross the window:
// the box spanning the parents' anchor and the children.
func (l *Layout) groupShown(gr *childGroup) bool {
	if l.win.W <= 0 {
		return true
	}
	ax, ay, lo, hi, barY := l.childBar(gr)
	top, bottom := min(ay, barY), ay
	for _, c := range gr.children {
		bottom = max(bottom, l.box[c].Y)
	}
	left, right := min(ax, lo), max(ax, hi)
	return InWindow(l.win, Box{X: left, Y: top, W: max(right-left, 1), H: max(bottom-top, 1)})
}
