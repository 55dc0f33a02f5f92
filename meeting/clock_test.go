package meeting_test

import (
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
)

// The clock of the first step waits for the facilitator: starting the
// meeting makes the code, moving to the current step starts the clock, once.
func TestFirstStepClockWaitsForTheFacilitator(t *testing.T) {
	made := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	m, err := meeting.Meeting{ID: 1, Status: meeting.Draft, CurrentStep: -1}.Start(made, "K7M4QP", 3)
	if err != nil {
		t.Fatal(err)
	}
	snap := meeting.Snapshot{Meeting: m, Steps: []meeting.Step{{Position: 0, Minutes: 10}, {Position: 1, Minutes: 5}, {Position: 2, Minutes: 5}}}
	if !m.StepStartedAt.IsZero() || !snap.StepEnds().IsZero() {
		t.Fatalf("the clock runs from the code: %v, ends %v", m.StepStartedAt, snap.StepEnds())
	}
	begun := made.Add(12 * time.Minute) // people joined first
	m, err = m.MoveStep(begun, 0, 0, 3)
	if err != nil || m.CurrentStep != 0 || !m.StepStartedAt.Equal(begun) {
		t.Fatalf("start the first step: %+v %v", m, err)
	}
	snap.Meeting = m
	if want := begun.Add(10 * time.Minute); !snap.StepEnds().Equal(want) {
		t.Errorf("ends %v, want %v", snap.StepEnds(), want)
	}
	if _, err := m.MoveStep(begun.Add(time.Minute), 0, 0, 3); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
		t.Errorf("a second start of a running clock: %v", err)
	}
}
