package genogram

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/rotonde-jeugd/rotonde/runes"

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
	c := &checker{g: g}
	c.persons()
	c.partnerships()
	for _, pc := range g.Children {
		c.child(pc)
	}
	c.ties()
	c.events()
	c.households()
	c.pinned()
	if len(c.errs) == 0 {
		if id := ancestryCycle(g, c.parts); id != "" {
			c.errs = append(c.errs, issue(id, "err.genogram.is_through_parent_child_lines_their", id))
		}
	}
	return c.errs, c.warns
}

// checker collects what Check finds, with the persons and partnerships
// found so far by ID.
type checker struct {
	g           *Genogram
	errs, warns []Issue
	byID        map[string]*Person
	parts       map[string]*Partnership
}

func (c *checker) err(id, key string, args ...any) { c.errs = append(c.errs, issue(id, key, args...)) }
func (c *checker) warn(id, key string, args ...any) {
	c.warns = append(c.warns, issue(id, key, args...))
}
func (c *checker) known(id string) bool { _, ok := c.byID[id]; return ok }

// persons checks IDs, sex and years of every person and how many are the
// index person.
func (c *checker) persons() {
	c.byID = make(map[string]*Person, len(c.g.Persons))
	for i := range c.g.Persons {
		p := &c.g.Persons[i]
		if p.ID == "" {
			c.err("", "err.genogram.person_has_no_id", i+1)
			continue
		}
		if _, dup := c.byID[p.ID]; dup {
			c.err(p.ID, "err.genogram.id_occurs_twice", p.ID)
			continue
		}
		c.byID[p.ID] = p
		switch p.Sex {
		case "", SexMale, SexFemale, SexOther, SexUnknown:
		default:
			c.err(p.ID, "err.genogram.unknown_sex_for_m_v_x", string(p.Sex), p.ID)
		}
		if !validYear(p.BirthYear) {
			c.err(p.ID, "err.genogram.impossible_birth_year_for", p.BirthYear, p.ID)
		}
		if !validYear(p.DeathYear) {
			c.err(p.ID, "err.genogram.impossible_death_year_for", p.DeathYear, p.ID)
		}
		if p.BirthYear > 0 && p.DeathYear > 0 && p.DeathYear < p.BirthYear {
			c.warn(p.ID, "err.genogram.died_before_being_born", p.ID, p.DeathYear, p.BirthYear)
		}
	}
	index := 0
	for _, p := range c.g.Persons {
		if p.Index {
			index++
		}
	}
	if index > 1 {
		c.warn("", "err.genogram.there_are_index_persons_usually_there", index)
	}
}

// partnerships checks IDs, partners, kind and years of every partnership.
func (c *checker) partnerships() {
	c.parts = make(map[string]*Partnership, len(c.g.Partnerships))
	for i := range c.g.Partnerships {
		pt := &c.g.Partnerships[i]
		if pt.ID != "" {
			if _, dup := c.parts[pt.ID]; dup {
				c.err("", "err.genogram.partnership_id_occurs_twice", pt.ID)
			} else if _, clash := c.byID[pt.ID]; clash {
				c.err("", "err.genogram.partnership_id_is_also_person_id", pt.ID)
			} else {
				c.parts[pt.ID] = pt
			}
		}
		for _, id := range []string{pt.A, pt.B} {
			if !c.known(id) {
				c.err(id, "err.genogram.partnership_refers_to_unknown_person", pt.ID, id)
			}
		}
		if pt.A == pt.B && pt.A != "" {
			c.err(pt.A, "err.genogram.cannot_be_their_own_partner", pt.A)
		}
		if pt.Kind != "" && !pt.Kind.Valid() {
			c.err("", "err.genogram.unknown_partnership_kind", string(pt.Kind))
		}
		if !validYear(pt.StartYear) || !validYear(pt.EndYear) {
			c.err("", "err.genogram.impossible_year_in_partnership", pt.ID)
		} else if pt.StartYear > 0 && pt.EndYear > 0 && pt.EndYear < pt.StartYear {
			c.warn("", "err.genogram.partnership_ends_before_it_starts", pt.ID, pt.EndYear, pt.StartYear)
		}
	}
}

// child checks a parent-child line: the child, its kind, its parents and
// their ages at the birth.
func (c *checker) child(pc ParentChild) {
	if !c.known(pc.Child) {
		c.err(pc.Child, "err.genogram.parent_child_line_to_unknown_child", pc.Child)
		return
	}
	if pc.Kind != "" && !pc.Kind.Valid() {
		c.err(pc.Child, "err.genogram.unknown_parent_child_kind", string(pc.Kind))
	}
	var parents []string
	if pc.Partnership != "" {
		pt, ok := c.parts[pc.Partnership]
		if !ok {
			c.err(pc.Child, "err.genogram.child_refers_to_unknown_partnership", pc.Child, pc.Partnership)
			return
		}
		parents = []string{pt.A, pt.B}
	}
	for _, id := range []string{pc.Parent1, pc.Parent2} {
		if id == "" {
			continue
		}
		if !c.known(id) {
			c.err(pc.Child, "err.genogram.child_refers_to_unknown_parent", pc.Child, id)
			continue
		}
		parents = append(parents, id)
	}
	if len(parents) == 0 {
		c.err(pc.Child, "err.genogram.parent_child_line_of_has_no", pc.Child)
	}
	ch := c.byID[pc.Child]
	for _, pid := range parents {
		if pid == pc.Child {
			c.err(pc.Child, "err.genogram.cannot_be_their_own_parent", pc.Child)
			continue
		}
		p, ok := c.byID[pid]
		if !ok || p.BirthYear == 0 || ch.BirthYear == 0 {
			continue
		}
		if ch.BirthYear < p.BirthYear {
			c.warn(pc.Child, "err.genogram.was_born_before_parent", pc.Child, ch.BirthYear, pid, p.BirthYear)
		} else if (pc.Kind == "" || pc.Kind == Biological) && ch.BirthYear-p.BirthYear < minParentAge {
			c.warn(pc.Child, "err.genogram.parent_was_only_when_was_born", pid, ch.BirthYear-p.BirthYear, pc.Child)
		}
	}
}

// ties checks the persons and kind of every tie.
func (c *checker) ties() {
	for _, t := range c.g.Ties {
		if !c.known(t.A) || !c.known(t.B) {
			c.err(t.A, "err.genogram.tie_between_and_refers_to_unknown_2", t.A, t.B)
			continue
		}
		if t.A == t.B {
			c.err(t.A, "err.genogram.cannot_have_tie_with_themselves", t.A)
		}
		if !t.Kind.Valid() {
			c.err(t.A, "err.genogram.unknown_tie_kind", string(t.Kind))
		}
	}
}

// events checks the person, year and kind of every life event.
func (c *checker) events() {
	for _, ev := range c.g.Events {
		if !c.known(ev.Person) {
			c.err(ev.Person, "err.genogram.life_event_for_unknown_person", ev.Person)
		}
		if !validYear(ev.Year) {
			c.err(ev.Person, "err.genogram.impossible_year_in_life_event", ev.Year)
		}
		if !ev.Kind.Valid() {
			c.err(ev.Person, "err.genogram.unknown_life_event_kind", string(ev.Kind))
		}
	}
}

// households checks the members of every household and how many are the
// child's.
func (c *checker) households() {
	indexHH := 0
	for _, h := range c.g.Households {
		if h.Index {
			indexHH++
		}
		for _, m := range h.Members {
			if !c.known(m) {
				c.err(m, "err.genogram.household_contains_unknown_person", h.Label, m)
			}
		}
	}
	if indexHH > 1 {
		c.warn("", "err.genogram.households_are_marked_as_child_household", indexHH)
	}
}

// pinned checks the pinned positions: finite, in reach, of a known person.
func (c *checker) pinned() {
	for id, pt := range c.g.Pinned {
		if math.IsNaN(pt.X) || math.IsNaN(pt.Y) || math.IsInf(pt.X, 0) || math.IsInf(pt.Y, 0) || math.Abs(pt.X) > 1e7 || math.Abs(pt.Y) > 1e7 {
			c.err(id, "err.genogram.invalid_pinned_position_for", id)
		} else if !c.known(id) {
			c.warn(id, "err.genogram.pinned_position_for_unknown_person_is", id)
		}
	}
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

// The rules below check one item as a form sends it, before it is stored:
// its kind, its years and the length of its texts. Whether the persons it
// names belong to the case is for storage to check; the whole genogram is
// checked again after the change (Validate).

// Valid reports whether k is one of the partnership kinds.
func (k PartnershipKind) Valid() bool {
	switch k {
	case Married, LivingTogether, Separated, Divorced:
		return true
	}
	return false
}

// Valid reports whether k is one of the child kinds ("" is not: it is
// filled in as biological first).
func (k ChildKind) Valid() bool {
	switch k {
	case Biological, Foster, Adoptive, Step:
		return true
	}
	return false
}

// Valid reports whether k is one of the tie kinds.
func (k TieKind) Valid() bool {
	switch k {
	case TieClose, TieFused, TieDistant, TieConflict, TieHostile, TieCutoff, TieInformalCare:
		return true
	}
	return false
}

// Valid reports whether k is one of the life-event kinds.
func (k EventKind) Valid() bool {
	switch k {
	case EventDeath, EventMove, EventBreakup, EventOther:
		return true
	}
	return false
}

func tooLong(v string, n int) bool { return utf8.RuneCountInString(v) > n }

// Lengths of texts, in characters.
const (
	MaxOrganisation    = 120
	MaxNote            = 200 // of a tie and of a life event
	MaxHouseholdLabel  = 80
	MaxGoal            = 300
	MaxStakeholder     = 80
	MaxStakeholderRole = 120
)

func errYear() error {
	return rotonde.E(rotonde.EInvalid, "err.sqldb.year_lies_between_and_or_stays", MinYear, MaxYear)
}

func errNoteTooLong() error {
	return rotonde.E(rotonde.EInvalid, "err.sqldb.note_is_too_long_at_most")
}

// Validate trims and checks a person: an alias, a known sex ("" becomes
// unknown) and possible years. A death year marks the person deceased.
func (p *Person) Validate() error {
	p.Alias = strings.TrimSpace(p.Alias)
	p.Organisation = strings.TrimSpace(p.Organisation)
	if p.Sex == "" {
		p.Sex = SexUnknown
	}
	switch {
	case p.Alias == "":
		return rotonde.E(rotonde.EInvalid, "err.sqldb.give_person_alias_such_as_oma")
	case tooLong(p.Alias, MaxAlias) || tooLong(p.Organisation, MaxOrganisation):
		return rotonde.E(rotonde.EInvalid, "err.sqldb.name_is_too_long")
	}
	switch p.Sex {
	case SexMale, SexFemale, SexOther, SexUnknown:
	default:
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_male_female_other_or_unknown")
	}
	if !validYear(p.BirthYear) || !validYear(p.DeathYear) {
		return errYear()
	}
	if p.DeathYear > 0 {
		p.Deceased = true
	}
	return nil
}

func twoPersons(a, b string) error {
	if a == b {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_two_different_persons")
	}
	return nil
}

// Validate checks a partnership: its kind, its years and two different persons.
func (pt *Partnership) Validate() error {
	if !pt.Kind.Valid() {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_kind_of_partnership")
	}
	if !validYear(pt.StartYear) || !validYear(pt.EndYear) {
		return errYear()
	}
	return twoPersons(pt.A, pt.B)
}

// Validate checks a parent-child line ("" kind becomes biological): it
// comes from a partnership or from one or two parents.
func (pc *ParentChild) Validate() error {
	if pc.Kind == "" {
		pc.Kind = Biological
	}
	if !pc.Kind.Valid() {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_kind_of_child_tie")
	}
	if pc.Partnership == "" && pc.Parent1 == "" && pc.Parent2 == "" {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_parents_or_partnership_child_comes")
	}
	return nil
}

// CheckParents checks a child against its parents as storage resolved
// them (the zero ID for no parent): a child is not its own parent, and two
// parents are two different persons.
func CheckParents[ID comparable](child, parent1, parent2 ID) error {
	var none ID
	if child == parent1 || child == parent2 || (parent1 != none && parent1 == parent2) {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.child_cannot_be_its_own_parent")
	}
	return nil
}

// Validate trims and checks a tie: its kind, its note and two different persons.
func (t *Tie) Validate() error {
	t.Note = strings.TrimSpace(t.Note)
	if !t.Kind.Valid() {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_kind_of_tie")
	}
	if tooLong(t.Note, MaxNote) {
		return errNoteTooLong()
	}
	return twoPersons(t.A, t.B)
}

// Validate trims and checks a life event: its kind, its year and its note.
func (e *LifeEvent) Validate() error {
	e.Note = strings.TrimSpace(e.Note)
	if !e.Kind.Valid() {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_kind_of_event")
	}
	if !validYear(e.Year) {
		return errYear()
	}
	if tooLong(e.Note, MaxNote) {
		return errNoteTooLong()
	}
	return nil
}

// Validate trims and checks a household: its name and at least one member.
func (h *Household) Validate() error {
	h.Label = strings.TrimSpace(h.Label)
	if tooLong(h.Label, MaxHouseholdLabel) {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.household_name_is_too_long")
	}
	if len(h.Members) == 0 {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_who_lives_in_household")
	}
	return nil
}

// MaxPin bounds a pinned coordinate: far outside any real drawing, small
// enough that a tampered request cannot blow up the layout.
const MaxPin = 20000.0

func pinOK(x, y float64) bool {
	return !math.IsNaN(x) && !math.IsNaN(y) && math.Abs(x) <= MaxPin && math.Abs(y) <= MaxPin
}

// ValidatePin checks a position a person is pinned at.
func ValidatePin(x, y float64) error {
	if !pinOK(x, y) {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.this_position_lies_outside_drawing")
	}
	return nil
}

// CleanGoal trims and checks the goal in the centre of a force field.
func CleanGoal(goal string) (string, error) {
	goal = strings.TrimSpace(goal)
	if tooLong(goal, MaxGoal) {
		return "", rotonde.E(rotonde.EInvalid, "err.sqldb.goal_is_too_long_at_most")
	}
	return goal, nil
}

// Validate trims and checks a stakeholder of the force field: a name,
// texts within bounds, influence 1 to 5 and stance -2 to +2.
func (s *Stakeholder) Validate() error {
	s.Name, s.Role, s.Note = strings.TrimSpace(s.Name), strings.TrimSpace(s.Role), strings.TrimSpace(s.Note)
	switch {
	case s.Name == "":
		return rotonde.E(rotonde.EInvalid, "err.sqldb.give_stakeholder_name_such_as_wijkteam")
	case tooLong(s.Name, MaxStakeholder) || tooLong(s.Role, MaxStakeholderRole) || tooLong(s.Note, MaxNote):
		return rotonde.E(rotonde.EInvalid, "err.rotonde.one_of_fields_is_too_long")
	case s.Influence < 1 || s.Influence > 5:
		return rotonde.E(rotonde.EInvalid, "err.sqldb.influence_is_1_to_5")
	case s.Stance < -2 || s.Stance > 2:
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_stance_from_strongly_opposed_to")
	}
	return nil
}

// ValidateImport checks a whole genogram that is to replace a case's (an
// import): it must pass Validate, and every person must pass the checks a
// form's person gets; the first one that does not is named.
func (g *Genogram) ValidateImport() error {
	if _, err := g.Validate(); err != nil {
		return err
	}
	for i := range g.Persons {
		p := g.Persons[i]
		if err := p.Validate(); err != nil {
			return rotonde.E(rotonde.EInvalid, "err.sqldb.person", i+1, runes.Cut(g.Persons[i].ID, 20), rotonde.UserText(err))
		}
	}
	return nil
}

// ForImport returns a copy of an imported genogram (one that passed
// ValidateImport) as it is stored: persons trimmed as a form's, unknown
// kinds replaced by the plainest one (living together, biological, other)
// or, for ties, left out; notes and household names cut to their maximum;
// pins outside the drawing dropped. g itself is not changed.
func (g *Genogram) ForImport() *Genogram {
	out := *g
	out.Persons = make([]Person, len(g.Persons))
	for i, p := range g.Persons {
		_ = p.Validate()
		out.Persons[i] = p
	}
	out.Pinned = make(map[string]Point, len(g.Pinned))
	for id, pin := range g.Pinned {
		if math.Abs(pin.X) <= MaxPin && math.Abs(pin.Y) <= MaxPin {
			out.Pinned[id] = pin
		}
	}
	out.Partnerships = make([]Partnership, len(g.Partnerships))
	for i, pt := range g.Partnerships {
		if !pt.Kind.Valid() {
			pt.Kind = LivingTogether
		}
		out.Partnerships[i] = pt
	}
	out.Children = make([]ParentChild, len(g.Children))
	for i, pc := range g.Children {
		if !pc.Kind.Valid() {
			pc.Kind = Biological
		}
		out.Children[i] = pc
	}
	out.Ties = nil
	for _, t := range g.Ties {
		if t.Kind.Valid() {
			t.Note = runes.Cut(t.Note, MaxNote)
			out.Ties = append(out.Ties, t)
		}
	}
	out.Events = make([]LifeEvent, len(g.Events))
	for i, e := range g.Events {
		if !e.Kind.Valid() {
			e.Kind = EventOther
		}
		e.Note = runes.Cut(e.Note, MaxNote)
		out.Events[i] = e
	}
	out.Households = make([]Household, len(g.Households))
	for i, h := range g.Households {
		h.Label = runes.Cut(h.Label, MaxHouseholdLabel)
		out.Households[i] = h
	}
	return &out
}
