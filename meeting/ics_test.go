package meeting_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/meeting"
)

func TestICS(t *testing.T) {
	m := &meeting.Meeting{ID: 7, Title: "Leerbijeenkomst Noor; ronde 2, na de zomer", CaseTitle: "Noor (15)",
		Place: "Wijkcentrum De Linde, zaal 3 — ingang aan de achterkant bij de fietsenstalling naast het speelveld"}
	if _, ok := meeting.ICS(m, 90, "https://rotonde.example/bijeenkomsten/7/live", "rotonde.example", time.Now()); ok {
		t.Fatal("an unplanned meeting gave a calendar file")
	}
	ams := time.FixedZone("CET", 3600)
	m.PlannedAt = time.Date(2027, 1, 14, 14, 30, 0, 0, ams)
	data, ok := meeting.ICS(m, 90, "https://rotonde.example/bijeenkomsten/7/live", "rotonde.example", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	if !ok {
		t.Fatal("no calendar file")
	}
	text := string(data)
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\n", "UID:bijeenkomst-7-", "DTSTAMP:20261123T100000Z\r\n",
		"DTSTART:20270114T133000Z\r\n", "DTEND:20270114T150000Z\r\n",
		`SUMMARY:Leerbijeenkomst Noor\; ronde 2\, na de zomer`, "END:VCALENDAR\r\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("calendar lacks %q:\n%s", want, text)
		}
	}
	for _, l := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line longer than 75 octets: %q", l)
		}
	}
	// Unfolded, the place is whole again (UTF-8 not split).
	unfolded := strings.ReplaceAll(text, "\r\n ", "")
	if !strings.Contains(unfolded, `LOCATION:Wijkcentrum De Linde\, zaal 3 — ingang aan de achterkant bij de fietsenstalling naast het speelveld`) {
		t.Errorf("place after unfolding:\n%s", unfolded)
	}
}

func TestPlanValidate(t *testing.T) {
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		p  meeting.Plan
		ok bool
	}{
		{meeting.Plan{}, true},
		{meeting.Plan{At: now.Add(-2 * time.Hour)}, true}, // earlier today
		{meeting.Plan{At: now.Add(-24 * time.Hour)}, false},
		{meeting.Plan{At: now.AddDate(2, 0, 1)}, false},
		{meeting.Plan{Place: "zaal 3"}, false}, // a place without a date
		{meeting.Plan{At: now.AddDate(0, 1, 0), Place: strings.Repeat("x", 301)}, false},
	} {
		if err := c.p.Validate(now); (err == nil) != c.ok {
			t.Errorf("%+v: %v", c.p, err)
		}
	}
}
