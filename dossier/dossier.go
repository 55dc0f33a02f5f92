// Package dossier writes the whole case as one PDF: title page, the dream,
// the timeline and the geno-sociogram drawn as vector graphics, the
// stagnation signals, the learning cycle, the phase and the small steps.
// It is pure: the caller gathers the content (after the access checks) and
// passes it in; nothing here reads storage.
package dossier

import (
	"fmt"
	"io"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/pdf"
	"github.com/rotonde-jeugd/rotonde/pdf/figure"
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
	Insights     []Insight
	// Sources cite the publications whose method the dossier shows (the
	// dream's questions, the learning cycle, the phases, insight levels).
	Sources []string
}

// Insight is one insight of the case as the dossier prints it.
type Insight struct {
	Body    string
	Level   string // the level's title, or "" when not placed
	Meeting string // the meeting it was captured in, or ""
	Author  string // "" when captured anonymously
	At      time.Time
}

const (
	margin  = 50.0
	bottom  = pdf.A4Height - 60
	bodyPt  = 10.0
	leading = 13.0
)

// writer keeps the cursor and breaks pages.
type writer struct {
	pdf.Flow
	in *Input
	l  i18n.Localizer // the dossier's language
}

func (w *writer) heading(s string) {
	w.Need(60)
	w.Y += 10
	w.Page.Fill(pdf.Black)
	w.Page.TextAs("H1", margin, w.Y+14, 15, true, s)
	w.Y += 24
}

func (w *writer) subheading(s string) {
	w.Need(34)
	w.Page.TextAs("H2", margin, w.Y+11, 11, true, s)
	w.Y += 16
}

// para writes wrapped text, indented by indent points.
func (w *writer) para(s string, indent float64, bold bool) { w.Para(s, indent, bodyPt, leading, bold) }

// Write renders the dossier as PDF to out.
func Write(out io.Writer, in Input) error {
	l := i18n.Default().For(in.Lang)
	w := &writer{in: &in, l: l, Flow: pdf.Flow{Doc: pdf.New(in.Case.Title + " — dossier"), Margin: margin, Bottom: bottom,
		Footer: in.Case.Title + " · " + l.T("dossier.confidential")}}
	w.Doc.Created = in.ExportedAt
	if in.Lang == "en" {
		w.Doc.Lang = "en"
	}
	w.titlePage()
	w.NewPage()
	w.heading(l.T("dossier.dream"))
	if len(in.Dream) == 0 {
		w.para(l.T("dossier.dream.none"), 0, false)
	}
	for _, qa := range in.Dream {
		w.para(qa.Question, 0, true)
		w.para(qa.Answer, 12, false)
	}
	w.timeline()
	w.genogram()
	w.heading(l.T("dossier.signals"))
	w.para(l.T("dossier.signals.intro"), 0, false)
	for _, s := range in.Signals {
		w.para(s.Title.Message(in.Lang), 0, true)
		w.para(s.Explanation.Message(in.Lang), 12, false)
	}
	w.heading(l.T("dossier.cycle"))
	if in.CycleAdvice != "" {
		w.para(l.T("dossier.cycle.advice", in.CycleAdvice), 0, true)
	}
	for i, st := range in.Cycle {
		w.subheading(fmt.Sprintf("%d. %s", i+1, st.Title))
		if len(st.Entries) == 0 {
			w.para(l.T("dossier.cycle.empty"), 12, false)
		}
		for _, e := range st.Entries {
			w.para("• "+e, 12, false)
		}
	}
	w.heading(l.T("dossier.phase"))
	if in.Phase == "" {
		w.para(l.T("dossier.phase.none"), 0, false)
	} else {
		w.para(in.Phase, 0, true)
	}
	for _, h := range in.PhaseHistory {
		w.para("• "+h, 12, false)
	}
	w.heading(l.T("dossier.steps"))
	if len(in.Steps) == 0 {
		w.para(l.T("dossier.steps.none"), 0, false)
	}
	for _, s := range in.Steps {
		status := ""
		if s.Status.Valid() {
			status = l.T("dossier.step." + string(s.Status))
		}
		line := "[" + status + "] " + s.Title
		if s.OwnerName != "" {
			line += " — " + s.OwnerName
		}
		if s.Due != "" {
			line += " (" + s.Due + ")"
		}
		w.para(line, 0, s.ReportBack && s.Status == rotonde.StepOpen)
	}
	w.heading(l.T("dossier.insights"))
	if len(in.Insights) == 0 {
		w.para(l.T("dossier.insights.none"), 0, false)
	}
	for _, it := range in.Insights {
		w.para(it.Body, 0, false)
		meta := it.At.Local().Format("02-01-2006")
		if it.Level != "" {
			meta += " · " + it.Level
		}
		switch {
		case it.Meeting != "" && it.Author != "":
			meta += " · " + l.T("dossier.insight.from", it.Meeting, it.Author)
		case it.Meeting != "":
			meta += " · " + l.T("dossier.insight.from", it.Meeting, l.T("dossier.insight.anonymous"))
		case it.Author != "":
			meta += " · " + it.Author
		}
		w.para(meta, 12, false)
	}
	if len(in.Sources) > 0 {
		w.heading(l.T("dossier.sources"))
		for _, c := range in.Sources {
			w.para(c, 0, false)
		}
	}
	_, err := w.Doc.WriteTo(out)
	return err
}

func (w *writer) titlePage() {
	in, l := w.in, w.l
	w.NewPage()
	p := w.Page
	p.Fill(pdf.Colour{R: 0.7, G: 0.1, B: 0.1})
	p.Text(margin, 90, 12, true, strings.ToUpper(l.T("dossier.confidential")))
	p.Fill(pdf.Black)
	p.TextAs("H1", margin, 150, 28, true, in.Case.Title)
	p.Fill(pdf.Grey)
	p.Text(margin, 175, 12, false, l.T("dossier.title"))
	p.Stroke(pdf.Grey)
	p.LineWidth(0.8)
	p.Line(margin, 190, pdf.A4Width-margin, 190)
	p.Fill(pdf.Black)
	w.Y = 215
	w.para(l.T("dossier.reason"), 0, true)
	reason := in.Case.Reason
	if reason == "" {
		reason = "—"
	}
	w.para(reason, 0, false)
	w.Y += 8
	w.para(l.T("dossier.members"), 0, true)
	for _, m := range in.Members {
		line := m.UserName + " — " + l.T("member.role."+string(m.Role))
		if m.OrgName != "" {
			line += ", " + m.OrgName
		}
		w.para("• "+line, 0, false)
	}
	w.Y += 8
	w.para(l.T("dossier.exported", in.ExportedAt.Local().Format("02-01-2006 15:04"), in.ExportedBy), 0, false)
	w.para(l.T("dossier.notice"), 0, false)
}

// timeline draws the events on one page: years along a line, professional
// and formal events above it, the family's below, and a dated list after.
func (w *writer) timeline() {
	in, l := w.in, w.l
	w.heading(l.T("dossier.timeline"))
	tl := figure.NewTimeline(in.Events, in.Lang, pdf.A4Width-2*margin)
	if len(tl.Events) == 0 {
		w.para(l.T("dossier.timeline.none"), 0, false)
		return
	}
	w.Need(tl.Height() + 10)
	w.Page.Tag("Figure", tl.Alt(), func() { tl.Draw(w.Page, margin, w.Y) })
	w.Y += tl.Height()
	w.subheading(l.T("dossier.events"))
	for _, line := range tl.Legend() {
		w.para(line, 0, false)
	}
}

// genogram draws the family in standard notation, then names the
// professionals around it.
func (w *writer) genogram() {
	in, l := w.in, w.l
	w.heading(l.T("dossier.genogram"))
	g := figure.NewGenogram(in.Genogram, in.Lang, pdf.A4Width-2*margin, 520)
	if g.Empty() {
		w.para(l.T("dossier.genogram.none"), 0, false)
		return
	}
	// A family too large for one page is printed in page-sized tiles,
	// each under its caption.
	for _, tile := range g.Tiles() {
		w.Need(tile.Height() + 30 + leading)
		if caption := tile.Caption(in.Lang); caption != "" {
			w.para(caption, 0, false)
		}
		w.Page.Tag("Figure", tile.Alt(), func() { tile.Draw(w.Page, margin, w.Y) })
		w.Y += tile.Height() + 16
	}
	var pros []string
	for _, person := range in.Genogram.Persons {
		if person.Professional {
			pros = append(pros, person.Alias+" ("+person.Organisation+")")
		}
	}
	if len(pros) > 0 {
		w.para(l.T("dossier.professionals", strings.Join(pros, "; ")), 0, false)
	}
}
