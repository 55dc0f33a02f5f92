package tension

import "testing"

func benchValues(n int) []int {
	v := make([]int, n)
	for i := range v {
		v[i] = (i * 37) % 101
	}
	return v
}

func BenchmarkComputeSpread40(b *testing.B) {
	v := benchValues(40)
	for b.Loop() {
		ComputeSpread("makeable", v)
	}
}

func BenchmarkCompareRoles40(b *testing.B) {
	v := benchValues(40)
	by := map[RoleGroup][]int{RoleGroupProfessionals: v[:25], RoleGroupAdministrators: v[25:32], RoleGroupPolicy: v[32:38], RoleGroupFamily: v[38:]}
	for b.Loop() {
		CompareRoles("makeable", by)
	}
}

func BenchmarkTrendSVG12Rounds(b *testing.B) {
	v := benchValues(40)
	c := Chart{Label: "trend", Connect: true}
	for range 12 {
		c.Rows = append(c.Rows, RowOf("ronde", ComputeSpread("makeable", v), "nog te weinig"))
	}
	for b.Loop() {
		_ = c.SVG()
	}
}
