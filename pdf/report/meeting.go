// Package report writes reports as PDF documents: the report of a learning
// meeting (package meeting builds it, this package lays it out). It keeps
// PDF writing out of the domain packages.
package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/pdf"
	"github.com/rotonde-jeugd/rotonde/pdf/figure"
	"github.com/rotonde-jeugd/rotonde/tension"
)

const (
	pdfMargin  = 56.0
	pdfBottom  = pdf.A4Height - 56
	pdfBody    = 10.0
	pdfLeading = 13.0
	pdfText    = pdf.A4Width - 2*pdfMargin // the width of the text column
	cellPad    = 4.0
)

// pdfWriter lays out a report on A4 pages.
type pdfWriter struct{ pdf.Flow }

func (w *pdfWriter) heading(s string, size float64) {
	w.Need(size + 40)
	w.Y += 8
	role := "H2"
	if size >= 18 {
		role = "H1"
	}
	w.Page.TextAs(role, pdfMargin, w.Y+size, size, true, s)
	w.Y += size + 8
}

// para writes wrapped body text, indented by indent points.
func (w *pdfWriter) para(s string, indent float64, bold bool) {
	w.Para(s, indent, pdfBody, pdfLeading, bold)
}

func (w *pdfWriter) bullet(s string) { w.para("• "+s, 8, false) }

// figure draws f under a bold caption, both on one page.
func (w *pdfWriter) figure(caption string, f figure.Figure) {
	lines := pdf.Wrap(caption, pdfText, pdfBody, true)
	w.Need(float64(len(lines))*pdfLeading + 3 + f.Height() + 8)
	w.para(caption, 0, true)
	w.Page.Tag("Figure", caption, func() { f.Draw(w.Page, pdfMargin, w.Y) })
	w.Y += f.Height() + 8
}

// table draws rows under a shaded header row, in columns whose widths are
// the given shares of the text width; the first column heads its row. Cell
// texts wrap (a newline starts a new line); an empty cell of the body shows
// a dash. A row stays on one page when it fits on one; the header is
// repeated on every page the table continues on.
func (w *pdfWriter) table(shares []float64, header []string, rows [][]string) {
	widths := make([]float64, len(shares))
	for i, f := range shares {
		widths[i] = f * pdfText
	}
	wrap := func(cells []string, empty string, bold func(col int) bool) [][]string {
		out := make([][]string, len(widths))
		for i := range widths {
			text := ""
			if i < len(cells) {
				text = cells[i]
			}
			out[i] = pdf.Wrap(orDefault(text, empty), widths[i]-2*cellPad, pdfBody, bold(i))
		}
		return out
	}
	height := func(lines int) float64 { return float64(lines)*pdfLeading + 2*cellPad - 2 }
	tallest := func(cells [][]string) int {
		n := 0
		for _, c := range cells {
			n = max(n, len(c))
		}
		return n
	}
	// draw puts lines [from, from+n) of every cell in one band of the table.
	draw := func(cells [][]string, from, n int, shaded bool, bold func(col int) bool) {
		h := height(n)
		x := pdfMargin
		w.Page.Stroke(pdf.Grey)
		w.Page.LineWidth(0.5)
		for i, cw := range widths {
			if shaded {
				w.Page.Fill(pdf.Colour{R: 0.92, G: 0.93, B: 0.93})
				w.Page.Rect(x, w.Y, cw, h, true, false)
			}
			w.Page.Fill(pdf.Black)
			for j := from; j < from+n && j < len(cells[i]); j++ {
				w.Page.Text(x+cellPad, w.Y+cellPad+8.5+float64(j-from)*pdfLeading, pdfBody, bold(i), cells[i][j])
			}
			w.Page.Rect(x, w.Y, cw, h, false, true)
			x += cw
		}
		w.Y += h
	}
	allBold := func(int) bool { return true }
	firstBold := func(col int) bool { return col == 0 }
	head := wrap(header, "", allBold)
	headH := height(tallest(head))
	drawHead := func() { draw(head, 0, tallest(head), true, allBold) }
	// The most lines of one row a fresh page holds under the header.
	perPage := int((pdfBottom - pdfMargin - headH - 2*cellPad) / pdfLeading)
	body := make([][][]string, len(rows))
	for i, row := range rows {
		body[i] = wrap(row, "—", firstBold)
	}
	// The header never stands alone at the foot of a page.
	first := 1
	if len(body) > 0 {
		first = min(max(tallest(body[0]), 1), perPage)
	}
	w.Need(headH + height(first))
	drawHead()
	for _, cells := range body {
		n := tallest(cells)
		for from := 0; from < n; {
			room := int((pdfBottom - w.Y - 2*cellPad) / pdfLeading)
			if room < n-from && (room < 1 || n-from <= perPage) {
				w.NewPage()
				drawHead()
				continue
			}
			k := min(room, n-from)
			draw(cells, from, k, false, firstBold)
			from += k
		}
	}
	w.Y += 8
}

// WriteMeeting renders a meeting's report as a PDF (A4, embedded Go fonts) to out.
func WriteMeeting(out io.Writer, r *meeting.Report, lang string, now time.Time) error {
	l := i18n.Default().For(lang)
	w := &pdfWriter{pdf.Flow{Doc: pdf.New(r.Title), Margin: pdfMargin, Bottom: pdfBottom,
		Footer: r.Title + " · " + l.T("report.confidential")}}
	w.Doc.Created = now
	if lang == "en" {
		w.Doc.Lang = "en"
	}
	writeMeetingHead(w, r, l)
	writeMeetingPerspectives(w, r, l)
	writeMeetingCardResults(w, r, l)
	writeMeetingSnapshots(w, r, now, l)
	writeMeetingClosing(w, r, l)
	if len(r.Sources) > 0 {
		w.para(l.T("report.sources")+": "+strings.Join(r.Sources, "; "), 0, false)
	}
	_, err := w.Doc.WriteTo(out)
	return err
}

// writeMeetingHead writes the title block, the agenda, the preparation and
// the free sections of the report.
func writeMeetingHead(w *pdfWriter, r *meeting.Report, l i18n.Localizer) {
	w.heading(l.T("report.title")+": "+r.Title, 18)
	if r.CaseTitle != "" {
		w.para(l.T("report.case")+": "+r.CaseTitle, 0, false)
	}
	if r.Theme != "" {
		w.para(l.T("report.theme")+": "+r.Theme, 0, false)
	}
	if r.NotHeld {
		w.para(r.NotHeldLine(l.Lang), 0, true)
		w.para(l.T("report.facilitator")+": "+r.Facilitator, 0, false)
	} else {
		w.para(l.T("report.date")+": "+r.Date+" · "+l.T("report.facilitator")+": "+r.Facilitator, 0, false)
	}
	if len(r.Participants) > 0 {
		w.para(l.T("report.participants")+": "+strings.Join(r.Participants, ", "), 0, false)
	}
	if r.FilmAsked {
		w.para(r.FilmLine(l.Lang), 0, false)
	}
	w.heading(l.T("report.agenda"), 13)
	for _, a := range r.Agenda {
		w.para(fmt.Sprintf("%s — %s (%d min)", a.Line(), a.Step, a.Minutes), 0, false)
	}
	if len(r.Prep) > 0 {
		w.heading(l.T("report.prep"), 13)
		for _, p := range r.Prep {
			w.para(p.Label, 0, true)
			w.para(p.Text, 8, false)
		}
	}
	for _, s := range r.Sections {
		w.heading(s.Title, 13)
		for _, c := range s.Items {
			w.bullet(c.Body)
		}
	}
}

// writeMeetingPerspectives writes the three perspective-switch results: the
// two groups, the backpack and the stakeholders.
func writeMeetingPerspectives(w *pdfWriter, r *meeting.Report, l i18n.Localizer) {
	if len(r.Groups) > 0 {
		w.heading(l.T("report.groups"), 13)
		rows := make([][]string, len(r.Groups))
		for i, g := range r.Groups {
			rows[i] = []string{g.Label, strings.Join(g.Help, "\n"), strings.Join(g.Family, "\n")}
		}
		w.table([]float64{0.26, 0.37, 0.37}, []string{"", l.T("report.groups.help"), l.T("report.groups.family")}, rows)
	}
	if len(r.Backpack) > 0 {
		w.heading(l.T("report.backpack"), 13)
		for _, a := range r.Backpack {
			w.bullet(a)
		}
	}
	if len(r.Stakeholders) > 0 {
		w.heading(l.T("report.stakeholders"), 13)
		rows := make([][]string, len(r.Stakeholders))
		for i, c := range r.Stakeholders {
			rows[i] = []string{c.Stakeholder, c.Body, c.Feeling}
		}
		w.table([]float64{0.26, 0.48, 0.26}, []string{l.T("report.stakeholders.who"), l.T("report.stakeholders.fear"), l.T("report.stakeholders.feeling")}, rows)
	}
}

// writeMeetingCardResults writes the other-language words and emotion cards,
// the attachments and the tension fields.
func writeMeetingCardResults(w *pdfWriter, r *meeting.Report, l i18n.Localizer) {
	if len(r.Words) > 0 || len(r.Emotions) > 0 {
		w.heading(l.T("report.language"), 13)
		for _, s := range r.Words {
			w.bullet(s)
		}
		for _, e := range r.Emotions {
			w.bullet(l.T("report.language.emotion") + ": " + e.Label + " × " + e.Text)
		}
	}
	if len(r.Attachments) > 0 {
		w.heading(l.T("report.attachments"), 13)
		for _, a := range r.Attachments {
			if a.Link != "" {
				w.bullet(a.Title + ": " + a.Link)
			} else {
				w.bullet(fmt.Sprintf("%s (%s)", a.Title, a.Media()))
			}
		}
	}
	if len(r.Tension) > 0 {
		w.heading(l.T("report.tension")+": "+r.TensionRound, 13)
		for _, f := range r.Tension {
			// tension.RowOf decides, as on screen, whether there are dots
			// or only the text saying why they are withheld.
			w.figure(f.Label+": "+f.Text, figure.Strip{Row: tension.RowOf("", f.Spread, f.Text), Left: f.Left, Right: f.Right, Width: pdfText})
		}
	}
}

// writeMeetingSnapshots draws the timeline and the genogram as they stood
// when the report was made.
func writeMeetingSnapshots(w *pdfWriter, r *meeting.Report, now time.Time, l i18n.Localizer) {
	lang := l.Lang
	tlTitle, genoTitle := r.SnapshotTitles(lang, now)
	if len(r.Events) > 0 {
		tl := figure.NewTimeline(r.Events, lang, pdfText)
		w.Need(13 + 24 + tl.Height())
		w.heading(tlTitle, 13)
		if len(tl.Events) == 0 {
			w.para(l.T("report.snapshot.timeline.none"), 0, false)
		} else {
			w.Page.Tag("Figure", tl.Alt(), func() { tl.Draw(w.Page, pdfMargin, w.Y) })
			w.Y += tl.Height()
			for _, line := range tl.Legend() {
				w.para(line, 0, false)
			}
		}
	}
	if geno := figure.NewGenogram(r.Genogram, lang, pdfText, 520); !geno.Empty() {
		for i, tile := range geno.Tiles() {
			if i == 0 {
				w.Need(13 + 24 + tile.Height())
				w.heading(genoTitle, 13)
			}
			if caption := tile.Caption(lang); caption != "" {
				w.Need(pdfLeading + 3 + tile.Height())
				w.para(caption, 0, false)
			}
			w.Page.Tag("Figure", tile.Alt(), func() { tile.Draw(w.Page, pdfMargin, w.Y) })
			w.Y += tile.Height() + 16
		}
	}
}

// writeMeetingClosing writes the next steps and the report-back to the family.
func writeMeetingClosing(w *pdfWriter, r *meeting.Report, l i18n.Localizer) {
	w.heading(l.T("report.next"), 13)
	if len(r.NextSteps) == 0 {
		w.para(l.T("report.next.none"), 0, false)
	}
	for _, s := range r.NextSteps {
		w.bullet(s)
	}
	w.heading(l.T("report.feedback"), 13)
	w.para(orDefault(r.Feedback, l.T("report.feedback.none")), 0, false)
}

func orDefault(s, d string) string {
	if strings.TrimSpace(s) == "" {
		return d
	}
	return s
}
