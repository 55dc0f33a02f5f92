package tension

import (
	"slices"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

func TestSpreadMinimum(t *testing.T) {
	for n := 0; n < MinGroup; n++ {
		s := ComputeSpread("makeable", make([]int, n))
		if s.Shown || s.Positions != nil || s.N != n {
			t.Errorf("%d values: %+v", n, s)
		}
	}
	s := ComputeSpread("makeable", []int{80, 10, 40})
	if !s.Shown || !slices.Equal(s.Positions, []int{10, 40, 80}) || s.Median != 40 || s.Min != 10 || s.Max != 80 {
		t.Errorf("three values: %+v", s)
	}
	if s := ComputeSpread("x", []int{10, 20, 30, 41}); s.Median != 25 {
		t.Errorf("even median %v", s.Median)
	}
}

// Jitter and order depend on the values only: the same multiset in any
// order (any order of user ids or of placing) gives the same picture.
func TestSpreadIsIndependentOfInputOrder(t *testing.T) {
	a := ComputeSpread("we-squared", []int{50, 50, 20, 90, 50})
	b := ComputeSpread("we-squared", []int{90, 50, 20, 50, 50})
	if !slices.Equal(a.Positions, b.Positions) || !slices.Equal(a.Jitter, b.Jitter) {
		t.Fatalf("order leaks: %+v vs %+v", a, b)
	}
	if a.Jitter[1] == a.Jitter[2] && a.Jitter[2] == a.Jitter[3] {
		t.Errorf("equal positions get the same jitter: %v", a.Jitter)
	}
	for _, j := range a.Jitter {
		if j < -1 || j > 1 {
			t.Errorf("jitter %v out of range", j)
		}
	}
}

func TestCompareRolesSuppressesSmallGroupsAndTheirComplement(t *testing.T) {
	total := func(rs []RoleSpread) int {
		n := 0
		for _, r := range rs {
			n += r.N
		}
		return n
	}
	// 3 professionals and 1 administrator: showing the professionals alone
	// would give away the administrator as the difference with the whole.
	rs := CompareRoles("f", map[RoleGroup][]int{RoleGroupProfessionals: {10, 20, 30}, RoleGroupAdministrators: {90}})
	if len(rs) != 1 || rs[0].Group != RoleGroupOther || rs[0].N != 4 || !slices.Equal(rs[0].Merged, []RoleGroup{RoleGroupProfessionals, RoleGroupAdministrators}) {
		t.Fatalf("got %+v", rs)
	}
	// 4 professionals, 3 policy, 1 family: family folds into other with the
	// smallest shown group (policy).
	rs = CompareRoles("f", map[RoleGroup][]int{RoleGroupProfessionals: {1, 2, 3, 4}, RoleGroupPolicy: {5, 6, 7}, RoleGroupFamily: {8}})
	if len(rs) != 2 || rs[0].Group != RoleGroupProfessionals || rs[1].Group != RoleGroupOther || rs[1].N != 4 || total(rs) != 8 {
		t.Fatalf("got %+v", rs)
	}
	// Every group that is shown has at least the minimum.
	rs = CompareRoles("f", map[RoleGroup][]int{RoleGroupProfessionals: {1, 2, 3}, RoleGroupAdministrators: {4, 5, 6}, RoleGroupPolicy: {7, 8, 9}})
	if len(rs) != 3 || total(rs) != 9 {
		t.Fatalf("got %+v", rs)
	}
	for _, r := range rs {
		if !r.Shown || r.N < MinGroup {
			t.Errorf("group %s shown with %d", r.Group, r.N)
		}
	}
	// Only 2 in all: nothing is shown.
	rs = CompareRoles("f", map[RoleGroup][]int{RoleGroupProfessionals: {1}, RoleGroupFamily: {2}})
	if len(rs) != 1 || rs[0].Shown {
		t.Fatalf("got %+v", rs)
	}
}

func TestValidation(t *testing.T) {
	known := func(k string) bool { return k == "makeable" }
	for _, pos := range []int{-1, 101, 1000} {
		p := Placement{FieldKey: "makeable", Position: pos}
		if err := p.Validate(known); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("position %d: %v", pos, err)
		}
	}
	p := Placement{FieldKey: "onbekend", Position: 50}
	if err := p.Validate(known); err == nil || !strings.Contains(err.(*rotonde.Error).Message("nl"), "Onbekend") {
		t.Errorf("unknown field: %v", err)
	}
	p = Placement{FieldKey: "makeable", Position: 0, Context: strings.Repeat("a", MaxContext+1)}
	if err := p.Validate(known); err == nil {
		t.Error("long context accepted")
	}
	r := Round{Name: "r", CaseID: 1, GroupID: 2, Fields: []string{"makeable"}}
	if err := r.Validate(known); err == nil {
		t.Error("round with case and group accepted")
	}
	r = Round{Name: "r", GroupID: 2, Fields: []string{"makeable", "makeable"}}
	if err := r.Validate(known); err == nil {
		t.Error("duplicate field accepted")
	}
	if !RoundOpen.CanMoveTo(RoundRevealed) || RoundRevealed.CanMoveTo(RoundOpen) || RoundClosed.CanMoveTo(RoundRevealed) {
		t.Error("state machine")
	}
}

func TestChartSVG(t *testing.T) {
	c := Chart{Label: "Spreiding <x>", Connect: true, Rows: []Row{
		RowOf("ronde 1", ComputeSpread("f", []int{10, 50, 90}), "nog te weinig plaatsingen om te tonen"),
		RowOf("ronde 2", ComputeSpread("f", []int{10, 50}), "nog te weinig plaatsingen om te tonen"),
		RowOf("ronde 3", ComputeSpread("f", []int{60, 70, 80, 90}), "nog te weinig plaatsingen om te tonen"),
	}}
	svg := c.SVG()
	if n := strings.Count(svg, "<circle"); n != 7 {
		t.Errorf("%d dots, want 7", n)
	}
	if strings.Count(svg, `class="median"`) != 2 || !strings.Contains(svg, "nog te weinig plaatsingen om te tonen") || !strings.Contains(svg, "polyline") {
		t.Errorf("svg: %s", svg)
	}
	if strings.Contains(svg, "<x>") {
		t.Error("label not escaped")
	}
}
