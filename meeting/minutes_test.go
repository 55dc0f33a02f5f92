package meeting_test

import (
	"testing"

	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/method"
)

// The facilitator's preparation is on the agenda but is not meeting time.
func TestMeetingMinutesLeaveOutPreparation(t *testing.T) {
	lib, err := method.Load()
	if err != nil {
		t.Fatal(err)
	}
	steps, _ := meeting.StepsForCard(lib, "facilitator", "")
	all := 0
	for _, st := range steps {
		all += st.Minutes
	}
	c, _ := lib.Card("facilitator")
	if got := meeting.MeetingMinutes(lib, steps); got != c.MeetingMinutes("") || got >= all {
		t.Errorf("meeting minutes = %d, agenda total %d, card says %d", got, all, c.MeetingMinutes(""))
	}
	unknown := []meeting.Step{{CardKey: "gone", StepKey: "x", Minutes: 7}}
	if got := meeting.MeetingMinutes(lib, unknown); got != 7 {
		t.Errorf("unknown step minutes = %d, want 7", got)
	}
}
