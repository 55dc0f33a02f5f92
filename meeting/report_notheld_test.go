package meeting_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/method"
)

func TestReportSaysNotHeldCountsTheFilmAndNumbersTheAgendaOnce(t *testing.T) {
	lib, err := method.Load()
	if err != nil {
		t.Fatal(err)
	}
	steps, _ := meeting.StepsForCard(lib, "perspective-switch", "backpack")
	planned := time.Date(2026, 12, 14, 14, 30, 0, 0, time.Local)
	snap := &meeting.Snapshot{Meeting: meeting.Meeting{Title: "Tweede", Status: meeting.Draft, CreatedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.Local), PlannedAt: planned}, Steps: steps}
	r := meeting.BuildReport(snap, lib, "nl", false)
	if !r.NotHeld || r.Date != "14-12-2026 14:30" || r.NotHeldLine("nl") != "Deze bijeenkomst is nog niet gehouden. Gepland op 14-12-2026 14:30." {
		t.Errorf("draft report: %v %q %q", r.NotHeld, r.Date, r.NotHeldLine("nl"))
	}
	if got := r.Agenda[0].Line(); got != "1. Een perspectiefwissel uitvoeren" || r.Agenda[0].CardNumber != 5 {
		t.Errorf("agenda line %q (card %d)", got, r.Agenda[0].CardNumber)
	}
	md := r.Markdown("nl", planned)
	if !strings.Contains(md, "| 1. Een perspectiefwissel uitvoeren |") || strings.Contains(md, "Datum:") {
		t.Errorf("markdown:\n%s", md)
	}
	snap.Meeting.PlannedAt = time.Time{}
	if r := meeting.BuildReport(snap, lib, "en", false); r.NotHeldLine("en") != "This meeting has not been held and is not planned yet." {
		t.Errorf("unplanned: %q", r.NotHeldLine("en"))
	}

	closed := time.Date(2026, 12, 14, 16, 0, 0, 0, time.Local)
	snap.Meeting.Status, snap.Meeting.ClosedAt = meeting.Closed, closed
	snap.Participants = []meeting.Participant{{Name: "a", Admitted: true, InFilm: meeting.FilmYes}, {Name: "b", Admitted: true, InFilm: meeting.FilmYes},
		{Name: "c", Admitted: true, InFilm: meeting.FilmNotYet}, {Name: "d", Admitted: false, InFilm: meeting.FilmYes}}
	r = meeting.BuildReport(snap, lib, "nl", false)
	if r.NotHeld || r.Date != "14-12-2026" || !r.FilmAsked || r.FilmYes != 2 || r.FilmNotYet != 1 {
		t.Errorf("held report: %+v", r)
	}
	if md := r.Markdown("nl", closed); !strings.Contains(md, "- Zit iedereen in de film? 2 ja, 1 nog niet") || !strings.Contains(md, "- Datum: 14-12-2026") {
		t.Errorf("markdown:\n%s", md)
	}
}
