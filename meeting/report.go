package meeting

import (
	"fmt"
	"strings"
	"time"

	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/tension"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// Report is the record of a meeting, in one language, for the HTML page
// and the Markdown export alike.
type Report struct {
	Title        string
	CaseTitle    string
	Theme        string
	Date         string
	Facilitator  string
	Status       Status
	Participants []string
	Agenda       []AgendaLine
	Prep         []LabelText // only for facilitators
	Sections     []Section   // captured input by kind
	Groups       []GroupRow  // werkkaart 5, two groups: slot × (help, family)
	Backpack     []string    // werkkaart 5, the backpack
	Stakeholders []Capture   // werkkaart 5, speaking as a stakeholder
	Words        []string    // werkkaart 6, new words
	Emotions     []LabelText // werkkaart 6, emotion cards chosen (word, count)
	Attachments  []Attachment
	NextSteps    []string // small steps and commitments
	// Tension holds the linked tension-field round's spreads, one per
	// field (filled by the caller, for members of the case only).
	TensionRound string
	Tension      []TensionField
	// Events and Genogram are the snapshot of the case's timeline and
	// geno-sociogram, read by the caller through the member's own access
	// to the case; empty for guests and for theme meetings.
	Events   []timeline.Event
	Genogram *genogram.Genogram
	// SnapshotAt is when Events and Genogram were frozen: the moment the
	// meeting was closed. Zero means they show the case as it is now.
	SnapshotAt time.Time
	Feedback   string // the report-back owed to the family
	// Sources cite the publications of the work cards on the agenda.
	Sources []string
	// NotHeld: the meeting has not taken place yet (a draft); Date is then
	// its planned date and time, or empty when it is not planned.
	NotHeld bool
	// FilmYes and FilmNotYet count the last answers to "zit iedereen in de
	// film?" (werkkaart 1); FilmAsked says the question was put at all.
	FilmYes, FilmNotYet int
	FilmAsked           bool
}

// TensionField is the spread of one field of the linked round, as far as
// the reader may see it: Spread holds positions only once the round is
// revealed and the field has enough placements (tension.ComputeSpread).
type TensionField struct {
	Label       string // the field's title
	Text        string // the spread in words, or why it is withheld
	Left, Right string // the poles
	Spread      tension.Spread
}

// AgendaLine is one step of the agenda in the report: "1. Een
// perspectiefwissel", its position and the card's title; the card's own
// number is CardNumber.
type AgendaLine struct {
	Position   int
	Card       string
	CardNumber int
	Step       string
	Minutes    int
	Anon       bool
}

// LabelText is a label with a text.
type LabelText struct{ Label, Text string }

// Section is the input of one kind.
type Section struct {
	Kind  CaptureKind
	Title string
	Items []Capture
}

// GroupRow is one row of the two-groups comparison.
type GroupRow struct {
	Slot   string
	Label  string
	Help   []string
	Family []string
}

// kindTitles holds the catalogue key of each capture kind's title.
var kindTitles = map[CaptureKind]string{
	Observation:     "report.kind.observation",
	ParallelPattern: "report.kind.parallel",
	Dilemma:         "report.kind.dilemma",
	Insight:         "report.kind.insight",
	Commitment:      "report.kind.commitment",
	SmallStep:       "report.kind.smallstep",
	Question:        "report.kind.question",
	Takeaway:        "report.kind.takeaway",
}

// KindTitle names a capture kind.
func KindTitle(k CaptureKind, lang string) string {
	if key, ok := kindTitles[k]; ok {
		return i18n.Default().T(lang, key)
	}
	return string(k)
}

// slotTitles holds the catalogue key of each slot's title.
var slotTitles = map[string]string{
	"perspective": "report.slot.perspective",
	"step1":       "report.slot.step1",
	"step2":       "report.slot.step2",
	"step3":       "report.slot.step3",
}

// SlotTitle names a slot of the two-groups format ("" for an unknown slot).
func SlotTitle(slot, lang string) string {
	if key, ok := slotTitles[slot]; ok {
		return i18n.Default().T(lang, key)
	}
	return ""
}

// BuildReport turns a snapshot into a report. withPrep includes the
// facilitator's own preparation (shown to facilitators only).
func BuildReport(s *Snapshot, lib *method.Library, lang string, withPrep bool) *Report {
	m := s.Meeting
	r := &Report{Title: m.Title, CaseTitle: m.CaseTitle, Theme: m.Theme, Facilitator: m.FacilitatorName, Status: m.Status, Feedback: m.Feedback}
	switch {
	case m.Status == Draft:
		r.NotHeld = true
		if !m.PlannedAt.IsZero() {
			r.Date = m.PlannedAt.Local().Format("02-01-2006 15:04")
		}
	case m.Status == Closed && !m.ClosedAt.IsZero():
		r.Date = m.ClosedAt.Local().Format("02-01-2006")
	default:
		r.Date = m.CreatedAt.Local().Format("02-01-2006")
	}
	for _, p := range s.Participants {
		if p.Admitted && !p.InvitePending {
			r.Participants = append(r.Participants, p.Name)
			switch p.InFilm {
			case FilmYes:
				r.FilmYes++
			case FilmNotYet:
				r.FilmNotYet++
			}
		}
	}
	cited := map[string]bool{}
	for _, st := range s.Steps {
		card, step, _ := StepText(lib, st)
		line := AgendaLine{Position: st.Position + 1, Card: card.Title.In(lang), CardNumber: card.Number,
			Step: step.Title.In(lang), Minutes: st.Minutes, Anon: st.Anonymous}
		if f, ok := FormOf(st); ok {
			line.Card, line.Step = i18n.Default().T(lang, "intervision.card"), f.Title(lang)
		}
		r.Agenda = append(r.Agenda, line)
		if src, ok := lib.Source(card.Source); ok && !cited[card.Source] {
			cited[card.Source] = true
			r.Sources = append(r.Sources, src.Citation())
		}
	}
	if withPrep {
		if c, ok := lib.Card("facilitator"); ok {
			for _, q := range c.Preparation {
				if a := m.Prep.Answers[q.Key]; a != "" {
					r.Prep = append(r.Prep, LabelText{q.Text.In(lang), a})
				}
			}
		}
		if m.Prep.CoFacilitator != "" {
			r.Prep = append(r.Prep, LabelText{i18n.Default().T(lang, "report.prep.cofacilitator"), m.Prep.CoFacilitator})
		}
		if m.Prep.Roles != "" {
			r.Prep = append(r.Prep, LabelText{i18n.Default().T(lang, "report.prep.roles"), m.Prep.Roles})
		}
	}
	for _, k := range append(append([]CaptureKind{}, GeneralKinds...), Question, Takeaway) {
		if k == SmallStep || k == Commitment {
			continue // listed once, under next steps
		}
		if items := s.CapturesOf(k); len(items) > 0 {
			r.Sections = append(r.Sections, Section{Kind: k, Title: KindTitle(k, lang), Items: items})
		}
	}
	r.FilmAsked = m.FilmOpen || r.FilmYes+r.FilmNotYet > 0
	r.Groups = GroupTable(s.Captures, lang)
	for _, c := range s.CapturesOf(Advice) {
		r.Backpack = append(r.Backpack, c.Body)
	}
	r.Stakeholders = s.CapturesOf(Stakeholder)
	for _, c := range s.CapturesOf(NewWord) {
		r.Words = append(r.Words, c.Body)
	}
	r.Emotions = EmotionTally(s.Captures, lib, lang)
	r.Attachments = s.Attachments
	for _, k := range []CaptureKind{SmallStep, Commitment} {
		for _, c := range s.CapturesOf(k) {
			r.NextSteps = append(r.NextSteps, c.Body)
		}
	}
	return r
}

// GroupTable lays the two groups' texts side by side per slot.
func GroupTable(cs []Capture, lang string) []GroupRow {
	var rows []GroupRow
	any := false
	for _, slot := range Slots {
		row := GroupRow{Slot: slot, Label: SlotTitle(slot, lang)}
		for _, c := range cs {
			if c.Kind != GroupText || c.Slot != slot {
				continue
			}
			any = true
			if c.Group == GroupHelp {
				row.Help = append(row.Help, c.Body)
			} else {
				row.Family = append(row.Family, c.Body)
			}
		}
		rows = append(rows, row)
	}
	if !any {
		return nil
	}
	return rows
}

// EmotionTally counts the emotion cards chosen, in library order.
func EmotionTally(cs []Capture, lib *method.Library, lang string) []LabelText {
	counts := map[string]int{}
	for _, c := range cs {
		if c.Kind == Emotion {
			counts[c.Body]++
		}
	}
	var out []LabelText
	for _, e := range lib.Emotions {
		if n := counts[e.Key]; n > 0 {
			out = append(out, LabelText{e.Word.In(lang), fmt.Sprint(n)})
		}
	}
	return out
}

// Markdown renders the report as Markdown. User text is escaped so that it
// cannot change the document's structure.
func (r *Report) Markdown(lang string, now time.Time) string {
	l := i18n.Default().For(lang)
	var b strings.Builder
	r.markdownHead(&b, l)
	r.markdownPerspectives(&b, l)
	r.markdownCardResults(&b, l)
	r.markdownSnapshots(&b, lang, now)
	r.markdownClosing(&b, l)
	if len(r.Sources) > 0 {
		fmt.Fprintf(&b, "\n%s: %s\n", l.T("report.sources"), mdEscape(strings.Join(r.Sources, "; ")))
	}
	return b.String()
}

// markdownHead writes the title block, the agenda, the preparation and the
// free sections.
func (r *Report) markdownHead(b *strings.Builder, l i18n.Localizer) {
	fmt.Fprintf(b, "# %s\n\n", mdEscape(r.Title))
	if r.CaseTitle != "" {
		fmt.Fprintf(b, "- %s: %s\n", l.T("report.case"), mdEscape(r.CaseTitle))
	}
	if r.Theme != "" {
		fmt.Fprintf(b, "- %s: %s\n", l.T("report.theme"), mdEscape(r.Theme))
	}
	if r.NotHeld {
		fmt.Fprintf(b, "- %s\n", r.NotHeldLine(l.Lang))
	} else {
		fmt.Fprintf(b, "- %s: %s\n", l.T("report.date"), r.Date)
	}
	fmt.Fprintf(b, "- %s: %s\n", l.T("report.facilitator"), mdEscape(r.Facilitator))
	if len(r.Participants) > 0 {
		names := make([]string, len(r.Participants))
		for i, p := range r.Participants {
			names[i] = mdEscape(p)
		}
		fmt.Fprintf(b, "- %s: %s\n", l.T("report.participants"), strings.Join(names, ", "))
	}
	if r.FilmAsked {
		fmt.Fprintf(b, "- %s\n", r.FilmLine(l.Lang))
	}
	fmt.Fprintf(b, "\n## %s\n\n| %s | %s | %s |\n|---|---|---|\n", l.T("report.agenda"), l.T("report.agenda.card"), l.T("report.agenda.step"), l.T("report.agenda.minutes"))
	for _, a := range r.Agenda {
		fmt.Fprintf(b, "| %s | %s | %d |\n", mdCell(a.Line()), mdCell(a.Step), a.Minutes)
	}
	if len(r.Prep) > 0 {
		fmt.Fprintf(b, "\n## %s\n\n", l.T("report.prep"))
		for _, p := range r.Prep {
			fmt.Fprintf(b, "**%s**\n\n%s\n\n", mdEscape(p.Label), mdEscape(p.Text))
		}
	}
	for _, s := range r.Sections {
		fmt.Fprintf(b, "\n## %s\n\n", mdEscape(s.Title))
		for _, c := range s.Items {
			fmt.Fprintf(b, "- %s\n", mdEscape(c.Body))
		}
	}
}

// markdownPerspectives writes the perspective-switch results: the two
// groups, the backpack and the stakeholders.
func (r *Report) markdownPerspectives(b *strings.Builder, l i18n.Localizer) {
	if len(r.Groups) > 0 {
		fmt.Fprintf(b, "\n## %s\n\n| | %s | %s |\n|---|---|---|\n", l.T("report.groups"),
			l.T("report.groups.help"), l.T("report.groups.family"))
		for _, g := range r.Groups {
			fmt.Fprintf(b, "| %s | %s | %s |\n", mdCell(g.Label), mdCell(strings.Join(g.Help, "; ")), mdCell(strings.Join(g.Family, "; ")))
		}
	}
	if len(r.Backpack) > 0 {
		fmt.Fprintf(b, "\n## %s\n\n", l.T("report.backpack"))
		for _, a := range r.Backpack {
			fmt.Fprintf(b, "- %s\n", mdEscape(a))
		}
	}
	if len(r.Stakeholders) > 0 {
		fmt.Fprintf(b, "\n## %s\n\n| %s | %s | %s |\n|---|---|---|\n", l.T("report.stakeholders"),
			l.T("report.stakeholders.who"), l.T("report.stakeholders.fear"), l.T("report.stakeholders.feeling"))
		for _, c := range r.Stakeholders {
			fmt.Fprintf(b, "| %s | %s | %s |\n", mdCell(c.Stakeholder), mdCell(c.Body), mdCell(c.Feeling))
		}
	}
}

// markdownCardResults writes the other-language words and emotion cards,
// the attachments and the tension fields.
func (r *Report) markdownCardResults(b *strings.Builder, l i18n.Localizer) {
	if len(r.Words) > 0 || len(r.Emotions) > 0 {
		fmt.Fprintf(b, "\n## %s\n\n", l.T("report.language"))
		for _, w := range r.Words {
			fmt.Fprintf(b, "- %s\n", mdEscape(w))
		}
		for _, e := range r.Emotions {
			fmt.Fprintf(b, "- %s: %s × %s\n", l.T("report.language.emotion"), mdEscape(e.Label), e.Text)
		}
	}
	if len(r.Attachments) > 0 {
		fmt.Fprintf(b, "\n## %s\n\n", l.T("report.attachments"))
		for _, a := range r.Attachments {
			if a.Link != "" {
				fmt.Fprintf(b, "- %s: <%s>\n", mdEscape(a.Title), strings.NewReplacer("<", "%3C", ">", "%3E").Replace(a.Link))
			} else {
				fmt.Fprintf(b, "- %s (%s, %d kB)\n", mdEscape(a.Title), a.Media(), (a.Size+1023)/1024)
			}
		}
	}
	if len(r.Tension) > 0 {
		fmt.Fprintf(b, "\n## %s: %s\n\n", l.T("report.tension"), mdEscape(r.TensionRound))
		for _, f := range r.Tension {
			fmt.Fprintf(b, "- %s: %s\n", mdEscape(f.Label), mdEscape(f.Text))
		}
	}
}

// markdownSnapshots lists the timeline events and the geno-sociogram outline.
func (r *Report) markdownSnapshots(b *strings.Builder, lang string, now time.Time) {
	tlTitle, genoTitle := r.SnapshotTitles(lang, now)
	if len(r.Events) > 0 {
		fmt.Fprintf(b, "\n## %s\n\n", tlTitle)
		for _, e := range r.Events {
			line := e.Date.Label(lang) + " · " + e.Kind.Label(lang) + " · " + e.Description
			if len(e.Persons) > 0 {
				line += " (" + strings.Join(e.Persons, ", ") + ")"
			}
			fmt.Fprintf(b, "- %s\n", mdEscape(line))
		}
	}
	if lines := genogram.Outline(r.Genogram, lang); len(lines) > 0 {
		fmt.Fprintf(b, "\n## %s\n\n", genoTitle)
		for _, l := range lines {
			fmt.Fprintf(b, "- %s\n", mdEscape(l))
		}
	}
}

// markdownClosing writes the next steps and the report-back to the family.
func (r *Report) markdownClosing(b *strings.Builder, l i18n.Localizer) {
	fmt.Fprintf(b, "\n## %s\n\n", l.T("report.next"))
	if len(r.NextSteps) == 0 {
		fmt.Fprintf(b, "%s\n", l.T("report.next.none"))
	}
	for _, s := range r.NextSteps {
		fmt.Fprintf(b, "- %s\n", mdEscape(s))
	}
	fmt.Fprintf(b, "\n## %s\n\n%s\n", l.T("report.feedback"),
		orDefault(mdEscape(r.Feedback), l.T("report.feedback.none")))
}

// SnapshotTitles heads the timeline and geno-sociogram snapshots: frozen
// when the meeting was closed, or as the case is on the day of reading.
func (r *Report) SnapshotTitles(lang string, now time.Time) (timelineTitle, genogramTitle string) {
	l := i18n.Default().For(lang)
	if !r.SnapshotAt.IsZero() {
		at := r.SnapshotAt.Local().Format("02-01-2006 15:04")
		return l.T("report.snapshot.timeline.closed", at), l.T("report.snapshot.genogram.closed", at)
	}
	at := now.Local().Format("02-01-2006")
	return l.T("report.snapshot.timeline.asof", at), l.T("report.snapshot.genogram.asof", at)
}

func orDefault(s, d string) string {
	if strings.TrimSpace(s) == "" {
		return d
	}
	return s
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "#", `\#`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "|", `\|`)

func mdEscape(s string) string {
	return mdEscaper.Replace(strings.Join(strings.Fields(s), " "))
}

func mdCell(s string) string { return mdEscape(s) }

// Line is the agenda line as it is read everywhere: "1. Een perspectiefwissel".
func (a AgendaLine) Line() string { return fmt.Sprintf("%d. %s", a.Position, a.Card) }

// NotHeldLine says that the meeting has not been held, with its planned
// date and time if it has one.
func (r *Report) NotHeldLine(lang string) string {
	if r.Date == "" {
		return i18n.Default().T(lang, "report.notheld")
	}
	return i18n.Default().T(lang, "report.notheld.planned", r.Date)
}

// FilmLine gives the answers to "zit iedereen in de film?".
func (r *Report) FilmLine(lang string) string {
	return i18n.Default().T(lang, "report.film", r.FilmYes, r.FilmNotYet)
}
