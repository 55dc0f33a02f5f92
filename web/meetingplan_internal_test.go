package web

import (
	"net/url"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Amsterdam, whatever the machine has
)

// TestPlanRefusesTheSkippedHour: 02:30 on the night summer time starts
// does not exist in the Netherlands and is refused, not moved to 03:30.
func TestPlanRefusesTheSkippedHour(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	_, err = parsePlanIn(url.Values{"date": {"2027-03-28"}, "time": {"02:30"}}, ams)
	if err == nil || !strings.Contains(err.Error(), "2027-03-28 at 02:30 does not exist") || !strings.Contains(err.Error(), "03:30") {
		t.Errorf("skipped hour: %v", err)
	}
	for _, ok := range [][2]string{{"2027-03-28", "01:59"}, {"2027-03-28", "03:00"}, {"2027-10-31", "02:30"}, {"2027-06-01", "9:05"}} {
		p, err := parsePlanIn(url.Values{"date": {ok[0]}, "time": {ok[1]}}, ams)
		if err != nil || p.At.IsZero() {
			t.Errorf("%s %s: %v", ok[0], ok[1], err)
		}
	}
}
