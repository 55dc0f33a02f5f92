package meeting_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/meeting"
)

// TestICSUpdatesReplaceTheEvent: the UID depends on the meeting only, and a
// later change carries a higher SEQUENCE.
func TestICSUpdatesReplaceTheEvent(t *testing.T) {
	created := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	m := &meeting.Meeting{ID: 7, Title: "Leerbijeenkomst", CreatedAt: created, UpdatedAt: created.Add(time.Hour),
		PlannedAt: time.Date(2027, 1, 14, 13, 30, 0, 0, time.UTC)}
	field := func(text, name string) string {
		for _, l := range strings.Split(text, "\r\n") {
			if v, ok := strings.CutPrefix(l, name+":"); ok {
				return v
			}
		}
		return ""
	}
	first, _ := meeting.ICS(m, 90, "https://rotonde.example/bijeenkomsten/7/live", "rotonde.example", time.Now())
	m.PlannedAt = m.PlannedAt.Add(24 * time.Hour)
	m.UpdatedAt = m.UpdatedAt.Add(10 * time.Minute)
	second, _ := meeting.ICS(m, 90, "https://rotonde.example/bijeenkomsten/7/live", "rotonde.example", time.Now())
	if a, b := field(string(first), "UID"), field(string(second), "UID"); a == "" || a != b || a != "bijeenkomst-7-1793523600@rotonde.example" {
		t.Errorf("UIDs %q and %q", a, b)
	}
	if a, b := field(string(first), "SEQUENCE"), field(string(second), "SEQUENCE"); a != "3600" || b != "4200" {
		t.Errorf("SEQUENCE %q then %q, want 3600 then 4200", a, b)
	}
	if got := field(string(second), "LAST-MODIFIED"); got != "20261101T101000Z" {
		t.Errorf("LAST-MODIFIED %q", got)
	}
	other, _ := meeting.ICS(&meeting.Meeting{ID: 8, CreatedAt: created, PlannedAt: m.PlannedAt}, 0, "", "", time.Now())
	if got := field(string(other), "UID"); got != "bijeenkomst-8-1793523600@rotonde" {
		t.Errorf("UID without a public URL: %q", got)
	}
}
