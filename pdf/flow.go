package pdf

import "strconv"

// Flow writes a document down A4 pages: it keeps the cursor, starts a new
// page when the next piece does not fit, and puts the footer and the page
// number at the foot of every page, outside the tagged content.
type Flow struct {
	Doc    *Document
	Page   *Page   // the current page; nil before the first
	Y      float64 // the cursor, from the top of the page
	Margin float64 // left, right and top margin
	Bottom float64 // the lowest Y text may reach
	Footer string  // written before " · " and the page number
}

// NewPage starts a new page with its footer.
func (f *Flow) NewPage() {
	f.Page = f.Doc.AddPage()
	f.Y = f.Margin
	f.Page.Fill(Grey)
	footer := f.Footer + " · " + strconv.Itoa(f.Doc.Pages())
	f.Page.Tag("Artifact", "", func() { f.Page.Text(f.Margin, A4Height-30, 8, false, footer) })
	f.Page.Fill(Black)
}

// Need starts a new page unless h points still fit.
func (f *Flow) Need(h float64) {
	if f.Page == nil || f.Y+h > f.Bottom {
		f.NewPage()
	}
}

// Para writes s wrapped to the text column, indented by indent points, in
// size points with leading points between lines, and a little space after.
func (f *Flow) Para(s string, indent, size, leading float64, bold bool) {
	for _, line := range Wrap(s, A4Width-2*f.Margin-indent, size, bold) {
		f.Need(leading)
		f.Page.Text(f.Margin+indent, f.Y+size, size, bold, line)
		f.Y += leading
	}
	f.Y += 3
}
