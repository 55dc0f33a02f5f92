package genogram

import (
	"math"
	"strings"

	"github.com/rotonde-jeugd/rotonde"
)

// Year bounds: 0 means unknown; anything else outside this range cannot be a
// real year (typing errors such as 12345 or -1980).
const (
	MinYear = 1
	MaxYear = 2999
	// minParentAge is the youngest plausible age of a biological parent at a child's birth.
	minParentAge = 12
)

// Issue is one finding of Validate, in Dutch and English.
type Issue struct {
	Person string // the person concerned, if any
	NL, EN string
}

func issue(person, nl, en string, args ...any) Issue {
	e := rotonde.Errorf(rotonde.EInvalid, nl, en, args...)
	return Issue{Person: person, NL: e.NL, EN: e.EN}
}

// Validate checks the genogram. Hard problems (references to unknown persons,
// self-ties, duplicate IDs, impossible years, a person who is their own
// ancestor) are returned as one *rotonde.Error with code EInvalid; the
// genogram must not be stored then. Soft warnings (a child born before its
// parent, death before birth, a very young parent) are returned either way
// and do not block storing: the family's own story may differ from the
// dossier, and that is worth discussing rather than rejecting.
func (g *Genogram) Validate() (warnings []Issue, err error) {
	errs, warns := g.Check()
	if len(errs) == 0 {
		return warns, nil
	}
	return warns, issuesError(errs)
}

// issuesError joins up to five issues into one user-facing error.
func issuesError(errs []Issue) *rotonde.Error {
	const max = 5
	var nl, en []string
	for i, e := range errs {
		if i == max {
			nl = append(nl, rotonde.Errorf(rotonde.EInvalid, "en nog %d andere problemen", "and %d more problems", len(errs)-max).NL)
			en = append(en, rotonde.Errorf(rotonde.EInvalid, "en nog %d andere problemen", "and %d more problems", len(errs)-max).EN)
			break
		}
		nl = append(nl, e.NL)
		en = append(en, e.EN)
	}
	return &rotonde.Error{
		Code: rotonde.EInvalid,
		NL:   "Het geno-sociogram klopt niet: " + strings.Join(nl, "; "),
		EN:   "The geno-sociogram is not valid: " + strings.Join(en, "; "),
	}
}

func validYear(y int) bool { return y == 0 || (y >= MinYear && y <= MaxYear) }

// Check returns the hard errors and the soft warnings separately.
func (g *Genogram) Check() (errs, warns []Issue) {
	persons := make(map[string]*Person, len(g.Persons))
	for i := range g.Persons {
		p := &g.Persons[i]
		if p.ID == "" {
			errs = append(errs, issue("", "persoon %d heeft geen ID", "person %d has no ID", i+1))
			continue
		}
		if _, dup := persons[p.ID]; dup {
			errs = append(errs, issue(p.ID, "ID %q komt twee keer voor", "ID %q occurs twice", p.ID))
			continue
		}
		persons[p.ID] = p
		switch p.Sex {
		case "", SexMale, SexFemale, SexOther, SexUnknown:
		default:
			errs = append(errs, issue(p.ID, "onbekend geslacht %q bij %q (m, v, x of unknown)", "unknown sex %q for %q (m, v, x or unknown)", string(p.Sex), p.ID))
		}
		if !validYear(p.BirthYear) {
			errs = append(errs, issue(p.ID, "onmogelijk geboortejaar %d bij %q", "impossible birth year %d for %q", p.BirthYear, p.ID))
		}
		if !validYear(p.DeathYear) {
			errs = append(errs, issue(p.ID, "onmogelijk sterfjaar %d bij %q", "impossible death year %d for %q", p.DeathYear, p.ID))
		}
		if p.BirthYear > 0 && p.DeathYear > 0 && p.DeathYear < p.BirthYear {
			warns = append(warns, issue(p.ID, "%q overleed (%d) vóór de geboorte (%d)", "%q died (%d) before being born (%d)", p.ID, p.DeathYear, p.BirthYear))
		}
	}
	known := func(id string) bool { _, ok := persons[id]; return ok }

	index := 0
	for _, p := range g.Persons {
		if p.Index {
			index++
		}
	}
	if index > 1 {
		warns = append(warns, issue("", "er zijn %d indexpersonen; meestal is er één kind om wie het gaat", "there are %d index persons; usually there is one child the case is about", index))
	}

	parts := make(map[string]*Partnership, len(g.Partnerships))
	for i := range g.Partnerships {
		pt := &g.Partnerships[i]
		if pt.ID != "" {
			if _, dup := parts[pt.ID]; dup {
				errs = append(errs, issue("", "relatie-ID %q komt twee keer voor", "partnership ID %q occurs twice", pt.ID))
			} else if _, clash := persons[pt.ID]; clash {
				errs = append(errs, issue("", "relatie-ID %q is ook een persoon-ID", "partnership ID %q is also a person ID", pt.ID))
			} else {
				parts[pt.ID] = pt
			}
		}
		for _, id := range []string{pt.A, pt.B} {
			if !known(id) {
				errs = append(errs, issue(id, "relatie %q verwijst naar onbekende persoon %q", "partnership %q refers to unknown person %q", pt.ID, id))
			}
		}
		if pt.A == pt.B && pt.A != "" {
			errs = append(errs, issue(pt.A, "%q kan geen relatie met zichzelf hebben", "%q cannot be their own partner", pt.A))
		}
		switch pt.Kind {
		case Married, LivingTogether, Separated, Divorced, "":
		default:
			errs = append(errs, issue("", "onbekende soort relatie %q", "unknown partnership kind %q", string(pt.Kind)))
		}
		if !validYear(pt.StartYear) || !validYear(pt.EndYear) {
			errs = append(errs, issue("", "onmogelijk jaartal bij relatie %q", "impossible year in partnership %q", pt.ID))
		} else if pt.StartYear > 0 && pt.EndYear > 0 && pt.EndYear < pt.StartYear {
			warns = append(warns, issue("", "relatie %q eindigt (%d) vóór het begin (%d)", "partnership %q ends (%d) before it starts (%d)", pt.ID, pt.EndYear, pt.StartYear))
		}
	}

	for _, pc := range g.Children {
		if !known(pc.Child) {
			errs = append(errs, issue(pc.Child, "ouder-kindlijn naar onbekend kind %q", "parent-child line to unknown child %q", pc.Child))
			continue
		}
		switch pc.Kind {
		case "", Biological, Foster, Adoptive, Step:
		default:
			errs = append(errs, issue(pc.Child, "onbekende soort ouder-kindlijn %q", "unknown parent-child kind %q", string(pc.Kind)))
		}
		var parents []string
		if pc.Partnership != "" {
			pt, ok := parts[pc.Partnership]
			if !ok {
				errs = append(errs, issue(pc.Child, "kind %q verwijst naar onbekende relatie %q", "child %q refers to unknown partnership %q", pc.Child, pc.Partnership))
				continue
			}
			parents = []string{pt.A, pt.B}
		}
		for _, id := range []string{pc.Parent1, pc.Parent2} {
			if id == "" {
				continue
			}
			if !known(id) {
				errs = append(errs, issue(pc.Child, "kind %q verwijst naar onbekende ouder %q", "child %q refers to unknown parent %q", pc.Child, id))
				continue
			}
			parents = append(parents, id)
		}
		if len(parents) == 0 {
			errs = append(errs, issue(pc.Child, "ouder-kindlijn van %q heeft geen ouder", "parent-child line of %q has no parent", pc.Child))
		}
		c := persons[pc.Child]
		for _, pid := range parents {
			if pid == pc.Child {
				errs = append(errs, issue(pc.Child, "%q kan niet de eigen ouder zijn", "%q cannot be their own parent", pc.Child))
				continue
			}
			p, ok := persons[pid]
			if !ok || p.BirthYear == 0 || c.BirthYear == 0 {
				continue
			}
			if c.BirthYear < p.BirthYear {
				warns = append(warns, issue(pc.Child, "%q (%d) is geboren vóór ouder %q (%d)", "%q (%d) was born before parent %q (%d)", pc.Child, c.BirthYear, pid, p.BirthYear))
			} else if (pc.Kind == "" || pc.Kind == Biological) && c.BirthYear-p.BirthYear < minParentAge {
				warns = append(warns, issue(pc.Child, "ouder %q was pas %d bij de geboorte van %q", "parent %q was only %d when %q was born", pid, c.BirthYear-p.BirthYear, pc.Child))
			}
		}
	}

	for _, t := range g.Ties {
		if !known(t.A) || !known(t.B) {
			errs = append(errs, issue(t.A, "band tussen %q en %q verwijst naar een onbekende persoon", "tie between %q and %q refers to an unknown person", t.A, t.B))
			continue
		}
		if t.A == t.B {
			errs = append(errs, issue(t.A, "%q kan geen band met zichzelf hebben", "%q cannot have a tie with themselves", t.A))
		}
		switch t.Kind {
		case TieClose, TieFused, TieDistant, TieConflict, TieHostile, TieCutoff, TieInformalCare:
		default:
			errs = append(errs, issue(t.A, "onbekende soort band %q", "unknown tie kind %q", string(t.Kind)))
		}
	}

	for _, ev := range g.Events {
		if !known(ev.Person) {
			errs = append(errs, issue(ev.Person, "gebeurtenis bij onbekende persoon %q", "life event for unknown person %q", ev.Person))
		}
		if !validYear(ev.Year) {
			errs = append(errs, issue(ev.Person, "onmogelijk jaartal %d bij gebeurtenis", "impossible year %d in life event", ev.Year))
		}
		switch ev.Kind {
		case EventDeath, EventMove, EventBreakup, EventOther:
		default:
			errs = append(errs, issue(ev.Person, "onbekende soort gebeurtenis %q", "unknown life event kind %q", string(ev.Kind)))
		}
	}

	indexHH := 0
	for _, h := range g.Households {
		if h.Index {
			indexHH++
		}
		for _, m := range h.Members {
			if !known(m) {
				errs = append(errs, issue(m, "huishouden %q bevat onbekende persoon %q", "household %q contains unknown person %q", h.Label, m))
			}
		}
	}
	if indexHH > 1 {
		warns = append(warns, issue("", "%d huishoudens zijn gemarkeerd als huishouden van het kind; alleen het eerste wordt omlijnd", "%d households are marked as the child's household; only the first is outlined", indexHH))
	}

	for id, pt := range g.Pinned {
		if math.IsNaN(pt.X) || math.IsNaN(pt.Y) || math.IsInf(pt.X, 0) || math.IsInf(pt.Y, 0) || math.Abs(pt.X) > 1e7 || math.Abs(pt.Y) > 1e7 {
			errs = append(errs, issue(id, "ongeldige vastgezette positie voor %q", "invalid pinned position for %q", id))
		} else if !known(id) {
			warns = append(warns, issue(id, "vastgezette positie voor onbekende persoon %q wordt genegeerd", "pinned position for unknown person %q is ignored", id))
		}
	}

	if len(errs) == 0 {
		if id := ancestryCycle(g, parts); id != "" {
			errs = append(errs, issue(id, "%q is (via de ouder-kindlijnen) een eigen voorouder", "%q is (through the parent-child lines) their own ancestor", id))
		}
	}
	return errs, warns
}

// parentsOf resolves a ParentChild to its parent IDs.
func parentsOf(pc ParentChild, parts map[string]*Partnership) (a, b string) {
	if pc.Partnership != "" {
		if pt, ok := parts[pc.Partnership]; ok {
			return pt.A, pt.B
		}
	}
	a, b = pc.Parent1, pc.Parent2
	if a == "" {
		a, b = b, ""
	}
	return a, b
}

// ancestryCycle returns a person on a parent→child cycle, or "".
func ancestryCycle(g *Genogram, parts map[string]*Partnership) string {
	kids := make(map[string][]string)
	for _, pc := range g.Children {
		a, b := parentsOf(pc, parts)
		for _, p := range []string{a, b} {
			if p != "" {
				kids[p] = append(kids[p], pc.Child)
			}
		}
	}
	// Iterative three-colour DFS: deep families must not blow the stack.
	const (
		white = iota
		grey
		black
	)
	colour := make(map[string]int, len(g.Persons))
	type frame struct {
		id string
		i  int
	}
	for _, p := range g.Persons {
		if colour[p.ID] != white {
			continue
		}
		stack := []frame{{p.ID, 0}}
		colour[p.ID] = grey
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.i < len(kids[top.id]) {
				c := kids[top.id][top.i]
				top.i++
				switch colour[c] {
				case grey:
					return c
				case white:
					colour[c] = grey
					stack = append(stack, frame{c, 0})
				}
				continue
			}
			colour[top.id] = black
			stack = stack[:len(stack)-1]
		}
	}
	return ""
}

// Message returns the text in the given language ("en" or anything else for Dutch).
func (i Issue) Message(lang string) string {
	if lang == "en" {
		return i.EN
	}
	return i.NL
}
