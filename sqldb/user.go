package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

var _ rotonde.UserService = (*UserService)(nil)

const userColumns = `u.id, u.email, u.name, COALESCE(u.org_id, 0), u.role, u.disabled, u.created_at`

func scanUser(s interface{ Scan(...any) error }, extra ...any) (rotonde.User, error) {
	var u rotonde.User
	var role string
	dest := append([]any{&u.ID, &u.Email, &u.Name, &u.OrgID, &role, &u.Disabled, &u.CreatedAt}, extra...)
	err := s.Scan(dest...)
	u.Role = rotonde.Role(role)
	return u, err
}

// CreateUser stores a user with a password hash.
func (db *UserService) CreateUser(ctx context.Context, actor *rotonde.User, u *rotonde.User, passwordHash string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if !policy.CanManageUser(actor, u.OrgID, u.Role) {
		return forbidden()
	}
	if passwordHash == "" {
		return fmt.Errorf("create user: empty password hash")
	}
	u.CreatedAt = db.Now()
	return db.WriteTx(ctx, func(tx *Tx) error {
		if u.OrgID != 0 {
			if err := mustExist(ctx, tx, "organisations", u.OrgID, rotonde.E(rotonde.EInvalid, "err.sqldb.that_organisation_does_not_exist")); err != nil {
				return err
			}
		}
		err := tx.QueryRow(ctx, `INSERT INTO users (email, name, org_id, role, password_hash, disabled, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Email, u.Name, nullInt(u.OrgID), string(u.Role), passwordHash, u.Disabled, u.CreatedAt).Scan(&u.ID)
		if isUniqueViolation(err) {
			return rotonde.E(rotonde.EConflict, "err.sqldb.account_with_this_email_address_already")
		}
		return err
	})
}

// User returns a user by id.
func (db *UserService) User(ctx context.Context, id int64) (*rotonde.User, error) {
	u, err := scanUser(db.queryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("err.sqldb.that_user_does_not_exist")
	}
	if err != nil {
		return nil, fmt.Errorf("user %d: %w", id, err)
	}
	return &u, nil
}

// UserByEmail returns a user and the stored password hash.
func (db *UserService) UserByEmail(ctx context.Context, email string) (*rotonde.User, string, error) {
	var hash string
	u, err := scanUser(db.queryRow(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.email = ?`,
		rotonde.NormalizeEmail(email)), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", notFound("err.sqldb.that_user_does_not_exist")
	}
	if err != nil {
		return nil, "", fmt.Errorf("user by email: %w", err)
	}
	return &u, hash, nil
}

// Users lists the users the actor may manage.
func (db *UserService) Users(ctx context.Context, actor *rotonde.User) ([]rotonde.User, error) {
	scope := policy.ManageUsersScope(actor)
	if !scope.Allowed() {
		return nil, forbidden()
	}
	q := `SELECT ` + userColumns + ` FROM users u`
	var args []any
	if !scope.All {
		q += ` WHERE u.org_id = ?`
		args = append(args, scope.OrgID)
	}
	out, err := queryList(ctx, db.reader, func(s scanner) (rotonde.User, error) { return scanUser(s) }, q+` ORDER BY u.name, u.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// manageable loads the target and checks the actor may manage it.
func (db *store) manageable(ctx context.Context, tx *Tx, actor *rotonde.User, userID int64) error {
	var orgID int64
	var role string
	err := tx.QueryRow(ctx, `SELECT COALESCE(org_id, 0), role FROM users WHERE id = ?`, userID).Scan(&orgID, &role)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !policy.CanManageUser(actor, orgID, rotonde.Role(role))) {
		// The same answer for "missing" and "not yours": admins of one
		// organisation do not learn about the accounts of another.
		return notFound("err.sqldb.that_user_does_not_exist")
	}
	return err
}

// SetDisabled disables or enables a user; disabling ends all their sessions
// and revokes their personal access tokens.
func (db *UserService) SetDisabled(ctx context.Context, actor *rotonde.User, userID int64, disabled bool) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		// Authorization first: a refusal must not depend on the input.
		if err := db.manageable(ctx, tx, actor, userID); err != nil {
			return err
		}
		if actor != nil && actor.ID == userID && disabled {
			return rotonde.E(rotonde.EInvalid, "err.sqldb.you_cannot_disable_your_own_account")
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, disabled, userID); err != nil {
			return err
		}
		if disabled {
			// Tokens are revoked, not just refused: enabling the account again does not revive them.
			return endCredentials(ctx, tx, userID)
		}
		return nil
	})
}

// SetPasswordHash replaces a password hash and ends all sessions of the user,
// and any login still waiting for its second step: that one proved the old password.
func (db *UserService) SetPasswordHash(ctx context.Context, actor *rotonde.User, userID int64, hash string) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		if actor == nil || actor.ID != userID {
			if err := db.manageable(ctx, tx, actor, userID); err != nil {
				return err
			}
		}
		if err := execOne(ctx, tx, notFound("err.sqldb.that_user_does_not_exist"), `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID); err != nil {
			return err
		}
		if actor == nil || actor.ID != userID {
			// Set by an administrator or the operator: the tokens end too.
			return endCredentials(ctx, tx, userID)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM pending_logins WHERE user_id = ?`, userID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
		return err
	})
}
