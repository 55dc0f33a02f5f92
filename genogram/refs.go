package genogram

import "strconv"

// Stored genogram items are identified in the drawing model by text IDs: a
// letter for the kind and the row id ("p12" person, "r3" partnership, "h2"
// household, "s7" stakeholder). Person and partnership IDs must never
// collide, which the letters guarantee.

// PersonRef returns the model ID of a stored person.
func PersonRef(id int64) string { return "p" + strconv.FormatInt(id, 10) }

// PartnershipRef returns the model ID of a stored partnership.
func PartnershipRef(id int64) string { return "r" + strconv.FormatInt(id, 10) }

// HouseholdRef returns the model ID of a stored household.
func HouseholdRef(id int64) string { return "h" + strconv.FormatInt(id, 10) }

// StakeholderRef returns the model ID of a stored stakeholder.
func StakeholderRef(id int64) string { return "s" + strconv.FormatInt(id, 10) }

// ParseRef reads a model ID with the given letter; 0 when it is not one.
func ParseRef(letter byte, ref string) int64 {
	if len(ref) < 2 || ref[0] != letter {
		return 0
	}
	return rowID(ref[1:])
}

// RowID reads a row id from a form value: a person, partnership or
// household ID ("p12", "r3", "h2") or a plain number ("7"); 0 when it is
// none of these.
func RowID(v string) int64 {
	for len(v) > 0 && (v[0] == 'p' || v[0] == 'r' || v[0] == 'h') {
		v = v[1:]
	}
	return rowID(v)
}

func rowID(s string) int64 {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

// The kinds forms offer, in the order they show them; storage accepts these
// and no others.
var (
	PartnershipKinds = []PartnershipKind{Married, LivingTogether, Separated, Divorced}
	ChildKinds       = []ChildKind{Biological, Foster, Adoptive, Step}
	TieKinds         = []TieKind{TieClose, TieFused, TieDistant, TieConflict, TieHostile, TieCutoff, TieInformalCare}
	EventKinds       = []EventKind{EventDeath, EventMove, EventBreakup, EventOther}
)
