package genogram

import (
	"math/rand/v2"
	"strconv"
)

// DemoStepfamily returns an invented three-generation stepfamily around
// "Noor (15)" for demos and documentation: grandparents on both sides (one
// deceased, as on the timeline: opa (vz) in 2019, opa (mz) in 2021),
// divorced parents who each have a new partner, half-siblings, a
// stepbrother, the foster family Noor lived with in 2020, the group where
// she lives now (her household, outlined), a handful of ties and eight
// professionals from different organisations. timeline.DemoNoor tells the
// same story.
func DemoStepfamily() *Genogram {
	g := &Genogram{
		Persons: demoStepfamilyPersons(),
		Partnerships: []Partnership{
			{ID: "p-gv", A: "opa-v", B: "oma-v", Kind: Married, StartYear: 1976},
			{ID: "p-gm", A: "opa-m", B: "oma-m", Kind: Married, StartYear: 1977},
			{ID: "p-ouders", A: "vader", B: "moeder", Kind: Divorced, StartYear: 2006, EndYear: 2016},
			{ID: "p-vader", A: "vader", B: "sandra", Kind: LivingTogether, StartYear: 2018},
			{ID: "p-moeder", A: "stiefvader", B: "moeder", Kind: Married, StartYear: 2019},
			{ID: "p-pleeg", A: "pleegvader", B: "pleegmoeder", Kind: Married, StartYear: 1998},
		},
		Children: []ParentChild{
			{Child: "vader", Partnership: "p-gv"},
			{Child: "tante", Partnership: "p-gv"},
			{Child: "oom", Partnership: "p-gm"},
			{Child: "moeder", Partnership: "p-gm"},
			{Child: "noor", Partnership: "p-ouders"},
			{Child: "daan", Partnership: "p-ouders"},
			{Child: "lieke", Partnership: "p-vader"},
			{Child: "sem", Partnership: "p-moeder"},
			{Child: "milan", Parent1: "stiefvader"},
			{Child: "milan", Parent1: "moeder", Kind: Step},
			{Child: "jesse", Partnership: "p-pleeg"},
			{Child: "noor", Partnership: "p-pleeg", Kind: Foster},
		},
		Ties: []Tie{
			{A: "noor", B: "moeder", Kind: TieConflict},
			{A: "noor", B: "vader", Kind: TieCutoff},
			{A: "vader", B: "moeder", Kind: TieHostile},
			{A: "noor", B: "oma-m", Kind: TieClose},
			{A: "noor", B: "daan", Kind: TieClose},
			{A: "oma-m", B: "sem", Kind: TieInformalCare, Note: "past op"},
			{A: "noor", B: "pleegmoeder", Kind: TieClose},
			{A: "vader", B: "tante", Kind: TieDistant},
			{A: "moeder", B: "oma-m", Kind: TieFused},
			// professionals: do they repeat the family's patterns?
			{A: "jb", B: "moeder", Kind: TieConflict},
			{A: "jb", B: "ggz", Kind: TieConflict},
			{A: "wijk", B: "vader", Kind: TieClose},
			{A: "wijk", B: "jb", Kind: TieCutoff},
			{A: "pz", B: "pleegmoeder", Kind: TieClose},
			{A: "mentor", B: "noor", Kind: TieClose},
			{A: "ggz", B: "noor", Kind: TieDistant},
			{A: "ha", B: "moeder", Kind: TieClose},
			{A: "adv", B: "jb", Kind: TieHostile},
			{A: "lpa", B: "mentor", Kind: TieClose},
		},
		Events: []LifeEvent{
			{Person: "opa-v", Year: 2019, Kind: EventDeath},
			{Person: "opa-m", Year: 2021, Kind: EventDeath},
			{Person: "vader", Year: 2016, Kind: EventBreakup},
			{Person: "noor", Year: 2020, Kind: EventMove, Note: "naar het pleeggezin, in oktober naar de crisisopvang"},
			{Person: "noor", Year: 2024, Kind: EventMove, Note: "naar een leefgroep"},
			{Person: "moeder", Year: 2019, Kind: EventMove},
		},
		Households: []Household{
			{ID: "h-groep", Label: "leefgroep (Noor woont hier sinds 2024)", Members: []string{"noor"}, Index: true},
			{ID: "h-pleeg", Label: "pleeggezin (Noor woonde hier in 2020)", Members: []string{"pleegvader", "pleegmoeder", "jesse"}},
			{ID: "h-moeder", Label: "huishouden moeder", Members: []string{"moeder", "stiefvader", "daan", "sem", "milan"}},
		},
	}
	return g
}

// DemoYear is the year the demo case is set in: the ages in the aliases
// ("Noor (15)") are DemoYear minus the birth year.
const DemoYear = 2026

// demoStepfamilyPersons returns the family members and professionals of
// DemoStepfamily.
func demoStepfamilyPersons() []Person {
	p := func(id, alias string, sex Sex, birth int) Person {
		return Person{ID: id, Alias: alias, Sex: sex, BirthYear: birth}
	}
	pro := func(id, alias, org string) Person {
		return Person{ID: id, Alias: alias, Professional: true, Organisation: org, Sex: SexUnknown}
	}
	opaV := p("opa-v", "opa (vz)", SexMale, 1952)
	opaV.DeathYear = 2019
	opaM := p("opa-m", "opa (mz)", SexMale, 1950)
	opaM.DeathYear = 2021
	noor := p("noor", "Noor (15)", SexFemale, 2011)
	noor.Index = true
	return []Person{
		opaV,
		p("oma-v", "oma (vz)", SexFemale, 1955),
		opaM,
		p("oma-m", "oma (mz)", SexFemale, 1954),
		p("tante", "tante Ilse", SexFemale, 1983),
		p("vader", "vader", SexMale, 1980),
		p("sandra", "Sandra", SexFemale, 1988),
		p("moeder", "moeder", SexFemale, 1982),
		p("stiefvader", "stiefvader", SexMale, 1978),
		p("oom", "oom Rik", SexMale, 1979),
		p("pleegvader", "pleegvader", SexMale, 1970),
		p("pleegmoeder", "pleegmoeder", SexFemale, 1972),
		noor,
		p("daan", "Daan (12)", SexMale, 2014),
		p("lieke", "Lieke (5)", SexFemale, 2021),
		p("sem", "Sem (3)", SexMale, 2023),
		p("milan", "Milan (17)", SexMale, 2009),
		p("jesse", "Jesse (19)", SexOther, 2007),

		pro("jb", "jeugdbeschermer", "Jeugdbescherming"),
		pro("wijk", "wijkteam-medewerker", "Wijkteam Noord"),
		pro("ggz", "behandelaar", "GGZ jeugd"),
		pro("mentor", "mentor", "School (vo)"),
		pro("pz", "pleegzorgwerker", "Pleegzorg"),
		pro("ha", "huisarts", "Huisartspraktijk"),
		pro("lpa", "leerplichtambtenaar", "Gemeente"),
		pro("adv", "advocaat vader", "Advocatuur"),
	}
}

// SyntheticFamily generates an invented multi-generation family of exactly
// n family persons (when n > 0) for tests and benchmarks: founders, children
// with married-in partners and their parents, divorces and remarriages
// (half-siblings), foster and adoptive children, cousins who marry
// (pedigree loops), deceased persons and random ties. The same seed gives
// the same family.
func SyntheticFamily(n int, seed uint64) *Genogram {
	sf := &synthFamily{
		n:     n,
		r:     rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)),
		g:     &Genogram{},
		pool:  map[int][]string{},
		famOf: map[string]string{},
	}
	for i := 0; i < 3 && !sf.full(); i++ {
		sf.founders()
	}
	for !sf.full() {
		if len(sf.queue) == 0 {
			sf.founders()
			continue
		}
		c := sf.queue[0]
		sf.queue = sf.queue[1:]
		nk := sf.r.IntN(5)
		if c.gen == 0 {
			nk += 2
		}
		for k := 0; k < nk && !sf.full(); k++ {
			sf.child(c)
		}
	}
	g, r := sf.g, sf.r
	tieKindsAll := []TieKind{TieClose, TieFused, TieDistant, TieConflict, TieHostile, TieCutoff, TieInformalCare}
	for k := 0; k < n/10; k++ {
		a, b := r.IntN(len(g.Persons)), r.IntN(len(g.Persons))
		if a != b {
			g.Ties = append(g.Ties, Tie{A: g.Persons[a].ID, B: g.Persons[b].ID, Kind: tieKindsAll[r.IntN(len(tieKindsAll))]})
		}
	}
	if len(g.Persons) > 0 {
		g.Persons[len(g.Persons)-1].Index = true
	}
	return g
}

// synthCouple is a partnership of SyntheticFamily whose children are still
// to be made.
type synthCouple struct {
	id   string
	gen  int
	year int
}

// synthFamily is the state of SyntheticFamily while it grows the family.
type synthFamily struct {
	n     int
	r     *rand.Rand
	g     *Genogram
	queue []synthCouple
	pool  map[int][]string  // unpartnered persons per generation
	famOf map[string]string // person → partnership they were born in
}

// synthPartnershipKinds are the kinds a partnership gets, married most.
var synthPartnershipKinds = []PartnershipKind{Married, Married, Married, LivingTogether, Separated, Divorced}

func (sf *synthFamily) full() bool { return len(sf.g.Persons) >= sf.n }

// newPerson adds a person born in year; before 1950 most have died.
func (sf *synthFamily) newPerson(sex Sex, year int) string {
	id := "P" + strconv.Itoa(len(sf.g.Persons)+1)
	p := Person{ID: id, Alias: "persoon " + strconv.Itoa(len(sf.g.Persons)+1), Sex: sex, BirthYear: year}
	if year < 1950 && sf.r.IntN(3) > 0 {
		p.DeathYear = year + 50 + sf.r.IntN(40)
	}
	sf.g.Persons = append(sf.g.Persons, p)
	return id
}

// randSex is mostly male or female, now and then other or unknown.
func (sf *synthFamily) randSex() Sex {
	switch k := sf.r.IntN(40); {
	case k == 0:
		return SexOther
	case k == 1:
		return SexUnknown
	case k < 21:
		return SexMale
	default:
		return SexFemale
	}
}

// newCouple adds a partnership of a and b, who were born about year.
func (sf *synthFamily) newCouple(a, b string, gen, year int, kind PartnershipKind) synthCouple {
	id := "F" + strconv.Itoa(len(sf.g.Partnerships)+1)
	sf.g.Partnerships = append(sf.g.Partnerships, Partnership{ID: id, A: a, B: b, Kind: kind, StartYear: year + 20 + sf.r.IntN(10)})
	return synthCouple{id, gen, year}
}

// founders adds a married couple of the first generation.
func (sf *synthFamily) founders() {
	y := 1850 + sf.r.IntN(20)
	a := sf.newPerson(SexMale, y)
	if sf.full() {
		return
	}
	b := sf.newPerson(SexFemale, y+sf.r.IntN(5))
	sf.queue = append(sf.queue, sf.newCouple(a, b, 0, y, Married))
}

// child adds a child of couple c, and mostly a partnership for it: with
// a relative from the pool, or with a new partner (now and then with
// their parents, and after a break-up a second partner).
func (sf *synthFamily) child(c synthCouple) {
	r, g := sf.r, sf.g
	year := c.year + 22 + r.IntN(14)
	child := sf.newPerson(sf.randSex(), year)
	kind := Biological
	switch x := r.IntN(50); {
	case x < 2:
		kind = Adoptive
	case x < 4:
		kind = Foster
	}
	g.Children = append(g.Children, ParentChild{Child: child, Partnership: c.id, Kind: kind})
	sf.famOf[child] = c.id
	if r.IntN(4) == 0 || sf.full() {
		sf.pool[c.gen+1] = append(sf.pool[c.gen+1], child)
		return
	}
	// A cousin (or other relative) from the pool: a pedigree loop.
	if cands := sf.pool[c.gen+1]; len(cands) > 0 && r.IntN(12) == 0 {
		j := r.IntN(len(cands))
		if sf.famOf[cands[j]] != sf.famOf[child] {
			other := cands[j]
			sf.pool[c.gen+1] = append(cands[:j], cands[j+1:]...)
			sf.queue = append(sf.queue, sf.newCouple(child, other, c.gen+1, year, Married))
			return
		}
	}
	partner := sf.newPerson(sf.randSex(), year+r.IntN(7)-3)
	if r.IntN(6) == 0 && !sf.full() { // in-laws
		py := year - 25 - r.IntN(8)
		fa := sf.newPerson(SexMale, py)
		if !sf.full() {
			mo := sf.newPerson(SexFemale, py+r.IntN(4))
			in := sf.newCouple(fa, mo, c.gen, py, synthPartnershipKinds[r.IntN(len(synthPartnershipKinds))])
			g.Children = append(g.Children, ParentChild{Child: partner, Partnership: in.id})
		}
	}
	kind2 := synthPartnershipKinds[r.IntN(len(synthPartnershipKinds))]
	sf.queue = append(sf.queue, sf.newCouple(child, partner, c.gen+1, year, kind2))
	if (kind2 == Divorced || kind2 == Separated) && r.IntN(2) == 0 && !sf.full() {
		second := sf.newPerson(sf.randSex(), year+r.IntN(9)-4)
		sf.queue = append(sf.queue, sf.newCouple(child, second, c.gen+1, year+8, LivingTogether))
	}
}
