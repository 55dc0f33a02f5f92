// Package dossier writes the whole case as one PDF: title page, the dream,
// the timeline and the geno-sociogram drawn as vector graphics, the
// stagnation signals, the learning cycle, the phase and the small steps.
// It is pure: the caller gathers the content (after the access checks) and
// passes it in; nothing here reads storage.
package dossier

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/pdf"
	"github.com/rotonde-jeugd/rotonde/signal"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// QA is one question with its answer (the dream).
type QA struct{ Question, Answer string }

// CycleStep is one step of the learning cycle with what was done in it.
type CycleStep struct {
	Title   string
	Entries []string
}

// Input is everything the dossier shows.
type Input struct {
	Lang         string // "nl" (default) or "en"
	Case         rotonde.Case
	Members      []rotonde.Member
	ExportedAt   time.Time
	ExportedBy   string
	Dream        []QA
	Events       []timeline.Event
	Signals      []signal.Signal
	Genogram     *genogram.Genogram
	Cycle        []CycleStep
	CycleAdvice  string
	Phase        string
	PhaseHistory []string
	Steps        []rotonde.SmallStep
}

func (in *Input) t(nl, en string) string {
	if in.Lang == "en" {
		return en
	}
	return nl
}

const (
	margin  = 50.0
	bottom  = pdf.A4Height - 60
	bodyPt  = 10.0
	leading = 13.0
)

// writer keeps the cursor and breaks pages.
type writer struct {
	in   *Input
	doc  *pdf.Document
	page *pdf.Page
	y    float64
}

func (w *writer) newPage() {
	w.page = w.doc.AddPage()
	w.y = margin
	w.page.Fill(pdf.Grey)
	footer := w.in.Case.Title + " · " + w.in.t("vertrouwelijk", "confidential") + " · " + strconv.Itoa(w.doc.Pages())
	w.page.Text(margin, pdf.A4Height-30, 8, false, footer)
	w.page.Fill(pdf.Black)
}

// need starts a new page unless h points still fit.
func (w *writer) need(h float64) {
	if w.page == nil || w.y+h > bottom {
		w.newPage()
	}
}

func (w *writer) heading(s string) {
	w.need(60)
	w.y += 10
	w.page.Fill(pdf.Black)
	w.page.Text(margin, w.y+14, 15, true, s)
	w.y += 24
}

func (w *writer) subheading(s string) {
	w.need(34)
	w.page.Text(margin, w.y+11, 11, true, s)
	w.y += 16
}

// para writes wrapped text, indented by indent points.
func (w *writer) para(s string, indent float64, bold bool) {
	for _, line := range pdf.Wrap(s, pdf.A4Width-2*margin-indent, bodyPt, bold) {
		w.need(leading)
		w.page.Text(margin+indent, w.y+bodyPt, bodyPt, bold, line)
		w.y += leading
	}
	w.y += 3
}

// Write renders the dossier as PDF to out.
func Write(out io.Writer, in Input) error {
	w := &writer{in: &in, doc: pdf.New(in.Case.Title + " — dossier")}
	w.doc.Created = in.ExportedAt
	w.titlePage()
	w.newPage()
	w.heading(in.t("De droom", "The dream"))
	if len(in.Dream) == 0 {
		w.para(in.t("Nog niet ingevuld.", "Not filled in yet."), 0, false)
	}
	for _, qa := range in.Dream {
		w.para(qa.Question, 0, true)
		w.para(qa.Answer, 12, false)
	}
	w.timeline()
	w.genogram()
	w.heading(in.t("Stagnatiesignalen", "Stagnation signals"))
	w.para(in.t("Berekend uit de tijdlijn; een beschrijving, geen oordeel.", "Computed from the timeline; a description, not a verdict."), 0, false)
	for _, s := range in.Signals {
		w.para(s.Title(in.Lang), 0, true)
		w.para(s.Explanation(in.Lang), 12, false)
	}
	w.heading(in.t("Leercyclus", "Learning cycle"))
	if in.CycleAdvice != "" {
		w.para(in.t("Let op: ", "Note: ")+in.CycleAdvice, 0, true)
	}
	for i, st := range in.Cycle {
		w.subheading(fmt.Sprintf("%d. %s", i+1, st.Title))
		if len(st.Entries) == 0 {
			w.para(in.t("Nog niets vastgelegd.", "Nothing recorded yet."), 12, false)
		}
		for _, e := range st.Entries {
			w.para("• "+e, 12, false)
		}
	}
	w.heading(in.t("Fase", "Phase"))
	if in.Phase == "" {
		w.para(in.t("Nog geen fase gekozen.", "No phase chosen yet."), 0, false)
	} else {
		w.para(in.Phase, 0, true)
	}
	for _, h := range in.PhaseHistory {
		w.para("• "+h, 12, false)
	}
	w.heading(in.t("Kleine stappen", "Small steps"))
	if len(in.Steps) == 0 {
		w.para(in.t("Nog geen kleine stappen.", "No small steps yet."), 0, false)
	}
	for _, s := range in.Steps {
		status := map[rotonde.StepStatus]string{rotonde.StepOpen: in.t("open", "open"), rotonde.StepDone: in.t("gelukt", "done"), rotonde.StepDropped: in.t("vervallen", "dropped")}[s.Status]
		line := "[" + status + "] " + s.Title
		if s.OwnerName != "" {
			line += " — " + s.OwnerName
		}
		if s.Due != "" {
			line += " (" + s.Due + ")"
		}
		w.para(line, 0, s.ReportBack && s.Status == rotonde.StepOpen)
	}
	_, err := w.doc.WriteTo(out)
	return err
}

func (w *writer) titlePage() {
	in := w.in
	w.newPage()
	p := w.page
	p.Fill(pdf.Colour{R: 0.7, G: 0.1, B: 0.1})
	p.Text(margin, 90, 12, true, strings.ToUpper(in.t("Vertrouwelijk", "Confidential")))
	p.Fill(pdf.Black)
	p.Text(margin, 150, 28, true, in.Case.Title)
	p.Fill(pdf.Grey)
	p.Text(margin, 175, 12, false, in.t("Casusdossier uit Rotonde", "Case dossier from Rotonde"))
	p.Stroke(pdf.Grey)
	p.LineWidth(0.8)
	p.Line(margin, 190, pdf.A4Width-margin, 190)
	p.Fill(pdf.Black)
	w.y = 215
	w.para(in.t("Reden van inbreng", "Why the case was brought in"), 0, true)
	reason := in.Case.Reason
	if reason == "" {
		reason = "—"
	}
	w.para(reason, 0, false)
	w.y += 8
	w.para(in.t("Leden van de casus", "Members of the case"), 0, true)
	for _, m := range in.Members {
		line := m.UserName + " — " + string(m.Role)
		if m.OrgName != "" {
			line += ", " + m.OrgName
		}
		w.para("• "+line, 0, false)
	}
	w.y += 8
	w.para(fmt.Sprintf("%s %s %s %s", in.t("Geëxporteerd op", "Exported on"), in.ExportedAt.Local().Format("02-01-2006 15:04"),
		in.t("door", "by"), in.ExportedBy), 0, false)
	w.para(in.t("Dit dossier bevat vertrouwelijke informatie over een kind en gezin. Deel het alleen met wie bij de casus betrokken is; de export staat in het toegangslog.",
		"This dossier holds confidential information about a child and family. Share it only with those involved in the case; the export is in the access log."), 0, false)
}

// timeline draws the events on one page: years along a line, professional
// and formal events above it, the family's below, and a dated list after.
func (w *writer) timeline() {
	in := w.in
	w.heading(in.t("Tijdlijn", "Timeline"))
	evs := append([]timeline.Event(nil), in.Events...)
	var dated []timeline.Event
	for _, e := range evs {
		if e.Date.Year > 0 {
			dated = append(dated, e)
		}
	}
	if len(dated) == 0 {
		w.para(in.t("Nog geen gebeurtenissen.", "No events yet."), 0, false)
		return
	}
	timeline.Sort(dated)
	first, last := dated[0].Date.Year, dated[len(dated)-1].Date.Year
	if last == first {
		last++
	}
	w.need(230)
	p := w.page
	x0, x1 := margin+10, pdf.A4Width-margin-10
	axis := w.y + 110
	pos := func(d timeline.Date) float64 {
		m := d.Month
		if m == 0 {
			m = 6
		}
		f := (float64(d.Year-first) + (float64(m)-0.5)/12) / float64(last-first+1)
		return x0 + f*(x1-x0)
	}
	p.Fill(pdf.Grey)
	p.Text(margin, w.y+10, 9, true, in.t("Professioneel en formeel", "Professional and formal"))
	p.Text(margin, axis+100, 9, true, in.t("Gezin: gebeurtenissen, behoeften en beleving", "Family: events, needs and experiences"))
	p.Stroke(pdf.Black)
	p.LineWidth(1.2)
	p.Line(x0, axis, x1, axis)
	p.LineWidth(0.6)
	step := 1
	for (last-first+1)/step > 14 {
		step++
	}
	for y := first; y <= last; y += step {
		x := pos(timeline.MonthOf(y, 1)) - (x1-x0)/float64(last-first+1)/24
		p.Line(x, axis-4, x, axis+4)
		p.Fill(pdf.Black)
		p.TextCentred(x, axis+15, 8, false, strconv.Itoa(y))
	}
	// Stagger markers in four rows per lane so that close events stay apart.
	counts := map[string]int{}
	for i, e := range dated {
		x := pos(e.Date)
		family := e.Lane == timeline.LaneFamily
		row := counts[string(e.Lane)] % 4
		counts[string(e.Lane)]++
		var y float64
		if family {
			y = axis + 28 + float64(row)*16
			p.Fill(pdf.Colour{R: 0.85, G: 0.45, B: 0.1})
		} else {
			y = axis - 18 - float64(row)*16
			p.Fill(pdf.Colour{R: 0.15, G: 0.35, B: 0.7})
		}
		p.Stroke(pdf.Grey)
		p.Dash(1, 2)
		p.Line(x, axis, x, y)
		p.Dash()
		if family {
			p.Circle(x, y, 5, true, false)
		} else {
			p.Rect(x-4.5, y-4.5, 9, 9, true, false)
		}
		p.Fill(pdf.Black)
		p.Text(x+7, y+3, 6.5, false, strconv.Itoa(i+1))
	}
	w.y = axis + 110
	w.subheading(in.t("Gebeurtenissen", "Events"))
	for i, e := range dated {
		line := fmt.Sprintf("%d. %s — %s: %s", i+1, e.Date.String(), e.Kind.Label(in.Lang), e.Description)
		if len(e.Persons) > 0 {
			line += " (" + strings.Join(e.Persons, ", ") + ")"
		}
		w.para(line, 0, false)
	}
}

// partnerDrop is how far below the symbols the partner line runs (layout
// units), under the alias and year printed beneath each symbol.
const partnerDrop = 30.0

// genogram draws the family in standard notation from the computed layout:
// squares, circles and diamonds, partner lines and child lines.
func (w *writer) genogram() {
	in := w.in
	w.heading(in.t("Geno-sociogram", "Geno-sociogram"))
	g := in.Genogram
	if g == nil || len(g.Persons) == 0 {
		w.para(in.t("Nog niemand in het geno-sociogram.", "Nobody in the geno-sociogram yet."), 0, false)
		return
	}
	l := genogram.ComputeLayout(g, genogram.Options{Lang: in.Lang, NoLegend: true})
	avail := pdf.A4Width - 2*margin
	scale := min(1, avail/l.Width, 520/l.Height)
	w.need(l.Height*scale + 30)
	p := w.page
	top := w.y
	tx := func(x float64) float64 { return margin + (x-l.MinX)*scale }
	ty := func(y float64) float64 { return top + (y-l.MinY)*scale }
	box := func(id string) (genogram.Box, bool) { b, ok := l.Boxes[id]; return b, ok }
	p.Stroke(pdf.Black)
	p.LineWidth(1)
	parts := map[string]genogram.Partnership{}
	for _, pt := range g.Partnerships {
		parts[pt.ID] = pt
		a, okA := box(pt.A)
		b, okB := box(pt.B)
		if !okA || !okB {
			continue
		}
		ly := max(a.Y+a.H, b.Y+b.H) + partnerDrop
		if pt.Kind == genogram.LivingTogether {
			p.Dash(4, 3)
		}
		p.Polyline(tx(a.X+a.W/2), ty(a.Y+a.H), tx(a.X+a.W/2), ty(ly), tx(b.X+b.W/2), ty(ly), tx(b.X+b.W/2), ty(b.Y+b.H))
		p.Dash()
		mx := (a.X + a.W/2 + b.X + b.W/2) / 2
		slashes := map[genogram.PartnershipKind]int{genogram.Separated: 1, genogram.Divorced: 2}[pt.Kind]
		for k := 0; k < slashes; k++ {
			off := float64(k)*6 - float64(slashes-1)*3
			p.Line(tx(mx+off-4), ty(ly+6), tx(mx+off+4), ty(ly-6))
		}
	}
	for _, pc := range g.Children {
		c, ok := box(pc.Child)
		if !ok {
			continue
		}
		var pa, pb string
		if pt, ok := parts[pc.Partnership]; ok {
			pa, pb = pt.A, pt.B
		} else {
			pa, pb = pc.Parent1, pc.Parent2
		}
		a, okA := box(pa)
		if !okA {
			continue
		}
		px, py := a.X+a.W/2, a.Y+a.H
		if b, okB := box(pb); okB {
			px, py = (a.X+a.W/2+b.X+b.W/2)/2, max(a.Y+a.H, b.Y+b.H)+partnerDrop
		}
		mid := (py + c.Y) / 2
		switch pc.Kind {
		case genogram.Foster:
			p.Dash(6, 3)
		case genogram.Adoptive:
			p.Dash(2, 2)
		case genogram.Step:
			p.Dash(6, 2, 1, 2)
		}
		p.Polyline(tx(px), ty(py), tx(px), ty(mid), tx(c.X+c.W/2), ty(mid), tx(c.X+c.W/2), ty(c.Y))
		p.Dash()
	}
	ids := make([]string, 0, len(l.Boxes))
	for id := range l.Boxes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		person, ok := g.PersonByID(id)
		if !ok || person.Professional {
			continue
		}
		b := l.Boxes[id]
		x, y, s := tx(b.X), ty(b.Y), b.W*scale
		p.Fill(pdf.White)
		p.Stroke(pdf.Black)
		shape := func(in float64) {
			switch person.Sex {
			case genogram.SexMale:
				p.Rect(x+in, y+in, s-2*in, s-2*in, true, true)
			case genogram.SexFemale:
				p.Circle(x+s/2, y+s/2, s/2-in, true, true)
			default:
				p.Polygon(true, true, x+s/2, y+in, x+s-in, y+s/2, x+s/2, y+s-in, x+in, y+s/2)
			}
		}
		shape(0)
		if person.Index {
			shape(3 * scale)
		}
		if person.IsDeceased() {
			k := s * 0.2
			p.Line(x+k, y+k, x+s-k, y+s-k)
			p.Line(x+s-k, y+k, x+k, y+s-k)
		}
		size := max(5, 9*scale)
		// A white band behind the labels keeps lines from running through them.
		lw := pdf.TextWidth(person.Alias, size, person.Index)
		p.Fill(pdf.White)
		p.Rect(x+s/2-lw/2-1, y+s+2, lw+2, 2*size+3, true, false)
		p.Fill(pdf.Black)
		p.TextCentred(x+s/2, y+s+size+2, size, person.Index, person.Alias)
		if person.BirthYear > 0 {
			p.Fill(pdf.Grey)
			p.TextCentred(x+s/2, y+s+2*size+4, size*0.85, false, strconv.Itoa(person.BirthYear))
		}
	}
	w.y = top + l.Height*scale + 16
	var pros []string
	for _, person := range g.Persons {
		if person.Professional {
			pros = append(pros, person.Alias+" ("+person.Organisation+")")
		}
	}
	if len(pros) > 0 {
		w.para(in.t("Professionals: ", "Professionals: ")+strings.Join(pros, "; "), 0, false)
	}
}
