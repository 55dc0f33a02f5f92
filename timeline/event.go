// Package timeline is the domain of werkkaart 3, "Een tijdlijn maken": dated
// events around a child and family, professional actions above the line and
// family experiences below it. It parses dossier exports (CSV, XLSX), renders
// the timeline as SVG. It knows nothing of storage or HTTP.
package timeline

import (
	"slices"
	"strings"

	"github.com/rotonde-jeugd/rotonde/i18n"
)

// Kind is one of the five kinds of information on work card 3. The value is
// the Dutch word used in import files.
type Kind string

const (
	KindDecision   Kind = "beslismoment" // a decision in the help: referral, out-of-home placement, ...
	KindContact    Kind = "contact"      // a crucial contact between parties
	KindEvent      Kind = "gebeurtenis"  // a factual family event: birth, divorce, death, ...
	KindNeed       Kind = "behoefte"     // a family member says what is wrong and what they need
	KindExperience Kind = "beleving"     // a family member says how they experienced it
)

// Kinds lists the kinds in legend order.
var Kinds = [...]Kind{KindDecision, KindContact, KindEvent, KindNeed, KindExperience}

// Valid reports whether k is one of the five kinds.
func (k Kind) Valid() bool { return slices.Contains(Kinds[:], k) }

// Label returns the name shown to users, from the catalogue
// ("timeline.kind.<kind>"); an unknown kind shows as it is.
func (k Kind) Label(lang string) string {
	if !k.Valid() {
		return string(k)
	}
	return i18n.Default().T(lang, "timeline.kind."+string(k))
}

// DefaultLane is where a kind goes when the file does not say: what the
// family says or lives through goes below the line.
func (k Kind) DefaultLane() Lane {
	switch k {
	case KindNeed, KindExperience, KindEvent:
		return LaneFamily
	}
	return LaneProfessional
}

// Lane is the side of the line: professional/formal above, family below.
type Lane string

const (
	LaneProfessional Lane = "professioneel"
	LaneFamily       Lane = "gezin"
)

// Valid reports whether l is a known lane.
func (l Lane) Valid() bool { return l == LaneProfessional || l == LaneFamily }

// Source says where the information comes from.
type Source string

const (
	SourceDossier      Source = "dossier"
	SourceFamily       Source = "gezinslid"
	SourceProfessional Source = "professional"
)

// Valid reports whether s is a known source.
func (s Source) Valid() bool {
	return s == SourceDossier || s == SourceFamily || s == SourceProfessional
}

// Label returns the name shown to users, from the catalogue
// ("timeline.source.<source>"); an unknown source shows as it is.
func (s Source) Label(lang string) string {
	if !s.Valid() {
		return string(s)
	}
	return i18n.Default().T(lang, "timeline.source."+string(s))
}

// Category is a structured tag the stagnation signals count. Files may carry
// them in the optional "kenmerken" column; otherwise they are inferred from
// Dutch keywords in the description and marked Inferred.
type Category string

const (
	// CatMove: the child moves to a new place to live. Value: the place
	// ("thuis", "pleeggezin", "crisisopvang", "residentiele groep", ...).
	CatMove Category = "plaatsing"
	// CatTemporary: the place is meant to be temporary (crisis, bridging).
	CatTemporary Category = "tijdelijk"
	// CatClosed: closed youth care (JeugdzorgPlus, gesloten machtiging).
	CatClosed Category = "gesloten"
	// CatMeasure: a child protection measure (OTS, guardianship).
	CatMeasure Category = "maatregel"
	// CatWaiting: on a waiting list. Value: the help waited for, if known.
	CatWaiting Category = "wachtlijst"
	// CatStart: a form of help starts. Value: the help ("MST", "gezinsbehandeling").
	CatStart Category = "start"
	// CatEnd: a form of help ends. Value: the help, matching a CatStart.
	CatEnd Category = "einde"
)

// Categories lists all categories.
var Categories = [...]Category{CatMove, CatTemporary, CatClosed, CatMeasure, CatWaiting, CatStart, CatEnd}

// Valid reports whether c is known.
func (c Category) Valid() bool { return slices.Contains(Categories[:], c) }

// Tag is one category on an event, with an optional value.
type Tag struct {
	Category Category
	Value    string
	// Inferred is true when the tag was guessed from the description's
	// words rather than stated in the file. Show it as a guess.
	Inferred bool
}

// String formats the tag as in the kenmerken column: "plaatsing=pleeggezin".
func (t Tag) String() string {
	if t.Value == "" {
		return string(t.Category)
	}
	return string(t.Category) + "=" + t.Value
}

// Event is one dated piece of information on the timeline. Facts
// (Description) are kept apart from Emotions, Opinions, Assumptions and
// Interpretations, as work card 3 asks.
type Event struct {
	ID            string
	Date          Date
	Kind          Kind
	Lane          Lane
	Source        Source
	Description   string
	Persons       []string // aliases: "Noor (15)", "vader", "oma (m)"
	Organisations []string
	Helpers       []string // professionals involved, by alias or role

	Emotions        string
	Opinions        string
	Assumptions     string
	Interpretations string

	Tags []Tag
}

// Tag returns the first tag of category c.
func (e *Event) Tag(c Category) (Tag, bool) {
	for _, t := range e.Tags {
		if t.Category == c {
			return t, true
		}
	}
	return Tag{}, false
}

// Has reports whether e carries category c.
func (e *Event) Has(c Category) bool {
	_, ok := e.Tag(c)
	return ok
}

// FamilyVoice reports whether the family speaks for itself in e: a
// statement of need or experience, or information from a family member.
func (e *Event) FamilyVoice() bool {
	return e.Kind == KindNeed || e.Kind == KindExperience || e.Source == SourceFamily
}

// Involves reports whether name (case-insensitive) is among the persons or
// helpers of e.
func (e *Event) Involves(name string) bool {
	return containsFold(e.Persons, name) || containsFold(e.Helpers, name)
}

// InOrganisation reports whether org (case-insensitive) is among e's organisations.
func (e *Event) InOrganisation(org string) bool { return containsFold(e.Organisations, org) }

func containsFold(list []string, s string) bool {
	s = strings.TrimSpace(s)
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), s) {
			return true
		}
	}
	return false
}

// Sort orders events by date (see Date.Compare), keeping the input order
// for equal dates so that a file's order is respected.
func Sort(events []Event) {
	// Sort small keys, then permute once: moving whole Events around in a
	// stable sort is slow for large imports.
	type key struct{ start, prec, idx int }
	keys := make([]key, len(events))
	for i := range events {
		keys[i] = key{events[i].Date.Start(), int(events[i].Date.Precision), i}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.start != b.start {
			return a.start - b.start
		}
		if a.prec != b.prec {
			return a.prec - b.prec
		}
		return a.idx - b.idx
	})
	sorted := make([]Event, len(events))
	for i, k := range keys {
		sorted[i] = events[k.idx]
	}
	copy(events, sorted)
}

// Filter returns the events that match person, organisation and the period
// [from, to] (zero values match everything). An event overlaps the period
// when any day it may refer to lies inside it.
func Filter(events []Event, person, organisation string, from, to Date) []Event {
	lo, hi := -1<<62, 1<<62
	if !from.IsZero() {
		lo = from.Start()
	}
	if !to.IsZero() {
		hi = to.End()
	}
	out := make([]Event, 0, len(events))
	for i := range events {
		e := &events[i]
		if e.Date.End() < lo || e.Date.Start() > hi {
			continue
		}
		if person != "" && !e.Involves(person) {
			continue
		}
		if organisation != "" && !e.InOrganisation(organisation) {
			continue
		}
		out = append(out, *e)
	}
	return out
}
