package genogram

import "testing"

func TestRefsRoundTrip(t *testing.T) {
	for _, c := range []struct {
		ref    string
		letter byte
		id     int64
	}{
		{PersonRef(12), 'p', 12}, {PartnershipRef(3), 'r', 3}, {HouseholdRef(2), 'h', 2}, {StakeholderRef(7), 's', 7},
		{"p12", 'r', 0}, {"p", 'p', 0}, {"p-1", 'p', 0}, {"px", 'p', 0},
	} {
		if got := ParseRef(c.letter, c.ref); got != c.id {
			t.Errorf("ParseRef(%q, %q) = %d, want %d", c.letter, c.ref, got, c.id)
		}
	}
}

func TestRowID(t *testing.T) {
	for v, want := range map[string]int64{"p12": 12, "r3": 3, "h2": 2, "7": 7, "": 0, "s7": 0, "p0": 0, "x1": 0, "p1a": 0} {
		if got := RowID(v); got != want {
			t.Errorf("RowID(%q) = %d, want %d", v, got, want)
		}
	}
}
