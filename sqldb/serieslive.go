package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/meeting"
)

// A session of an intervision series runs as a live meeting of the group
// (series_meetings, migration 030). The meeting machinery stays the one in
// meeting.go; these functions are its hooks for such a meeting: the group's
// members take part, contributions stay with their author until the
// facilitator reveals a step and are shown without names, and closing the
// meeting turns its dilemmas and insights into the group's records.

// seriesSession is the series side of a meeting.
type seriesSession struct {
	seriesID, groupID int64
	number            int
	revealedThrough   int
}

// seriesSessionOf returns the series side of a meeting, and whether it has one.
func (db *store) seriesSessionOf(ctx context.Context, q *Tx, meetingID int64) (seriesSession, bool, error) {
	var s seriesSession
	err := q.QueryRow(ctx, `SELECT series_id, group_id, number, revealed_through FROM series_meetings WHERE meeting_id = ?`, meetingID).
		Scan(&s.seriesID, &s.groupID, &s.number, &s.revealedThrough)
	if isNoRows(err) {
		return s, false, nil
	}
	return s, err == nil, err
}

// seriesMeetingAccess lets the members of a series session's group in; the
// group's facilitators facilitate. ok is false for any other meeting or
// anyone outside the group.
func (db *store) seriesMeetingAccess(ctx context.Context, q *Tx, meetingID int64, u *rotonde.User) (ok, facilitate bool, err error) {
	var role string
	err = q.QueryRow(ctx, `SELECT g.role FROM series_meetings s JOIN group_members g ON g.group_id = s.group_id WHERE s.meeting_id = ? AND g.user_id = ?`,
		meetingID, u.ID).Scan(&role)
	if isNoRows(err) {
		return false, false, nil
	}
	if err != nil {
		return false, false, err
	}
	return true, role == "facilitator", nil
}

// seriesSnapshot hides what a series session's group may not see yet: no
// contribution carries a name, and before the facilitator reveals a step
// (or the meeting closes) each member sees only their own contributions to it.
func (db *store) seriesSnapshot(ctx context.Context, s *meeting.Snapshot, a meeting.Access) error {
	ss, ok, err := db.seriesSessionOf(ctx, db.reader, s.Meeting.ID)
	if err != nil || !ok {
		return err
	}
	var own int64 = -1
	if a.Participant != nil {
		own = a.Participant.ID
	}
	closed := s.Meeting.Status == meeting.Closed
	s.Series = &meeting.SeriesState{RevealedThrough: ss.revealedThrough, Withheld: map[int]int{}}
	if closed {
		s.Series.RevealedThrough = len(s.Steps)
	}
	kept := s.Captures[:0]
	for _, c := range s.Captures {
		mine := c.ParticipantID == own
		if !closed && c.StepPosition > ss.revealedThrough && !mine {
			s.Series.Withheld[c.StepPosition]++
			continue
		}
		c.AuthorName = ""
		if !mine {
			c.ParticipantID = 0
		}
		kept = append(kept, c)
	}
	s.Captures = kept
	return nil
}

// seriesCapture checks a contribution to a series session against the step's
// work form and keeps its author (the group never sees the name). It
// reports whether the meeting is a series session.
func (db *store) seriesCapture(ctx context.Context, tx *Tx, c *meeting.Capture) (bool, error) {
	_, ok, err := db.seriesSessionOf(ctx, tx, c.MeetingID)
	if err != nil || !ok {
		return false, err
	}
	var st meeting.Step
	err = tx.QueryRow(ctx, `SELECT position, card_key, variant, step_key, minutes FROM meeting_steps WHERE meeting_id = ? AND position = ?`, c.MeetingID, c.StepPosition).
		Scan(&st.Position, &st.CardKey, &st.Variant, &st.StepKey, &st.Minutes)
	if isNoRows(err) {
		return true, rotonde.E(rotonde.EConflict, "err.sqldb.that_step_is_not_on_agenda_2")
	}
	if err != nil {
		return true, err
	}
	c.Anonymous = false
	return true, meeting.CheckIntervisionCapture(st, c)
}

// seriesCaptureEvent counts the contributions to the capture's step.
func (db *store) seriesCaptureEvent(ctx context.Context, tx *Tx, c *meeting.Capture) (meeting.EventPayload, error) {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM meeting_captures WHERE meeting_id = ? AND step_position = ?`, c.MeetingID, c.StepPosition).Scan(&n); err != nil {
		return nil, err
	}
	return meeting.SeriesEvent{Step: c.StepPosition, Count: n}, nil
}

// RevealStep shows the group the contributions to the current step of a
// series session, without names.
func (db *MeetingService) RevealStep(ctx context.Context, actor *rotonde.User, id int64) (int64, error) {
	var seq int64
	err := db.WriteTx(ctx, func(tx *Tx) error {
		a, err := db.facilitatorAccess(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		ss, ok, err := db.seriesSessionOf(ctx, tx, id)
		if err != nil {
			return err
		}
		if !ok {
			return rotonde.E(rotonde.EInvalid, "err.sqldb.reveal_series_only")
		}
		if err := a.Meeting.CheckTakePart(); err != nil {
			return err
		}
		step := a.Meeting.CurrentStep
		if _, err := tx.Exec(ctx, `UPDATE series_meetings SET revealed_through = ? WHERE meeting_id = ?`, max(step, ss.revealedThrough), id); err != nil {
			return err
		}
		seq, err = db.appendEvent(ctx, tx, id, meeting.AudienceAll, meeting.SeriesEvent{Step: step, Revealed: true})
		return err
	})
	return seq, err
}

// closeSeriesSession turns a closed series session's dilemmas and insights
// into records of the group, unshared and credited to their authors, each
// with a line in the series report; what each member takes home is kept
// as an insight with its takeaway, so that Rotonde asks later what came of
// it. Now that everything is revealed, the contributions are indexed too.
func (db *store) closeSeriesSession(ctx context.Context, tx *Tx, meetingID int64) error {
	ss, ok, err := db.seriesSessionOf(ctx, tx, meetingID)
	if err != nil || !ok {
		return err
	}
	type contribution struct {
		id     int64
		kind   meeting.CaptureKind
		body   string
		slot   string
		author int64
	}
	var cs []contribution
	if err := db.each(ctx, tx, `SELECT c.id, c.kind, c.body, c.slot, COALESCE(p.user_id, 0) FROM meeting_captures c
		LEFT JOIN meeting_participants p ON p.id = c.participant_id WHERE c.meeting_id = ? ORDER BY c.id`, []any{meetingID}, func(r *sql.Rows) error {
		var c contribution
		var kind string
		if err := r.Scan(&c.id, &kind, &c.body, &c.slot, &c.author); err != nil {
			return err
		}
		c.kind = meeting.CaptureKind(kind)
		cs = append(cs, c)
		return nil
	}); err != nil {
		return err
	}
	now := db.Now()
	for _, c := range cs {
		if err := tx.indexCapture(ctx, c.id); err != nil {
			return err
		}
		k := knowledge.Record{GroupID: ss.groupID, Body: c.body, CreatedBy: c.author}
		switch c.kind {
		case meeting.Dilemma:
			k.Kind = knowledge.KindDilemma
		case meeting.Insight:
			k.Kind, k.Level = knowledge.KindInsight, c.slot
		case meeting.Takeaway:
			k.Kind, k.Takeaway = knowledge.KindInsight, c.body
		default:
			continue // the Socratic questions stay in the meeting's report
		}
		if c.author == 0 {
			continue // a guest's words have no author in the group to check them
		}
		if err := k.Validate(); err != nil {
			return err
		}
		var due any
		if k.Takeaway != "" {
			due = now.Add(knowledge.FollowUpAfter)
		}
		if err := tx.QueryRow(ctx, `INSERT INTO knowledge_records (kind, group_id, level, body, takeaway, follow_up_due, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, string(k.Kind), k.GroupID, k.Level, k.Body, k.Takeaway, due, k.CreatedBy, now, now).Scan(&k.ID); err != nil {
			return fmt.Errorf("series record: %w", err)
		}
		if err := tx.indexRecord(ctx, k.ID); err != nil { // the group's members find it from now on
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO series_report_lines (record_id, series_id, number, updated_at) VALUES (?, ?, ?, ?)`,
			k.ID, ss.seriesID, ss.number, now); err != nil {
			return fmt.Errorf("series report line: %w", err)
		}
	}
	return nil
}

// seriesOf returns a series' group and the actor's role in it, or ENotFound.
func (db *store) seriesOf(ctx context.Context, q *Tx, actor *rotonde.User, seriesID int64) (groupID int64, title string, role string, err error) {
	err = q.QueryRow(ctx, `SELECT group_id, title FROM intervision_series WHERE id = ?`, seriesID).Scan(&groupID, &title)
	if isNoRows(err) {
		return 0, "", "", notFound("err.knowledge.series_not_found")
	}
	if err != nil {
		return 0, "", "", err
	}
	role, err = db.seriesGroupRole(ctx, q, actor, groupID)
	return groupID, title, role, err
}

// StartSession gives a session of the series its live meeting, a draft with
// the intervision work forms as its steps; the group's facilitators do.
func (db *KnowledgeService) StartSession(ctx context.Context, actor *rotonde.User, seriesID int64, number int) (knowledge.SessionMeeting, error) {
	out := knowledge.SessionMeeting{Number: number}
	err := db.WriteTx(ctx, func(tx *Tx) error {
		groupID, title, role, err := db.seriesOf(ctx, tx, actor, seriesID)
		if err != nil {
			return err
		}
		if role != "facilitator" {
			return forbidden()
		}
		err = tx.QueryRow(ctx, `SELECT s.meeting_id, m.status FROM series_meetings s JOIN meetings m ON m.id = s.meeting_id WHERE s.series_id = ? AND s.number = ?`,
			seriesID, number).Scan(&out.MeetingID, &out.Status)
		if err == nil || !isNoRows(err) {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM intervision_sessions WHERE series_id = ? AND number = ?`, seriesID, number).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return notFound("err.knowledge.session_not_found")
		}
		m := &meeting.Meeting{Title: fmt.Sprintf("%s · %d", title, number), Theme: title}
		if out.MeetingID, err = db.insertDraftMeeting(ctx, tx, m, actor.ID); err != nil {
			return err
		}
		for _, st := range meeting.IntervisionSteps() {
			if _, err := tx.Exec(ctx, `INSERT INTO meeting_steps (meeting_id, position, card_key, variant, step_key, minutes, anonymous) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				out.MeetingID, st.Position, st.CardKey, st.Variant, st.StepKey, st.Minutes, false); err != nil {
				return err
			}
		}
		out.Status = string(meeting.Draft)
		_, err = tx.Exec(ctx, `INSERT INTO series_meetings (meeting_id, series_id, number, group_id) VALUES (?, ?, ?, ?)`, out.MeetingID, seriesID, number, groupID)
		return err
	})
	return out, err
}

// SessionMeetings lists the series' sessions that have a meeting, for the group's members.
func (db *KnowledgeService) SessionMeetings(ctx context.Context, actor *rotonde.User, seriesID int64) ([]knowledge.SessionMeeting, error) {
	if _, _, _, err := db.seriesOf(ctx, db.reader, actor, seriesID); err != nil {
		return nil, err
	}
	var out []knowledge.SessionMeeting
	err := db.each(ctx, db.reader, `SELECT s.number, s.meeting_id, m.status FROM series_meetings s JOIN meetings m ON m.id = s.meeting_id WHERE s.series_id = ? ORDER BY s.number`,
		[]any{seriesID}, func(r *sql.Rows) error {
			var x knowledge.SessionMeeting
			if err := r.Scan(&x.Number, &x.MeetingID, &x.Status); err != nil {
				return err
			}
			out = append(out, x)
			return nil
		})
	return out, err
}

// SeriesReport returns the series report for a member of the group: the
// checked lines, and the lines still to draft (facilitators) or to check
// (their authors). Nobody else's unchecked words are in it.
func (db *KnowledgeService) SeriesReport(ctx context.Context, actor *rotonde.User, seriesID int64) (*knowledge.SeriesReport, error) {
	_, _, role, err := db.seriesOf(ctx, db.reader, actor, seriesID)
	if err != nil {
		return nil, err
	}
	rep := &knowledge.SeriesReport{Facilitate: role == "facilitator"}
	err = db.each(ctx, db.reader, `SELECT l.record_id, l.number, r.kind, r.level, r.body, l.paraphrase, l.checked_at IS NOT NULL, r.created_by
		FROM series_report_lines l JOIN knowledge_records r ON r.id = l.record_id WHERE l.series_id = ? ORDER BY l.number, l.record_id`,
		[]any{seriesID}, func(r *sql.Rows) error {
			var l knowledge.ReportLine
			var kind string
			var author int64
			if err := r.Scan(&l.RecordID, &l.Number, &kind, &l.Level, &l.Body, &l.Paraphrase, &l.Checked, &author); err != nil {
				return err
			}
			l.Kind, l.Mine = knowledge.Kind(kind), author == actor.ID
			if !l.Checked && !l.Mine && !rep.Facilitate {
				return nil
			}
			rep.Lines = append(rep.Lines, l)
			return nil
		})
	return rep, err
}

// SaveReportParaphrase keeps a paraphrase for a line of the series report.
// The line's author checks it: what they save is approved. A facilitator's
// paraphrase of someone else's words is a draft, to be checked again by
// the author. A paraphrase that names a member of the group is refused.
func (db *KnowledgeService) SaveReportParaphrase(ctx context.Context, actor *rotonde.User, seriesID, recordID int64, paraphrase string) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		groupID, _, role, err := db.seriesOf(ctx, tx, actor, seriesID)
		if err != nil {
			return err
		}
		var author int64
		err = tx.QueryRow(ctx, `SELECT r.created_by FROM series_report_lines l JOIN knowledge_records r ON r.id = l.record_id WHERE l.record_id = ? AND l.series_id = ?`,
			recordID, seriesID).Scan(&author)
		if isNoRows(err) {
			return notFound("err.knowledge.report_line_not_found")
		}
		if err != nil {
			return err
		}
		mine := author == actor.ID
		if !mine && role != "facilitator" {
			return forbidden()
		}
		terms, err := db.knownTerms(ctx, tx, &knowledge.Record{GroupID: groupID, CreatedBy: author})
		if err != nil {
			return err
		}
		if paraphrase, err = knowledge.CheckReportParaphrase(paraphrase, terms); err != nil {
			return err
		}
		now := db.Now()
		var checked any
		if mine {
			checked = now
		}
		_, err = tx.Exec(ctx, `UPDATE series_report_lines SET paraphrase = ?, drafted_by = ?, checked_at = ?, updated_at = ? WHERE record_id = ?`,
			paraphrase, actor.ID, checked, now, recordID)
		return err
	})
}
