package genogram

import (
	"math"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde"
)

func wantCode(t *testing.T, what string, err error, code rotonde.ErrorCode) {
	t.Helper()
	if rotonde.ErrorCodeOf(err) != code {
		t.Errorf("%s: %v, want %q", what, err, code)
	}
}

func TestPersonValidate(t *testing.T) {
	p := Person{Alias: "  oma (m) ", Organisation: " school ", DeathYear: 2001}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.Alias != "oma (m)" || p.Organisation != "school" || p.Sex != SexUnknown || !p.Deceased {
		t.Errorf("normalised: %+v", p)
	}
	for name, bad := range map[string]Person{
		"no alias":       {Alias: " "},
		"long alias":     {Alias: strings.Repeat("é", MaxAlias+1)},
		"long org":       {Alias: "a", Organisation: strings.Repeat("x", MaxOrganisation+1)},
		"sex":            {Alias: "a", Sex: "q"},
		"birth year":     {Alias: "a", BirthYear: MaxYear + 1},
		"negative death": {Alias: "a", DeathYear: -1},
	} {
		wantCode(t, name, bad.Validate(), rotonde.EInvalid)
	}
	ok := Person{Alias: strings.Repeat("é", MaxAlias), Sex: SexFemale, BirthYear: MinYear}
	wantCode(t, "at the limits", ok.Validate(), "")
}

func TestItemValidate(t *testing.T) {
	long := strings.Repeat("x", MaxNote+1)
	cases := []struct {
		name string
		err  error
		code rotonde.ErrorCode
	}{
		{"partnership", (&Partnership{A: "p1", B: "p2", Kind: Married, StartYear: 1990}).Validate(), ""},
		{"partnership kind", (&Partnership{A: "p1", B: "p2", Kind: "friends"}).Validate(), rotonde.EInvalid},
		{"partnership year", (&Partnership{A: "p1", B: "p2", Kind: Married, EndYear: 3000}).Validate(), rotonde.EInvalid},
		{"partnership self", (&Partnership{A: "p1", B: "p1", Kind: Married}).Validate(), rotonde.EInvalid},
		{"child from parents", (&ParentChild{Child: "p3", Parent1: "p1"}).Validate(), ""},
		{"child from partnership", (&ParentChild{Child: "p3", Partnership: "r1", Kind: Foster}).Validate(), ""},
		{"child without parents", (&ParentChild{Child: "p3"}).Validate(), rotonde.EInvalid},
		{"child kind", (&ParentChild{Child: "p3", Parent1: "p1", Kind: "cousin"}).Validate(), rotonde.EInvalid},
		{"tie", (&Tie{A: "p1", B: "p2", Kind: TieInformalCare, Note: strings.Repeat("x", MaxNote)}).Validate(), ""},
		{"tie kind", (&Tie{A: "p1", B: "p2", Kind: "odd"}).Validate(), rotonde.EInvalid},
		{"tie note", (&Tie{A: "p1", B: "p2", Kind: TieClose, Note: long}).Validate(), rotonde.EInvalid},
		{"tie self", (&Tie{A: "p1", B: "p1", Kind: TieClose}).Validate(), rotonde.EInvalid},
		{"event", (&LifeEvent{Person: "p1", Kind: EventMove, Year: 2020}).Validate(), ""},
		{"event kind", (&LifeEvent{Person: "p1", Kind: ""}).Validate(), rotonde.EInvalid},
		{"event year", (&LifeEvent{Person: "p1", Kind: EventMove, Year: -5}).Validate(), rotonde.EInvalid},
		{"event note", (&LifeEvent{Person: "p1", Kind: EventMove, Note: long}).Validate(), rotonde.EInvalid},
		{"household", (&Household{Label: "thuis", Members: []string{"p1"}}).Validate(), ""},
		{"household empty", (&Household{Label: "thuis"}).Validate(), rotonde.EInvalid},
		{"household label", (&Household{Label: strings.Repeat("x", MaxHouseholdLabel+1), Members: []string{"p1"}}).Validate(), rotonde.EInvalid},
		{"stakeholder", (&Stakeholder{Name: "wijkteam", Influence: 5, Stance: -2}).Validate(), ""},
		{"stakeholder name", (&Stakeholder{Name: " ", Influence: 3}).Validate(), rotonde.EInvalid},
		{"stakeholder influence", (&Stakeholder{Name: "a", Influence: 0}).Validate(), rotonde.EInvalid},
		{"stakeholder stance", (&Stakeholder{Name: "a", Influence: 1, Stance: 3}).Validate(), rotonde.EInvalid},
		{"stakeholder role", (&Stakeholder{Name: "a", Influence: 1, Role: strings.Repeat("x", MaxStakeholderRole+1)}).Validate(), rotonde.EInvalid},
		{"pin", ValidatePin(-MaxPin, MaxPin), ""},
		{"pin far", ValidatePin(MaxPin+1, 0), rotonde.EInvalid},
		{"pin NaN", ValidatePin(0, math.NaN()), rotonde.EInvalid},
		{"parents", CheckParents[int64](3, 1, 2), ""},
		{"one parent", CheckParents[int64](3, 1, 0), ""},
		{"own parent", CheckParents[int64](3, 0, 3), rotonde.EInvalid},
		{"same parents", CheckParents[int64](3, 1, 1), rotonde.EInvalid},
	}
	for _, c := range cases {
		wantCode(t, c.name, c.err, c.code)
	}
	pc := ParentChild{Child: "p3", Parent1: "p1"}
	if err := pc.Validate(); err != nil || pc.Kind != Biological {
		t.Errorf("child kind not defaulted: %q", pc.Kind)
	}
	if g, err := CleanGoal("  rust  "); err != nil || g != "rust" {
		t.Errorf("goal %q %v", g, err)
	}
	_, err := CleanGoal(strings.Repeat("x", MaxGoal+1))
	wantCode(t, "long goal", err, rotonde.EInvalid)
}

func TestImportRules(t *testing.T) {
	g := &Genogram{
		Persons:      []Person{{ID: "a", Alias: " A ", DeathYear: 1990, BirthYear: 1950}, {ID: "b", Alias: "B"}},
		Partnerships: []Partnership{{ID: "r", A: "a", B: "b"}},
		Children:     nil,
		Ties:         []Tie{{A: "a", B: "b", Kind: TieClose, Note: strings.Repeat("n", 300)}, {A: "a", B: "b", Kind: "zz"}},
		Events:       []LifeEvent{{Person: "a", Kind: "", Note: "x"}},
		Households:   []Household{{Label: strings.Repeat("h", 100), Members: []string{"a"}}},
		Pinned:       map[string]Point{"a": {1, 2}, "b": {MaxPin * 2, 0}},
	}
	s := g.ForImport()
	if s.Persons[0].Alias != "A" || !s.Persons[0].Deceased || s.Persons[1].Sex != SexUnknown {
		t.Errorf("persons: %+v", s.Persons)
	}
	if s.Partnerships[0].Kind != LivingTogether || s.Events[0].Kind != EventOther {
		t.Errorf("kinds: %+v %+v", s.Partnerships, s.Events)
	}
	if len(s.Ties) != 1 || len([]rune(s.Ties[0].Note)) != MaxNote || len([]rune(s.Households[0].Label)) != MaxHouseholdLabel {
		t.Errorf("ties/households: %+v %+v", s.Ties, s.Households)
	}
	if _, ok := s.Pinned["b"]; ok || s.Pinned["a"] != (Point{1, 2}) {
		t.Errorf("pins: %v", s.Pinned)
	}
	if g.Persons[0].Alias != " A " || len(g.Ties) != 2 || g.Partnerships[0].Kind != "" || len(g.Pinned) != 2 {
		t.Error("ForImport changed its receiver")
	}

	if err := (&Genogram{Persons: []Person{{ID: "a", Alias: "A"}}}).ValidateImport(); err != nil {
		t.Errorf("valid import: %v", err)
	}
	err := (&Genogram{Persons: []Person{{ID: "a", Alias: "A"}, {ID: "b", Alias: " "}}}).ValidateImport()
	if rotonde.ErrorCodeOf(err) != rotonde.EInvalid || !strings.HasPrefix(rotonde.UserMessage(err, "nl"), "Persoon 2 (b): Geef de persoon een schuilnaam") {
		t.Errorf("person without alias: %v", err)
	}
	err = (&Genogram{Persons: []Person{{ID: "a", Alias: "A"}, {ID: "a", Alias: "A"}}}).ValidateImport()
	wantCode(t, "duplicate", err, rotonde.EInvalid)
}
