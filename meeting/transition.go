package meeting

import (
	"strings"
	"time"
	"unicode/utf8"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// Action is something done to a meeting that its status may refuse.
type Action string

const (
	// ActStart makes a draft meeting live.
	ActStart Action = "start"
	// ActMoveStep moves a live meeting to another step.
	ActMoveStep Action = "move-step"
	// ActClose ends a meeting; on a closed meeting it only changes the
	// report-back.
	ActClose Action = "close"
	// ActEditAgenda changes what a meeting that has not closed will do:
	// its steps, its invited guests and its plan.
	ActEditAgenda Action = "edit-agenda"
	// ActFilmCheck opens or closes the "in de film" question.
	ActFilmCheck Action = "film-check"
	// ActTakePart is input from someone taking part: a capture, an
	// attachment, an answer to the film check.
	ActTakePart Action = "take-part"
	// ActJoinByCode is joining with the meeting's code.
	ActJoinByCode Action = "join-by-code"
	// ActAcceptInvite is opening a one-time guest invitation.
	ActAcceptInvite Action = "accept-invite"
)

// Statuses and Actions list every status and action, for tables over all
// of them.
var (
	Statuses = []Status{Draft, Live, Closed}
	Actions  = []Action{ActStart, ActMoveStep, ActClose, ActEditAgenda, ActFilmCheck, ActTakePart, ActJoinByCode, ActAcceptInvite}
)

// Transition says which status a meeting has after an action, or why its
// status refuses the action. It is the whole state machine: draft → live
// → closed, with closed final.
func Transition(from Status, a Action) (Status, error) {
	switch a {
	case ActStart:
		if from == Draft {
			return Live, nil
		}
		return from, rotonde.E(rotonde.EConflict, "err.sqldb.meeting_has_already_started")
	case ActMoveStep, ActFilmCheck:
		if from == Live {
			return Live, nil
		}
		return from, rotonde.E(rotonde.EConflict, "err.sqldb.meeting_is_not_running")
	case ActClose:
		return Closed, nil
	case ActEditAgenda:
		if from != Closed {
			return from, nil
		}
		return from, rotonde.E(rotonde.EConflict, "err.sqldb.meeting_is_closed")
	case ActTakePart:
		if from == Live {
			return Live, nil
		}
		return from, rotonde.E(rotonde.EConflict, "err.sqldb.meeting_is_not_running_any_more")
	case ActJoinByCode:
		if from == Live {
			return Live, nil
		}
		return from, rotonde.E(rotonde.ENotFound, "err.sqldb.this_code_belongs_to_meeting_that")
	case ActAcceptInvite:
		if from != Closed {
			return from, nil
		}
		return from, errInviteExpired()
	}
	return from, rotonde.E(rotonde.EInvalid, "err.meeting.unknown_action")
}

func errInviteExpired() error {
	return rotonde.E(rotonde.ENotFound, "err.sqldb.this_invitation_has_expired")
}

// Announces reports whether changes to a meeting with this status are sent
// to live clients as events: only while it is live.
func (s Status) Announces() bool { return s == Live }

// Announces reports whether changes to the meeting are sent to live
// clients as events (see Status.Announces).
func (m Meeting) Announces() bool { return m.Status.Announces() }

// GuestMaySee reports whether a guest's token still opens the meeting: it
// ends with the meeting, since a guest has no account and no ground in the
// case.
func (m Meeting) GuestMaySee() bool { return m.Status != Closed }

// Start makes a draft meeting with steps agenda steps live with a join
// code: the code works for CodeValidity and the first step is current, but
// its clock does not run until the facilitator starts it (MoveStep to the
// same step): people join by the code first.
func (m Meeting) Start(now time.Time, code string, steps int) (Meeting, error) {
	to, err := Transition(m.Status, ActStart)
	if err != nil {
		return m, err
	}
	if steps == 0 {
		return m, rotonde.E(rotonde.EInvalid, "err.sqldb.first_put_at_least_one_work")
	}
	m.Status, m.JoinCode, m.JoinExpiresAt, m.CurrentStep, m.StepStartedAt, m.UpdatedAt = to, code, now.Add(CodeValidity), 0, time.Time{}, now
	return m, nil
}

// MoveStep moves a live meeting from step from to step to, of an agenda of
// steps steps. from must be the current step: a second click on a stale
// page is refused, not repeated. Moving to the current step starts its
// clock, once. Moving closes the film check.
func (m Meeting) MoveStep(now time.Time, from, to, steps int) (Meeting, error) {
	if _, err := Transition(m.Status, ActMoveStep); err != nil {
		return m, err
	}
	if m.CurrentStep != from {
		return m, rotonde.E(rotonde.EConflict, "err.sqldb.meeting_is_already_at_another_step")
	}
	if to < 0 || to >= steps {
		return m, rotonde.E(rotonde.EInvalid, "err.sqldb.that_step_is_not_on_agenda")
	}
	if to == from && !m.StepStartedAt.IsZero() {
		return m, rotonde.E(rotonde.EConflict, "err.meeting.step_clock_runs")
	}
	m.CurrentStep, m.StepStartedAt, m.FilmOpen, m.UpdatedAt = to, now, false, now
	return m, nil
}

// MaxFeedbackLength bounds the report-back in characters.
const MaxFeedbackLength = 5000

// CleanFeedback trims the report-back and checks its length.
func CleanFeedback(feedback string) (string, error) {
	feedback = strings.TrimSpace(feedback)
	if utf8.RuneCountInString(feedback) > MaxFeedbackLength {
		return "", rotonde.E(rotonde.EInvalid, "err.sqldb.report_back_is_too_long_at")
	}
	return feedback, nil
}

// Close ends the meeting with a report-back: the join code stops working
// and the film check closes. A meeting that was closed already only takes
// the new report-back; ended is false then.
func (m Meeting) Close(now time.Time, feedback string) (_ Meeting, ended bool, err error) {
	to, err := Transition(m.Status, ActClose)
	if err != nil {
		return m, false, err
	}
	m.Feedback, m.UpdatedAt = feedback, now
	if m.Status == Closed {
		return m, false, nil
	}
	m.Status, m.FilmOpen, m.ClosedAt = to, false, now
	return m, true, nil
}

// CheckOpen refuses a change that a closed meeting no longer takes
// (agenda, guests, plan).
func (m Meeting) CheckOpen() error {
	_, err := Transition(m.Status, ActEditAgenda)
	return err
}

// OpenFilm opens (or closes) the film check of a live meeting.
func (m Meeting) OpenFilm(open bool) (Meeting, error) {
	if _, err := Transition(m.Status, ActFilmCheck); err != nil {
		return m, err
	}
	m.FilmOpen = open
	return m, nil
}

// CheckTakePart refuses input from a participant unless the meeting is live.
func (m Meeting) CheckTakePart() error {
	_, err := Transition(m.Status, ActTakePart)
	return err
}

// CheckFilmAnswer checks an answer to the film check: yes or not yet,
// while the question is open.
func (m Meeting) CheckFilmAnswer(answer int) error {
	if err := ValidFilmAnswer(answer); err != nil {
		return err
	}
	if !m.FilmOpen {
		return rotonde.E(rotonde.EConflict, "err.sqldb.question_has_been_closed")
	}
	return nil
}

// ValidFilmAnswer checks that an answer is yes or not yet.
func ValidFilmAnswer(answer int) error {
	if answer != FilmYes && answer != FilmNotYet {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_yes_or_not_yet")
	}
	return nil
}

// reached reports whether a step position has been reached: input goes to
// the current step or an earlier one, never to one that lies ahead.
func (m Meeting) reached(position int) bool {
	return position >= 0 && position <= m.CurrentStep
}

// CheckCaptureStep refuses input for a step that has not been reached.
func (m Meeting) CheckCaptureStep(position int) error {
	if !m.reached(position) {
		return rotonde.E(rotonde.EConflict, "err.sqldb.that_step_is_not_yet_current")
	}
	return nil
}

// CheckAttachmentStep refuses an attachment for a step that has not been
// reached.
func (m Meeting) CheckAttachmentStep(position int) error {
	if !m.reached(position) {
		return rotonde.E(rotonde.EConflict, "err.sqldb.that_step_is_not_yet_current_2")
	}
	return nil
}

// MaxSteps bounds the length of an agenda.
const MaxSteps = 60

// CheckAddSteps checks that adding steps to an agenda of existing steps
// keeps it within MaxSteps.
func CheckAddSteps(existing, adding int) error {
	if existing+adding > MaxSteps {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.agenda_has_at_most_60_steps")
	}
	return nil
}

// ValidateStepEdits checks the durations of edited steps (1 to 240
// minutes); removed steps need none.
func ValidateStepEdits(edits []StepEdit) error {
	for _, e := range edits {
		if !e.Remove && (e.Minutes < 1 || e.Minutes > 240) {
			return rotonde.E(rotonde.EInvalid, "err.sqldb.step_lasts_1_to_240_minutes")
		}
	}
	return nil
}

// CheckRemoveStep refuses to remove a step that has been taken.
func (m Meeting) CheckRemoveStep(position int) error {
	if position <= m.CurrentStep {
		return rotonde.E(rotonde.EConflict, "err.sqldb.step_that_has_been_taken_stays")
	}
	return nil
}

// CheckJoinCode checks a found meeting's code at now: the meeting must be
// live and the code not expired (a zero expiry never expires).
func CheckJoinCode(status Status, expires, now time.Time) error {
	if _, err := Transition(status, ActJoinByCode); err != nil {
		return err
	}
	if !expires.IsZero() && now.After(expires) {
		return rotonde.E(rotonde.ENotFound, "err.sqldb.this_code_has_expired_ask_facilitator")
	}
	return nil
}

// CheckInvite checks a guest invitation at now: not expired, and its
// meeting not closed.
func CheckInvite(status Status, expires, now time.Time) error {
	if now.After(expires) {
		return errInviteExpired()
	}
	_, err := Transition(status, ActAcceptInvite)
	return err
}
