package genogram

import (
	"errors"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde"
)

func TestValidateHardErrors(t *testing.T) {
	base := func() *Genogram {
		return &Genogram{Persons: []Person{{ID: "a", Sex: SexMale, BirthYear: 1970}, {ID: "b", Sex: SexFemale, BirthYear: 1972}, {ID: "c", BirthYear: 2000}}}
	}
	cases := []struct {
		name string
		mod  func(g *Genogram)
		en   string
	}{
		{"duplicate id", func(g *Genogram) { g.Persons = append(g.Persons, Person{ID: "a"}) }, `ID "a" occurs twice`},
		{"empty id", func(g *Genogram) { g.Persons = append(g.Persons, Person{}) }, "person 4 has no ID"},
		{"tie unknown", func(g *Genogram) { g.Ties = []Tie{{A: "a", B: "zz", Kind: TieClose}} }, "unknown person"},
		{"self tie", func(g *Genogram) { g.Ties = []Tie{{A: "a", B: "a", Kind: TieClose}} }, "cannot have a tie with themselves"},
		{"tie kind", func(g *Genogram) { g.Ties = []Tie{{A: "a", B: "b", Kind: "love"}} }, "unknown tie kind"},
		{"parent unknown", func(g *Genogram) { g.Children = []ParentChild{{Child: "c", Parent1: "zz"}} }, `unknown parent "zz"`},
		{"partnership unknown", func(g *Genogram) { g.Children = []ParentChild{{Child: "c", Partnership: "p9"}} }, `unknown partnership "p9"`},
		{"no parent", func(g *Genogram) { g.Children = []ParentChild{{Child: "c"}} }, "has no parent"},
		{"own parent", func(g *Genogram) { g.Children = []ParentChild{{Child: "c", Parent1: "c"}} }, "their own parent"},
		{"self partner", func(g *Genogram) { g.Partnerships = []Partnership{{ID: "p", A: "a", B: "a"}} }, "their own partner"},
		{"year 12345", func(g *Genogram) { g.Persons[0].BirthYear = 12345 }, "impossible birth year 12345"},
		{"negative year", func(g *Genogram) { g.Persons[1].DeathYear = -3 }, "impossible death year -3"},
		{"event year", func(g *Genogram) { g.Events = []LifeEvent{{Person: "a", Year: 99999, Kind: EventMove}} }, "impossible year 99999"},
		{"sex", func(g *Genogram) { g.Persons[0].Sex = "q" }, "unknown sex"},
		{"household", func(g *Genogram) { g.Households = []Household{{Label: "h", Members: []string{"zz"}}} }, "unknown person"},
		{"cycle", func(g *Genogram) {
			g.Children = []ParentChild{{Child: "c", Parent1: "a"}, {Child: "a", Parent1: "c"}}
		}, "own ancestor"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := base()
			c.mod(g)
			_, err := g.Validate()
			var re *rotonde.Error
			if !errors.As(err, &re) || re.Code != rotonde.EInvalid {
				t.Fatalf("want EInvalid, got %v", err)
			}
			if !strings.Contains(re.Message("en"), c.en) {
				t.Errorf("EN = %q, want %q", re.Message("en"), c.en)
			}
			if !strings.HasPrefix(re.Message("nl"), "Het geno-sociogram klopt niet: ") {
				t.Errorf("NL = %q", re.Message("nl"))
			}
		})
	}
}

func TestValidateSoftWarnings(t *testing.T) {
	g := &Genogram{
		Persons: []Person{
			{ID: "p", BirthYear: 1990, DeathYear: 1980},
			{ID: "q", BirthYear: 1995},
			{ID: "k", BirthYear: 1985},
			{ID: "y", BirthYear: 2003},
			{ID: "z", BirthYear: 1970},
		},
		Children: []ParentChild{
			{Child: "k", Parent1: "q"},                 // born before parent
			{Child: "y", Parent1: "q"},                 // parent 8 at birth
			{Child: "y", Parent1: "z", Kind: Foster},   // fine
			{Child: "k", Parent1: "z", Kind: Adoptive}, // fine (15 years)
		},
	}
	warns, err := g.Validate()
	if err != nil {
		t.Fatalf("soft problems must not block: %v", err)
	}
	var en []string
	for _, w := range warns {
		en = append(en, w.Message("en"))
		if w.Message("nl") == "" {
			t.Errorf("warning without Dutch text: %q", w.Message("en"))
		}
	}
	all := strings.Join(en, "\n")
	for _, want := range []string{`"p" died (1980) before being born (1990)`, `"k" (1985) was born before parent "q" (1995)`, `parent "q" was only 8 when "y" was born`} {
		if !strings.Contains(all, want) {
			t.Errorf("missing warning %q in\n%s", want, all)
		}
	}
	if len(warns) != 3 {
		t.Errorf("want exactly 3 warnings, got %d:\n%s", len(warns), all)
	}
}
