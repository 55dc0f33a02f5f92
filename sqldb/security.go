package sqldb

import (
	"context"
	"encoding/hex"
	"fmt"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

var _ rotonde.SecurityService = (*SecurityService)(nil)

// securityFrom selects security events with the names of who acted and of
// the organisation; conditions follow.
const securityFrom = ` FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN organisations o ON o.id = a.org_id
	WHERE a.case_id = 0 AND a.part LIKE ?`

func (db *store) securityPage(ctx context.Context, q rotonde.SecurityQuery, cond string, args ...any) ([]rotonde.AuditEntry, error) {
	limit := q.Limit
	if limit <= 0 || limit > rotonde.SecurityPageSize {
		limit = rotonde.SecurityPageSize
	}
	sqlText := `SELECT ` + auditColumns + `, COALESCE(u.name, ''), COALESCE(o.name, '')` + securityFrom + cond
	all := append([]any{rotonde.SecurityPartPrefix + "%"}, args...)
	if q.Before > 0 {
		sqlText += ` AND a.seq < ?`
		all = append(all, q.Before)
	}
	return readList(ctx, db, "security log", scanNamedAudit, sqlText+fmt.Sprintf(` ORDER BY a.seq DESC LIMIT %d`, limit), all...)
}

// SecurityEvents returns every security event, for the system administrator only.
func (db *SecurityService) SecurityEvents(ctx context.Context, actor *rotonde.User, q rotonde.SecurityQuery) ([]rotonde.AuditEntry, error) {
	if !policy.CanReadSecurityLog(actor) {
		return nil, forbidden()
	}
	return db.securityPage(ctx, q, "")
}

// OwnSecurityEvents returns the security events the actor made or that concern the actor.
func (db *SecurityService) OwnSecurityEvents(ctx context.Context, actor *rotonde.User, q rotonde.SecurityQuery) ([]rotonde.AuditEntry, error) {
	if actor == nil {
		return nil, unauthorized()
	}
	return db.securityPage(ctx, q, ` AND (a.subject_id = ? OR a.user_id = ?)`, actor.ID, actor.ID)
}

// noticeCond selects what a user is told at login: events about their
// account made by someone else, and single sign-on changes of their
// organisation made by someone else, after the last one they were told about.
func noticeCond(actor *rotonde.User) (string, []any) {
	cond := ` AND a.seq > (SELECT security_seen_seq FROM users WHERE id = ?) AND a.user_id <> ?`
	args := []any{actor.ID, actor.ID}
	if actor.OrgID != 0 {
		cond += ` AND (a.subject_id = ? OR (a.part = ? AND a.org_id = ?))`
		args = append(args, actor.ID, rotonde.SecuritySSO, actor.OrgID)
	} else {
		cond += ` AND a.subject_id = ?`
		args = append(args, actor.ID)
	}
	return cond, args
}

// SecurityNoticesWaiting counts the notices waiting for the actor.
func (db *SecurityService) SecurityNoticesWaiting(ctx context.Context, actor *rotonde.User) (int, error) {
	if actor == nil {
		return 0, unauthorized()
	}
	cond, args := noticeCond(actor)
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*)`+securityFrom+cond, append([]any{rotonde.SecurityPartPrefix + "%"}, args...)...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("security notices: %w", err)
	}
	return n, nil
}

// TakeSecurityNotices returns the waiting notices and marks them as told, in one transaction.
func (db *SecurityService) TakeSecurityNotices(ctx context.Context, actor *rotonde.User) ([]rotonde.AuditEntry, error) {
	if actor == nil {
		return nil, unauthorized()
	}
	var out []rotonde.AuditEntry
	err := db.WriteTx(ctx, func(tx *Tx) error {
		var seen int64
		if err := tx.QueryRow(ctx, `SELECT security_seen_seq FROM users WHERE id = ?`+db.forUpdate(), actor.ID).Scan(&seen); err != nil {
			return err
		}
		cond, args := noticeCond(actor)
		var err error
		out, err = queryList(ctx, tx, scanNamedAudit, `SELECT `+auditColumns+`, COALESCE(u.name, ''), COALESCE(o.name, '')`+securityFrom+cond+` ORDER BY a.seq LIMIT 100`,
			append([]any{rotonde.SecurityPartPrefix + "%"}, args...)...)
		if err != nil || len(out) == 0 {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE users SET security_seen_seq = ? WHERE id = ?`, out[len(out)-1].Seq, actor.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("security notices: %w", err)
	}
	return out, nil
}

// endCredentials ends everything that lets a user in without the password
// again: sessions, logins waiting for their second step, and personal
// access tokens (revoked, so enabling the account later does not revive them).
func endCredentials(ctx context.Context, tx *Tx, userID int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM pending_logins WHERE user_id = ?`, userID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked = ? WHERE user_id = ? AND revoked = ?`, true, userID, false)
	return err
}

// unusablePassword is stored while a reset is open: no password verifies
// against it (it is not in PHC format), so the old password stops working.
const unusablePassword = "!reset"

// CreatePasswordReset replaces a user's password by a one-time reset code.
func (db *SecurityService) CreatePasswordReset(ctx context.Context, actor *rotonde.User, userID int64, codeHash []byte) (time.Time, error) {
	now := db.Now()
	expires := now.Add(rotonde.PasswordResetTTL)
	return expires, db.WriteTx(ctx, func(tx *Tx) error {
		if err := db.manageable(ctx, tx, actor, userID); err != nil {
			return err
		}
		if actor != nil && actor.ID == userID {
			return rotonde.E(rotonde.EInvalid, "err.sqldb.change_your_own_password_on_my")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM password_resets WHERE user_id = ?`, userID); err != nil {
			return err
		}
		var by int64
		if actor != nil {
			by = actor.ID
		}
		if _, err := tx.Exec(ctx, `INSERT INTO password_resets (user_id, code_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			userID, hex.EncodeToString(codeHash), by, now, expires); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, unusablePassword, userID); err != nil {
			return err
		}
		return endCredentials(ctx, tx, userID)
	})
}

// UsePasswordReset sets a new password with a reset code, which is used up.
func (db *SecurityService) UsePasswordReset(ctx context.Context, codeHash []byte, passwordHash string, now time.Time) (*rotonde.User, error) {
	var userID int64
	expired := false
	err := db.WriteTx(ctx, func(tx *Tx) error {
		var expires time.Time
		err := tx.QueryRow(ctx, `SELECT user_id, expires_at FROM password_resets WHERE code_hash = ?`+db.forUpdate(),
			hex.EncodeToString(codeHash)).Scan(&userID, &expires)
		if isNoRows(err) {
			return errBadResetCode
		}
		if err != nil {
			return err
		}
		// Used or not: a code works once, and an expired one is gone too.
		if _, err := tx.Exec(ctx, `DELETE FROM password_resets WHERE user_id = ?`, userID); err != nil {
			return err
		}
		if !now.Before(expires) {
			expired = true // committed: the expired code is gone
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, userID); err != nil {
			return err
		}
		return endCredentials(ctx, tx, userID)
	})
	if err != nil {
		return nil, err
	}
	if expired {
		return nil, errExpiredResetCode
	}
	return (*UserService)(db).User(ctx, userID)
}

var errBadResetCode = rotonde.E(rotonde.EUnauthorized, "err.sqldb.this_reset_code_is_not_right")

var errExpiredResetCode = rotonde.E(rotonde.EUnauthorized, "err.sqldb.this_reset_code_has_expired_ask")
