package meeting

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/pdf"
)

const (
	pdfMargin  = 56.0
	pdfBottom  = pdf.A4Height - 56
	pdfBody    = 10.0
	pdfLeading = 13.0
)

type pdfWriter struct {
	doc    *pdf.Document
	page   *pdf.Page
	y      float64
	footer string
}

func (w *pdfWriter) newPage() {
	w.page = w.doc.AddPage()
	w.y = pdfMargin
	w.page.Fill(pdf.Grey)
	w.page.Text(pdfMargin, pdf.A4Height-30, 8, false, fmt.Sprintf("%s · %d", w.footer, w.doc.Pages()))
	w.page.Fill(pdf.Black)
}

func (w *pdfWriter) need(h float64) {
	if w.page == nil || w.y+h > pdfBottom {
		w.newPage()
	}
}

func (w *pdfWriter) heading(s string, size float64) {
	w.need(size + 40)
	w.y += 8
	w.page.Text(pdfMargin, w.y+size, size, true, s)
	w.y += size + 8
}

func (w *pdfWriter) para(s string, indent float64, bold bool) {
	for _, line := range pdf.Wrap(s, pdf.A4Width-2*pdfMargin-indent, pdfBody, bold) {
		w.need(pdfLeading)
		w.page.Text(pdfMargin+indent, w.y+pdfBody, pdfBody, bold, line)
		w.y += pdfLeading
	}
	w.y += 3
}

func (w *pdfWriter) bullet(s string) { w.para("• "+s, 8, false) }

// WritePDF renders the report as a PDF (A4, Helvetica) to out.
func (r *Report) WritePDF(out io.Writer, lang string, now time.Time) error {
	t := func(nl, en string) string { return method.Text{NL: nl, EN: en}.In(lang) }
	w := &pdfWriter{doc: pdf.New(r.Title), footer: r.Title + " · " + t("vertrouwelijk", "confidential")}
	w.doc.Created = now
	w.heading(t("Verslag", "Report")+": "+r.Title, 18)
	if r.CaseTitle != "" {
		w.para(t("Casus", "Case")+": "+r.CaseTitle, 0, false)
	}
	if r.Theme != "" {
		w.para(t("Thema", "Theme")+": "+r.Theme, 0, false)
	}
	w.para(t("Datum", "Date")+": "+r.Date+" · "+t("Facilitator", "Facilitator")+": "+r.Facilitator, 0, false)
	if len(r.Participants) > 0 {
		w.para(t("Deelnemers", "Participants")+": "+strings.Join(r.Participants, ", "), 0, false)
	}
	w.heading(t("Agenda", "Agenda"), 13)
	for _, a := range r.Agenda {
		w.para(fmt.Sprintf("%d. %s — %s (%d min)", a.Position, a.Card, a.Step, a.Minutes), 0, false)
	}
	if len(r.Prep) > 0 {
		w.heading(t("Voorbereiding (werkkaart 1)", "Preparation (work card 1)"), 13)
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
	if len(r.Groups) > 0 {
		w.heading(t("Perspectiefwissel: twee groepen", "Perspective switch: two groups"), 13)
		for _, g := range r.Groups {
			w.para(g.Label, 0, true)
			w.para(t("Hulpverlening", "Help")+": "+orDefault(strings.Join(g.Help, "; "), "—"), 8, false)
			w.para(t("Gezin en netwerk", "Family and network")+": "+orDefault(strings.Join(g.Family, "; "), "—"), 8, false)
		}
	}
	if len(r.Backpack) > 0 {
		w.heading(t("Perspectiefwissel: de rugzak", "Perspective switch: the backpack"), 13)
		for _, a := range r.Backpack {
			w.bullet(a)
		}
	}
	if len(r.Stakeholders) > 0 {
		w.heading(t("Perspectiefwissel: betrokkenen", "Perspective switch: stakeholders"), 13)
		for _, c := range r.Stakeholders {
			w.para(c.Stakeholder, 0, true)
			w.para(t("Grootste dilemma of angst", "Greatest dilemma or fear")+": "+orDefault(c.Body, "—"), 8, false)
			w.para(t("Gevoel", "Feeling")+": "+orDefault(c.Feeling, "—"), 8, false)
		}
	}
	if len(r.Words) > 0 || len(r.Emotions) > 0 {
		w.heading(t("Andere taal (werkkaart 6)", "Other language (work card 6)"), 13)
		for _, s := range r.Words {
			w.bullet(s)
		}
		for _, e := range r.Emotions {
			w.bullet(t("Emotiekaart", "Emotion card") + ": " + e.Label + " × " + e.Text)
		}
	}
	if len(r.Attachments) > 0 {
		w.heading(t("Bijlagen (werkkaart 7)", "Attachments (work card 7)"), 13)
		for _, a := range r.Attachments {
			if a.Link != "" {
				w.bullet(a.Title + ": " + a.Link)
			} else {
				w.bullet(fmt.Sprintf("%s (%s)", a.Title, a.Media()))
			}
		}
	}
	if len(r.Tension) > 0 {
		w.heading(t("Spanningsvelden", "Tension fields")+": "+r.TensionRound, 13)
		for _, f := range r.Tension {
			w.bullet(f.Label + ": " + f.Text)
		}
	}
	w.heading(t("Volgende stappen", "Next steps"), 13)
	if len(r.NextSteps) == 0 {
		w.para(t("Nog geen kleine stappen vastgelegd.", "No small steps recorded yet."), 0, false)
	}
	for _, s := range r.NextSteps {
		w.bullet(s)
	}
	w.heading(t("Terugkoppeling aan het gezin", "Report-back to the family"), 13)
	w.para(orDefault(r.Feedback, t("Nog niet ingevuld.", "Not filled in yet.")), 0, false)
	_, err := w.doc.WriteTo(out)
	return err
}
