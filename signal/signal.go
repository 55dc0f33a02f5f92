// Package signal computes stagnation signals from a timeline: patterns the
// source publications name as signs that help for a child has stalled —
// many helpers, the carousel of placements, parallel and repeated help,
// escalation toward closed care, waiting, gaps and the family's fading
// voice. Each signal describes what is on the timeline in plain words and
// points at the events behind it. It is never a score or a verdict: what it
// means is for the people around the table to say.
package signal

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rotonde-jeugd/rotonde/timeline"
)

// Signal is one computed observation about a timeline.
type Signal struct {
	Key           string
	TitleNL       string
	TitleEN       string
	ExplanationNL string
	ExplanationEN string
	// EventIDs are the events behind the signal, for click-through.
	EventIDs []string
	// Series is optional data for a small chart.
	Series []Series
	// Items lists the parts of the signal (placements, intervals, gaps).
	Items []Item
}

// Title returns the title in lang ("en" or Dutch).
func (s Signal) Title(lang string) string {
	if lang == "en" {
		return s.TitleEN
	}
	return s.TitleNL
}

// Explanation returns the explanation in lang ("en" or Dutch).
func (s Signal) Explanation(lang string) string {
	if lang == "en" {
		return s.ExplanationEN
	}
	return s.ExplanationNL
}

// Series is one line of a small chart.
type Series struct {
	Key    string
	NameNL string
	NameEN string
	Points []Point
}

// Point is one period of a series.
type Point struct {
	Label    string // "2019" or "2019-H1"
	From, To timeline.Date
	Value    float64
}

// Item is one part of a signal: a placement, an intervention, a gap, a step.
type Item struct {
	EventID string // the event it starts with; empty for a gap
	Date    timeline.Date
	LabelNL string
	LabelEN string
	// Days is the duration where one applies (0 otherwise). Open means it
	// has no end on the timeline and was counted up to Now.
	Days int
	Open bool
}

// Period is the bucket size of series.
type Period int

const (
	HalfYear Period = iota // default
	Year
)

// Options tune Compute.
type Options struct {
	// Now is the moment the case is looked at; durations without an end
	// and "months since" are counted up to it. Zero means the last day on
	// the timeline.
	Now time.Time
	// Period is the bucket size of the helpers series.
	Period Period
	// GapMonths is the shortest period without events reported as a
	// gap; 0 means 6.
	GapMonths int
}

// Keys of the signals, in the order Compute returns them.
const (
	KeyHelpers    = "helpers"
	KeyPlacements = "placements"
	KeyParallel   = "parallel"
	KeyRepeated   = "repeated"
	KeyEscalation = "escalation"
	KeyWaiting    = "waiting"
	KeyGaps       = "gaps"
	KeyVoice      = "voice"
)

// Compute returns all signals for events (in any order).
func Compute(events []timeline.Event, opt Options) []Signal {
	evs := sorted(events)
	return []Signal{
		helpers(evs, opt),
		placements(evs, opt),
		parallel(evs, opt),
		repeated(evs, opt),
		escalation(evs, opt),
		waiting(evs, opt),
		gaps(evs, opt),
		voice(evs, opt),
	}
}

// Helpers: the number of helpers and organisations over time.
func Helpers(events []timeline.Event, opt Options) Signal { return helpers(sorted(events), opt) }

// Placements: moves between places to live (the carousel).
func Placements(events []timeline.Event, opt Options) Signal { return placements(sorted(events), opt) }

// Parallel: forms of help running at the same time.
func Parallel(events []timeline.Event, opt Options) Signal { return parallel(sorted(events), opt) }

// Repeated: the same kind of help (or place) tried again.
func Repeated(events []timeline.Event, opt Options) Signal { return repeated(sorted(events), opt) }

// Escalation: the steps by which help became more intrusive, up to closed care.
func Escalation(events []timeline.Event, opt Options) Signal { return escalation(sorted(events), opt) }

// Waiting: time in temporary places and on waiting lists.
func Waiting(events []timeline.Event, opt Options) Signal { return waiting(sorted(events), opt) }

// Gaps: periods without information.
func Gaps(events []timeline.Event, opt Options) Signal { return gaps(sorted(events), opt) }

// Voice: how long ago the family last spoke for itself on the timeline.
// Items[0].Days is the number of days since, up to Now.
func Voice(events []timeline.Event, opt Options) Signal { return voice(sorted(events), opt) }

func sorted(events []timeline.Event) []timeline.Event {
	evs := slices.Clone(events)
	timeline.Sort(evs)
	return evs
}

// nowDay is opt.Now as a day number, or the last day on the timeline.
func nowDay(evs []timeline.Event, opt Options) int {
	if !opt.Now.IsZero() {
		return timeline.FromTime(opt.Now).Start()
	}
	last := 0
	for i := range evs {
		last = max(last, evs[i].Date.End())
	}
	return last
}

func dayDate(day int) timeline.Date { return timeline.FromTime(timeline.DayToTime(day)) }

func months(days int) int { return int(float64(days)/30.44 + 0.5) }

// monthsNL / monthsEN write a duration as "1 maand", "7 maanden", "2 jaar en 3 maanden".
func monthsNL(days int) string {
	m := months(days)
	switch {
	case m == 0:
		return "minder dan een maand"
	case m < 24:
		return plural(m, "maand", "maanden")
	case m%12 == 0:
		return strconv.Itoa(m/12) + " jaar"
	}
	return strconv.Itoa(m/12) + " jaar en " + plural(m%12, "maand", "maanden")
}

func monthsEN(days int) string {
	m := months(days)
	switch {
	case m == 0:
		return "less than a month"
	case m < 24:
		return plural(m, "month", "months")
	case m%12 == 0:
		return plural(m/12, "year", "years")
	}
	return plural(m/12, "year", "years") + " and " + plural(m%12, "month", "months")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// list joins "a, b en c" / "a, b and c".
func list(items []string, and string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + and + " " + items[len(items)-1]
}

func norm(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func addID(ids []string, id string) []string {
	if id == "" || slices.Contains(ids, id) {
		return ids
	}
	return append(ids, id)
}

// periodOf returns the label and bounds of the bucket holding day.
func periodOf(day int, p Period) (label string, from, to timeline.Date) {
	t := timeline.DayToTime(day)
	y := t.Year()
	if p == Year {
		return strconv.Itoa(y), timeline.Day(y, 1, 1), timeline.Day(y, 12, 31)
	}
	if t.Month() <= 6 {
		return strconv.Itoa(y) + "-H1", timeline.Day(y, 1, 1), timeline.Day(y, 6, 30)
	}
	return strconv.Itoa(y) + "-H2", timeline.Day(y, 7, 1), timeline.Day(y, 12, 31)
}

func helpers(evs []timeline.Event, opt Options) Signal {
	s := Signal{Key: KeyHelpers, TitleNL: "Hulpverleners en organisaties door de tijd", TitleEN: "Helpers and organisations over time"}
	type bucket struct {
		label         string
		from, to      timeline.Date
		helpers, orgs map[string]bool
	}
	var buckets []*bucket
	seenH, seenO := map[string]bool{}, map[string]bool{}
	for i := range evs {
		e := &evs[i]
		label, from, to := periodOf(e.Date.Mid(), opt.Period)
		if len(buckets) == 0 || buckets[len(buckets)-1].label != label {
			// Fill empty periods so the chart's x axis is even.
			if len(buckets) > 0 {
				for d := buckets[len(buckets)-1].to.End() + 1; d < from.Start(); {
					l, f, t := periodOf(d, opt.Period)
					buckets = append(buckets, &bucket{label: l, from: f, to: t, helpers: map[string]bool{}, orgs: map[string]bool{}})
					d = t.End() + 1
				}
			}
			buckets = append(buckets, &bucket{label: label, from: from, to: to, helpers: map[string]bool{}, orgs: map[string]bool{}})
		}
		b := buckets[len(buckets)-1]
		for _, h := range e.Helpers {
			b.helpers[norm(h)] = true
			if !seenH[norm(h)] {
				seenH[norm(h)] = true
				s.EventIDs = addID(s.EventIDs, e.ID)
			}
		}
		for _, o := range e.Organisations {
			b.orgs[norm(o)] = true
			if !seenO[norm(o)] {
				seenO[norm(o)] = true
				s.EventIDs = addID(s.EventIDs, e.ID)
			}
		}
	}
	hs := Series{Key: "helpers", NameNL: "hulpverleners", NameEN: "helpers"}
	orgS := Series{Key: "organisations", NameNL: "organisaties", NameEN: "organisations"}
	peak, peakLabel := 0, ""
	for _, b := range buckets {
		hs.Points = append(hs.Points, Point{Label: b.label, From: b.from, To: b.to, Value: float64(len(b.helpers))})
		orgS.Points = append(orgS.Points, Point{Label: b.label, From: b.from, To: b.to, Value: float64(len(b.orgs))})
		if len(b.helpers) > peak {
			peak, peakLabel = len(b.helpers), b.label
		}
	}
	s.Series = []Series{hs, orgS}
	per := pick(opt.Period == Year, "jaar", "halfjaar")
	perEN := pick(opt.Period == Year, "year", "half-year")
	s.ExplanationNL = fmt.Sprintf("Op de tijdlijn staan %s uit %s.", plural(len(seenH), "hulpverlener", "verschillende hulpverleners"), plural(len(seenO), "organisatie", "verschillende organisaties"))
	s.ExplanationEN = fmt.Sprintf("The timeline names %s from %s.", plural(len(seenH), "helper", "different helpers"), plural(len(seenO), "organisation", "different organisations"))
	if peak > 0 {
		s.ExplanationNL += fmt.Sprintf(" De meeste in één %s: %s in %s. De grafiek telt per %s wie op de tijdlijn genoemd wordt.", per, plural(peak, "hulpverlener", "hulpverleners"), peakLabel, per)
		s.ExplanationEN += fmt.Sprintf(" The most in one %s: %s in %s. The chart counts, per %s, who is named on the timeline.", perEN, plural(peak, "helper", "helpers"), peakLabel, perEN)
	}
	return s
}

func pick(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

// stay is a period at one place to live.
type stay struct {
	ev        *timeline.Event
	place     string
	from, to  int
	open      bool
	temporary bool
}

func stays(evs []timeline.Event, now int) []stay {
	var out []stay
	for i := range evs {
		e := &evs[i]
		t, ok := e.Tag(timeline.CatMove)
		if !ok {
			continue
		}
		place := t.Value
		if place == "" {
			place = "?"
		}
		if n := len(out); n > 0 {
			out[n-1].to, out[n-1].open = e.Date.Mid(), false
		}
		out = append(out, stay{ev: e, place: place, from: e.Date.Mid(), to: max(now, e.Date.Mid()), open: true, temporary: e.Has(timeline.CatTemporary)})
	}
	return out
}

func placeName(p, lang string) string {
	if p == "?" {
		return pick(lang == "en", "unknown place", "onbekende plek")
	}
	return p
}

func placements(evs []timeline.Event, opt Options) Signal {
	s := Signal{Key: KeyPlacements, TitleNL: "Plaatsingen en verhuizingen", TitleEN: "Placements and moves"}
	st := stays(evs, nowDay(evs, opt))
	if len(st) == 0 {
		s.ExplanationNL = "Er staan geen plaatsingen of verhuizingen op de tijdlijn."
		s.ExplanationEN = "There are no placements or moves on the timeline."
		return s
	}
	var chainNL, chainEN []string
	closedDays, closedN := 0, 0
	for _, x := range st {
		s.EventIDs = append(s.EventIDs, x.ev.ID)
		s.Items = append(s.Items, Item{EventID: x.ev.ID, Date: x.ev.Date,
			LabelNL: placeName(x.place, "nl"), LabelEN: placeName(x.place, "en"), Days: x.to - x.from, Open: x.open})
		chainNL = append(chainNL, placeName(x.place, "nl")+" ("+x.ev.Date.Label("nl")+")")
		chainEN = append(chainEN, placeName(x.place, "en")+" ("+x.ev.Date.Label("en")+")")
		if !x.open {
			closedDays += x.to - x.from
			closedN++
		}
	}
	s.ExplanationNL = fmt.Sprintf("Op de tijdlijn staan %s: %s.", plural(len(st), "verhuizing naar een andere woonplek", "verhuizingen naar een andere woonplek"), strings.Join(chainNL, " → "))
	s.ExplanationEN = fmt.Sprintf("The timeline shows %s: %s.", plural(len(st), "move to another place to live", "moves to another place to live"), strings.Join(chainEN, " → "))
	if closedN > 0 {
		avg := closedDays / closedN
		s.ExplanationNL += fmt.Sprintf(" Een verblijf duurde gemiddeld %s (de huidige plek niet meegeteld).", monthsNL(avg))
		s.ExplanationEN += fmt.Sprintf(" A stay lasted %s on average (not counting the current place).", monthsEN(avg))
	}
	return s
}

// interval is one form of help from start to end.
type interval struct {
	name     string
	start    *timeline.Event
	end      *timeline.Event
	from, to int
}

func interventions(evs []timeline.Event, now int) []interval {
	var out []interval
	for i := range evs {
		t, ok := evs[i].Tag(timeline.CatStart)
		if !ok || t.Value == "" {
			continue
		}
		iv := interval{name: t.Value, start: &evs[i], from: evs[i].Date.Mid(), to: max(now, evs[i].Date.Mid())}
		for j := i + 1; j < len(evs); j++ {
			if et, ok := evs[j].Tag(timeline.CatEnd); ok && norm(et.Value) == norm(t.Value) {
				iv.end, iv.to = &evs[j], evs[j].Date.Mid()
				break
			}
			if st, ok := evs[j].Tag(timeline.CatStart); ok && norm(st.Value) == norm(t.Value) {
				break // started again without an end: the first stays open
			}
		}
		out = append(out, iv)
	}
	return out
}

func parallel(evs []timeline.Event, opt Options) Signal {
	s := Signal{Key: KeyParallel, TitleNL: "Hulp die tegelijk loopt", TitleEN: "Help running at the same time"}
	ivs := interventions(evs, nowDay(evs, opt))
	if len(ivs) == 0 {
		s.ExplanationNL = "Er staan geen hulpvormen met een start op de tijdlijn (kenmerk start=…)."
		s.ExplanationEN = "There are no forms of help with a start on the timeline (tag start=…)."
		return s
	}
	type pt struct{ day, delta int }
	var pts []pt
	open := 0
	for _, iv := range ivs {
		pts = append(pts, pt{iv.from, +1}, pt{iv.to + 1, -1})
		if iv.end == nil {
			open++
		}
		s.Items = append(s.Items, Item{EventID: iv.start.ID, Date: iv.start.Date, LabelNL: iv.name, LabelEN: iv.name, Days: iv.to - iv.from, Open: iv.end == nil})
	}
	slices.SortFunc(pts, func(a, b pt) int { return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.delta, b.delta)) })
	cur, best, bestFrom, bestTo := 0, 0, 0, 0
	for i, p := range pts {
		cur += p.delta
		if cur > best && (i+1 == len(pts) || pts[i+1].day != p.day) {
			best, bestFrom = cur, p.day
			bestTo = p.day
			if i+1 < len(pts) {
				bestTo = pts[i+1].day - 1
			}
		}
	}
	var names []string
	for _, iv := range ivs {
		if iv.from <= bestFrom && iv.to >= bestFrom {
			names = append(names, iv.name)
			s.EventIDs = addID(s.EventIDs, iv.start.ID)
			if iv.end != nil {
				s.EventIDs = addID(s.EventIDs, iv.end.ID)
			}
		}
	}
	from, to := dayDate(bestFrom), dayDate(bestTo)
	if best <= 1 {
		s.ExplanationNL = fmt.Sprintf("Op de tijdlijn staan %s; ze liepen niet tegelijk.", plural(len(ivs), "hulpvorm", "hulpvormen"))
		s.ExplanationEN = fmt.Sprintf("The timeline shows %s; they did not run at the same time.", plural(len(ivs), "form of help", "forms of help"))
	} else {
		s.ExplanationNL = fmt.Sprintf("Op de tijdlijn staan %s. De meeste tegelijk: %d, van %s tot %s (%s).",
			plural(len(ivs), "hulpvorm", "hulpvormen"), best, from.Label("nl"), to.Label("nl"), list(names, "en"))
		s.ExplanationEN = fmt.Sprintf("The timeline shows %s. The most at the same time: %d, from %s to %s (%s).",
			plural(len(ivs), "form of help", "forms of help"), best, from.Label("en"), to.Label("en"), list(names, "and"))
	}
	if open > 0 {
		s.ExplanationNL += fmt.Sprintf(" %s geen einde op de tijdlijn; die tellen door tot nu.", pick(open == 1, "Eén hulpvorm heeft", strconv.Itoa(open)+" hulpvormen hebben"))
		s.ExplanationEN += fmt.Sprintf(" %s no end on the timeline; counted up to now.", pick(open == 1, "One form of help has", strconv.Itoa(open)+" forms of help have"))
	}
	return s
}

func repeated(evs []timeline.Event, opt Options) Signal {
	s := Signal{Key: KeyRepeated, TitleNL: "Dezelfde hulp opnieuw", TitleEN: "The same help again"}
	type group struct {
		name string
		evs  []*timeline.Event
	}
	var groups []*group
	find := func(name string) *group {
		for _, g := range groups {
			if norm(g.name) == norm(name) {
				return g
			}
		}
		g := &group{name: name}
		groups = append(groups, g)
		return g
	}
	for i := range evs {
		e := &evs[i]
		if t, ok := e.Tag(timeline.CatStart); ok && t.Value != "" {
			g := find(t.Value)
			g.evs = append(g.evs, e)
		}
		// Moving again to the same kind of place (home excepted) is help
		// tried again too.
		if t, ok := e.Tag(timeline.CatMove); ok && t.Value != "" && norm(t.Value) != "thuis" {
			g := find(t.Value)
			g.evs = append(g.evs, e)
		}
	}
	var nl, en []string
	for _, g := range groups {
		if len(g.evs) < 2 {
			continue
		}
		var dNL, dEN []string
		for _, e := range g.evs {
			s.EventIDs = append(s.EventIDs, e.ID)
			dNL = append(dNL, e.Date.Label("nl"))
			dEN = append(dEN, e.Date.Label("en"))
		}
		s.Items = append(s.Items, Item{EventID: g.evs[0].ID, Date: g.evs[0].Date, LabelNL: g.name, LabelEN: g.name, Days: len(g.evs)})
		nl = append(nl, fmt.Sprintf("%s %d keer (%s)", g.name, len(g.evs), list(dNL, "en")))
		en = append(en, fmt.Sprintf("%s %d times (%s)", g.name, len(g.evs), list(dEN, "and")))
	}
	if len(nl) == 0 {
		s.ExplanationNL = "Op de tijdlijn is geen hulpvorm of soort plek twee keer ingezet."
		s.ExplanationEN = "No form of help or kind of place was used twice on the timeline."
		return s
	}
	s.ExplanationNL = "Opnieuw ingezet: " + strings.Join(nl, "; ") + "."
	s.ExplanationEN = "Used again: " + strings.Join(en, "; ") + "."
	return s
}

// Escalation levels, from voluntary help to closed care.
var levels = [...]struct{ nl, en string }{
	{"", ""},
	{"vrijwillige hulp", "voluntary help"},
	{"jeugdbeschermingsmaatregel", "child protection measure"},
	{"uithuisplaatsing", "out-of-home placement"},
	{"gesloten jeugdzorg", "closed youth care"},
}

func level(e *timeline.Event) int {
	switch {
	case e.Has(timeline.CatClosed):
		return 4
	}
	if t, ok := e.Tag(timeline.CatMove); ok && norm(t.Value) != "thuis" {
		return 3
	}
	switch {
	case e.Has(timeline.CatMeasure):
		return 2
	case e.Has(timeline.CatStart):
		return 1
	}
	return 0
}

func escalation(evs []timeline.Event, opt Options) Signal {
	s := Signal{Key: KeyEscalation, TitleNL: "Stappen naar zwaardere hulp", TitleEN: "Steps toward heavier help"}
	top := 0
	var nl, en []string
	closed := 0
	for i := range evs {
		e := &evs[i]
		l := level(e)
		if l == 4 {
			closed++
			s.EventIDs = addID(s.EventIDs, e.ID)
		}
		if l > top {
			top = l
			s.EventIDs = addID(s.EventIDs, e.ID)
			s.Items = append(s.Items, Item{EventID: e.ID, Date: e.Date, LabelNL: levels[l].nl, LabelEN: levels[l].en})
			nl = append(nl, levels[l].nl+" ("+e.Date.Label("nl")+")")
			en = append(en, levels[l].en+" ("+e.Date.Label("en")+")")
		}
	}
	if len(nl) == 0 {
		s.ExplanationNL = "Op de tijdlijn staan geen stappen van vrijwillige hulp, maatregel, uithuisplaatsing of gesloten jeugdzorg."
		s.ExplanationEN = "The timeline shows no steps of voluntary help, measure, out-of-home placement or closed care."
		return s
	}
	s.ExplanationNL = "Zo werd de hulp ingrijpender: " + strings.Join(nl, " → ") + "."
	s.ExplanationEN = "This is how help became more intrusive: " + strings.Join(en, " → ") + "."
	if closed > 0 {
		s.ExplanationNL += fmt.Sprintf(" Gesloten jeugdzorg (aanvraag, machtiging of plaatsing) komt %s voor.", plural(closed, "keer", "keer"))
		s.ExplanationEN += fmt.Sprintf(" Closed care (request, order or placement) appears %s.", plural(closed, "time", "times"))
	}
	return s
}

func waiting(evs []timeline.Event, opt Options) Signal {
	s := Signal{Key: KeyWaiting, TitleNL: "Tijdelijke plekken en wachten", TitleEN: "Temporary places and waiting"}
	now := nowDay(evs, opt)
	type span struct{ from, to int }
	var spans []span
	var tNL, tEN, wNL, wEN []string
	for _, x := range stays(evs, now) {
		if !x.temporary {
			continue
		}
		spans = append(spans, span{x.from, x.to})
		s.EventIDs = addID(s.EventIDs, x.ev.ID)
		s.Items = append(s.Items, Item{EventID: x.ev.ID, Date: x.ev.Date, LabelNL: "tijdelijk: " + placeName(x.place, "nl"), LabelEN: "temporary: " + placeName(x.place, "en"), Days: x.to - x.from, Open: x.open})
		tNL = append(tNL, fmt.Sprintf("%s vanaf %s, %s", placeName(x.place, "nl"), x.ev.Date.Label("nl"), monthsNL(x.to-x.from)))
		tEN = append(tEN, fmt.Sprintf("%s from %s, %s", placeName(x.place, "en"), x.ev.Date.Label("en"), monthsEN(x.to-x.from)))
	}
	for i := range evs {
		e := &evs[i]
		t, ok := e.Tag(timeline.CatWaiting)
		if !ok {
			continue
		}
		// A second entry for the same list while still waiting continues
		// the first; it is not counted twice.
		if i > 0 && continuesWaiting(evs[:i], t.Value) {
			s.EventIDs = addID(s.EventIDs, e.ID)
			continue
		}
		end, open := max(now, e.Date.Mid()), true
		for j := i + 1; j < len(evs); j++ {
			if ends(&evs[j], t.Value) {
				end, open = evs[j].Date.Mid(), false
				s.EventIDs = addID(s.EventIDs, evs[j].ID)
				break
			}
		}
		from := e.Date.Mid()
		spans = append(spans, span{from, end})
		s.EventIDs = addID(s.EventIDs, e.ID)
		what := t.Value
		whatEN := t.Value
		if what == "" {
			what, whatEN = "hulp", "help"
		}
		s.Items = append(s.Items, Item{EventID: e.ID, Date: e.Date, LabelNL: "wachtlijst: " + what, LabelEN: "waiting list: " + whatEN, Days: end - from, Open: open})
		wNL = append(wNL, fmt.Sprintf("%s vanaf %s, %s%s", what, e.Date.Label("nl"), monthsNL(end-from), pick(open, " (wacht nog)", "")))
		wEN = append(wEN, fmt.Sprintf("%s from %s, %s%s", whatEN, e.Date.Label("en"), monthsEN(end-from), pick(open, " (still waiting)", "")))
	}
	if len(spans) == 0 {
		s.ExplanationNL = "Er staan geen tijdelijke plekken of wachtlijsten op de tijdlijn."
		s.ExplanationEN = "There are no temporary places or waiting lists on the timeline."
		return s
	}
	// Total as the union, since waiting often happens in a temporary place.
	slices.SortFunc(spans, func(a, b span) int { return a.from - b.from })
	total, curFrom, curTo := 0, spans[0].from, spans[0].to
	for _, sp := range spans[1:] {
		if sp.from > curTo {
			total += curTo - curFrom
			curFrom, curTo = sp.from, sp.to
		} else {
			curTo = max(curTo, sp.to)
		}
	}
	total += curTo - curFrom
	s.ExplanationNL = fmt.Sprintf("Samen %s in een tijdelijke plek of wachtend op hulp of een plek.", monthsNL(total))
	s.ExplanationEN = fmt.Sprintf("Together %s in a temporary place or waiting for help or a place.", monthsEN(total))
	if len(tNL) > 0 {
		s.ExplanationNL += " Tijdelijke plekken: " + strings.Join(tNL, "; ") + "."
		s.ExplanationEN += " Temporary places: " + strings.Join(tEN, "; ") + "."
	}
	if len(wNL) > 0 {
		s.ExplanationNL += " Wachtlijsten: " + strings.Join(wNL, "; ") + "."
		s.ExplanationEN += " Waiting lists: " + strings.Join(wEN, "; ") + "."
	}
	return s
}

// ends reports whether e ends waiting for what: the help starts or the
// place is reached (for an unnamed list: any start or move).
func ends(e *timeline.Event, what string) bool {
	for _, c := range []timeline.Category{timeline.CatStart, timeline.CatMove} {
		if t, ok := e.Tag(c); ok && (what == "" || norm(t.Value) == norm(what)) {
			return true
		}
	}
	return false
}

// continuesWaiting reports whether an earlier entry for the same list is
// still unresolved by the end of before.
func continuesWaiting(before []timeline.Event, what string) bool {
	if what == "" {
		return false
	}
	waitingNow := false
	for i := range before {
		if t, ok := before[i].Tag(timeline.CatWaiting); ok && norm(t.Value) == norm(what) {
			waitingNow = true
		} else if waitingNow && ends(&before[i], what) {
			waitingNow = false
		}
	}
	return waitingNow
}

func gaps(evs []timeline.Event, opt Options) Signal {
	s := Signal{Key: KeyGaps, TitleNL: "Periodes zonder informatie", TitleEN: "Periods without information"}
	gm := opt.GapMonths
	if gm <= 0 {
		gm = 6
	}
	gs := timeline.Gaps(evs, timeline.GapDays(gm))
	var nl, en []string
	for _, g := range gs {
		from, to := dayDate(g.From), dayDate(g.To)
		s.EventIDs = addID(s.EventIDs, g.Before)
		s.EventIDs = addID(s.EventIDs, g.After)
		s.Items = append(s.Items, Item{Date: from, LabelNL: from.Label("nl") + " – " + to.Label("nl"), LabelEN: from.Label("en") + " – " + to.Label("en"), Days: g.Days()})
		nl = append(nl, fmt.Sprintf("%s tot %s (%s)", from.Label("nl"), to.Label("nl"), monthsNL(g.Days())))
		en = append(en, fmt.Sprintf("%s to %s (%s)", from.Label("en"), to.Label("en"), monthsEN(g.Days())))
	}
	if len(gs) == 0 {
		s.ExplanationNL = fmt.Sprintf("Er is geen periode van %d maanden of langer zonder informatie.", gm)
		s.ExplanationEN = fmt.Sprintf("There is no period of %d months or more without information.", gm)
	} else {
		s.ExplanationNL = fmt.Sprintf("Periodes van %d maanden of langer waarover niets op de tijdlijn staat: %s. Dat zegt niet dat er niets gebeurde, wel dat het hier niet te zien is.", gm, strings.Join(nl, "; "))
		s.ExplanationEN = fmt.Sprintf("Periods of %d months or more with nothing on the timeline: %s. That does not mean nothing happened, only that it cannot be seen here.", gm, strings.Join(en, "; "))
	}
	if len(evs) > 0 && !opt.Now.IsZero() {
		last := 0
		for i := range evs {
			last = max(last, evs[i].Date.End())
		}
		if now := nowDay(evs, opt); now-last >= timeline.GapDays(gm) {
			s.ExplanationNL += fmt.Sprintf(" Sinds %s staat er niets meer op de tijdlijn.", dayDate(last).Label("nl"))
			s.ExplanationEN += fmt.Sprintf(" Nothing has been added since %s.", dayDate(last).Label("en"))
		}
	}
	return s
}

func voice(evs []timeline.Event, opt Options) Signal {
	s := Signal{Key: KeyVoice, TitleNL: "De stem van het gezin", TitleEN: "The family's own voice"}
	now := nowDay(evs, opt)
	var last *timeline.Event
	total, recent, recentAll := 0, 0, 0
	for i := range evs {
		e := &evs[i]
		inYear := now-e.Date.Mid() <= 365 && e.Date.Mid() <= now
		if inYear {
			recentAll++
		}
		if !e.FamilyVoice() {
			continue
		}
		total++
		if inYear {
			recent++
		}
		if last == nil || e.Date.End() >= last.Date.End() {
			last = e
		}
	}
	if last == nil {
		s.ExplanationNL = "Op de tijdlijn staat geen uitspraak of informatie van het gezin zelf (behoefte, beleving of bron gezinslid)."
		s.ExplanationEN = "The timeline holds no statement or information from the family itself (need, experience or source family member)."
		return s
	}
	s.EventIDs = []string{last.ID}
	ago := max(now-last.Date.End(), 0)
	s.Items = []Item{{EventID: last.ID, Date: last.Date, LabelNL: last.Description, LabelEN: last.Description, Days: ago}}
	s.ExplanationNL = fmt.Sprintf("Het gezin is %s zelf aan het woord op de tijdlijn. De laatste keer: %s, %s geleden.",
		plural(total, "keer", "keer"), last.Date.Label("nl"), plural(months(ago), "maand", "maanden"))
	s.ExplanationEN = fmt.Sprintf("The family speaks for itself %s on the timeline. The last time: %s, %s ago.",
		plural(total, "time", "times"), last.Date.Label("en"), plural(months(ago), "month", "months"))
	s.ExplanationNL += " " + recentNL(recentAll, recent)
	s.ExplanationEN += " " + recentEN(recentAll, recent)
	return s
}

// recentNL says how many events of the last year there are and how many
// of them came from the family, in agreement with the counts: never
// "waarvan 0", and "staat" for one event.
func recentNL(all, family int) string {
	verb := "staan"
	if all == 1 {
		verb = "staat"
	}
	s := fmt.Sprintf("In het laatste jaar %s %s op de tijdlijn", verb, plural(all, "gebeurtenis", "gebeurtenissen"))
	switch {
	case all == 0:
		return "In het laatste jaar staat er niets op de tijdlijn."
	case family == 0 && all == 1:
		return s + ", niet vanuit het gezin zelf."
	case family == 0:
		return s + ", geen daarvan vanuit het gezin zelf."
	case family == all && all == 1:
		return s + ", vanuit het gezin zelf."
	case family == all:
		return s + ", allemaal vanuit het gezin zelf."
	}
	return s + fmt.Sprintf(", waarvan %d vanuit het gezin zelf.", family)
}

func recentEN(all, family int) string {
	s := fmt.Sprintf("In the last year the timeline holds %s", plural(all, "event", "events"))
	switch {
	case all == 0:
		return "In the last year the timeline holds nothing."
	case family == 0 && all == 1:
		return s + ", not from the family itself."
	case family == 0:
		return s + ", none of them from the family itself."
	case family == all && all == 1:
		return s + ", from the family itself."
	case family == all:
		return s + ", all of them from the family itself."
	}
	return s + fmt.Sprintf(", %d of them from the family itself.", family)
}
