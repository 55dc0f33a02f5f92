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
	"slices"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// Signal is one computed observation about a timeline.
type Signal struct {
	Key string
	// Title and Explanation are said in the reader's language.
	Title       rotonde.Localized
	Explanation rotonde.Localized
	// EventIDs are the events behind the signal, for click-through.
	EventIDs []string
	// Series is optional data for a small chart.
	Series []Series
	// Items lists the parts of the signal (placements, intervals, gaps).
	Items []Item
}

// with returns s explained by ex.
func (s Signal) with(ex rotonde.Localized) Signal {
	s.Explanation = ex
	return s
}

// Series is one line of a small chart.
type Series struct {
	Key    string
	Name   rotonde.Localized
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
	Text    rotonde.Localized
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
	s := Signal{Key: KeyHelpers, Title: rotonde.Say("signal.helpers.title")}
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
	hs := Series{Key: "helpers", Name: rotonde.Say("signal.helpers.series.helpers")}
	orgS := Series{Key: "organisations", Name: rotonde.Say("signal.helpers.series.organisations")}
	peak, peakLabel := 0, ""
	for _, b := range buckets {
		hs.Points = append(hs.Points, Point{Label: b.label, From: b.from, To: b.to, Value: float64(len(b.helpers))})
		orgS.Points = append(orgS.Points, Point{Label: b.label, From: b.from, To: b.to, Value: float64(len(b.orgs))})
		if len(b.helpers) > peak {
			peak, peakLabel = len(b.helpers), b.label
		}
	}
	s.Series = []Series{hs, orgS}
	ex := []rotonde.Localized{rotonde.Say("signal.helpers.named",
		rotonde.SayCount("signal.helpers.different_helpers", len(seenH)), rotonde.SayCount("signal.helpers.different_organisations", len(seenO)))}
	if peak > 0 {
		per := rotonde.Say("signal.period.half_year")
		if opt.Period == Year {
			per = rotonde.Say("signal.period.year")
		}
		ex = append(ex, rotonde.Say("signal.helpers.peak", per, rotonde.SayCount("signal.helpers.count", peak), peakLabel))
	}
	return s.with(sentences(ex...))
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

func placeName(p string) rotonde.Localized {
	if p == "?" {
		return rotonde.Say("signal.place.unknown")
	}
	return verbatim(p)
}

func placements(evs []timeline.Event, opt Options) Signal {
	s := Signal{Key: KeyPlacements, Title: rotonde.Say("signal.placements.title")}
	st := stays(evs, nowDay(evs, opt))
	if len(st) == 0 {
		return s.with(rotonde.Say("signal.placements.none"))
	}
	var steps []rotonde.Localized
	closedDays, closedN := 0, 0
	for _, x := range st {
		s.EventIDs = append(s.EventIDs, x.ev.ID)
		s.Items = append(s.Items, Item{EventID: x.ev.ID, Date: x.ev.Date,
			Text: placeName(x.place), Days: x.to - x.from, Open: x.open})
		steps = append(steps, dated(placeName(x.place), x.ev.Date))
		if !x.open {
			closedDays += x.to - x.from
			closedN++
		}
	}
	ex := []rotonde.Localized{rotonde.Say("signal.placements.moves", rotonde.SayCount("signal.placements.count", len(st)), chain(steps))}
	if closedN > 0 {
		ex = append(ex, rotonde.Say("signal.placements.average", duration(closedDays/closedN)))
	}
	return s.with(sentences(ex...))
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
	s := Signal{Key: KeyParallel, Title: rotonde.Say("signal.parallel.title")}
	ivs := interventions(evs, nowDay(evs, opt))
	if len(ivs) == 0 {
		return s.with(rotonde.Say("signal.parallel.none"))
	}
	type pt struct{ day, delta int }
	var pts []pt
	open := 0
	for _, iv := range ivs {
		pts = append(pts, pt{iv.from, +1}, pt{iv.to + 1, -1})
		if iv.end == nil {
			open++
		}
		s.Items = append(s.Items, Item{EventID: iv.start.ID, Date: iv.start.Date, Text: verbatim(iv.name), Days: iv.to - iv.from, Open: iv.end == nil})
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
	var names andList
	for _, iv := range ivs {
		if iv.from <= bestFrom && iv.to >= bestFrom {
			names = append(names, verbatim(iv.name))
			s.EventIDs = addID(s.EventIDs, iv.start.ID)
			if iv.end != nil {
				s.EventIDs = addID(s.EventIDs, iv.end.ID)
			}
		}
	}
	count := rotonde.SayCount("signal.parallel.count", len(ivs))
	ex := []rotonde.Localized{rotonde.Say("signal.parallel.separate", count)}
	if best > 1 {
		ex[0] = rotonde.Say("signal.parallel.most", count, best, dateText(dayDate(bestFrom)), dateText(dayDate(bestTo)), names)
	}
	if open > 0 {
		still := rotonde.SayCount("signal.parallel.open", open)
		if open == 1 {
			still.Args = nil // the one form writes the number as a word ("Eén hulpvorm")
		}
		ex = append(ex, still)
	}
	return s.with(sentences(ex...))
}

func repeated(evs []timeline.Event, opt Options) Signal {
	s := Signal{Key: KeyRepeated, Title: rotonde.Say("signal.repeated.title")}
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
	var again []rotonde.Localized
	for _, g := range groups {
		if len(g.evs) < 2 {
			continue
		}
		var dates andList
		for _, e := range g.evs {
			s.EventIDs = append(s.EventIDs, e.ID)
			dates = append(dates, dateText(e.Date))
		}
		s.Items = append(s.Items, Item{EventID: g.evs[0].ID, Date: g.evs[0].Date, Text: verbatim(g.name), Days: len(g.evs)})
		again = append(again, rotonde.Say("signal.repeated.item", g.name, rotonde.SayCount("signal.times", len(g.evs)), dates))
	}
	if len(again) == 0 {
		return s.with(rotonde.Say("signal.repeated.none"))
	}
	return s.with(rotonde.Say("signal.repeated.again", enumeration(again)))
}

// Escalation levels, from voluntary help to closed care.
var levels = [...]string{
	"",
	"signal.level.voluntary",
	"signal.level.measure",
	"signal.level.placement",
	"signal.level.closed",
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
	s := Signal{Key: KeyEscalation, Title: rotonde.Say("signal.escalation.title")}
	top := 0
	var steps []rotonde.Localized
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
			s.Items = append(s.Items, Item{EventID: e.ID, Date: e.Date, Text: rotonde.Say(levels[l])})
			steps = append(steps, dated(rotonde.Say(levels[l]), e.Date))
		}
	}
	if len(steps) == 0 {
		return s.with(rotonde.Say("signal.escalation.none"))
	}
	ex := []rotonde.Localized{rotonde.Say("signal.escalation.steps", chain(steps))}
	if closed > 0 {
		ex = append(ex, rotonde.Say("signal.escalation.closed", rotonde.SayCount("signal.times", closed)))
	}
	return s.with(sentences(ex...))
}

func waiting(evs []timeline.Event, opt Options) Signal {
	s := Signal{Key: KeyWaiting, Title: rotonde.Say("signal.waiting.title")}
	now := nowDay(evs, opt)
	type span struct{ from, to int }
	var spans []span
	var places, lists []rotonde.Localized
	for _, x := range stays(evs, now) {
		if !x.temporary {
			continue
		}
		spans = append(spans, span{x.from, x.to})
		s.EventIDs = addID(s.EventIDs, x.ev.ID)
		s.Items = append(s.Items, Item{EventID: x.ev.ID, Date: x.ev.Date, Text: rotonde.Say("signal.waiting.temporary_item", placeName(x.place)), Days: x.to - x.from, Open: x.open})
		places = append(places, rotonde.Say("signal.waiting.since", placeName(x.place), dateText(x.ev.Date), duration(x.to-x.from)))
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
		var what rotonde.Localized = verbatim(t.Value)
		if t.Value == "" {
			what = rotonde.Say("signal.waiting.help")
		}
		s.Items = append(s.Items, Item{EventID: e.ID, Date: e.Date, Text: rotonde.Say("signal.waiting.list_item", what), Days: end - from, Open: open})
		lists = append(lists, rotonde.Say(pick(open, "signal.waiting.since_open", "signal.waiting.since"), what, dateText(e.Date), duration(end-from)))
	}
	if len(spans) == 0 {
		return s.with(rotonde.Say("signal.waiting.none"))
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
	ex := []rotonde.Localized{rotonde.Say("signal.waiting.total", duration(total))}
	if len(places) > 0 {
		ex = append(ex, rotonde.Say("signal.waiting.temporary_places", enumeration(places)))
	}
	if len(lists) > 0 {
		ex = append(ex, rotonde.Say("signal.waiting.lists", enumeration(lists)))
	}
	return s.with(sentences(ex...))
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
	s := Signal{Key: KeyGaps, Title: rotonde.Say("signal.gaps.title")}
	gm := opt.GapMonths
	if gm <= 0 {
		gm = 6
	}
	gs := timeline.Gaps(evs, timeline.GapDays(gm))
	var periods []rotonde.Localized
	for _, g := range gs {
		from, to := dateText(dayDate(g.From)), dateText(dayDate(g.To))
		s.EventIDs = addID(s.EventIDs, g.Before)
		s.EventIDs = addID(s.EventIDs, g.After)
		s.Items = append(s.Items, Item{Date: dayDate(g.From), Text: rotonde.Say("signal.gaps.range", from, to), Days: g.Days()})
		periods = append(periods, rotonde.Say("signal.gaps.period", from, to, duration(g.Days())))
	}
	ex := []rotonde.Localized{rotonde.Say("signal.gaps.none", gm)}
	if len(gs) > 0 {
		ex[0] = rotonde.Say("signal.gaps.periods", gm, enumeration(periods))
	}
	if len(evs) > 0 && !opt.Now.IsZero() {
		last := 0
		for i := range evs {
			last = max(last, evs[i].Date.End())
		}
		if now := nowDay(evs, opt); now-last >= timeline.GapDays(gm) {
			ex = append(ex, rotonde.Say("signal.gaps.silent", dateText(dayDate(last))))
		}
	}
	return s.with(sentences(ex...))
}

func voice(evs []timeline.Event, opt Options) Signal {
	s := Signal{Key: KeyVoice, Title: rotonde.Say("signal.voice.title")}
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
		return s.with(rotonde.Say("signal.voice.none"))
	}
	s.EventIDs = []string{last.ID}
	ago := max(now-last.Date.End(), 0)
	s.Items = []Item{{EventID: last.ID, Date: last.Date, Text: verbatim(last.Description), Days: ago}}
	return s.with(sentences(rotonde.Say("signal.voice.spoken", rotonde.SayCount("signal.times", total),
		dateText(last.Date), rotonde.SayCount("signal.months", months(ago))), lastYear(recentAll, recent)))
}

// lastYear says how many events of the last year there are and how many of
// them came from the family, in agreement with the counts: never
// "waarvan 0", and "staat" for one event.
func lastYear(all, family int) rotonde.Localized {
	switch {
	case all == 0:
		return rotonde.Say("signal.voice.recent_none")
	case family == 0:
		return rotonde.SayCount("signal.voice.recent_not_family", all)
	case family == all:
		return rotonde.SayCount("signal.voice.recent_all_family", all)
	}
	return rotonde.SayCount("signal.voice.recent_some_family", all, all, family)
}
