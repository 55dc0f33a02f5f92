package tension

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"strconv"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// Spread is the anonymous spread of one field in one group of placements.
// When Shown is false it holds the count only.
type Spread struct {
	FieldKey string
	N        int
	Shown    bool
	// Positions are sorted ascending: their order says nothing about who
	// placed them or when.
	Positions []int
	Median    float64
	Min, Max  int
	// Jitter holds a vertical offset in [-1, 1] per position, derived from
	// the values alone (see jitter).
	Jitter []float64
}

// ComputeSpread applies the minimum: fewer than MinGroup values give a
// count without positions.
func ComputeSpread(field string, values []int) Spread {
	s := Spread{FieldKey: field, N: len(values)}
	if len(values) < MinGroup {
		return s
	}
	v := slices.Clone(values)
	slices.Sort(v)
	s.Shown = true
	s.Positions = v
	s.Min, s.Max = v[0], v[len(v)-1]
	s.Median = median(v)
	s.Jitter = jitter(field, v)
	return s
}

// median of sorted values.
func median(v []int) float64 {
	n := len(v)
	if n%2 == 1 {
		return float64(v[n/2])
	}
	return float64(v[n/2-1]+v[n/2]) / 2
}

// jitter spreads dots vertically so equal positions stay visible. The offset
// of a dot is a hash of the field, its value and its rank among equal values:
// a function of the multiset of values only, never of who placed it or in
// which order.
func jitter(field string, sorted []int) []float64 {
	out := make([]float64, len(sorted))
	rank := 0
	for i, v := range sorted {
		if i > 0 && sorted[i-1] == v {
			rank++
		} else {
			rank = 0
		}
		h := sha256.Sum256([]byte(field + "\x1f" + strconv.Itoa(v) + "\x1f" + strconv.Itoa(rank)))
		u := float64(binary.BigEndian.Uint32(h[:4])) / float64(^uint32(0)) // [0, 1]
		out[i] = u*2 - 1
	}
	return out
}

// RoleGroup is a group of network roles compared side by side.
type RoleGroup string

const (
	RoleGroupProfessionals  RoleGroup = "professionals" // professionals and facilitators
	RoleGroupAdministrators RoleGroup = "administrators"
	RoleGroupPolicy         RoleGroup = "policy"
	RoleGroupFamily         RoleGroup = "family"
	RoleGroupOther          RoleGroup = "other" // researchers, and groups merged to protect small ones
)

// RoleGroups lists the groups in display order.
var RoleGroups = []RoleGroup{RoleGroupProfessionals, RoleGroupAdministrators, RoleGroupPolicy, RoleGroupFamily, RoleGroupOther}

// RoleGroupOf maps a network role to its comparison group.
func RoleGroupOf(r rotonde.Role) RoleGroup {
	switch r {
	case rotonde.RoleProfessional, rotonde.RoleFacilitator:
		return RoleGroupProfessionals
	case rotonde.RoleAdministrator:
		return RoleGroupAdministrators
	case rotonde.RolePolicyOfficer:
		return RoleGroupPolicy
	case rotonde.RoleFamily:
		return RoleGroupFamily
	}
	return RoleGroupOther
}

// RoleSpread is the spread of one role group on one field.
type RoleSpread struct {
	Group RoleGroup
	// Merged lists the groups folded into "other" to protect a small group.
	Merged []RoleGroup
	Spread
}

// CompareRoles splits one field's values by role group. Each group shown
// has at least MinGroup values. A group below the minimum is folded into
// "other"; when that leaves "other" itself between 1 and MinGroup-1, the
// smallest shown group is folded in too (complementary suppression): else the
// withheld values could be read off as the difference between the whole
// spread and the groups shown.
func CompareRoles(field string, byRole map[RoleGroup][]int) []RoleSpread {
	type bucket struct {
		g    RoleGroup
		vals []int
	}
	var shown []bucket
	var other []int
	var merged []RoleGroup
	for _, g := range RoleGroups {
		v := byRole[g]
		if len(v) == 0 {
			continue
		}
		if g == RoleGroupOther || len(v) < MinGroup {
			other = append(other, v...)
			if g != RoleGroupOther {
				merged = append(merged, g)
			}
			continue
		}
		shown = append(shown, bucket{g, v})
	}
	for len(other) > 0 && len(other) < MinGroup && len(shown) > 0 {
		// Fold the smallest shown group in (the last of equal size, so the
		// order of RoleGroups decides deterministically).
		small := 0
		for i, b := range shown {
			if len(b.vals) <= len(shown[small].vals) {
				small = i
			}
		}
		other = append(other, shown[small].vals...)
		merged = append(merged, shown[small].g)
		shown = slices.Delete(shown, small, small+1)
	}
	var out []RoleSpread
	for _, b := range shown {
		out = append(out, RoleSpread{Group: b.g, Spread: ComputeSpread(field, b.vals)})
	}
	if len(other) > 0 {
		slices.SortFunc(merged, func(a, b RoleGroup) int { return slices.Index(RoleGroups, a) - slices.Index(RoleGroups, b) })
		out = append(out, RoleSpread{Group: RoleGroupOther, Merged: merged, Spread: ComputeSpread(field, other)})
	}
	return out
}

// RoundSpread is one round's spread of one field, for a trend over time.
type RoundSpread struct {
	Round *Round
	Spread
}
