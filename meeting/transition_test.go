package meeting_test

import (
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
)

// TestTransitionTable checks every status against every action: the status
// after it, or the code and Dutch text of the refusal.
func TestTransitionTable(t *testing.T) {
	type outcome struct {
		to   meeting.Status
		code rotonde.ErrorCode // "" when allowed
		nl   string
	}
	const (
		begun      = "De bijeenkomst is al begonnen."
		notRunning = "De bijeenkomst is niet bezig."
		notAnyMore = "De bijeenkomst is niet (meer) bezig."
		closed     = "De bijeenkomst is afgesloten."
		ended      = "Deze code hoort bij een bijeenkomst die al is afgelopen."
		expired    = "Deze uitnodiging is verlopen."
	)
	ok := func(to meeting.Status) outcome { return outcome{to: to} }
	no := func(from meeting.Status, code rotonde.ErrorCode, nl string) outcome { return outcome{from, code, nl} }
	D, L, C := meeting.Draft, meeting.Live, meeting.Closed
	want := map[meeting.Status]map[meeting.Action]outcome{
		D: {
			meeting.ActStart:        ok(L),
			meeting.ActMoveStep:     no(D, rotonde.EConflict, notRunning),
			meeting.ActClose:        ok(C),
			meeting.ActEditAgenda:   ok(D),
			meeting.ActFilmCheck:    no(D, rotonde.EConflict, notRunning),
			meeting.ActTakePart:     no(D, rotonde.EConflict, notAnyMore),
			meeting.ActJoinByCode:   no(D, rotonde.ENotFound, ended),
			meeting.ActAcceptInvite: ok(D),
		},
		L: {
			meeting.ActStart:        no(L, rotonde.EConflict, begun),
			meeting.ActMoveStep:     ok(L),
			meeting.ActClose:        ok(C),
			meeting.ActEditAgenda:   ok(L),
			meeting.ActFilmCheck:    ok(L),
			meeting.ActTakePart:     ok(L),
			meeting.ActJoinByCode:   ok(L),
			meeting.ActAcceptInvite: ok(L),
		},
		C: {
			meeting.ActStart:        no(C, rotonde.EConflict, begun),
			meeting.ActMoveStep:     no(C, rotonde.EConflict, notRunning),
			meeting.ActClose:        ok(C),
			meeting.ActEditAgenda:   no(C, rotonde.EConflict, closed),
			meeting.ActFilmCheck:    no(C, rotonde.EConflict, notRunning),
			meeting.ActTakePart:     no(C, rotonde.EConflict, notAnyMore),
			meeting.ActJoinByCode:   no(C, rotonde.ENotFound, ended),
			meeting.ActAcceptInvite: no(C, rotonde.ENotFound, expired),
		},
	}
	for _, from := range meeting.Statuses {
		for _, a := range meeting.Actions {
			w, listed := want[from][a]
			if !listed {
				t.Errorf("%s × %s: no expectation; add it to the table", from, a)
				continue
			}
			to, err := meeting.Transition(from, a)
			if to != w.to || rotonde.ErrorCodeOf(err) != w.code || (err != nil && rotonde.UserMessage(err, "nl") != w.nl) {
				t.Errorf("%s × %s = %s, %v; want %s, %s %q", from, a, to, err, w.to, w.code, w.nl)
			}
			if err != nil && rotonde.UserMessage(err, "en") == rotonde.UserMessage(err, "nl") {
				t.Errorf("%s × %s: English text missing", from, a)
			}
		}
	}
	if _, err := meeting.Transition(meeting.Live, meeting.Action("dance")); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
		t.Errorf("unknown action: %v", err)
	}
}

func TestStart(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	draft := meeting.Meeting{ID: 1, Status: meeting.Draft, CurrentStep: -1}
	m, err := draft.Start(now, "K7M4QP", 3)
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != meeting.Live || m.JoinCode != "K7M4QP" || !m.JoinExpiresAt.Equal(now.Add(meeting.CodeValidity)) ||
		m.CurrentStep != 0 || !m.StepStartedAt.IsZero() || !m.UpdatedAt.Equal(now) {
		t.Errorf("started: %+v", m)
	}
	if draft.Status != meeting.Draft {
		t.Error("Start changed its receiver")
	}
	if _, err := draft.Start(now, "K7M4QP", 0); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
		t.Errorf("no steps: %v", err)
	}
	// The status is checked before the agenda.
	if _, err := m.Start(now, "K7M4QP", 0); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
		t.Errorf("second start: %v", err)
	}
}

func TestMoveStep(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	live := meeting.Meeting{Status: meeting.Live, CurrentStep: 1, FilmOpen: true}
	m, err := live.MoveStep(now, 1, 2, 3)
	if err != nil || m.CurrentStep != 2 || !m.StepStartedAt.Equal(now) || m.FilmOpen {
		t.Errorf("move: %+v %v", m, err)
	}
	for _, tc := range []struct {
		name          string
		m             meeting.Meeting
		from, to, len int
		code          rotonde.ErrorCode
	}{
		{"back", live, 1, 0, 3, ""},
		{"stale page", live, 0, 2, 3, rotonde.EConflict},
		{"past the end", live, 1, 3, 3, rotonde.EInvalid},
		{"before the start", live, 1, -1, 3, rotonde.EInvalid},
		{"draft", meeting.Meeting{Status: meeting.Draft, CurrentStep: -1}, -1, 0, 3, rotonde.EConflict},
		{"closed", meeting.Meeting{Status: meeting.Closed, CurrentStep: 1}, 1, 2, 3, rotonde.EConflict},
		// Not running is said before a stale page.
		{"closed and stale", meeting.Meeting{Status: meeting.Closed, CurrentStep: 1}, 0, 2, 3, rotonde.EConflict},
	} {
		if _, err := tc.m.MoveStep(now, tc.from, tc.to, tc.len); rotonde.ErrorCodeOf(err) != tc.code {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
		}
	}
}

func TestClose(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	for _, from := range []meeting.Status{meeting.Draft, meeting.Live} {
		m, ended, err := meeting.Meeting{Status: from, FilmOpen: true}.Close(now, "dank")
		if err != nil || !ended || m.Status != meeting.Closed || m.FilmOpen || !m.ClosedAt.Equal(now) || m.Feedback != "dank" {
			t.Errorf("close %s: %+v %v %v", from, m, ended, err)
		}
	}
	earlier := now.Add(-time.Hour)
	m, ended, err := meeting.Meeting{Status: meeting.Closed, ClosedAt: earlier}.Close(now, "later")
	if err != nil || ended || !m.ClosedAt.Equal(earlier) || m.Feedback != "later" || !m.UpdatedAt.Equal(now) {
		t.Errorf("close again: %+v %v %v", m, ended, err)
	}
	if f, err := meeting.CleanFeedback("  kort \n"); err != nil || f != "kort" {
		t.Errorf("feedback %q %v", f, err)
	}
	long := make([]rune, meeting.MaxFeedbackLength+1)
	for i := range long {
		long[i] = 'é'
	}
	if _, err := meeting.CleanFeedback(string(long)); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
		t.Errorf("long feedback: %v", err)
	}
	if _, err := meeting.CleanFeedback(string(long[1:])); err != nil {
		t.Errorf("feedback at the limit: %v", err)
	}
}

func TestStatusRules(t *testing.T) {
	for _, s := range meeting.Statuses {
		m := meeting.Meeting{Status: s, CurrentStep: 1}
		live := s == meeting.Live
		if m.Announces() != live {
			t.Errorf("%s announces %v", s, m.Announces())
		}
		if m.GuestMaySee() != (s != meeting.Closed) {
			t.Errorf("%s guest may see %v", s, m.GuestMaySee())
		}
		if (m.CheckOpen() == nil) != (s != meeting.Closed) {
			t.Errorf("%s open: %v", s, m.CheckOpen())
		}
		if (m.CheckTakePart() == nil) != live {
			t.Errorf("%s take part: %v", s, m.CheckTakePart())
		}
		f, err := m.OpenFilm(true)
		if (err == nil) != live || (live && !f.FilmOpen) {
			t.Errorf("%s open film: %+v %v", s, f, err)
		}
	}
}

func TestInputRules(t *testing.T) {
	m := meeting.Meeting{Status: meeting.Live, CurrentStep: 1}
	for pos, ok := range map[int]bool{-1: false, 0: true, 1: true, 2: false} {
		if (m.CheckCaptureStep(pos) == nil) != ok || (m.CheckAttachmentStep(pos) == nil) != ok {
			t.Errorf("step %d: %v %v", pos, m.CheckCaptureStep(pos), m.CheckAttachmentStep(pos))
		}
		if err := m.CheckCaptureStep(pos); err != nil && rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Errorf("step %d: %v", pos, err)
		}
	}
	for pos, ok := range map[int]bool{0: false, 1: false, 2: true} {
		if (m.CheckRemoveStep(pos) == nil) != ok {
			t.Errorf("remove %d: %v", pos, m.CheckRemoveStep(pos))
		}
	}
	if meeting.CheckAddSteps(58, 2) != nil || rotonde.ErrorCodeOf(meeting.CheckAddSteps(58, 3)) != rotonde.EInvalid {
		t.Error("agenda limit")
	}
	if meeting.ValidateStepEdits([]meeting.StepEdit{{Minutes: 1}, {Minutes: 240}, {Remove: true}}) != nil ||
		meeting.ValidateStepEdits([]meeting.StepEdit{{Minutes: 0}}) == nil || meeting.ValidateStepEdits([]meeting.StepEdit{{Minutes: 241}}) == nil {
		t.Error("step durations")
	}
	for answer, ok := range map[int]bool{meeting.FilmUnknown: false, meeting.FilmYes: true, meeting.FilmNotYet: true, 3: false} {
		if (meeting.ValidFilmAnswer(answer) == nil) != ok {
			t.Errorf("answer %d", answer)
		}
	}
	open := meeting.Meeting{Status: meeting.Live, FilmOpen: true}
	if open.CheckFilmAnswer(meeting.FilmYes) != nil || rotonde.ErrorCodeOf(m.CheckFilmAnswer(meeting.FilmYes)) != rotonde.EConflict ||
		rotonde.ErrorCodeOf(m.CheckFilmAnswer(7)) != rotonde.EInvalid {
		t.Error("film answers")
	}
}

func TestCodeAndInviteExpiry(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		status  meeting.Status
		expires time.Time
		code    rotonde.ErrorCode
		nl      string
	}{
		{"live", meeting.Live, now.Add(time.Minute), "", ""},
		{"live without expiry", meeting.Live, time.Time{}, "", ""},
		{"expired", meeting.Live, now.Add(-time.Minute), rotonde.ENotFound, "Deze code is verlopen. Vraag de facilitator om de nieuwe code."},
		{"ended and expired", meeting.Closed, now.Add(-time.Minute), rotonde.ENotFound, "Deze code hoort bij een bijeenkomst die al is afgelopen."},
	} {
		err := meeting.CheckJoinCode(tc.status, tc.expires, now)
		if rotonde.ErrorCodeOf(err) != tc.code || (err != nil && rotonde.UserMessage(err, "nl") != tc.nl) {
			t.Errorf("code %s: %v", tc.name, err)
		}
	}
	for _, tc := range []struct {
		status  meeting.Status
		expires time.Time
		ok      bool
	}{
		{meeting.Draft, now.Add(time.Hour), true},
		{meeting.Live, now.Add(time.Hour), true},
		{meeting.Closed, now.Add(time.Hour), false},
		{meeting.Live, now.Add(-time.Hour), false},
	} {
		err := meeting.CheckInvite(tc.status, tc.expires, now)
		if (err == nil) != tc.ok || (err != nil && rotonde.ErrorCodeOf(err) != rotonde.ENotFound) {
			t.Errorf("invite %s %v: %v", tc.status, tc.expires, err)
		}
	}
}
