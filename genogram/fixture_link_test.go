package genogram_test

import (
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/genogram"
)

func init() {
	genogram.StepfamilyFixture = demo.Stepfamily
	genogram.ForceFieldFixture = demo.ForceField
}
