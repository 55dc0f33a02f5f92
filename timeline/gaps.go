package timeline

import "slices"

// Gap is a period in which no event can have taken place as far as the
// timeline knows: "het lege stuk". From and To are day numbers (see
// Date.Start), inclusive.
type Gap struct {
	From, To int
	// Before and After are the IDs of the events bordering the gap.
	Before, After string
}

// Days is the length of the gap in days.
func (g Gap) Days() int { return g.To - g.From + 1 }

// Months is the length of the gap in months (of 30.44 days), rounded.
func (g Gap) Months() int { return int(float64(g.Days())/30.44 + 0.5) }

// GapDays converts a number of months to days, as Gaps expects.
func GapDays(months int) int { return int(float64(months)*30.44 + 0.5) }

// Gaps returns the periods of at least minDays without events. An event
// covers every day its date may refer to ("2019" covers all of 2019), so a
// gap is only reported when no imprecise date could fall inside it: the
// timeline never claims emptiness it cannot be sure of.
func Gaps(events []Event, minDays int) []Gap {
	if len(events) < 2 || minDays < 1 {
		return nil
	}
	idx := make([]int, len(events))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return events[a].Date.Start() - events[b].Date.Start() })
	var gaps []Gap
	maxEnd := events[idx[0]].Date.End()
	maxID := events[idx[0]].ID
	for _, i := range idx[1:] {
		e := &events[i]
		if s := e.Date.Start(); s-maxEnd-1 >= minDays {
			gaps = append(gaps, Gap{From: maxEnd + 1, To: s - 1, Before: maxID, After: e.ID})
		}
		if end := e.Date.End(); end >= maxEnd {
			maxEnd, maxID = end, e.ID
		}
	}
	return gaps
}
