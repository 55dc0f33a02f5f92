package sqldb

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

var _ rotonde.InvitationService = (*InvitationService)(nil)

func invitationManager(ctx context.Context, db *store, tx *Tx, actor *rotonde.User, caseID int64) error {
	return db.mayWriteAs(ctx, tx, actor, caseID, policy.CanManageMembers, "err.sqldb.only_case_owner_and_facilitator_can_3")
}

// CreateInvitation stores an invitation for a case the actor manages.
func (db *InvitationService) CreateInvitation(ctx context.Context, actor *rotonde.User, inv *rotonde.Invitation, days int, tokenHash []byte) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		// Membership first: a non-member learns nothing, not even that their input was wrong.
		if err := invitationManager(ctx, db.store, tx, actor, inv.CaseID); err != nil {
			return err
		}
		if err := inv.Validate(db.Now(), days); err != nil {
			return err
		}
		inv.CreatedBy = actor.ID
		return tx.QueryRow(ctx, `INSERT INTO invitations (token_hash, case_id, name, email, role, created_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			hex.EncodeToString(tokenHash), inv.CaseID, inv.Name, inv.Email, string(inv.Role), inv.CreatedBy, inv.CreatedAt, inv.ExpiresAt).Scan(&inv.ID)
	})
}

const invitationColumns = `i.id, i.case_id, i.name, i.email, i.role, i.created_by, i.created_at, i.expires_at, i.used_at, COALESCE(i.used_by, 0), c.title`

func scanInvitation(s interface{ Scan(...any) error }) (rotonde.Invitation, error) {
	var inv rotonde.Invitation
	var role string
	var used sql.NullTime
	err := s.Scan(&inv.ID, &inv.CaseID, &inv.Name, &inv.Email, &role, &inv.CreatedBy, &inv.CreatedAt, &inv.ExpiresAt, &used, &inv.UsedBy, &inv.CaseTitle)
	inv.Role = rotonde.MemberRole(role)
	if used.Valid {
		inv.UsedAt = used.Time
	}
	return inv, err
}

// OpenInvitations lists unused, unexpired invitations of a case the actor
// manages; for anyone else the list is empty.
func (db *InvitationService) OpenInvitations(ctx context.Context, actor *rotonde.User, caseID int64) ([]rotonde.Invitation, error) {
	if actor == nil || actor.Disabled {
		return nil, nil
	}
	out, err := queryList(ctx, db.reader, scanInvitation, `SELECT `+invitationColumns+` FROM invitations i JOIN cases c ON c.id = i.case_id
		WHERE i.case_id = ? AND i.used_at IS NULL AND i.expires_at > ?
		AND EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = i.case_id AND m.user_id = ? AND m.role IN (?, ?))
		ORDER BY i.created_at, i.id`, caseID, db.Now(), actor.ID, string(rotonde.MemberOwner), string(rotonde.MemberFacilitator))
	if err != nil {
		return nil, fmt.Errorf("list invitations: %w", err)
	}
	return out, nil
}

// RevokeInvitation deletes an unused invitation of a case the actor manages.
func (db *InvitationService) RevokeInvitation(ctx context.Context, actor *rotonde.User, caseID, invitationID int64) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		if err := invitationManager(ctx, db.store, tx, actor, caseID); err != nil {
			return err
		}
		if err := db.noteRevocation(ctx, tx, actor, caseID, invitationID); err != nil { // undo: sqldb/undo.go
			return err
		}
		return execOne(ctx, tx, notFound("err.sqldb.this_invitation_does_not_exist_any"), `DELETE FROM invitations WHERE id = ? AND case_id = ? AND used_at IS NULL`, invitationID, caseID)
	})
}

func invitationUnknown() error {
	return notFound("err.sqldb.this_invitation_does_not_exist_check")
}

// usable checks an invitation read by token: each way of being unusable has its own message.
func usable(inv *rotonde.Invitation, now time.Time) error {
	if !inv.UsedAt.IsZero() {
		return notFound("err.sqldb.this_invitation_has_already_been_used")
	}
	if !now.Before(inv.ExpiresAt) {
		return notFound("err.sqldb.this_invitation_has_expired_ask_person")
	}
	return nil
}

// InvitationByToken returns a usable invitation.
func (db *InvitationService) InvitationByToken(ctx context.Context, tokenHash []byte, now time.Time) (*rotonde.Invitation, error) {
	inv, err := scanInvitation(db.queryRow(ctx, `SELECT `+invitationColumns+` FROM invitations i JOIN cases c ON c.id = i.case_id
		WHERE i.token_hash = ?`, hex.EncodeToString(tokenHash)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, invitationUnknown()
	}
	if err != nil {
		return nil, fmt.Errorf("invitation: %w", err)
	}
	if err := usable(&inv, now); err != nil {
		return nil, err
	}
	return &inv, nil
}

// takeInvitation reads a usable invitation inside a write transaction.
func takeInvitation(ctx context.Context, tx *Tx, tokenHash []byte, now time.Time) (*rotonde.Invitation, error) {
	inv, err := scanInvitation(tx.QueryRow(ctx, `SELECT `+invitationColumns+` FROM invitations i JOIN cases c ON c.id = i.case_id
		WHERE i.token_hash = ?`, hex.EncodeToString(tokenHash)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, invitationUnknown()
	}
	if err != nil {
		return nil, err
	}
	return &inv, usable(&inv, now)
}

// claimInvitation sets used_at only if nobody did so first: with PostgreSQL
// two racing acceptances serialise on the row and the second changes
// nothing. It comes before anything else the acceptance writes, so the loser
// is told the invitation was used rather than tripping over the winner's rows.
func claimInvitation(ctx context.Context, tx *Tx, inv *rotonde.Invitation, now time.Time) error {
	res, err := tx.Exec(ctx, `UPDATE invitations SET used_at = ? WHERE id = ? AND used_at IS NULL`, now, inv.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return usable(&rotonde.Invitation{UsedAt: now, ExpiresAt: inv.ExpiresAt}, now)
	}
	inv.UsedAt = now
	return nil
}

// markUsedBy records which account used a claimed invitation.
func markUsedBy(ctx context.Context, tx *Tx, inv *rotonde.Invitation, userID int64) error {
	_, err := tx.Exec(ctx, `UPDATE invitations SET used_by = ? WHERE id = ?`, userID, inv.ID)
	inv.UsedBy = userID
	return err
}

// AcceptInvitationNew creates a family account with the invited e-mail
// address, adds it to the case and marks the invitation used, all in one
// transaction. Another address is refused: holding the link is not enough to
// join as someone else.
func (db *InvitationService) AcceptInvitationNew(ctx context.Context, tokenHash []byte, u *rotonde.User, passwordHash string, now time.Time) error {
	if passwordHash == "" {
		return fmt.Errorf("accept invitation: empty password hash")
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		inv, err := takeInvitation(ctx, tx, tokenHash, now)
		if err != nil {
			return err
		}
		if u.Email != "" && rotonde.NormalizeEmail(u.Email) != inv.Email {
			return rotonde.E(rotonde.EInvalid, "err.sqldb.this_invitation_is_for_account_made", inv.Email)
		}
		u.Email = inv.Email
		u.Role, u.OrgID, u.Disabled = rotonde.RoleFamily, 0, false
		if err := u.Validate(); err != nil {
			return err
		}
		if err := claimInvitation(ctx, tx, inv, now); err != nil {
			return err
		}
		u.CreatedAt = now
		err = tx.QueryRow(ctx, `INSERT INTO users (email, name, org_id, role, password_hash, disabled, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Email, u.Name, nil, string(u.Role), passwordHash, false, now).Scan(&u.ID)
		if isUniqueViolation(err) {
			return rotonde.E(rotonde.EConflict, "err.sqldb.account_with_this_email_address_already_2")
		}
		if err != nil {
			return err
		}
		if err := markUsedBy(ctx, tx, inv, u.ID); err != nil {
			return err
		}
		return addInvitedMember(ctx, tx, inv, u, now)
	})
}

// AcceptInvitationAs adds an existing account to the case: only the invited
// address, and on the same ground as a member added by hand.
func (db *InvitationService) AcceptInvitationAs(ctx context.Context, tokenHash []byte, actor *rotonde.User, now time.Time) error {
	if actor == nil || actor.Disabled {
		return unauthorized()
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		inv, err := takeInvitation(ctx, tx, tokenHash, now)
		if err != nil {
			return err
		}
		if rotonde.NormalizeEmail(actor.Email) != inv.Email {
			return rotonde.E(rotonde.EForbidden, "err.sqldb.this_invitation_is_for_but_you", inv.Email, actor.Email)
		}
		if err := claimInvitation(ctx, tx, inv, now); err != nil {
			return err
		}
		if err := markUsedBy(ctx, tx, inv, actor.ID); err != nil {
			return err
		}
		return addInvitedMember(ctx, tx, inv, actor, now)
	})
}
