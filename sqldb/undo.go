package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// Reversal records (rotonde.Undo): the actions that end something rather
// than delete case content leave one in their own transaction, with what
// undoing needs; undoing checks today's rules again (see
// rotonde.TrashService.Undo).

// memberUndo is what re-adding a removed member needs.
type memberUndo struct {
	Role  string `json:"role"`
	Basis string `json:"basis"`
}

// meetingUndo is the status a closed meeting had.
type meetingUndo struct {
	Status string `json:"status"`
}

// noteUndo writes a reversal record in the action's transaction.
func (db *store) noteUndo(ctx context.Context, tx *Tx, actor *rotonde.User, caseID int64, kind rotonde.UndoKind, target int64, label string, payload any) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO reversals (case_id, kind, target_id, label, payload, done_by, done_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		caseID, string(kind), target, label, string(b), actor.ID, db.Now().UTC())
	return err
}

// noteMemberRemoval keeps the role and basis of a member about to be removed.
func (db *store) noteMemberRemoval(ctx context.Context, tx *Tx, actor *rotonde.User, caseID, userID int64) error {
	var m memberUndo
	var name string
	if err := tx.QueryRow(ctx, `SELECT m.role, m.basis, u.name FROM case_members m JOIN users u ON u.id = m.user_id
		WHERE m.case_id = ? AND m.user_id = ?`, caseID, userID).Scan(&m.Role, &m.Basis, &name); err != nil {
		return err
	}
	return db.noteUndo(ctx, tx, actor, caseID, rotonde.UndoMember, userID, name, m)
}

// noteWithdrawal notes a ground just withdrawn, named by who gave the consent or by the legal basis.
func (db *store) noteWithdrawal(ctx context.Context, tx *Tx, actor *rotonde.User, caseID, groundID int64) error {
	var label string
	if err := tx.QueryRow(ctx, `SELECT CASE WHEN kind = 'consent' THEN given_by ELSE legal_basis END FROM sharing_grounds WHERE id = ?`,
		groundID).Scan(&label); err != nil {
		return err
	}
	return db.noteUndo(ctx, tx, actor, caseID, rotonde.UndoGround, groundID, label, struct{}{})
}

// noteRevocation keeps the row of an invitation about to be revoked (none: nothing to note).
func (db *store) noteRevocation(ctx context.Context, tx *Tx, actor *rotonde.User, caseID, invitationID int64) error {
	rs, err := db.collectTrash(ctx, tx, []trashPart{{"invitations", `id = ? AND case_id = ? AND used_at IS NULL`, []any{invitationID, caseID}}})
	if err != nil {
		if rotonde.ErrorCodeOf(err) == rotonde.ENotFound {
			return nil
		}
		return err
	}
	name, _ := rs[0].get("name").(string)
	return db.noteUndo(ctx, tx, actor, caseID, rotonde.UndoInvitation, invitationID, name, rs)
}

// noteClosing notes a meeting of a case just closed, with the status it had.
func (db *store) noteClosing(ctx context.Context, tx *Tx, actor *rotonde.User, m *meeting.Meeting) error {
	if m.CaseID == 0 {
		return nil // a meeting of a group: the meeting itself says when it closed (ReopenMeeting)
	}
	return db.noteUndo(ctx, tx, actor, m.CaseID, rotonde.UndoMeeting, m.ID, m.Title, meetingUndo{Status: string(m.Status)})
}

const undoColumns = `r.id, r.case_id, r.kind, r.target_id, r.label, r.payload, COALESCE(r.done_by, 0), COALESCE(u.name, ''), r.done_at, r.undone_at`

const undoFrom = ` FROM reversals r LEFT JOIN users u ON u.id = r.done_by`

func scanUndo(s rowScanner) (rotonde.Undo, string, error) {
	var u rotonde.Undo
	var kind, payload string
	var undone sql.NullTime
	err := s.Scan(&u.ID, &u.CaseID, &kind, &u.Target, &u.Label, &payload, &u.DoneBy, &u.DoneByName, &u.DoneAt, &undone)
	u.Kind, u.DoneAt = rotonde.UndoKind(kind), u.DoneAt.UTC()
	if undone.Valid {
		u.UndoneAt = undone.Time.UTC()
	}
	return u, payload, err
}

// LastUndo returns the newest open reversal record of what (see rotonde.TrashService).
func (db *TrashService) LastUndo(ctx context.Context, actor *rotonde.User, caseID int64, kind rotonde.UndoKind, target int64) (rotonde.Undo, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return rotonde.Undo{}, err
	}
	u, _, err := scanUndo(db.reader.QueryRow(ctx, `SELECT `+undoColumns+undoFrom+` WHERE r.case_id = ? AND r.kind = ? AND r.target_id = ?
		AND r.undone_at IS NULL AND r.done_at > ? ORDER BY r.done_at DESC, r.id DESC LIMIT 1`, caseID, string(kind), target, db.trashCutoff()))
	if isNoRows(err) {
		return u, notFound("err.undo.gone")
	}
	return u, err
}

// Undo undoes a reversal record (see rotonde.TrashService).
func (db *TrashService) Undo(ctx context.Context, actor *rotonde.User, caseID, id int64) (rotonde.Undo, error) {
	var u rotonde.Undo
	var payload string
	undone, err := db.putBack(ctx, actor, caseID, id, reversalEntries, scanInto(&u, &payload, scanUndo), func(tx *Tx, role rotonde.MemberRole) (err error) {
		switch u.Kind {
		case rotonde.UndoMember:
			err = db.undoMemberRemoval(ctx, tx, role, u, payload)
		case rotonde.UndoGround:
			err = db.undoWithdrawal(ctx, tx, actor, role, u)
		case rotonde.UndoInvitation:
			err = db.undoRevocation(ctx, tx, role, u, payload)
		case rotonde.UndoMeeting:
			u.Seq, err = db.undoClosing(ctx, tx, actor, u, payload)
		case rotonde.UndoStory:
			err = db.undoStoryWithdrawal(ctx, tx, actor, role, u, payload) // sqldb/undo_story.go
		default:
			err = fmt.Errorf("undo: unknown kind %q", u.Kind)
		}
		return err
	})
	u.UndoneAt = undone
	return u, err
}

// undoMemberRemoval re-adds a removed member with their role, if the basis
// on which they were a member still holds today.
func (db *store) undoMemberRemoval(ctx context.Context, tx *Tx, role rotonde.MemberRole, u rotonde.Undo, payload string) error {
	if !policy.CanManageMembers(role) {
		return rotonde.E(rotonde.EForbidden, "err.sqldb.only_case_owner_and_facilitator_can")
	}
	var m memberUndo
	if err := json.Unmarshal([]byte(payload), &m); err != nil {
		return fmt.Errorf("undo %d: %w", u.ID, err)
	}
	user, err := scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, u.Target))
	if isNoRows(err) || (err == nil && (user.Disabled || !policy.CanJoinCase(&user))) {
		return rotonde.E(rotonde.EConflict, "err.undo.member_account", u.Label)
	}
	if err != nil {
		return err
	}
	var exists int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM case_members WHERE case_id = ? AND user_id = ?`, u.CaseID, user.ID).Scan(&exists); err != nil {
		return err
	}
	if exists > 0 {
		return rotonde.E(rotonde.EConflict, "err.sqldb.is_already_member_of_this_case", user.Name)
	}
	basis, err := db.memberBasis(ctx, tx, u.CaseID, &user)
	if err != nil || basis != m.Basis {
		return rotonde.E(rotonde.EConflict, "err.undo.member_basis", user.Name)
	}
	_, err = tx.Exec(ctx, `INSERT INTO case_members (case_id, user_id, role, added_at, basis) VALUES (?, ?, ?, ?, ?)`,
		u.CaseID, user.ID, m.Role, db.Now(), basis)
	return err
}

// undoWithdrawal puts a withdrawn ground back in force: only whoever
// withdrew it may, consent only a family member, a legal basis only a
// manager, each while today's rules let them withdraw it.
func (db *store) undoWithdrawal(ctx context.Context, tx *Tx, actor *rotonde.User, role rotonde.MemberRole, u rotonde.Undo) error {
	var kind string
	var by sql.NullInt64
	err := tx.QueryRow(ctx, `SELECT kind, withdrawn_by FROM sharing_grounds WHERE id = ? AND case_id = ? AND withdrawn_at IS NOT NULL`,
		u.Target, u.CaseID).Scan(&kind, &by)
	if isNoRows(err) {
		return notFound("err.undo.gone")
	}
	if err != nil {
		return err
	}
	k := rotonde.GroundKind(kind)
	if by.Int64 != actor.ID || !policy.CanWithdrawGround(role, k) || (k == rotonde.GroundConsent && role != rotonde.MemberFamily) {
		if k == rotonde.GroundConsent {
			return rotonde.E(rotonde.EForbidden, "err.undo.consent_is_theirs")
		}
		return rotonde.E(rotonde.EForbidden, "err.undo.ground_is_theirs")
	}
	_, err = tx.Exec(ctx, `UPDATE sharing_grounds SET withdrawn_at = NULL, withdrawn_by = NULL WHERE id = ?`, u.Target)
	return err
}

// undoRevocation makes a revoked invitation usable again until it expires.
func (db *store) undoRevocation(ctx context.Context, tx *Tx, role rotonde.MemberRole, u rotonde.Undo, payload string) error {
	if !policy.CanManageMembers(role) {
		return rotonde.E(rotonde.EForbidden, "err.sqldb.only_case_owner_and_facilitator_can_3")
	}
	var rs trashRows
	if err := json.Unmarshal([]byte(payload), &rs); err != nil || len(rs) != 1 {
		return fmt.Errorf("undo %d: %v", u.ID, err)
	}
	if exp, ok := rs[0].get("expires_at").(time.Time); !ok || !db.Now().Before(exp) {
		return rotonde.E(rotonde.EConflict, "err.undo.invitation_expired", u.Label)
	}
	_, err := db.reinsert(ctx, tx, u.CaseID, rs)
	return err
}

// undoClosing reopens a closed meeting of the case with the status it had;
// the picture of the case taken at closing is taken again at the next close.
func (db *store) undoClosing(ctx context.Context, tx *Tx, actor *rotonde.User, u rotonde.Undo, payload string) (int64, error) {
	a, err := db.facilitatorAccess(ctx, tx, actor, u.Target)
	if err != nil {
		return 0, err
	}
	var p meetingUndo
	if err := json.Unmarshal([]byte(payload), &p); err != nil {
		return 0, fmt.Errorf("undo %d: %w", u.ID, err)
	}
	return db.reopenMeeting(ctx, tx, a.Meeting, meeting.Status(p.Status))
}

// reopenMeeting sets a closed meeting back to the status it had, drops the
// picture of the case taken at closing and tells the live clients.
func (db *store) reopenMeeting(ctx context.Context, tx *Tx, closed *meeting.Meeting, had meeting.Status) (int64, error) {
	m, err := closed.Reopen(db.Now(), had)
	if err != nil {
		return 0, err
	}
	if err := execOne(ctx, tx, rotonde.E(rotonde.EConflict, "err.undo.meeting_not_closed"), // reopened meanwhile
		`UPDATE meetings SET status = ?, closed_at = NULL, updated_at = ? WHERE id = ? AND status = ?`,
		string(m.Status), m.UpdatedAt, m.ID, string(meeting.Closed)); err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM meeting_case_snapshots WHERE meeting_id = ?`, m.ID); err != nil {
		return 0, err
	}
	if err := tx.indexReport(ctx, m.ID); err != nil {
		return 0, err
	}
	return db.appendEvent(ctx, tx, m.ID, meeting.AudienceAll, meeting.StatusEvent{Status: m.Status})
}

// ReopenMeeting reopens a group's closed meeting (see meeting.Store). The
// meeting row is its own record: it was closed at closed_at, and it had
// been live if a step was ever started (else it was a draft).
func (db *MeetingService) ReopenMeeting(ctx context.Context, actor *rotonde.User, id int64) (int64, error) {
	return db.facilitatorChange(ctx, actor, id, func(tx *Tx, a meeting.Access) (int64, error) {
		m := a.Meeting
		switch {
		case m.Status != meeting.Closed:
			return 0, rotonde.E(rotonde.EConflict, "err.undo.meeting_not_closed")
		case m.CaseID != 0:
			return 0, rotonde.E(rotonde.EConflict, "err.undo.meeting_of_case") // its reversal record reopens it
		case !m.ClosedAt.After(db.trashCutoff()):
			return 0, notFound("err.undo.gone")
		}
		if _, series, err := db.seriesSessionOf(ctx, tx, id); err != nil || series {
			if err == nil {
				err = rotonde.E(rotonde.EConflict, "err.undo.series_session")
			}
			return 0, err
		}
		had := meeting.Draft
		if m.CurrentStep >= 0 {
			had = meeting.Live
		}
		return db.reopenMeeting(ctx, tx, m, had)
	})
}

// eraseReversals removes the reversal records that name the person: their
// membership, and records whose label or kept row holds one of their names.
func eraseReversals(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
	return j.forCases(func(c int64) error {
		if j.user != 0 {
			if err := j.exec(ctx, tx, "reversals", erased, `DELETE FROM reversals WHERE case_id = ? AND kind = 'member' AND target_id = ?`, c, j.user); err != nil {
				return err
			}
		}
		return eraseNamed(ctx, tx, j, "reversals", c)
	})
}

// eraseNamed deletes the rows of the case in table (trash or reversals)
// whose label or kept rows hold one of the person's names.
func eraseNamed(ctx context.Context, tx *Tx, j *erasureJob, table string, caseID int64) error {
	for _, n := range j.names {
		pat := "%" + strings.ToLower(n) + "%"
		if err := j.exec(ctx, tx, table, erased, `DELETE FROM `+table+` WHERE case_id = ? AND (LOWER(payload) LIKE ? OR LOWER(label) LIKE ?)`,
			caseID, pat, pat); err != nil {
			return err
		}
	}
	return nil
}
