package timeline

import (
	"testing"
	"time"
)

func TestEpochDayMatchesTime(t *testing.T) {
	for y := 1899; y <= 2101; y++ {
		for m := 0; m <= 13; m++ {
			for _, d := range []int{0, 1, 15, 28, 29, 31} {
				want := int(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
				if got := epochDay(y, m, d); got != want {
					t.Fatalf("epochDay(%d,%d,%d) = %d, want %d", y, m, d, got, want)
				}
			}
		}
	}
}
