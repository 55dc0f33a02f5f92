package genogram

import (
	"math"

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

// Issue is one finding of Validate: a catalogue text said in Dutch or English.
type Issue struct {
	Person string         // the person concerned, if any
	Text   *rotonde.Error // the finding, by catalogue key
}

func issue(person, key string, args ...any) Issue {
	return Issue{Person: person, Text: rotonde.E(rotonde.EInvalid, key, args...)}
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
	var list rotonde.List
	for i, e := range errs {
		if i == max {
			list = append(list, rotonde.ECount(rotonde.EInvalid, "err.genogram.and_more_problems", len(errs)-max))
			break
		}
		list = append(list, e)
	}
	return rotonde.E(rotonde.EInvalid, "err.genogram.not_valid", list)
}

func validYear(y int) bool { return y == 0 || (y >= MinYear && y <= MaxYear) }

// Check returns the hard errors and the soft warnings separately.
func (g *Genogram) Check() (errs, warns []Issue) {
	persons := make(map[string]*Person, len(g.Persons))
	for i := range g.Persons {
		p := &g.Persons[i]
		if p.ID == "" {
			errs = append(errs, issue("", "err.genogram.person_has_no_id", i+1))
			continue
		}
		if _, dup := persons[p.ID]; dup {
			errs = append(errs, issue(p.ID, "err.genogram.id_occurs_twice", p.ID))
			continue
		}
		persons[p.ID] = p
		switch p.Sex {
		case "", SexMale, SexFemale, SexOther, SexUnknown:
		default:
			errs = append(errs, issue(p.ID, "err.genogram.unknown_sex_for_m_v_x", string(p.Sex), p.ID))
		}
		if !validYear(p.BirthYear) {
			errs = append(errs, issue(p.ID, "err.genogram.impossible_birth_year_for", p.BirthYear, p.ID))
		}
		if !validYear(p.DeathYear) {
			errs = append(errs, issue(p.ID, "err.genogram.impossible_death_year_for", p.DeathYear, p.ID))
		}
		if p.BirthYear > 0 && p.DeathYear > 0 && p.DeathYear < p.BirthYear {
			warns = append(warns, issue(p.ID, "err.genogram.died_before_being_born", p.ID, p.DeathYear, p.BirthYear))
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
		warns = append(warns, issue("", "err.genogram.there_are_index_persons_usually_there", index))
	}

	parts := make(map[string]*Partnership, len(g.Partnerships))
	for i := range g.Partnerships {
		pt := &g.Partnerships[i]
		if pt.ID != "" {
			if _, dup := parts[pt.ID]; dup {
				errs = append(errs, issue("", "err.genogram.partnership_id_occurs_twice", pt.ID))
			} else if _, clash := persons[pt.ID]; clash {
				errs = append(errs, issue("", "err.genogram.partnership_id_is_also_person_id", pt.ID))
			} else {
				parts[pt.ID] = pt
			}
		}
		for _, id := range []string{pt.A, pt.B} {
			if !known(id) {
				errs = append(errs, issue(id, "err.genogram.partnership_refers_to_unknown_person", pt.ID, id))
			}
		}
		if pt.A == pt.B && pt.A != "" {
			errs = append(errs, issue(pt.A, "err.genogram.cannot_be_their_own_partner", pt.A))
		}
		switch pt.Kind {
		case Married, LivingTogether, Separated, Divorced, "":
		default:
			errs = append(errs, issue("", "err.genogram.unknown_partnership_kind", string(pt.Kind)))
		}
		if !validYear(pt.StartYear) || !validYear(pt.EndYear) {
			errs = append(errs, issue("", "err.genogram.impossible_year_in_partnership", pt.ID))
		} else if pt.StartYear > 0 && pt.EndYear > 0 && pt.EndYear < pt.StartYear {
			warns = append(warns, issue("", "err.genogram.partnership_ends_before_it_starts", pt.ID, pt.EndYear, pt.StartYear))
		}
	}

	for _, pc := range g.Children {
		if !known(pc.Child) {
			errs = append(errs, issue(pc.Child, "err.genogram.parent_child_line_to_unknown_child", pc.Child))
			continue
		}
		switch pc.Kind {
		case "", Biological, Foster, Adoptive, Step:
		default:
			errs = append(errs, issue(pc.Child, "err.genogram.unknown_parent_child_kind", string(pc.Kind)))
		}
		var parents []string
		if pc.Partnership != "" {
			pt, ok := parts[pc.Partnership]
			if !ok {
				errs = append(errs, issue(pc.Child, "err.genogram.child_refers_to_unknown_partnership", pc.Child, pc.Partnership))
				continue
			}
			parents = []string{pt.A, pt.B}
		}
		for _, id := range []string{pc.Parent1, pc.Parent2} {
			if id == "" {
				continue
			}
			if !known(id) {
				errs = append(errs, issue(pc.Child, "err.genogram.child_refers_to_unknown_parent", pc.Child, id))
				continue
			}
			parents = append(parents, id)
		}
		if len(parents) == 0 {
			errs = append(errs, issue(pc.Child, "err.genogram.parent_child_line_of_has_no", pc.Child))
		}
		c := persons[pc.Child]
		for _, pid := range parents {
			if pid == pc.Child {
				errs = append(errs, issue(pc.Child, "err.genogram.cannot_be_their_own_parent", pc.Child))
				continue
			}
			p, ok := persons[pid]
			if !ok || p.BirthYear == 0 || c.BirthYear == 0 {
				continue
			}
			if c.BirthYear < p.BirthYear {
				warns = append(warns, issue(pc.Child, "err.genogram.was_born_before_parent", pc.Child, c.BirthYear, pid, p.BirthYear))
			} else if (pc.Kind == "" || pc.Kind == Biological) && c.BirthYear-p.BirthYear < minParentAge {
				warns = append(warns, issue(pc.Child, "err.genogram.parent_was_only_when_was_born", pid, c.BirthYear-p.BirthYear, pc.Child))
			}
		}
	}

	for _, t := range g.Ties {
		if !known(t.A) || !known(t.B) {
			errs = append(errs, issue(t.A, "err.genogram.tie_between_and_refers_to_unknown_2", t.A, t.B))
			continue
		}
		if t.A == t.B {
			errs = append(errs, issue(t.A, "err.genogram.cannot_have_tie_with_themselves", t.A))
		}
		switch t.Kind {
		case TieClose, TieFused, TieDistant, TieConflict, TieHostile, TieCutoff, TieInformalCare:
		default:
			errs = append(errs, issue(t.A, "err.genogram.unknown_tie_kind", string(t.Kind)))
		}
	}

	for _, ev := range g.Events {
		if !known(ev.Person) {
			errs = append(errs, issue(ev.Person, "err.genogram.life_event_for_unknown_person", ev.Person))
		}
		if !validYear(ev.Year) {
			errs = append(errs, issue(ev.Person, "err.genogram.impossible_year_in_life_event", ev.Year))
		}
		switch ev.Kind {
		case EventDeath, EventMove, EventBreakup, EventOther:
		default:
			errs = append(errs, issue(ev.Person, "err.genogram.unknown_life_event_kind", string(ev.Kind)))
		}
	}

	indexHH := 0
	for _, h := range g.Households {
		if h.Index {
			indexHH++
		}
		for _, m := range h.Members {
			if !known(m) {
				errs = append(errs, issue(m, "err.genogram.household_contains_unknown_person", h.Label, m))
			}
		}
	}
	if indexHH > 1 {
		warns = append(warns, issue("", "err.genogram.households_are_marked_as_child_household", indexHH))
	}

	for id, pt := range g.Pinned {
		if math.IsNaN(pt.X) || math.IsNaN(pt.Y) || math.IsInf(pt.X, 0) || math.IsInf(pt.Y, 0) || math.Abs(pt.X) > 1e7 || math.Abs(pt.Y) > 1e7 {
			errs = append(errs, issue(id, "err.genogram.invalid_pinned_position_for", id))
		} else if !known(id) {
			warns = append(warns, issue(id, "err.genogram.pinned_position_for_unknown_person_is", id))
		}
	}

	if len(errs) == 0 {
		if id := ancestryCycle(g, parts); id != "" {
			errs = append(errs, issue(id, "err.genogram.is_through_parent_child_lines_their", id))
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
func (i Issue) Message(lang string) string { return i.Text.Message(lang) }
