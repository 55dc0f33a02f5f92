package demo

import (
	"regexp"
	"strconv"
	"testing"
)

// The ages in the demo's aliases agree with the birth years in the year the
// demo is set in: "Noor (15)" is not born in 2010.
func TestDemoAgesMatchBirthYears(t *testing.T) {
	age := regexp.MustCompile(`\((\d+)\)$`)
	n := 0
	for _, p := range Stepfamily().Persons {
		m := age.FindStringSubmatch(p.Alias)
		if m == nil {
			continue
		}
		n++
		if a, _ := strconv.Atoi(m[1]); p.BirthYear == 0 || Year-p.BirthYear != a {
			t.Errorf("%s is born in %d: %d years old in %d", p.Alias, p.BirthYear, Year-p.BirthYear, Year)
		}
	}
	if n < 5 {
		t.Errorf("only %d aliases with an age", n)
	}
}

func TestDemoIsValid(t *testing.T) {
	warns, err := Stepfamily().Validate()
	if err != nil || len(warns) > 0 {
		t.Fatalf("demo: %v %v", err, warns)
	}
}

func TestDemoNoor(t *testing.T) {
	events := NoorTimeline()
	if len(events) < 60 {
		t.Errorf("%d events, want at least 60", len(events))
	}
	helpers, orgs, ids := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, e := range events {
		if !e.Date.Valid() || !e.Kind.Valid() || !e.Lane.Valid() || !e.Source.Valid() || e.Description == "" {
			t.Errorf("invalid event %+v", e)
		}
		if ids[e.ID] {
			t.Errorf("duplicate id %s", e.ID)
		}
		ids[e.ID] = true
		for _, h := range e.Helpers {
			helpers[h] = true
		}
		for _, o := range e.Organisations {
			orgs[o] = true
		}
		if e.Date.Year < 2018 || e.Date.Year > 2026 {
			t.Errorf("date out of range %v", e.Date)
		}
	}
	if len(helpers) < 20 || len(orgs) < 9 {
		t.Errorf("%d helpers, %d organisations", len(helpers), len(orgs))
	}
	events[0].Persons[0] = "changed"
	if NoorTimeline()[0].Persons[0] == "changed" {
		t.Error("NoorTimeline shares state between calls")
	}
}
