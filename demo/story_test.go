package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/internal/wire"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// TestDemoTellsOneStory seeds the demo and checks that its parts agree on
// the key facts: who has died (geno-sociogram and timeline alike), that
// nobody treats a deceased person as alive (dream, small steps, force
// field, ties), whose words a quote in the dream is, and that the force
// field's goal and Noor's household fit where she lives now.
func TestDemoTellsOneStory(t *testing.T) {
	db := testenv.OpenSQLite(t)
	hash, err := testenv.HashPassword(demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := demo.Seed(ctx, wire.Demo(db), hash); err != nil {
		t.Fatal(err)
	}
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
	events := timeline.EventsOf(entries)

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

	// Nobody treats a deceased person as alive.
	mentionsDeceased := func(where, text string) {
		for who := range deceased {
			if strings.Contains(strings.ToLower(text), who) {
				t.Errorf("%s speaks of %s, who has died: %q", where, who, text)
			}
		}
	}
	dream, err := db.Dreams.DreamAnswers(ctx, fac, caseID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range dream {
		mentionsDeceased("the dream", a.Answer)
	}
	steps, err := db.Progress.Steps(ctx, fac, caseID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range steps {
		mentionsDeceased("a small step", s.Title+" "+s.OwnerText)
	}
	ff, err := db.Genogram.ForceField(ctx, fac, caseID)
	if err != nil {
		t.Fatal(err)
	}
	mentionsDeceased("the force field's goal", ff.Goal)
	for _, s := range ff.Stakeholders {
		mentionsDeceased("a force-field stakeholder", s.Name)
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
