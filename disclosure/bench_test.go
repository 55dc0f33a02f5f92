package disclosure_test

import (
	"math/rand/v2"
	"testing"

	"github.com/rotonde-jeugd/rotonde/disclosure"
)

// BenchmarkProtectRegion protects a region of twelve municipalities with
// the network view's four tables.
func BenchmarkProtectRegion(b *testing.B) {
	grids := regionGrids(rand.New(rand.NewPCG(7, 8)), 12)
	for b.Loop() {
		disclosure.ProtectGrids(grids, minCount)
	}
}
