package demo_test

import (
	"context"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// TestDemoTellsOneStory seeds the demo and checks that its parts agree on
// the key facts: who has died (geno-sociogram and timeline alike), that
// nobody treats a deceased person as alive (dream, small steps, force
// field, ties), whose words a quote in the dream is, and that the force
// field's goal and Noor's household fit where she lives now, and that
// Noor's school fits her age.
func TestDemoTellsOneStory(t *testing.T) {
	st := seedDemoStory(t)
	deceased := checkDeaths(t, st)
	checkNobodySpeaksOfTheDead(t, st, deceased)
	checkQuotes(t, st.dream)
	checkWhereNoorLives(t, st)
	checkNoorsSchoolAge(t, st)
}

// demoStory is what the demo case's parts say, read as the facilitator.
type demoStory struct {
	g      *genogram.Genogram
	events []timeline.Event
	dream  []rotonde.DreamAnswer
	steps  []rotonde.SmallStep
	ff     *genogram.ForceField
}

func seedDemoStory(t *testing.T) *demoStory {
	t.Helper()
	db := seededDemo(t)
	ctx := context.Background()
	fac, _, err := db.Users.UserByEmail(ctx, "facilitator@demo.test")
	if err != nil {
		t.Fatal(err)
	}
	cases, err := db.Cases.Cases(ctx, fac)
	if err != nil || len(cases) != 1 {
		t.Fatalf("cases: %v %v", cases, err)
	}
	caseID := cases[0].ID
	g, _, err := db.Genogram.Genogram(ctx, fac, caseID)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := db.Timeline.TimelineEvents(ctx, fac, caseID, timeline.Query{})
	if err != nil {
		t.Fatal(err)
	}
	st := &demoStory{g: g, events: timeline.EventsOf(entries)}
	if st.dream, err = db.Dreams.DreamAnswers(ctx, fac, caseID); err != nil {
		t.Fatal(err)
	}
	if st.steps, err = db.Progress.Steps(ctx, fac, caseID); err != nil {
		t.Fatal(err)
	}
	if st.ff, err = db.Genogram.ForceField(ctx, fac, caseID); err != nil {
		t.Fatal(err)
	}
	return st
}

// checkDeaths checks the deaths and returns the deceased of the family:
// alias (lower case) → year of death.
func checkDeaths(t *testing.T, st *demoStory) map[string]int {
	t.Helper()
	g, events := st.g, st.events
	// Deaths: every deceased person of the family has a death on the
	// timeline in that year, naming them, and every death on the timeline
	// is of a deceased person of the geno-sociogram.
	deceased := map[string]int{} // alias → year of death
	for _, p := range g.Persons {
		if !p.Professional && p.IsDeceased() {
			deceased[strings.ToLower(p.Alias)] = p.DeathYear
		}
	}
	if len(deceased) == 0 {
		t.Fatal("the demo family has no deceased person to check")
	}
	onTimeline := map[string]bool{}
	for _, e := range events {
		who, ok := strings.CutSuffix(e.Description, " overlijdt")
		if !ok {
			continue
		}
		who = strings.ToLower(who)
		year, dead := deceased[who]
		if !dead {
			t.Errorf("the timeline says %q died (%s), the geno-sociogram has them alive", who, e.Date)
			continue
		}
		if e.Date.Year != year {
			t.Errorf("%s died in %d on the timeline, in %d in the geno-sociogram", who, e.Date.Year, year)
		}
		named := false
		for _, p := range e.Persons {
			named = named || strings.EqualFold(p, who)
		}
		if !named {
			t.Errorf("the death of %s does not name them among its persons: %v", who, e.Persons)
		}
		onTimeline[who] = true
	}
	for who := range deceased {
		if !onTimeline[who] {
			t.Errorf("%s died in the geno-sociogram, but not on the timeline", who)
		}
	}
	return deceased
}

// mentionsDeceased reports text that speaks of a deceased person.
func mentionsDeceased(t *testing.T, deceased map[string]int, where, text string) {
	t.Helper()
	for who := range deceased {
		if strings.Contains(strings.ToLower(text), who) {
			t.Errorf("%s speaks of %s, who has died: %q", where, who, text)
		}
	}
}

// checkNobodySpeaksOfTheDead checks that nobody treats a deceased person
// as alive: not the dream, the small steps, the force field or the ties.
func checkNobodySpeaksOfTheDead(t *testing.T, st *demoStory, deceased map[string]int) {
	t.Helper()
	g := st.g
	for _, a := range st.dream {
		mentionsDeceased(t, deceased, "the dream", a.Answer)
	}
	for _, s := range st.steps {
		mentionsDeceased(t, deceased, "a small step", s.Title+" "+s.OwnerText)
	}
	mentionsDeceased(t, deceased, "the force field's goal", st.ff.Goal)
	for _, s := range st.ff.Stakeholders {
		mentionsDeceased(t, deceased, "a force-field stakeholder", s.Name)
	}
	byID := map[string]int{}
	born := map[string]int{}
	for _, p := range g.Persons {
		byID[p.ID], born[p.ID] = p.DeathYear, p.BirthYear
	}
	for _, tie := range g.Ties {
		for _, pair := range [][2]string{{tie.A, tie.B}, {tie.B, tie.A}} {
			if died := byID[pair[0]]; died != 0 && born[pair[1]] > died {
				t.Errorf("a tie between %s, who died in %d, and %s, born in %d", pair[0], died, pair[1], born[pair[1]])
			}
		}
	}
}

func checkQuotes(t *testing.T, dream []rotonde.DreamAnswer) {
	t.Helper()
	// Quotes: Noor's words are never credited to her mother; an answer that
	// quotes Noor says where her words come from.
	for _, a := range dream {
		if !strings.Contains(a.Answer, `"`) {
			continue
		}
		if !strings.HasPrefix(a.Answer, demo.NoorSaid) {
			t.Errorf("a quote in the dream does not say whose words it is: %q", a.Answer)
		}
		if a.WrittenName == "Moeder van Noor" {
			t.Errorf("Noor's words are credited to her mother: %q", a.Answer)
		}
	}
	for _, a := range dream {
		if a.WrittenName == "Moeder van Noor" && strings.Contains(a.Answer, "Noor:") {
			t.Errorf("the mother's answer quotes Noor as if Noor wrote it: %q", a.Answer)
		}
	}
}

func checkWhereNoorLives(t *testing.T, st *demoStory) {
	t.Helper()
	g, events, ff := st.g, st.events, st.ff
	// Where Noor lives: the last placement on the timeline; the places she
	// left are not where the force field's goal or her household keep her.
	var last string
	left := map[string]bool{}
	for _, e := range events {
		for _, tag := range e.Tags {
			if tag.Category == timeline.CatMove && tag.Value != "" {
				if last != "" && last != tag.Value {
					left[last] = true
				}
				last = tag.Value
			}
		}
	}
	delete(left, last)
	if last == "" || len(left) == 0 {
		t.Fatalf("no placements on the timeline (last %q)", last)
	}
	for place := range left {
		if strings.Contains(ff.Goal, "blijft in het "+place) || strings.Contains(ff.Goal, "blijft in de "+place) {
			t.Errorf("the force field's goal keeps Noor in the %s she left: %q", place, ff.Goal)
		}
		for _, h := range g.Households {
			if h.Index && strings.Contains(h.Label, place) {
				t.Errorf("Noor's household is the %s she left: %q", place, h.Label)
			}
		}
	}
}

// checkNoorsSchoolAge checks that Noor starts secondary school at the age
// Dutch children do (11 to 13), by her birth year in the geno-sociogram,
// and that the timeline has her at primary school (Basisschool …) only
// before that and at no school before she is 4.
func checkNoorsSchoolAge(t *testing.T, st *demoStory) {
	t.Helper()
	born := 0
	for _, p := range st.g.Persons {
		if strings.HasPrefix(p.Alias, "Noor") && !p.Professional {
			born = p.BirthYear
		}
	}
	if born == 0 {
		t.Fatal("Noor has no birth year in the geno-sociogram")
	}
	secondary := 0
	for _, e := range st.events {
		if e.Description == "Noor begint op de middelbare school" {
			secondary = e.Date.Year
		}
	}
	if age := secondary - born; secondary == 0 || age < 11 || age > 13 {
		t.Fatalf("Noor (born %d) starts secondary school in %d", born, secondary)
	}
	for _, e := range st.events {
		for _, o := range e.Organisations {
			if strings.HasPrefix(o, "Basisschool") && (e.Date.Year > secondary || e.Date.Year-born < 4) {
				t.Errorf("Noor (born %d) is at primary school in %d: %s", born, e.Date.Year, e.Description)
			}
		}
	}
}
