package sqldb

import (
	"context"
	"database/sql"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/tension"
)

// Group reversal records: taking a member out of a group (which has no
// case) leaves one in the same transaction, with the role they had; a
// facilitator of the group adds them again within rotonde.TrashDays days.

const groupUndoColumns = `g.id, g.user_id, g.role, g.label, COALESCE(g.done_by, 0), COALESCE(u.name, ''), g.done_at, g.undone_at`

const groupUndoFrom = ` FROM group_reversals g LEFT JOIN users u ON u.id = g.done_by`

var groupReversalEntries = undoable{"group_reversals", "g", `SELECT ` + groupUndoColumns + groupUndoFrom, "done_at", "undone", "err.undo.gone", "group_id"}

func scanGroupUndo(s rowScanner) (rotonde.Undo, tension.GroupRole, error) {
	u := rotonde.Undo{Kind: rotonde.UndoGroupMember}
	var role string
	var undone sql.NullTime
	err := s.Scan(&u.ID, &u.Target, &role, &u.Label, &u.DoneBy, &u.DoneByName, &u.DoneAt, &undone)
	u.DoneAt = u.DoneAt.UTC()
	if undone.Valid {
		u.UndoneAt = undone.Time.UTC()
	}
	return u, tension.GroupRole(role), err
}

// noteGroupMemberRemoval notes a member about to be taken out of the group, with their role.
func (db *store) noteGroupMemberRemoval(ctx context.Context, tx *Tx, actor *rotonde.User, groupID, userID int64, role string) error {
	var name string
	if err := tx.QueryRow(ctx, `SELECT name FROM users WHERE id = ?`, userID).Scan(&name); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO group_reversals (group_id, user_id, role, label, done_by, done_at) VALUES (?, ?, ?, ?, ?, ?)`,
		groupID, userID, role, name, actor.ID, db.Now().UTC())
	return err
}

// groupFacilitator checks that the actor facilitates the group.
func (db *store) groupFacilitator(ctx context.Context, tx *Tx, actor *rotonde.User, groupID int64) error {
	my, err := db.groupRole(ctx, tx, actor, groupID)
	if err == nil && my != tension.GroupRoleFacilitator {
		err = rotonde.E(rotonde.EForbidden, "err.sqldb.only_facilitator_of_group_can_add")
	}
	return err
}

// LastGroupUndo returns the newest open record of taking a member out of
// the group (see tension.Service). It only reads: the access-log records
// pending in ctx stay for the change they describe.
func (db *TensionService) LastGroupUndo(ctx context.Context, actor *rotonde.User, groupID, userID int64) (rotonde.Undo, error) {
	if err := db.groupFacilitator(ctx, db.reader, actor, groupID); err != nil {
		return rotonde.Undo{}, err
	}
	u, _, err := scanGroupUndo(db.reader.QueryRow(ctx, `SELECT `+groupUndoColumns+groupUndoFrom+` WHERE g.group_id = ? AND g.user_id = ?
		AND g.undone_at IS NULL AND g.done_at > ? ORDER BY g.done_at DESC, g.id DESC LIMIT 1`, groupID, userID, db.trashCutoff()))
	if isNoRows(err) {
		return u, notFound("err.undo.gone")
	}
	return u, err
}

// UndoGroupMemberRemoval adds a member taken out of the group again with
// their role, if their account can still join (see tension.Service).
func (db *TensionService) UndoGroupMemberRemoval(ctx context.Context, actor *rotonde.User, groupID, id int64) (rotonde.Undo, error) {
	var u rotonde.Undo
	var role tension.GroupRole
	scan := scanInto(&u, &role, scanGroupUndo)
	err := db.WriteTx(ctx, func(tx *Tx) error {
		if err := db.groupFacilitator(ctx, tx, actor, groupID); err != nil {
			return err
		}
		var err error
		u.UndoneAt, err = db.putBackIn(ctx, tx, actor, groupID, id, groupReversalEntries, scan, func() error {
			var disabled bool
			err := tx.QueryRow(ctx, `SELECT disabled FROM users WHERE id = ?`, u.Target).Scan(&disabled)
			if isNoRows(err) || (err == nil && disabled) {
				return rotonde.E(rotonde.EConflict, "err.undo.member_account", u.Label)
			}
			if err != nil {
				return err
			}
			return db.insertGroupMember(ctx, tx, groupID, u.Target, role, u.Label)
		})
		return err
	})
	return u, err
}
