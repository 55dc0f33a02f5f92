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
		return from, rotonde.Errorf(rotonde.EConflict, "De bijeenkomst is al begonnen.", "The meeting has already started.")
	case ActMoveStep, ActFilmCheck:
		if from == Live {
			return Live, nil
		}
		return from, rotonde.Errorf(rotonde.EConflict, "De bijeenkomst is niet bezig.", "The meeting is not running.")
	case ActClose:
		return Closed, nil
	case ActEditAgenda:
		if from != Closed {
			return from, nil
		}
		return from, rotonde.Errorf(rotonde.EConflict, "De bijeenkomst is afgesloten.", "The meeting is closed.")
	case ActTakePart:
		if from == Live {
			return Live, nil
		}
		return from, rotonde.Errorf(rotonde.EConflict, "De bijeenkomst is niet (meer) bezig.", "The meeting is not running (any more).")
	case ActJoinByCode:
		if from == Live {
			return Live, nil
		}
		return from, rotonde.Errorf(rotonde.ENotFound, "Deze code hoort bij een bijeenkomst die al is afgelopen.", "This code belongs to a meeting that has ended.")
	case ActAcceptInvite:
		if from != Closed {
			return from, nil
		}
		return from, errInviteExpired()
	}
	return from, rotonde.Errorf(rotonde.EInvalid, "Onbekende handeling.", "Unknown action.")
}

func errInviteExpired() error {
	return rotonde.Errorf(rotonde.ENotFound, "Deze uitnodiging is verlopen.", "This invitation has expired.")
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
// code: the code works for CodeValidity and the first step begins now.
func (m Meeting) Start(now time.Time, code string, steps int) (Meeting, error) {
	to, err := Transition(m.Status, ActStart)
	if err != nil {
		return m, err
	}
	if steps == 0 {
		return m, rotonde.Errorf(rotonde.EInvalid, "Zet eerst minstens één werkkaart op de agenda.", "First put at least one work card on the agenda.")
	}
	m.Status, m.JoinCode, m.JoinExpiresAt, m.CurrentStep, m.StepStartedAt, m.UpdatedAt = to, code, now.Add(CodeValidity), 0, now, now
	return m, nil
}

// MoveStep moves a live meeting from step from to step to, of an agenda of
// steps steps. from must be the current step: a second click on a stale
// page is refused, not repeated. Moving closes the film check.
func (m Meeting) MoveStep(now time.Time, from, to, steps int) (Meeting, error) {
	if _, err := Transition(m.Status, ActMoveStep); err != nil {
		return m, err
	}
	if m.CurrentStep != from {
		return m, rotonde.Errorf(rotonde.EConflict, "De bijeenkomst is al bij een andere stap; je scherm liep achter. Kijk opnieuw en kies dan.",
			"The meeting is already at another step; your screen was behind. Look again, then choose.")
	}
	if to < 0 || to >= steps {
		return m, rotonde.Errorf(rotonde.EInvalid, "Die stap staat niet op de agenda.", "That step is not on the agenda.")
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
		return "", rotonde.Errorf(rotonde.EInvalid, "De terugkoppeling is te lang (hoogstens 5000 tekens).", "The report-back is too long (at most 5000 characters).")
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
		return rotonde.Errorf(rotonde.EConflict, "De vraag is al gesloten.", "The question has been closed.")
	}
	return nil
}

// ValidFilmAnswer checks that an answer is yes or not yet.
func ValidFilmAnswer(answer int) error {
	if answer != FilmYes && answer != FilmNotYet {
		return rotonde.Errorf(rotonde.EInvalid, "Kies ja of nog niet.", "Choose yes or not yet.")
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
		return rotonde.Errorf(rotonde.EConflict, "Die stap is (nog) niet aan de beurt; je inbreng is niet bewaard.", "That step is not (yet) current; your input was not saved.")
	}
	return nil
}

// CheckAttachmentStep refuses an attachment for a step that has not been
// reached.
func (m Meeting) CheckAttachmentStep(position int) error {
	if !m.reached(position) {
		return rotonde.Errorf(rotonde.EConflict, "Die stap is (nog) niet aan de beurt.", "That step is not (yet) current.")
	}
	return nil
}

// MaxSteps bounds the length of an agenda.
const MaxSteps = 60

// CheckAddSteps checks that adding steps to an agenda of existing steps
// keeps it within MaxSteps.
func CheckAddSteps(existing, adding int) error {
	if existing+adding > MaxSteps {
		return rotonde.Errorf(rotonde.EInvalid, "Een agenda heeft hoogstens 60 stappen.", "An agenda has at most 60 steps.")
	}
	return nil
}

// ValidateStepEdits checks the durations of edited steps (1 to 240
// minutes); removed steps need none.
func ValidateStepEdits(edits []StepEdit) error {
	for _, e := range edits {
		if !e.Remove && (e.Minutes < 1 || e.Minutes > 240) {
			return rotonde.Errorf(rotonde.EInvalid, "Een stap duurt 1 tot 240 minuten.", "A step lasts 1 to 240 minutes.")
		}
	}
	return nil
}

// CheckRemoveStep refuses to remove a step that has been taken.
func (m Meeting) CheckRemoveStep(position int) error {
	if position <= m.CurrentStep {
		return rotonde.Errorf(rotonde.EConflict, "Een stap die al geweest is, blijft op de agenda.", "A step that has been taken stays on the agenda.")
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
		return rotonde.Errorf(rotonde.ENotFound, "Deze code is verlopen. Vraag de facilitator om de nieuwe code.", "This code has expired. Ask the facilitator for the new code.")
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
