package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
	"github.com/rotonde-jeugd/rotonde/runes"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// progressWrite runs fn in a write transaction after checking that the actor
// may record progress in the case (learning cycle, phase, small steps).
func (db *store) progressWrite(ctx context.Context, actor *rotonde.User, caseID int64, allowed func(rotonde.MemberRole) bool, fn func(tx *Tx) error) error {
	// summariseProgress keeps the network view's summary in step (sqldb/network.go).
	return db.caseChange(ctx, actor, caseID, allowed, "err.sqldb.you_can_only_view_this_in", summariseProgress, fn)
}

// AddCycleEntry records what was done in one step of the learning cycle.
func (db *ProgressService) AddCycleEntry(ctx context.Context, actor *rotonde.User, e *rotonde.CycleEntry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	return db.progressWrite(ctx, actor, e.CaseID, policy.CanEditProgress, func(tx *Tx) error {
		e.CreatedBy, e.CreatedAt = actor.ID, db.Now()
		return tx.QueryRow(ctx, `INSERT INTO cycle_entries (case_id, step, done, evidence_url, evidence_ref, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.CaseID, e.Step, e.Done, e.EvidenceURL, e.EvidenceRef, e.CreatedBy, e.CreatedAt).Scan(&e.ID)
	})
}

// CycleEntries lists a case's learning-cycle entries, oldest first.
func (db *ProgressService) CycleEntries(ctx context.Context, actor *rotonde.User, caseID int64) ([]rotonde.CycleEntry, error) {
	return caseList(ctx, db.store, actor, caseID, "cycle entries", func(r scanner) (rotonde.CycleEntry, error) {
		var e rotonde.CycleEntry
		err := r.Scan(&e.ID, &e.CaseID, &e.Step, &e.Done, &e.EvidenceURL, &e.EvidenceRef, &e.CreatedBy, &e.CreatedName, &e.CreatedAt)
		return e, err
	}, `SELECT e.id, e.case_id, e.step, e.done, e.evidence_url, e.evidence_ref, e.created_by, u.name, e.created_at
		FROM cycle_entries e JOIN users u ON u.id = e.created_by WHERE e.case_id = ? ORDER BY e.created_at, e.id`)
}

// SetPhase records the case's current phase of learning together.
func (db *ProgressService) SetPhase(ctx context.Context, actor *rotonde.User, p *rotonde.PhaseChange) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.progressWrite(ctx, actor, p.CaseID, policy.CanEditProgress, func(tx *Tx) error {
		p.SetBy, p.SetAt = actor.ID, db.Now()
		return tx.QueryRow(ctx, `INSERT INTO case_phases (case_id, phase, reason, set_by, set_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			p.CaseID, p.Phase, p.Reason, p.SetBy, p.SetAt).Scan(&p.ID)
	})
}

// PhaseHistory lists a case's phase changes, newest first; the first is current.
func (db *ProgressService) PhaseHistory(ctx context.Context, actor *rotonde.User, caseID int64) ([]rotonde.PhaseChange, error) {
	return caseList(ctx, db.store, actor, caseID, "phases", func(r scanner) (rotonde.PhaseChange, error) {
		var p rotonde.PhaseChange
		err := r.Scan(&p.ID, &p.CaseID, &p.Phase, &p.Reason, &p.SetBy, &p.SetByName, &p.SetAt)
		return p, err
	}, `SELECT p.id, p.case_id, p.phase, p.reason, p.set_by, u.name, p.set_at
		FROM case_phases p JOIN users u ON u.id = p.set_by WHERE p.case_id = ? ORDER BY p.set_at DESC, p.id DESC`)
}

// AddStep stores a small step. An owner who is a user must be a member of the case.
func (db *ProgressService) AddStep(ctx context.Context, actor *rotonde.User, s *rotonde.SmallStep) error {
	s.Status = rotonde.StepOpen
	if err := s.Validate(); err != nil {
		return err
	}
	return db.progressWrite(ctx, actor, s.CaseID, policy.CanEditProgress, func(tx *Tx) error {
		return db.insertStep(ctx, tx, actor, s)
	})
}

func (db *store) insertStep(ctx context.Context, tx *Tx, actor *rotonde.User, s *rotonde.SmallStep) error {
	if s.OwnerUserID != 0 {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM case_members WHERE case_id = ? AND user_id = ?`, s.CaseID, s.OwnerUserID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_member_of_case_as_owner")
		}
	}
	s.CreatedBy, s.CreatedAt = actor.ID, db.Now()
	return tx.QueryRow(ctx, `INSERT INTO small_steps (case_id, title, owner_user, owner_text, due, status, report_back, interview_id, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, s.CaseID, s.Title, nullInt(s.OwnerUserID), s.OwnerText, s.Due, string(s.Status),
		s.ReportBack, nullInt(s.InterviewID), s.CreatedBy, s.CreatedAt).Scan(&s.ID)
}

// SetStepStatus marks a small step done, dropped or open again.
func (db *ProgressService) SetStepStatus(ctx context.Context, actor *rotonde.User, caseID, stepID int64, status rotonde.StepStatus) error {
	if !status.Valid() {
		return rotonde.E(rotonde.EInvalid, "err.rotonde.unknown_status", string(status))
	}
	return db.progressWrite(ctx, actor, caseID, policy.CanEditProgress, func(tx *Tx) error {
		// An open step has no closer; a done or dropped one records who closed it and when.
		var closedBy, closedAt any
		if status != rotonde.StepOpen {
			closedBy, closedAt = actor.ID, db.Now()
		}
		return execOne(ctx, tx, notFound("err.sqldb.this_small_step_does_not_exist"),
			`UPDATE small_steps SET status = ?, closed_by = ?, closed_at = ? WHERE id = ? AND case_id = ?`, string(status), closedBy, closedAt, stepID, caseID)
	})
}

const stepColumns = `s.id, s.case_id, s.title, COALESCE(s.owner_user, 0), s.owner_text, COALESCE(ou.name, ''), s.due, s.status, s.report_back,
	COALESCE(s.interview_id, 0), s.created_by, s.created_at, COALESCE(s.closed_by, 0), COALESCE(cu.name, ''), s.closed_at`

const stepFrom = ` FROM small_steps s LEFT JOIN users ou ON ou.id = s.owner_user LEFT JOIN users cu ON cu.id = s.closed_by`

func scanStep(r interface{ Scan(...any) error }) (rotonde.SmallStep, error) {
	var s rotonde.SmallStep
	var status string
	var closed sql.NullTime
	err := r.Scan(&s.ID, &s.CaseID, &s.Title, &s.OwnerUserID, &s.OwnerText, &s.OwnerName, &s.Due, &status, &s.ReportBack,
		&s.InterviewID, &s.CreatedBy, &s.CreatedAt, &s.ClosedBy, &s.ClosedName, &closed)
	s.Status = rotonde.StepStatus(status)
	if closed.Valid {
		s.ClosedAt = closed.Time
	}
	if s.OwnerName == "" {
		s.OwnerName = s.OwnerText
	}
	return s, err
}

// Steps lists a case's small steps: open ones first (report-backs on top, then by date), then closed ones, newest first.
func (db *ProgressService) Steps(ctx context.Context, actor *rotonde.User, caseID int64) ([]rotonde.SmallStep, error) {
	out, err := caseList(ctx, db.store, actor, caseID, "steps", scanStep, `SELECT `+stepColumns+stepFrom+` WHERE s.case_id = ? ORDER BY s.id`)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		ao, bo := a.Status == rotonde.StepOpen, b.Status == rotonde.StepOpen
		switch {
		case ao != bo:
			return ao
		case !ao:
			return a.ClosedAt.After(b.ClosedAt)
		case a.ReportBack != b.ReportBack:
			return a.ReportBack
		case (a.Due == "") != (b.Due == ""):
			return a.Due != ""
		}
		return a.Due < b.Due
	})
	return out, nil
}

// StartInterview records a reflective interview with its consent, and the
// promise to report back to the interviewee as an open small step, in one transaction.
func (db *ProgressService) StartInterview(ctx context.Context, actor *rotonde.User, iv *rotonde.Interview) error {
	if err := iv.Validate(); err != nil {
		return err
	}
	return db.progressWrite(ctx, actor, iv.CaseID, policy.CanInterview, func(tx *Tx) error {
		now := db.Now()
		iv.ConsentBy, iv.ConsentAt, iv.CreatedBy, iv.CreatedAt = actor.ID, now, actor.ID, now
		if err := tx.QueryRow(ctx, `INSERT INTO interviews (case_id, interviewee, consent_recording, consent_notes, consent_by, consent_at, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, iv.CaseID, iv.Interviewee, iv.ConsentRecording, iv.ConsentNotes,
			iv.ConsentBy, iv.ConsentAt, iv.CreatedBy, iv.CreatedAt).Scan(&iv.ID); err != nil {
			return err
		}
		step := &rotonde.SmallStep{CaseID: iv.CaseID, Title: runes.Cut("Terugkoppelen aan "+iv.Interviewee+": wat is er met het verhaal gedaan?", 300),
			OwnerUserID: actor.ID, Status: rotonde.StepOpen, ReportBack: true, InterviewID: iv.ID}
		iv.ReportBack = step
		return db.insertStep(ctx, tx, actor, step)
	})
}

// SetInterviewConsent changes the recorded consent (e.g. withdrawn afterwards).
func (db *ProgressService) SetInterviewConsent(ctx context.Context, actor *rotonde.User, caseID, interviewID int64, recording, notes bool) error {
	return db.progressWrite(ctx, actor, caseID, policy.CanInterview, func(tx *Tx) error {
		return execOne(ctx, tx, interviewGone(), `UPDATE interviews SET consent_recording = ?, consent_notes = ?, consent_by = ?, consent_at = ? WHERE id = ? AND case_id = ?`,
			recording, notes, actor.ID, db.Now(), interviewID, caseID)
	})
}

func interviewGone() error {
	return notFound("err.sqldb.this_interview_does_not_exist")
}

// AddInterviewAnswer stores what the interviewee told about one period. It
// is refused when the interviewee did not consent to notes.
func (db *ProgressService) AddInterviewAnswer(ctx context.Context, actor *rotonde.User, a *rotonde.InterviewAnswer) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.progressWrite(ctx, actor, a.CaseID, policy.CanInterview, func(tx *Tx) error {
		var notes bool
		err := tx.QueryRow(ctx, `SELECT consent_notes FROM interviews WHERE id = ? AND case_id = ?`, a.InterviewID, a.CaseID).Scan(&notes)
		if isNoRows(err) {
			return interviewGone()
		}
		if err != nil {
			return err
		}
		if !notes {
			return rotonde.E(rotonde.EConflict, "err.sqldb.without_consent_for_notes_nothing_is")
		}
		a.CreatedBy, a.CreatedAt = actor.ID, db.Now()
		return tx.QueryRow(ctx, `INSERT INTO interview_answers (interview_id, case_id, year, month, question, answer, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, a.InterviewID, a.CaseID, a.Year, a.Month, a.Question, a.Answer, a.CreatedBy, a.CreatedAt).Scan(&a.ID)
	})
}

// Interviews lists a case's reflective interviews with their answers (in
// time order) and report-back steps, newest interview first.
func (db *ProgressService) Interviews(ctx context.Context, actor *rotonde.User, caseID int64) ([]rotonde.Interview, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	var out []rotonde.Interview
	byID := map[int64]int{}
	err := db.each(ctx, db.reader, `SELECT i.id, i.case_id, i.interviewee, i.consent_recording, i.consent_notes, i.consent_by, i.consent_at,
		i.created_by, u.name, i.created_at FROM interviews i JOIN users u ON u.id = i.created_by WHERE i.case_id = ? ORDER BY i.id DESC`, []any{caseID}, func(r *sql.Rows) error {
		var iv rotonde.Interview
		if err := r.Scan(&iv.ID, &iv.CaseID, &iv.Interviewee, &iv.ConsentRecording, &iv.ConsentNotes, &iv.ConsentBy, &iv.ConsentAt,
			&iv.CreatedBy, &iv.CreatedName, &iv.CreatedAt); err != nil {
			return err
		}
		byID[iv.ID] = len(out)
		out = append(out, iv)
		return nil
	})
	if err == nil && len(out) > 0 {
		err = db.each(ctx, db.reader, `SELECT a.id, a.interview_id, a.case_id, a.year, a.month, a.question, a.answer, a.created_by, a.created_at
			FROM interview_answers a WHERE a.case_id = ? ORDER BY a.year, a.month, a.id`, []any{caseID}, func(r *sql.Rows) error {
			var a rotonde.InterviewAnswer
			if err := r.Scan(&a.ID, &a.InterviewID, &a.CaseID, &a.Year, &a.Month, &a.Question, &a.Answer, &a.CreatedBy, &a.CreatedAt); err != nil {
				return err
			}
			if i, ok := byID[a.InterviewID]; ok {
				a.Interviewee = out[i].Interviewee
				out[i].Answers = append(out[i].Answers, a)
			}
			return nil
		})
	}
	if err == nil && len(out) > 0 {
		err = db.each(ctx, db.reader, `SELECT `+stepColumns+stepFrom+` WHERE s.case_id = ? AND s.report_back AND s.interview_id IS NOT NULL ORDER BY s.id`, []any{caseID}, func(r *sql.Rows) error {
			s, err := scanStep(r)
			if err != nil {
				return err
			}
			if i, ok := byID[s.InterviewID]; ok && out[i].ReportBack == nil {
				out[i].ReportBack = &s
			}
			return nil
		})
	}
	if err != nil {
		return nil, fmt.Errorf("interviews: %w", err)
	}
	return out, nil
}

// InterviewEvents returns the interview answers of a case as timeline events:
// each is the interviewee's own experience (kind beleving, below the line,
// source gezinslid). The timeline page merges them with the stored events;
// their IDs ("gesprek-…") never collide with stored event IDs.
func (db *TimelineService) InterviewEvents(ctx context.Context, actor *rotonde.User, caseID int64) ([]timeline.Event, error) {
	ivs, err := (*ProgressService)(db).Interviews(ctx, actor, caseID)
	if err != nil {
		return nil, err
	}
	var out []timeline.Event
	for _, iv := range ivs {
		for _, a := range iv.Answers {
			out = append(out, AnswerEvent(a))
		}
	}
	timeline.Sort(out)
	return out, nil
}

// AnswerEvent turns one interview answer into a timeline event.
func AnswerEvent(a rotonde.InterviewAnswer) timeline.Event {
	d := timeline.YearOf(a.Year)
	if a.Month > 0 {
		d = timeline.MonthOf(a.Year, a.Month)
	}
	desc := a.Answer
	if a.Question != "" {
		desc = a.Question + " — " + a.Answer
	}
	return timeline.Event{ID: "gesprek-" + strconv.FormatInt(a.ID, 10), Date: d, Kind: timeline.KindExperience, Lane: timeline.LaneFamily,
		Source: timeline.SourceFamily, Description: desc, Persons: []string{a.Interviewee}}
}

// Feed returns the recent happenings of a case, newest first: steps added and
// done (done is celebrated), phase changes, learning-cycle entries and interviews.
func (db *ProgressService) Feed(ctx context.Context, actor *rotonde.User, caseID int64, limit int) ([]rotonde.FeedItem, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 10
	}
	var out []rotonde.FeedItem
	add := func(q, kind string) error {
		return db.each(ctx, db.reader, q+` LIMIT `+strconv.Itoa(limit), []any{caseID}, func(r *sql.Rows) error {
			var f rotonde.FeedItem
			if err := r.Scan(&f.At, &f.Actor, &f.Text); err != nil {
				return err
			}
			f.Kind = kind
			out = append(out, f)
			return nil
		})
	}
	err := add(`SELECT s.closed_at, u.name, s.title FROM small_steps s JOIN users u ON u.id = s.closed_by
		WHERE s.case_id = ? AND s.status = 'done' ORDER BY s.closed_at DESC`, "step_done")
	if err == nil {
		err = add(`SELECT s.created_at, CASE WHEN s.anonymous THEN '' ELSE u.name END, s.title FROM small_steps s JOIN users u ON u.id = s.created_by
			WHERE s.case_id = ? ORDER BY s.created_at DESC`, "step_added")
	}
	if err == nil {
		err = add(`SELECT p.set_at, u.name, p.phase FROM case_phases p JOIN users u ON u.id = p.set_by WHERE p.case_id = ? ORDER BY p.set_at DESC`, "phase")
	}
	if err == nil {
		err = add(`SELECT e.created_at, u.name, e.step FROM cycle_entries e JOIN users u ON u.id = e.created_by WHERE e.case_id = ? ORDER BY e.created_at DESC`, "cycle")
	}
	if err == nil {
		err = add(`SELECT i.created_at, u.name, i.interviewee FROM interviews i JOIN users u ON u.id = i.created_by WHERE i.case_id = ? ORDER BY i.created_at DESC`, "interview")
	}
	if err == nil {
		// The author's name only: an insight captured anonymously has none.
		err = add(`SELECT i.created_at, i.author_name, i.body FROM case_insights i WHERE i.case_id = ? ORDER BY i.created_at DESC`, "insight")
	}
	if err == nil {
		// Deletions and restores: "trashed.<area>", "restored.<area>"
		// (rotonde.TrashKind.Area). Entries older than the trash keeps them are gone.
		out, err = db.entryFeed(ctx, trashEntries, caseID, limit, out, "trashed.", "restored.", trashArea)
	}
	if err == nil {
		// Reversal records: "ended.<kind>" for the action, "undone.<kind>" for its undoing.
		out, err = db.entryFeed(ctx, reversalEntries, caseID, limit, out, "ended.", "undone.", func(kind string) string { return kind })
	}
	if err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
