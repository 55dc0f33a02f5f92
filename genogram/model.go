// Package genogram holds the geno-sociogram of a case (werkkaart 4): persons
// over generations, family ties, social and emotional ties, life events and
// households, plus an optional overlay of professionals. It lays the drawing
// out automatically in standard genogram notation (McGoldrick–Gerson),
// renders it as SVG, reads and writes GEDCOM 5.5.1 and draws the force-field
// (krachtenveld) of a stalled collaboration.
//
// The package is pure: no database, no HTTP, no global state.
package genogram

// Sex is drawn as the symbol shape: square, circle or diamond.
type Sex string

const (
	SexMale    Sex = "m" // square
	SexFemale  Sex = "v" // circle (vrouw)
	SexOther   Sex = "x" // diamond
	SexUnknown Sex = "unknown"
)

// Person is one symbol in the drawing. Years are 0 when unknown.
type Person struct {
	ID        string
	Alias     string // pseudonym, e.g. "Noor (15)", "oma (m)"
	Sex       Sex    // "" counts as unknown
	BirthYear int
	DeathYear int
	Deceased  bool // also true when DeathYear > 0
	Index     bool // the child the case is about (double outline)
	// Professional persons are not family: they are drawn only in the
	// professionals overlay, as their own symbol with the organisation.
	Professional bool
	Organisation string
	// GEDCOM keeps what an imported file said beyond the drawing (its
	// XREF, the name's parts, full dates, places, a note), so that an
	// export gives it back; nil for persons made in Rotonde.
	GEDCOM *GEDCOMPerson
}

// IsDeceased reports whether the person is drawn with a cross.
func (p Person) IsDeceased() bool { return p.Deceased || p.DeathYear > 0 }

// PartnershipKind is drawn on the partner line: plain, dashed, one slash
// (separated) or two slashes (divorced).
type PartnershipKind string

const (
	Married        PartnershipKind = "married"
	LivingTogether PartnershipKind = "living_together"
	Separated      PartnershipKind = "separated"
	Divorced       PartnershipKind = "divorced"
)

// Partnership joins two persons of (normally) the same generation.
type Partnership struct {
	ID        string
	A, B      string // person IDs; by convention A is drawn left when possible
	Kind      PartnershipKind
	StartYear int
	EndYear   int
	GEDCOM    *GEDCOMFamily // what an imported FAM said; nil otherwise
}

// ChildKind is the style of the line from parents to child.
type ChildKind string

const (
	Biological ChildKind = "biological" // solid
	Foster     ChildKind = "foster"     // long dashes
	Adoptive   ChildKind = "adoptive"   // short dashes
	Step       ChildKind = "step"       // dash-dot
)

// ParentChild links a child to its parents: either a Partnership (by ID) or
// one or two parents directly. Two parents without a partnership get an
// implicit, thin partner line so that the child still hangs from both.
type ParentChild struct {
	Child       string
	Partnership string
	Parent1     string
	Parent2     string
	Kind        ChildKind // "" counts as biological
}

// TieKind is an emotional or social tie, drawn in the usual genogram styles.
type TieKind string

const (
	TieClose        TieKind = "close"         // double line
	TieFused        TieKind = "fused"         // triple line
	TieDistant      TieKind = "distant"       // dashed
	TieConflict     TieKind = "conflict"      // zigzag
	TieHostile      TieKind = "hostile"       // zigzag over a straight line
	TieCutoff       TieKind = "cutoff"        // line broken by a gap between two bars
	TieInformalCare TieKind = "informal_care" // dotted arrow from carer A to cared-for B
)

// Tie is a social or emotional tie between any two persons, professionals included.
type Tie struct {
	A, B string
	Kind TieKind
	Note string
}

// EventKind classifies a life event.
type EventKind string

const (
	EventDeath   EventKind = "death"
	EventMove    EventKind = "move"
	EventBreakup EventKind = "breakup"
	EventOther   EventKind = "other"
)

// LifeEvent is shown as a short line under the person's label.
type LifeEvent struct {
	Person string
	Year   int
	Kind   EventKind
	Note   string
}

// Household groups the persons living together; the index household (where
// the index child lives) is drawn with a solid outline, others dashed.
type Household struct {
	ID      string
	Label   string
	Members []string
	Index   bool
}

// Point is a position in SVG user units.
type Point struct{ X, Y float64 }

// Genogram is everything that is drawn. Pinned holds the manual drag
// adjustments: the centre of the person's symbol. The layout keeps pinned
// persons exactly where they are and moves the others out of their way.
type Genogram struct {
	Persons      []Person
	Partnerships []Partnership
	Children     []ParentChild
	Ties         []Tie
	Events       []LifeEvent
	Households   []Household
	Pinned       map[string]Point
}

// PersonByID returns the person with the given ID.
func (g *Genogram) PersonByID(id string) (Person, bool) {
	for _, p := range g.Persons {
		if p.ID == id {
			return p, true
		}
	}
	return Person{}, false
}
