package sqldb

import (
	"context"
	"fmt"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// copySections are the queries of a person's own copy; each takes the
// account's id as every argument (? placeholders, all the same id).
var copySections = []struct {
	name, q string
}{
	{"users", `SELECT u.id, u.email, u.name, u.role, COALESCE(o.name, '') AS organisation, u.disabled, u.created_at
		FROM users u LEFT JOIN organisations o ON o.id = u.org_id WHERE u.id = ?`},
	{"case_members", `SELECT m.case_id, c.title, c.status, m.role, m.basis, m.added_at FROM case_members m JOIN cases c ON c.id = m.case_id WHERE m.user_id = ? ORDER BY m.case_id`},
	{"sessions", `SELECT created_at, last_seen, expires_at, user_agent, address FROM sessions WHERE user_id = ? ORDER BY created_at`},
	{"api_tokens", `SELECT name, created_at, expires_at, revoked FROM api_tokens WHERE user_id = ? ORDER BY created_at`},
	{"webauthn_credentials", `SELECT name, created_at, last_used_at FROM webauthn_credentials WHERE user_id = ? ORDER BY created_at`},
	{"totp_secrets", `SELECT confirmed, created_at FROM totp_secrets WHERE user_id = ?`},
	{"group_members", `SELECT g.name AS group_name, m.role, m.added_at FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = ? ORDER BY m.added_at`},
	{"placements", `SELECT field_key, position, context, COALESCE(round_id, 0) AS round_id, role, placed_at FROM placements WHERE user_id = ? ORDER BY placed_at`},
	{"timeline_events", `SELECT case_id, date_year, date_month, date_day, kind, lane, description, emotions, opinions, created_at
		FROM timeline_events WHERE created_by = ? OR updated_by = ? ORDER BY case_id, start_day, id`},
	{"dream_answers", `SELECT case_id, question_key, answer, written_at FROM dream_answers WHERE written_by = ? OR for_user = ? ORDER BY case_id, id`},
	{"case_insights", `SELECT case_id, body, level, author_name, created_at FROM case_insights WHERE created_by = ? ORDER BY case_id, id`},
	{"small_steps", `SELECT case_id, title, status, due, owner_text, created_at FROM small_steps WHERE created_by = ? OR owner_user = ? ORDER BY case_id, id`},
	{"cycle_entries", `SELECT case_id, step, done, evidence_ref, created_at FROM cycle_entries WHERE created_by = ? ORDER BY case_id, id`},
	{"case_phases", `SELECT case_id, phase, reason, set_at FROM case_phases WHERE set_by = ? ORDER BY case_id, id`},
	{"interviews", `SELECT case_id, interviewee, consent_recording, consent_notes, created_at FROM interviews WHERE created_by = ? OR consent_by = ? ORDER BY case_id, id`},
	{"interview_answers", `SELECT case_id, year, month, question, answer, created_at FROM interview_answers WHERE created_by = ? ORDER BY case_id, id`},
	{"sharing_grounds", `SELECT case_id, kind, given_by, legal_basis, note, recorded_at, withdrawn_at FROM sharing_grounds WHERE recorded_by = ? OR withdrawn_by = ? ORDER BY case_id, id`},
	{"meeting_participants", `SELECT p.meeting_id, m.title, p.kind, p.name, p.joined_at FROM meeting_participants p JOIN meetings m ON m.id = p.meeting_id WHERE p.user_id = ? ORDER BY p.meeting_id`},
	{"meeting_captures", `SELECT c.meeting_id, c.kind, c.body, c.stakeholder, c.feeling, c.anonymous, c.created_at FROM meeting_captures c
		JOIN meeting_participants p ON p.id = c.participant_id WHERE p.user_id = ? ORDER BY c.meeting_id, c.id`},
	{"meeting_attachments", `SELECT a.meeting_id, a.title, a.link, a.content_type, a.size, a.created_at FROM meeting_attachments a
		JOIN meeting_participants p ON p.id = a.participant_id WHERE p.user_id = ? ORDER BY a.meeting_id, a.id`},
	{"meetings", `SELECT id, COALESCE(case_id, 0) AS case_id, title, status, planned_at, place FROM meetings WHERE facilitator_id = ? ORDER BY id`},
	{"invitations", `SELECT case_id, name, email, role, created_at, used_at FROM invitations WHERE used_by = ? OR created_by = ? ORDER BY case_id, id`},
	{"erasure_requests", `SELECT id, scope, case_id, status, requested_at, due_at, decided_at FROM erasure_requests WHERE requested_by = ? OR subject_user = ? ORDER BY id`},
}

// PersonalCopy gathers everything Rotonde holds about the actor's own
// account. Only the account holder may have it.
func (db *PrivacyService) PersonalCopy(ctx context.Context, actor *rotonde.User) (*rotonde.PersonalCopy, error) {
	if actor == nil || actor.Disabled {
		return nil, rotonde.E(rotonde.EUnauthorized, "err.sqldb.log_in_first")
	}
	pc := &rotonde.PersonalCopy{MadeAt: db.Now(), UserID: actor.ID}
	for _, s := range copySections {
		sec, err := db.copySection(ctx, s.name, s.q, actor.ID)
		if err != nil {
			return nil, fmt.Errorf("personal copy %s: %w", s.name, err)
		}
		pc.Sections = append(pc.Sections, sec)
	}
	caseIDs, err := db.reader.ids(ctx, `SELECT case_id FROM case_members WHERE user_id = ? ORDER BY case_id`, actor.ID)
	if err != nil {
		return nil, err
	}
	pc.CaseIDs = caseIDs
	// Who looked: every record of their cases, of their account, and their own.
	// One record more than a copy holds tells that the list was cut.
	access, err := queryList(ctx, db.reader, scanNamedAudit, `SELECT `+auditColumns+`, COALESCE(u.name, ''), COALESCE(o.name, '')
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN organisations o ON o.id = a.org_id
		WHERE a.subject_id = ? OR a.user_id = ? OR (a.case_id <> 0 AND a.case_id IN (SELECT case_id FROM case_members WHERE user_id = ?))
		ORDER BY a.seq DESC LIMIT ?`, actor.ID, actor.ID, actor.ID, rotonde.MaxCopyAccess+1)
	if err != nil {
		return nil, fmt.Errorf("personal copy access log: %w", err)
	}
	if len(access) > rotonde.MaxCopyAccess {
		pc.Truncated, access = true, access[:rotonde.MaxCopyAccess]
	}
	for _, e := range access {
		pc.Access = append(pc.Access, rotonde.CopyAccess{At: e.At, Action: string(e.Action), CaseID: e.CaseID, Part: e.Part,
			By: e.UserName, Org: e.OrgName, Role: e.Role, Outcome: e.Outcome, Detail: e.Detail})
	}
	return pc, nil
}

func (db *store) copySection(ctx context.Context, name, q string, userID int64) (rotonde.CopySection, error) {
	sec := rotonde.CopySection{Name: name, Rows: []map[string]any{}}
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
		}
	}
	args := make([]any, n)
	for i := range args {
		args[i] = userID
	}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return sec, err
	}
	defer rows.Close()
	if sec.Columns, err = rows.Columns(); err != nil {
		return sec, err
	}
	for rows.Next() {
		vals, err := scanValues(rows, len(sec.Columns))
		if err != nil {
			return sec, err
		}
		row := make(map[string]any, len(vals))
		for i, v := range vals {
			switch x := v.(type) {
			case []byte:
				v = string(x)
			case time.Time:
				v = x.UTC().Format(time.RFC3339)
			}
			row[sec.Columns[i]] = v
		}
		sec.Rows = append(sec.Rows, row)
	}
	return sec, rows.Err()
}
