package demo

import (
	"math"
	"time"

	"github.com/rotonde-jeugd/rotonde/knowledge"
)

// The region's common threads have a history: the learning network began
// some quarters ago, and people shared more as it grew. Dilemmas came
// somewhat earlier, insights somewhat later, as the network learned from
// them; so the synthesis and the network view show movement over time.

// historyQuarters is how many quarters, the current one included, the
// region's shared records span.
const historyQuarters = 7

// sharedAt dates the i-th of n shared records of a kind: in one of the
// last historyQuarters quarters before now, later quarters holding more,
// and never after now.
func sharedAt(now time.Time, i, n int, kind knowledge.Kind) time.Time {
	q := min(historyQuarters-1, int(historyQuarters*math.Sqrt((float64(i)+0.5)/float64(n))))
	switch {
	case kind == knowledge.KindInsight && i%2 == 0:
		q = min(historyQuarters-1, q+1)
	case kind == knowledge.KindDilemma && i%2 == 1:
		q = max(0, q-1)
	}
	now = now.UTC()
	current := time.Date(now.Year(), time.Month((int(now.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
	start := current.AddDate(0, -3*(historyQuarters-1-q), 0)
	span := start.AddDate(0, 3, 0).Sub(start)
	if q == historyQuarters-1 {
		span = now.Sub(start)
	}
	return start.Add(time.Duration(float64(span) * float64((i*37)%89) / 89))
}

// at runs write with the store's clock set to t, and puts the clock back.
func (s Store) at(t time.Time, write func() error) error {
	if s.Clock == nil {
		return write()
	}
	prev := *s.Clock
	*s.Clock = func() time.Time { return t }
	defer func() { *s.Clock = prev }()
	return write()
}
