package genogram

import (
	"math"
	"strings"
	"unicode/utf8"

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

// truncateRunes cuts v to at most n characters.
func truncateRunes(v string, n int) string {
	r := []rune(v)
	if len(r) <= n {
		return v
	}
	return string(r[:n])
}

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
	return rotonde.Errorf(rotonde.EInvalid, "Een jaar ligt tussen %d en %d (of blijft leeg).", "A year lies between %d and %d (or stays empty).", MinYear, MaxYear)
}

func errNoteTooLong() error {
	return rotonde.Errorf(rotonde.EInvalid, "De toelichting is te lang (hoogstens 200 tekens).", "The note is too long (at most 200 characters).")
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
		return rotonde.Errorf(rotonde.EInvalid, "Geef de persoon een schuilnaam, zoals \"oma (mz)\".", "Give the person an alias, such as \"oma (mz)\".")
	case tooLong(p.Alias, MaxAlias) || tooLong(p.Organisation, MaxOrganisation):
		return rotonde.Errorf(rotonde.EInvalid, "De naam is te lang.", "The name is too long.")
	}
	switch p.Sex {
	case SexMale, SexFemale, SexOther, SexUnknown:
	default:
		return rotonde.Errorf(rotonde.EInvalid, "Kies man, vrouw, anders of onbekend.", "Choose male, female, other or unknown.")
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
		return rotonde.Errorf(rotonde.EInvalid, "Kies twee verschillende personen.", "Choose two different persons.")
	}
	return nil
}

// Validate checks a partnership: its kind, its years and two different persons.
func (pt *Partnership) Validate() error {
	if !pt.Kind.Valid() {
		return rotonde.Errorf(rotonde.EInvalid, "Kies het soort relatie.", "Choose the kind of partnership.")
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
		return rotonde.Errorf(rotonde.EInvalid, "Kies het soort kindrelatie.", "Choose the kind of child tie.")
	}
	if pc.Partnership == "" && pc.Parent1 == "" && pc.Parent2 == "" {
		return rotonde.Errorf(rotonde.EInvalid, "Kies de ouders of de relatie waaruit het kind komt.", "Choose the parents or the partnership the child comes from.")
	}
	return nil
}

// CheckParents checks a child against its parents as storage resolved
// them (the zero ID for no parent): a child is not its own parent, and two
// parents are two different persons.
func CheckParents[ID comparable](child, parent1, parent2 ID) error {
	var none ID
	if child == parent1 || child == parent2 || (parent1 != none && parent1 == parent2) {
		return rotonde.Errorf(rotonde.EInvalid, "Een kind kan niet zijn eigen ouder zijn, en de twee ouders zijn verschillend.", "A child cannot be its own parent, and the two parents differ.")
	}
	return nil
}

// Validate trims and checks a tie: its kind, its note and two different persons.
func (t *Tie) Validate() error {
	t.Note = strings.TrimSpace(t.Note)
	if !t.Kind.Valid() {
		return rotonde.Errorf(rotonde.EInvalid, "Kies het soort band.", "Choose the kind of tie.")
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
		return rotonde.Errorf(rotonde.EInvalid, "Kies het soort gebeurtenis.", "Choose the kind of event.")
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
		return rotonde.Errorf(rotonde.EInvalid, "De naam van het huishouden is te lang.", "The household's name is too long.")
	}
	if len(h.Members) == 0 {
		return rotonde.Errorf(rotonde.EInvalid, "Kies wie er in het huishouden wonen.", "Choose who lives in the household.")
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
		return rotonde.Errorf(rotonde.EInvalid, "Deze positie ligt buiten de tekening.", "This position lies outside the drawing.")
	}
	return nil
}

// CleanGoal trims and checks the goal in the centre of a force field.
func CleanGoal(goal string) (string, error) {
	goal = strings.TrimSpace(goal)
	if tooLong(goal, MaxGoal) {
		return "", rotonde.Errorf(rotonde.EInvalid, "Het doel is te lang (hoogstens 300 tekens).", "The goal is too long (at most 300 characters).")
	}
	return goal, nil
}

// Validate trims and checks a stakeholder of the force field: a name,
// texts within bounds, influence 1 to 5 and stance -2 to +2.
func (s *Stakeholder) Validate() error {
	s.Name, s.Role, s.Note = strings.TrimSpace(s.Name), strings.TrimSpace(s.Role), strings.TrimSpace(s.Note)
	switch {
	case s.Name == "":
		return rotonde.Errorf(rotonde.EInvalid, "Geef de belanghebbende een naam, zoals \"wijkteam\" of \"moeder\".", "Give the stakeholder a name, such as \"wijkteam\" or \"moeder\".")
	case tooLong(s.Name, MaxStakeholder) || tooLong(s.Role, MaxStakeholderRole) || tooLong(s.Note, MaxNote):
		return rotonde.Errorf(rotonde.EInvalid, "Een van de velden is te lang.", "One of the fields is too long.")
	case s.Influence < 1 || s.Influence > 5:
		return rotonde.Errorf(rotonde.EInvalid, "Invloed is 1 tot en met 5.", "Influence is 1 to 5.")
	case s.Stance < -2 || s.Stance > 2:
		return rotonde.Errorf(rotonde.EInvalid, "Kies een houding van sterk tegen tot sterk voor.", "Choose a stance from strongly opposed to strongly supportive.")
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
			return rotonde.Errorf(rotonde.EInvalid, "Persoon %d (%s): %s", "Person %d (%s): %s", i+1, truncateRunes(g.Persons[i].ID, 20), rotonde.UserMessage(err, "nl"))
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
			t.Note = truncateRunes(t.Note, MaxNote)
			out.Ties = append(out.Ties, t)
		}
	}
	out.Events = make([]LifeEvent, len(g.Events))
	for i, e := range g.Events {
		if !e.Kind.Valid() {
			e.Kind = EventOther
		}
		e.Note = truncateRunes(e.Note, MaxNote)
		out.Events[i] = e
	}
	out.Households = make([]Household, len(g.Households))
	for i, h := range g.Households {
		h.Label = truncateRunes(h.Label, MaxHouseholdLabel)
		out.Households[i] = h
	}
	return &out
}
