package genogram

import (
	"math/rand/v2"
	"strconv"
)

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
