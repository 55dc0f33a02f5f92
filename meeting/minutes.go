package meeting

import "github.com/rotonde-jeugd/rotonde/method"

// MeetingMinutes is the length of the meeting itself: the minutes of the
// agenda's steps without those its work card marks as done before the
// meeting (preparation, collecting information, an interview). A step the
// library no longer knows counts.
func MeetingMinutes(lib *method.Library, steps []Step) int {
	total := 0
	for _, st := range steps {
		if _, step, ok := StepText(lib, st); ok && step.BeforeMeeting {
			continue
		}
		total += st.Minutes
	}
	return total
}
