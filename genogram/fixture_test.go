package genogram

// StepfamilyFixture and ForceFieldFixture give the tests the demo's
// stepfamily and force field: a realistic family with every kind of
// relation, tie and household. Package demo holds them and imports
// genogram, so fixture_link_test.go (package genogram_test) sets these
// before any test runs instead of this package importing demo.
var (
	StepfamilyFixture func() *Genogram
	ForceFieldFixture func() *ForceField
)
