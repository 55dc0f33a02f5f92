package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/policy"
	"github.com/rotonde-jeugd/rotonde/runes"
)

var _ meeting.Store = (*MeetingService)(nil)

// MeetingChannel is the PostgreSQL NOTIFY channel for meeting events. The
// payload is "meetingID:seq"; NOTIFY inside the writing transaction is only
// delivered when it commits, so a rolled-back write announces nothing.
const MeetingChannel = "rotonde_meeting"

func meetingNotFound() error {
	return notFound("err.sqldb.this_meeting_does_not_exist_or")
}

func notFacilitator() error {
	return rotonde.E(rotonde.EForbidden, "err.sqldb.only_meeting_facilitator_can_do_this")
}

const meetingColumns = `m.id, COALESCE(m.case_id, 0), m.title, m.theme, m.facilitator_id, u.name, m.status, m.current_step,
	m.step_started_at, m.film_open, COALESCE(m.join_code, ''), m.join_expires_at, m.prep, m.feedback,
	COALESCE(m.tension_round_id, 0), m.last_seq, m.created_at, m.updated_at, m.closed_at, m.planned_at, m.place, COALESCE(c.title, '')`

const meetingFrom = ` FROM meetings m JOIN users u ON u.id = m.facilitator_id LEFT JOIN cases c ON c.id = m.case_id `

func scanMeeting(s interface{ Scan(...any) error }) (*meeting.Meeting, error) {
	var m meeting.Meeting
	var status, prep string
	var started, expires, closed, planned sql.NullTime
	if err := s.Scan(&m.ID, &m.CaseID, &m.Title, &m.Theme, &m.FacilitatorID, &m.FacilitatorName, &status, &m.CurrentStep,
		&started, &m.FilmOpen, &m.JoinCode, &expires, &prep, &m.Feedback, &m.TensionRoundID, &m.LastSeq,
		&m.CreatedAt, &m.UpdatedAt, &closed, &planned, &m.Place, &m.CaseTitle); err != nil {
		return nil, err
	}
	m.Status = meeting.Status(status)
	m.StepStartedAt, m.JoinExpiresAt, m.ClosedAt, m.PlannedAt = started.Time, expires.Time, closed.Time, planned.Time
	_ = json.Unmarshal([]byte(prep), &m.Prep)
	return &m, nil
}

const participantColumns = `p.id, p.meeting_id, COALESCE(p.user_id, 0), p.name, p.kind, p.admitted, p.in_film, p.joined_at, p.invite_hash IS NOT NULL AND p.token_hash IS NULL`

func scanParticipant(s interface{ Scan(...any) error }) (*meeting.Participant, error) {
	var p meeting.Participant
	var kind string
	var joined sql.NullTime
	if err := s.Scan(&p.ID, &p.MeetingID, &p.UserID, &p.Name, &kind, &p.Admitted, &p.InFilm, &joined, &p.InvitePending); err != nil {
		return nil, err
	}
	p.Kind, p.JoinedAt = meeting.ParticipantKind(kind), joined.Time
	return &p, nil
}

// meetingAccess decides what a viewer may do in a meeting: members of the
// meeting's case (through the case's own access check), the facilitator of
// a free-theme meeting and its invited users, and admitted guests until the
// meeting closes. Anyone
// else gets ENotFound, so that a meeting's existence is not revealed.
func (db *store) meetingAccess(ctx context.Context, q *Tx, v meeting.Viewer, id int64) (meeting.Access, error) {
	m, err := scanMeeting(q.QueryRow(ctx, `SELECT `+meetingColumns+meetingFrom+`WHERE m.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return meeting.Access{}, meetingNotFound()
	}
	if err != nil {
		return meeting.Access{}, fmt.Errorf("meeting %d: %w", id, err)
	}
	if u := v.User; u != nil && !u.Disabled {
		a := meeting.Access{Meeting: m}
		ok := false
		if m.CaseID != 0 {
			ca, err := db.caseAccess(ctx, q, u, m.CaseID)
			switch {
			case err == nil:
				ok = true
				a.CaseRole, a.ReadOnly = ca.Role, ca.Emergency
				a.Facilitate = !ca.Emergency && (m.FacilitatorID == u.ID || policy.CanManageMembers(ca.Role))
				a.Prep = !ca.Emergency && meeting.PrepAllowed(m, u.ID, ca.Role)
				var owner int
				if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM case_members WHERE case_id = ? AND user_id = ? AND role = ?`,
					m.CaseID, m.FacilitatorID, string(rotonde.MemberOwner)).Scan(&owner); err != nil {
					return meeting.Access{}, err
				}
				a.OwnerFacilitates = owner > 0
			case rotonde.ErrorCodeOf(err) != rotonde.ENotFound:
				return meeting.Access{}, err
			}
		} else if m.FacilitatorID == u.ID {
			ok, a.Facilitate, a.Prep = true, true, true
		} else if ok, a.Facilitate, err = db.seriesMeetingAccess(ctx, q, id, u); err != nil {
			return meeting.Access{}, err
		}
		if !a.Prep {
			// The preparation is the facilitators' own (werkkaart 1).
			m.Prep = meeting.Prep{}
		}
		p, err := scanParticipant(q.QueryRow(ctx, `SELECT `+participantColumns+` FROM meeting_participants p WHERE p.meeting_id = ? AND p.user_id = ?`, id, u.ID))
		switch {
		case err == nil:
			a.Participant = p
			ok = ok || (m.CaseID == 0 && p.Admitted)
		case !errors.Is(err, sql.ErrNoRows):
			return meeting.Access{}, err
		}
		if ok {
			return a, nil
		}
	}
	// A guest's token ends with the meeting: once it is closed, the guest
	// (who has no account and no ground in the case) sees nothing of it.
	m.Prep = meeting.Prep{}
	if len(v.GuestHash) > 0 && m.GuestMaySee() {
		p, err := scanParticipant(q.QueryRow(ctx, `SELECT `+participantColumns+` FROM meeting_participants p WHERE p.meeting_id = ? AND p.token_hash = ?`, id, v.GuestHash))
		if err == nil {
			return meeting.Access{Meeting: m, Participant: p, Guest: true}, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return meeting.Access{}, err
		}
	}
	return meeting.Access{}, meetingNotFound()
}

// MeetingAccess returns what the viewer may do in a meeting, or ENotFound.
func (db *MeetingService) MeetingAccess(ctx context.Context, v meeting.Viewer, id int64) (meeting.Access, error) {
	return db.meetingAccess(ctx, db.reader, v, id)
}

// participantAccess is meetingAccess for someone who takes part now: the
// meeting is live, a guest was admitted, emergency access cannot write.
func (db *store) participantAccess(ctx context.Context, tx *Tx, v meeting.Viewer, id int64) (meeting.Access, error) {
	a, err := db.meetingAccess(ctx, tx, v, id)
	if err != nil {
		return a, err
	}
	if a.Guest && !a.Participant.Admitted {
		return a, rotonde.E(rotonde.EForbidden, "err.sqldb.facilitator_has_not_let_you_in")
	}
	if a.ReadOnly {
		return a, rotonde.E(rotonde.EForbidden, "err.sqldb.emergency_access_is_read_only")
	}
	if err := a.Meeting.CheckTakePart(); err != nil {
		return a, err
	}
	if a.Participant == nil {
		p, err := db.joinMember(ctx, tx, a.Meeting, v.User)
		if err != nil {
			return a, err
		}
		a.Participant = p
	}
	return a, nil
}

func (db *store) facilitatorAccess(ctx context.Context, tx *Tx, actor *rotonde.User, id int64) (meeting.Access, error) {
	a, err := db.meetingAccess(ctx, tx, meeting.Viewer{User: actor}, id)
	if err != nil {
		return a, err
	}
	if !a.Facilitate {
		return a, notFacilitator()
	}
	return a, nil
}

// AppendMeetingEvent adds an event to a meeting inside a caller's write
// transaction (for other areas that change what a live meeting shows, such
// as a linked tension-field round). The caller has checked access. Live
// clients hear of it only if the transaction commits.
func (db *MeetingService) AppendMeetingEvent(ctx context.Context, tx *Tx, meetingID int64, p meeting.EventPayload) (int64, error) {
	return db.appendEvent(ctx, tx, meetingID, meeting.AudienceAll, p)
}

// appendEvent numbers and stores an event in the writing transaction. On
// PostgreSQL it also queues a NOTIFY, sent by the server only on commit.
func (db *store) appendEvent(ctx context.Context, tx *Tx, meetingID int64, audience string, p meeting.EventPayload) (int64, error) {
	var seq int64
	if err := tx.QueryRow(ctx, `UPDATE meetings SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq`, meetingID).Scan(&seq); err != nil {
		return 0, fmt.Errorf("event number: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO meeting_events (meeting_id, seq, kind, audience, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		meetingID, seq, p.EventKind(), audience, string(meeting.Payload(p)), db.Now()); err != nil {
		return 0, fmt.Errorf("store event: %w", err)
	}
	if db.dialect == Postgres {
		if _, err := tx.Exec(ctx, `SELECT pg_notify(?, ?)`, MeetingChannel, strconv.FormatInt(meetingID, 10)+":"+strconv.FormatInt(seq, 10)); err != nil {
			return 0, fmt.Errorf("notify: %w", err)
		}
	}
	return seq, nil
}

// CreateMeeting stores a draft meeting with the actor as facilitator. A
// meeting for a case needs the case's owner or facilitator; a free theme
// needs someone who may bring in cases.
func (db *MeetingService) CreateMeeting(ctx context.Context, actor *rotonde.User, m *meeting.Meeting) error {
	if err := m.Validate(); err != nil {
		return err
	}
	now := db.Now()
	return db.WriteTx(ctx, func(tx *Tx) error {
		if m.CaseID != 0 {
			if err := db.mayWriteAs(ctx, tx, actor, m.CaseID, policy.CanManageMembers, "err.sqldb.only_case_owner_and_case_facilitator"); err != nil {
				return err
			}
		} else if !policy.CanOpenThemeMeeting(actor) {
			return rotonde.E(rotonde.EForbidden, "err.sqldb.who_prepares_theme_meetings")
		}
		m.FacilitatorID, m.Status, m.CurrentStep, m.CreatedAt, m.UpdatedAt = actor.ID, meeting.Draft, -1, now, now
		return tx.QueryRow(ctx, `INSERT INTO meetings (case_id, title, theme, facilitator_id, status, current_step, prep, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'draft', -1, '{}', ?, ?) RETURNING id`, nullInt(m.CaseID), m.Title, m.Theme, actor.ID, now, now).Scan(&m.ID)
	})
}

// Meetings lists a case's meetings for its members (caseID > 0), or the
// free-theme meetings the actor facilitates (caseID == 0).
func (db *MeetingService) Meetings(ctx context.Context, actor *rotonde.User, caseID int64) ([]meeting.Meeting, error) {
	var role rotonde.MemberRole
	var cond string
	var arg any
	if caseID != 0 {
		ca, err := db.readAccess(ctx, actor, caseID)
		if err != nil {
			return nil, err
		}
		role, cond, arg = ca.Role, `m.case_id = ?`, caseID
	} else {
		if actor == nil {
			return nil, nil
		}
		cond, arg = `m.case_id IS NULL AND m.facilitator_id = ?`, actor.ID
	}
	return readList(ctx, db.store, "meetings", func(r scanner) (meeting.Meeting, error) {
		m, err := scanMeeting(r)
		if err != nil {
			return meeting.Meeting{}, err
		}
		if !meeting.PrepAllowed(m, actor.ID, role) {
			m.Prep = meeting.Prep{}
		}
		return *m, nil
	}, `SELECT `+meetingColumns+meetingFrom+`WHERE `+cond+` ORDER BY m.id DESC`, arg)
}

// MeetingSnapshot returns the whole meeting for someone who may see it.
func (db *MeetingService) MeetingSnapshot(ctx context.Context, v meeting.Viewer, id int64) (*meeting.Snapshot, meeting.Access, error) {
	a, err := db.MeetingAccess(ctx, v, id)
	if err != nil {
		return nil, a, err
	}
	if a.Guest && !a.Participant.Admitted {
		// A waiting guest sees the meeting's title only.
		return &meeting.Snapshot{Meeting: meeting.Meeting{ID: a.Meeting.ID, Title: a.Meeting.Title, Status: a.Meeting.Status, CurrentStep: -1}}, a, nil
	}
	s := &meeting.Snapshot{Meeting: *a.Meeting}
	if s.Steps, err = queryList(ctx, db.reader, func(r scanner) (st meeting.Step, err error) {
		err = r.Scan(&st.ID, &st.Position, &st.CardKey, &st.Variant, &st.StepKey, &st.Minutes, &st.Anonymous)
		return st, err
	}, `SELECT id, position, card_key, variant, step_key, minutes, anonymous FROM meeting_steps WHERE meeting_id = ? ORDER BY position`, id); err != nil {
		return nil, a, err
	}
	if s.Participants, err = queryList(ctx, db.reader, func(r scanner) (meeting.Participant, error) {
		p, err := scanParticipant(r)
		if err != nil {
			return meeting.Participant{}, err
		}
		return *p, nil
	}, `SELECT `+participantColumns+` FROM meeting_participants p WHERE p.meeting_id = ? ORDER BY p.id`, id); err != nil {
		return nil, a, err
	}
	if s.Captures, err = queryList(ctx, db.reader, func(r scanner) (meeting.Capture, error) {
		c := meeting.Capture{MeetingID: id}
		var kind string
		if err := r.Scan(&c.ID, &c.StepPosition, &kind, &c.Body, &c.Group, &c.Slot, &c.Stakeholder, &c.Feeling,
			&c.ParticipantID, &c.AuthorName, &c.Anonymous, &c.CreatedAt); err != nil {
			return c, err
		}
		c.Kind = meeting.CaptureKind(kind)
		if c.Anonymous {
			c.ParticipantID, c.AuthorName = 0, ""
		}
		return c, nil
	}, `SELECT k.id, k.step_position, k.kind, k.body, k.group_name, k.slot, k.stakeholder, k.feeling,
		COALESCE(k.participant_id, 0), COALESCE(p.name, ''), k.anonymous, k.created_at
		FROM meeting_captures k LEFT JOIN meeting_participants p ON p.id = k.participant_id
		WHERE k.meeting_id = ? ORDER BY k.id`, id); err != nil {
		return nil, a, err
	}
	if err := db.seriesSnapshot(ctx, s, a); err != nil {
		return nil, a, err
	}
	if s.Attachments, err = queryList(ctx, db.reader, func(r scanner) (meeting.Attachment, error) {
		at := meeting.Attachment{MeetingID: id}
		err := r.Scan(&at.ID, &at.StepPosition, &at.Purpose, &at.Title, &at.Link, &at.ContentType, &at.Size, &at.CreatedAt)
		return at, err
	}, `SELECT id, step_position, purpose, title, link, content_type, size, created_at FROM meeting_attachments WHERE meeting_id = ? ORDER BY id`, id); err != nil {
		return nil, a, err
	}
	return s, a, nil
}

// facilitatorOfOpenMeeting is facilitatorAccess for a change that a
// closed meeting no longer takes (agenda, guests, plan).
func (db *store) facilitatorOfOpenMeeting(ctx context.Context, tx *Tx, actor *rotonde.User, id int64) (meeting.Access, error) {
	a, err := db.facilitatorAccess(ctx, tx, actor, id)
	if err == nil {
		err = a.Meeting.CheckOpen()
	}
	return a, err
}

// AddSteps appends steps (one card's) to a meeting that has not closed.
func (db *MeetingService) AddSteps(ctx context.Context, actor *rotonde.User, id int64, steps []meeting.Step) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		a, err := db.facilitatorOfOpenMeeting(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		n, err := stepCount(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := meeting.CheckAddSteps(n, len(steps)); err != nil {
			return err
		}
		for i, st := range steps {
			if _, err := tx.Exec(ctx, `INSERT INTO meeting_steps (meeting_id, position, card_key, variant, step_key, minutes, anonymous) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				id, n+i, st.CardKey, st.Variant, st.StepKey, st.Minutes, st.Anonymous); err != nil {
				return err
			}
		}
		if a.Meeting.Announces() {
			_, err = db.appendEvent(ctx, tx, id, meeting.AudienceAll, meeting.StepEvent{Agenda: true})
			return err
		}
		return nil
	})
}

// EditSteps changes durations and anonymity, and removes steps not yet reached.
func (db *MeetingService) EditSteps(ctx context.Context, actor *rotonde.User, id int64, edits []meeting.StepEdit) error {
	if err := meeting.ValidateStepEdits(edits); err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		a, err := db.facilitatorOfOpenMeeting(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		removed := false
		for _, e := range edits {
			if e.Remove {
				if err := a.Meeting.CheckRemoveStep(e.Position); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `DELETE FROM meeting_steps WHERE meeting_id = ? AND position = ?`, id, e.Position); err != nil {
					return err
				}
				removed = true
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE meeting_steps SET minutes = ?, anonymous = ? WHERE meeting_id = ? AND position = ?`, e.Minutes, e.Anonymous, id, e.Position); err != nil {
				return err
			}
		}
		if removed {
			// Close the gaps: positions stay 0..n-1. Two passes avoid
			// clashing with the unique (meeting, position) index.
			ids, err := tx.ids(ctx, `SELECT id FROM meeting_steps WHERE meeting_id = ? ORDER BY position`, id)
			if err != nil {
				return err
			}
			for i, sid := range ids {
				if _, err := tx.Exec(ctx, `UPDATE meeting_steps SET position = ? WHERE id = ?`, -1000-i, sid); err != nil {
					return err
				}
			}
			for i, sid := range ids {
				if _, err := tx.Exec(ctx, `UPDATE meeting_steps SET position = ? WHERE id = ?`, i, sid); err != nil {
					return err
				}
			}
		}
		if a.Meeting.Announces() {
			_, err = db.appendEvent(ctx, tx, id, meeting.AudienceAll, meeting.StepEvent{Agenda: true})
			return err
		}
		return nil
	})
}

// SavePrep stores the facilitator's preparation (werkkaart 1).
func (db *MeetingService) SavePrep(ctx context.Context, actor *rotonde.User, id int64, p meeting.Prep) error {
	if err := p.Validate(); err != nil {
		return err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		a, err := db.facilitatorAccess(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if !a.Prep {
			return rotonde.E(rotonde.EForbidden, "err.sqldb.prep_is_for_facilitators")
		}
		_, err = tx.Exec(ctx, `UPDATE meetings SET prep = ?, updated_at = ? WHERE id = ?`, string(b), db.Now(), id)
		return err
	})
}

// InviteGuest makes a one-time invitation for a guest without an account;
// the guest is admitted as soon as they open it.
func (db *MeetingService) InviteGuest(ctx context.Context, actor *rotonde.User, id int64, name string, inviteHash []byte, expires time.Time) (*meeting.Participant, error) {
	name, err := meeting.ValidateGuestName(name)
	if err != nil {
		return nil, err
	}
	p := &meeting.Participant{MeetingID: id, Name: name, Kind: meeting.KindGuest, Admitted: true, InvitePending: true}
	err = db.WriteTx(ctx, func(tx *Tx) error {
		if _, err := db.facilitatorOfOpenMeeting(ctx, tx, actor, id); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO meeting_participants (meeting_id, name, kind, admitted, invite_hash, invite_expires_at, created_at)
			VALUES (?, ?, 'guest', TRUE, ?, ?, ?) RETURNING id`, id, name, inviteHash, expires, db.Now()).Scan(&p.ID)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// AcceptGuestInvite turns a one-time invitation into the guest's own token
// (a cookie): the invitation link stops working.
func (db *MeetingService) AcceptGuestInvite(ctx context.Context, inviteHash, tokenHash []byte, now time.Time) (int64, error) {
	var mid int64
	err := db.WriteTx(ctx, func(tx *Tx) error {
		var pid int64
		var expires time.Time
		var status string
		err := tx.QueryRow(ctx, `SELECT p.id, p.meeting_id, p.invite_expires_at, m.status FROM meeting_participants p JOIN meetings m ON m.id = p.meeting_id
			WHERE p.invite_hash = ?`, inviteHash).Scan(&pid, &mid, &expires, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("err.sqldb.this_invitation_does_not_exist_or")
		}
		if err != nil {
			return err
		}
		if err := meeting.CheckInvite(meeting.Status(status), expires, now); err != nil {
			return err
		}
		// The invitation hash is cleared: the link works once.
		_, err = tx.Exec(ctx, `UPDATE meeting_participants SET invite_hash = NULL, token_hash = ?, joined_at = ? WHERE id = ?`, tokenHash, now, pid)
		if err != nil {
			return err
		}
		if meeting.Status(status).Announces() {
			_, err = db.appendEvent(ctx, tx, mid, meeting.AudienceAll, meeting.ParticipantsEvent{Joined: pid})
		}
		return err
	})
	return mid, err
}

// StartMeeting makes a draft meeting live with a new join code and moves to the first step.
func (db *MeetingService) StartMeeting(ctx context.Context, actor *rotonde.User, id int64, code string) (int64, error) {
	return db.facilitatorChange(ctx, actor, id, func(tx *Tx, a meeting.Access) (int64, error) {
		n, err := stepCount(ctx, tx, id)
		if err != nil {
			return 0, err
		}
		m, err := a.Meeting.Start(db.Now(), code, n)
		if err != nil {
			return 0, err
		}
		var clash int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM meetings WHERE join_code = ?`, code).Scan(&clash); err != nil {
			return 0, err
		}
		if clash > 0 {
			return 0, rotonde.E(rotonde.EConflict, "err.sqldb.please_try_again")
		}
		var started any // NULL: the first step's clock waits for the facilitator
		if !m.StepStartedAt.IsZero() {
			started = m.StepStartedAt
		}
		if _, err := tx.Exec(ctx, `UPDATE meetings SET status = ?, join_code = ?, join_expires_at = ?, current_step = ?, step_started_at = ?, updated_at = ? WHERE id = ?`,
			string(m.Status), m.JoinCode, m.JoinExpiresAt, m.CurrentStep, started, m.UpdatedAt, id); err != nil {
			if isUniqueViolation(err) {
				return 0, rotonde.E(rotonde.EConflict, "err.sqldb.please_try_again")
			}
			return 0, err
		}
		if _, err := db.joinMember(ctx, tx, a.Meeting, actor); err != nil {
			return 0, err
		}
		return db.appendEvent(ctx, tx, id, meeting.AudienceAll, meeting.StatusEvent{Status: meeting.Live, Step: meeting.StepNumber(0)})
	})
}

// facilitatorChange runs a change that only the facilitator of meeting id
// may make in one write transaction; fn returns the number of the live
// event it announced.
func (db *MeetingService) facilitatorChange(ctx context.Context, actor *rotonde.User, id int64, fn func(tx *Tx, a meeting.Access) (int64, error)) (int64, error) {
	var seq int64
	err := db.WriteTx(ctx, func(tx *Tx) error {
		a, err := db.facilitatorAccess(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		seq, err = fn(tx, a)
		return err
	})
	return seq, err
}

// stepCount is the number of steps on the agenda of meeting id.
func stepCount(ctx context.Context, tx *Tx, id int64) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM meeting_steps WHERE meeting_id = ?`, id).Scan(&n)
	return n, err
}

// MoveStep moves the meeting from step from to step to. from must be the
// current step: a second click on a stale page is refused, not repeated.
func (db *MeetingService) MoveStep(ctx context.Context, actor *rotonde.User, id int64, from, to int) (int64, error) {
	return db.facilitatorChange(ctx, actor, id, func(tx *Tx, a meeting.Access) (int64, error) {
		n, err := stepCount(ctx, tx, id)
		if err != nil {
			return 0, err
		}
		m, err := a.Meeting.MoveStep(db.Now(), from, to, n)
		if err != nil {
			return 0, err
		}
		now := m.StepStartedAt
		if _, err := tx.Exec(ctx, `UPDATE meetings SET current_step = ?, step_started_at = ?, film_open = ?, updated_at = ? WHERE id = ?`, m.CurrentStep, now, m.FilmOpen, m.UpdatedAt, id); err != nil {
			return 0, err
		}
		return db.appendEvent(ctx, tx, id, meeting.AudienceAll, meeting.StepEvent{Step: meeting.StepNumber(to), Started: &now})
	})
}

func (db *store) joinMember(ctx context.Context, tx *Tx, m *meeting.Meeting, u *rotonde.User) (*meeting.Participant, error) {
	if u == nil {
		return nil, meetingNotFound()
	}
	now := db.Now()
	p := &meeting.Participant{MeetingID: m.ID, UserID: u.ID, Name: u.Name, Kind: meeting.KindMember, Admitted: true, JoinedAt: now}
	err := tx.QueryRow(ctx, `INSERT INTO meeting_participants (meeting_id, user_id, name, kind, admitted, joined_at, created_at)
		VALUES (?, ?, ?, 'member', TRUE, ?, ?) RETURNING id`, m.ID, u.ID, u.Name, now, now).Scan(&p.ID)
	if isUniqueViolation(err) {
		return scanParticipant(tx.QueryRow(ctx, `SELECT `+participantColumns+` FROM meeting_participants p WHERE p.meeting_id = ? AND p.user_id = ?`, m.ID, u.ID))
	}
	return p, err
}

// JoinAsMember registers a member of the meeting's case as taking part.
func (db *MeetingService) JoinAsMember(ctx context.Context, actor *rotonde.User, id int64) (*meeting.Participant, int64, error) {
	var p *meeting.Participant
	var seq int64
	err := db.WriteTx(ctx, func(tx *Tx) error {
		a, err := db.meetingAccess(ctx, tx, meeting.Viewer{User: actor}, id)
		if err != nil {
			return err
		}
		if a.ReadOnly {
			return rotonde.E(rotonde.EForbidden, "err.sqldb.emergency_access_is_read_only")
		}
		if a.Participant != nil {
			p = a.Participant
			return nil
		}
		if p, err = db.joinMember(ctx, tx, a.Meeting, actor); err != nil {
			return err
		}
		if a.Meeting.Announces() {
			seq, err = db.appendEvent(ctx, tx, id, meeting.AudienceAll, meeting.ParticipantsEvent{Joined: p.ID})
		}
		return err
	})
	return p, seq, err
}

// JoinByCode lets someone join a live meeting with its code. A logged-in
// member of the meeting's case takes part at once; anyone else becomes a
// guest who waits until the facilitator lets them in. Unknown, ended and
// expired codes each get their own message.
func (db *MeetingService) JoinByCode(ctx context.Context, code string, actor *rotonde.User, guestName string, tokenHash []byte) (int64, int64, error) {
	code, err := meeting.NormalizeCode(code)
	if err != nil {
		return 0, 0, err
	}
	var mid, seq int64
	err = db.WriteTx(ctx, func(tx *Tx) error {
		var status string
		var expires sql.NullTime
		var caseID int64
		err := tx.QueryRow(ctx, `SELECT id, status, join_expires_at, COALESCE(case_id, 0) FROM meetings WHERE join_code = ? ORDER BY CASE WHEN status = 'live' THEN 0 ELSE 1 END, id DESC LIMIT 1`, code).Scan(&mid, &status, &expires, &caseID)
		if errors.Is(err, sql.ErrNoRows) {
			return rotonde.E(rotonde.ENotFound, "err.sqldb.we_do_not_know_this_code")
		}
		if err != nil {
			return err
		}
		if err := meeting.CheckJoinCode(meeting.Status(status), expires.Time, db.Now()); err != nil {
			return err
		}
		if actor != nil {
			a, err := db.meetingAccess(ctx, tx, meeting.Viewer{User: actor}, mid)
			if err == nil && !a.ReadOnly {
				if a.Participant != nil {
					return nil
				}
				p, err := db.joinMember(ctx, tx, a.Meeting, actor)
				if err != nil {
					return err
				}
				seq, err = db.appendEvent(ctx, tx, mid, meeting.AudienceAll, meeting.ParticipantsEvent{Joined: p.ID})
				return err
			}
			if err := guestMayJoin(ctx, tx, caseID, actor); err != nil {
				return err
			}
			if guestName == "" {
				guestName = actor.Name
			}
		}
		name, err := meeting.ValidateGuestName(guestName)
		if err != nil {
			return err
		}
		var pid int64
		now := db.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO meeting_participants (meeting_id, name, kind, admitted, token_hash, joined_at, created_at)
			VALUES (?, ?, 'guest', FALSE, ?, ?, ?) RETURNING id`, mid, name, tokenHash, now, now).Scan(&pid); err != nil {
			return err
		}
		seq, err = db.appendEvent(ctx, tx, mid, meeting.AudienceFacilitators, meeting.ParticipantsEvent{Waiting: pid, Name: name})
		return err
	})
	return mid, seq, err
}

// Admit lets a waiting guest in.
func (db *MeetingService) Admit(ctx context.Context, actor *rotonde.User, id, participantID int64) (int64, error) {
	return db.facilitatorChange(ctx, actor, id, func(tx *Tx, _ meeting.Access) (int64, error) {
		if err := execOne(ctx, tx, notFound("err.sqldb.this_participant_does_not_exist"),
			`UPDATE meeting_participants SET admitted = TRUE WHERE id = ? AND meeting_id = ? AND kind = 'guest'`, participantID, id); err != nil {
			return 0, err
		}
		return db.appendEvent(ctx, tx, id, meeting.AudienceAll, meeting.ParticipantsEvent{Admitted: participantID})
	})
}

// OpenFilmCheck opens (or closes) the question whether everyone is "in de
// film"; opening clears the earlier answers.
func (db *MeetingService) OpenFilmCheck(ctx context.Context, actor *rotonde.User, id int64, open bool) (int64, error) {
	return db.facilitatorChange(ctx, actor, id, func(tx *Tx, a meeting.Access) (int64, error) {
		m, err := a.Meeting.OpenFilm(open)
		if err != nil {
			return 0, err
		}
		if open {
			if _, err := tx.Exec(ctx, `UPDATE meeting_participants SET in_film = 0 WHERE meeting_id = ?`, id); err != nil {
				return 0, err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE meetings SET film_open = ?, film_round = film_round + 1 WHERE id = ?`, m.FilmOpen, id); err != nil {
			return 0, err
		}
		return db.appendEvent(ctx, tx, id, meeting.AudienceAll, meeting.FilmEvent{Open: open})
	})
}

// AnswerFilm records one participant's answer to the film check.
func (db *MeetingService) AnswerFilm(ctx context.Context, v meeting.Viewer, id int64, answer int) (int64, error) {
	if err := meeting.ValidFilmAnswer(answer); err != nil {
		return 0, err
	}
	var seq int64
	err := db.WriteTx(ctx, func(tx *Tx) error {
		a, err := db.participantAccess(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if err := a.Meeting.CheckFilmAnswer(answer); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE meeting_participants SET in_film = ? WHERE id = ?`, answer, a.Participant.ID); err != nil {
			return err
		}
		var yes, notYet int
		if err := tx.QueryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN in_film = 1 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN in_film = 2 THEN 1 ELSE 0 END), 0)
			FROM meeting_participants WHERE meeting_id = ?`, id).Scan(&yes, &notYet); err != nil {
			return err
		}
		// Counts only: who is not yet in the film is for the room to say.
		seq, err = db.appendEvent(ctx, tx, id, meeting.AudienceAll, meeting.FilmEvent{Open: true, Yes: yes, NotYet: notYet})
		return err
	})
	return seq, err
}

// AddCapture stores one piece of input. The step must exist and not lie
// ahead; in a step the facilitator made anonymous, no author is stored at all.
func (db *MeetingService) AddCapture(ctx context.Context, v meeting.Viewer, c *meeting.Capture) (int64, error) {
	if err := c.Validate(nil); err != nil {
		return 0, err
	}
	var seq int64
	err := db.WriteTx(ctx, func(tx *Tx) error {
		a, err := db.participantAccess(ctx, tx, v, c.MeetingID)
		if err != nil {
			return err
		}
		if err := a.Meeting.CheckCaptureStep(c.StepPosition); err != nil {
			return err
		}
		series, err := db.seriesCapture(ctx, tx, c)
		if err != nil {
			return err
		}
		var anon bool
		if err := tx.QueryRow(ctx, `SELECT anonymous FROM meeting_steps WHERE meeting_id = ? AND position = ?`, c.MeetingID, c.StepPosition).Scan(&anon); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return rotonde.E(rotonde.EConflict, "err.sqldb.that_step_is_not_on_agenda_2")
			}
			return err
		}
		if c.Kind == meeting.Stakeholder && strings.EqualFold(strings.TrimSpace(c.Stakeholder), strings.TrimSpace(a.Participant.Name)) {
			return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_someone_other_than_yourself_in")
		}
		c.Anonymous = c.Anonymous || anon
		c.CreatedAt = db.Now()
		var pid any
		if !c.Anonymous {
			pid, c.ParticipantID, c.AuthorName = a.Participant.ID, a.Participant.ID, a.Participant.Name
		}
		if err := tx.QueryRow(ctx, `INSERT INTO meeting_captures (meeting_id, step_position, kind, body, group_name, slot, stakeholder, feeling, participant_id, anonymous, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.MeetingID, c.StepPosition, string(c.Kind), c.Body, c.Group, c.Slot, c.Stakeholder, c.Feeling,
			pid, c.Anonymous, c.CreatedAt).Scan(&c.ID); err != nil {
			return err
		}
		if series {
			// Shown once revealed; indexed when the session closes.
			ev, err := db.seriesCaptureEvent(ctx, tx, c)
			if err == nil {
				seq, err = db.appendEvent(ctx, tx, c.MeetingID, meeting.AudienceAll, ev)
			}
			return err
		}
		if err := tx.indexCapture(ctx, c.ID); err != nil {
			return err
		}
		// Small steps and insights land in the case, in the same
		// transaction: both are stored or neither. An anonymous capture is
		// credited to the facilitator so the case never learns its author.
		creator := a.Meeting.FacilitatorID
		if v.User != nil && !a.Guest && !c.Anonymous {
			creator = v.User.ID
		}
		if c.Kind == meeting.Insight && a.Meeting.CaseID != 0 {
			in := &rotonde.Insight{CaseID: a.Meeting.CaseID, Body: c.Body, MeetingID: c.MeetingID, AuthorName: c.AuthorName}
			if err := in.Validate(); err != nil {
				return err
			}
			if err := db.insertInsight(ctx, tx, creator, c.ID, in); err != nil {
				return fmt.Errorf("insight: %w", err)
			}
		}
		if c.Kind == meeting.SmallStep && a.Meeting.CaseID != 0 {
			step := &rotonde.SmallStep{CaseID: a.Meeting.CaseID, Title: runes.Cut(c.Body, 300), Status: rotonde.StepOpen}
			if err := step.Validate(); err != nil {
				return err
			}
			if err := db.insertStep(ctx, tx, &rotonde.User{ID: creator}, step); err != nil {
				return fmt.Errorf("small step: %w", err)
			}
			if c.Anonymous { // shown without a name (migration 018)
				if _, err := tx.Exec(ctx, `UPDATE small_steps SET anonymous = TRUE WHERE id = ?`, step.ID); err != nil {
					return fmt.Errorf("small step: %w", err)
				}
			}
		}
		seq, err = db.appendEvent(ctx, tx, c.MeetingID, meeting.AudienceAll, meeting.NewCaptureEvent(c))
		return err
	})
	return seq, err
}

// AddAttachment stores a link or a checked file on the current step.
func (db *MeetingService) AddAttachment(ctx context.Context, v meeting.Viewer, at *meeting.Attachment, data []byte) (int64, error) {
	if err := meeting.ValidateAttachment(at, data); err != nil {
		return 0, err
	}
	var seq int64
	err := db.WriteTx(ctx, func(tx *Tx) error {
		a, err := db.participantAccess(ctx, tx, v, at.MeetingID)
		if err != nil {
			return err
		}
		if err := a.Meeting.CheckAttachmentStep(at.StepPosition); err != nil {
			return err
		}
		at.CreatedAt = db.Now()
		var blob any
		if len(data) > 0 {
			blob = data
		}
		if err := tx.QueryRow(ctx, `INSERT INTO meeting_attachments (meeting_id, step_position, purpose, title, link, content_type, size, data, participant_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, at.MeetingID, at.StepPosition, at.Purpose, at.Title, at.Link, at.ContentType, at.Size, blob,
			a.Participant.ID, at.CreatedAt).Scan(&at.ID); err != nil {
			return err
		}
		seq, err = db.appendEvent(ctx, tx, at.MeetingID, meeting.AudienceAll, meeting.AttachmentEvent{
			ID: at.ID, Step: at.StepPosition, Purpose: at.Purpose, Title: at.Title, Media: at.Media(), Link: at.Link})
		return err
	})
	return seq, err
}

// AttachmentData returns a stored file for someone who may see the meeting.
func (db *MeetingService) AttachmentData(ctx context.Context, v meeting.Viewer, id, attachmentID int64) (*meeting.Attachment, []byte, error) {
	a, err := db.MeetingAccess(ctx, v, id)
	if err != nil {
		return nil, nil, err
	}
	if a.Guest && !a.Participant.Admitted {
		return nil, nil, meetingNotFound()
	}
	at := &meeting.Attachment{MeetingID: id}
	var data []byte
	err = db.queryRow(ctx, `SELECT id, step_position, purpose, title, link, content_type, size, data FROM meeting_attachments WHERE id = ? AND meeting_id = ?`, attachmentID, id).
		Scan(&at.ID, &at.StepPosition, &at.Purpose, &at.Title, &at.Link, &at.ContentType, &at.Size, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, notFound("err.sqldb.this_attachment_does_not_exist")
	}
	return at, data, err
}

// LinkTensionRound links a tension-field round of the meeting's case to the
// meeting, so that its spreads appear in the report; 0 removes the link.
func (db *MeetingService) LinkTensionRound(ctx context.Context, actor *rotonde.User, id, roundID int64) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		a, err := db.facilitatorAccess(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if roundID != 0 {
			var caseID sql.NullInt64
			err := tx.QueryRow(ctx, `SELECT case_id FROM rounds WHERE id = ?`, roundID).Scan(&caseID)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && (!caseID.Valid || caseID.Int64 != a.Meeting.CaseID || a.Meeting.CaseID == 0)) {
				return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_round_of_this_case")
			}
			if err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `UPDATE meetings SET tension_round_id = ?, updated_at = ? WHERE id = ?`, nullInt(roundID), db.Now(), id)
		return err
	})
}

// CloseMeeting ends a live (or draft) meeting: the join code stops working.
func (db *MeetingService) CloseMeeting(ctx context.Context, actor *rotonde.User, id int64, feedback string) (int64, error) {
	feedback, err := meeting.CleanFeedback(feedback)
	if err != nil {
		return 0, err
	}
	var seq int64
	err = db.WriteTx(ctx, func(tx *Tx) error {
		a, err := db.facilitatorAccess(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		now := db.Now()
		m, ended, err := a.Meeting.Close(now, feedback)
		if err != nil {
			return err
		}
		if !ended {
			if _, err := tx.Exec(ctx, `UPDATE meetings SET feedback = ?, updated_at = ? WHERE id = ?`, m.Feedback, m.UpdatedAt, id); err != nil {
				return err
			}
			return tx.indexReport(ctx, id)
		}
		if _, err := tx.Exec(ctx, `UPDATE meetings SET status = ?, film_open = ?, feedback = ?, closed_at = ?, updated_at = ? WHERE id = ?`, string(m.Status), m.FilmOpen, m.Feedback, m.ClosedAt, m.UpdatedAt, id); err != nil {
			return err
		}
		if a.Meeting.CaseID != 0 {
			if err := db.takeMeetingSnapshot(ctx, tx, id, a.Meeting.CaseID, now); err != nil {
				return err
			}
		}
		if err := db.closeSeriesSession(ctx, tx, id); err != nil {
			return err
		}
		if err := db.noteClosing(ctx, tx, actor, a.Meeting); err != nil { // undo: sqldb/undo.go
			return err
		}
		if err := tx.indexReport(ctx, id); err != nil {
			return err
		}
		seq, err = db.appendEvent(ctx, tx, id, meeting.AudienceAll, meeting.StatusEvent{Status: meeting.Closed})
		return err
	})
	return seq, err
}

// MeetingEvents returns events after a number, oldest first. It checks no
// access: the live hub calls it for subscribers it has already checked.
func (db *MeetingService) MeetingEvents(ctx context.Context, id, after int64, limit int) ([]meeting.Event, error) {
	return readList(ctx, db.store, "meeting events", func(r scanner) (meeting.Event, error) {
		e := meeting.Event{MeetingID: id}
		var payload string
		err := r.Scan(&e.Seq, &e.Kind, &e.Audience, &payload, &e.CreatedAt)
		e.Payload = json.RawMessage(payload)
		return e, err
	}, `SELECT seq, kind, audience, payload, created_at FROM meeting_events WHERE meeting_id = ? AND seq > ? ORDER BY seq LIMIT ?`, id, after, limit)
}

// MeetingLastSeq returns the number of the meeting's latest event.
func (db *MeetingService) MeetingLastSeq(ctx context.Context, id int64) (int64, error) {
	var seq int64
	err := db.queryRow(ctx, `SELECT last_seq FROM meetings WHERE id = ?`, id).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, meetingNotFound()
	}
	return seq, err
}
