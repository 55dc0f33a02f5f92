package genogram

import (
	"regexp"
	"strconv"
	"testing"
)

// The ages in the demo's aliases agree with the birth years in the year the
// demo is set in: "Noor (15)" is not born in 2010.
func TestDemoAgesMatchBirthYears(t *testing.T) {
	age := regexp.MustCompile(`\((\d+)\)$`)
	n := 0
	for _, p := range DemoStepfamily().Persons {
		m := age.FindStringSubmatch(p.Alias)
		if m == nil {
			continue
		}
		n++
		if a, _ := strconv.Atoi(m[1]); p.BirthYear == 0 || DemoYear-p.BirthYear != a {
			t.Errorf("%s is born in %d: %d years old in %d", p.Alias, p.BirthYear, DemoYear-p.BirthYear, DemoYear)
		}
	}
	if n < 5 {
		t.Errorf("only %d aliases with an age", n)
	}
}
