package sqldb

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

var _ rotonde.IdentityService = (*IdentityService)(nil)

// LoginLockedFor returns the longest remaining lock among keys.
func (db *IdentityService) LoginLockedFor(ctx context.Context, keys []rotonde.ThrottleKey, now time.Time) (time.Duration, error) {
	var longest time.Duration
	for _, k := range keys {
		var until time.Time
		err := db.queryRow(ctx, `SELECT locked_until FROM login_throttle WHERE throttle_key = ?`, string(k)).Scan(&until)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("login throttle: %w", err)
		}
		if d := until.Sub(now); d > longest {
			longest = d
		}
	}
	return longest, nil
}

// RecordLoginFailure counts one failure for key and sets its lock.
func (db *IdentityService) RecordLoginFailure(ctx context.Context, key rotonde.ThrottleKey, p rotonde.ThrottlePolicy, now time.Time) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		// Insert-if-missing first, so that the row exists to be locked and two
		// instances recording the first failure do not collide.
		if _, err := tx.Exec(ctx, `INSERT INTO login_throttle (throttle_key, failures, last_failure, locked_until)
			VALUES (?, 0, ?, ?) ON CONFLICT (throttle_key) DO NOTHING`, string(key), now, now); err != nil {
			return fmt.Errorf("login throttle: %w", err)
		}
		var failures int
		var last time.Time
		if err := tx.QueryRow(ctx, `SELECT failures, last_failure FROM login_throttle WHERE throttle_key = ?`+db.forUpdate(),
			string(key)).Scan(&failures, &last); err != nil {
			return fmt.Errorf("login throttle: %w", err)
		}
		if now.Sub(last) > p.Window {
			failures = 0
		}
		failures++
		_, err := tx.Exec(ctx, `UPDATE login_throttle SET failures = ?, last_failure = ?, locked_until = ? WHERE throttle_key = ?`,
			failures, now, now.Add(p.Delay(failures)), string(key))
		return err
	})
}

// ResetLoginThrottle forgets a key's failures.
func (db *IdentityService) ResetLoginThrottle(ctx context.Context, key rotonde.ThrottleKey) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM login_throttle WHERE throttle_key = ?`, string(key))
		return err
	})
}

// UserSessions lists the actor's live sessions.
func (db *IdentityService) UserSessions(ctx context.Context, actor *rotonde.User, now time.Time) ([]rotonde.Session, error) {
	if actor == nil {
		return nil, unauthorized()
	}
	out, err := readList(ctx, db.store, "list sessions", func(r scanner) (s rotonde.Session, err error) {
		err = r.Scan(&s.ID, &s.UserID, &s.CreatedAt, &s.LastSeen, &s.ExpiresAt, &s.UserAgent, &s.Address)
		return s, err
	}, `SELECT id, user_id, created_at, last_seen, expires_at, user_agent, address
		FROM sessions WHERE user_id = ? ORDER BY last_seen DESC, id DESC`, actor.ID)
	if err != nil {
		return nil, err
	}
	// A session ended by time is left out; it is removed at its next use.
	return slices.DeleteFunc(out, func(s rotonde.Session) bool { return now.After(s.ExpiresAt) }), nil
}

// EndSession ends one of the actor's own sessions.
func (db *IdentityService) EndSession(ctx context.Context, actor *rotonde.User, sessionID int64) error {
	if actor == nil {
		return unauthorized()
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		return execOne(ctx, tx, notFound("err.sqldb.that_session_does_not_exist_any"), `DELETE FROM sessions WHERE id = ? AND user_id = ?`, sessionID, actor.ID)
	})
}

// EndOtherSessions ends all the actor's sessions except keepID.
func (db *IdentityService) EndOtherSessions(ctx context.Context, actor *rotonde.User, keepID int64) error {
	if actor == nil {
		return unauthorized()
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND id <> ?`, actor.ID, keepID)
		return err
	})
}

// EndUserSessions ends every session of a user the actor manages and revokes
// their personal access tokens.
func (db *IdentityService) EndUserSessions(ctx context.Context, actor *rotonde.User, userID int64) error {
	if actor == nil {
		return unauthorized()
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		if actor.ID != userID {
			if err := db.manageable(ctx, tx, actor, userID); err != nil {
				return err
			}
		}
		return endCredentials(ctx, tx, userID)
	})
}

// AuthenticatedAt returns when the session last proved its password.
func (db *IdentityService) AuthenticatedAt(ctx context.Context, sessionID int64) (time.Time, error) {
	var created time.Time
	var reauth sql.NullTime
	err := db.queryRow(ctx, `SELECT created_at, reauth_at FROM sessions WHERE id = ?`, sessionID).Scan(&created, &reauth)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, unauthorized()
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("session auth time: %w", err)
	}
	if reauth.Valid && reauth.Time.After(created) {
		return reauth.Time, nil
	}
	return created, nil
}

// MarkReauthenticated records a fresh password check on a session.
func (db *IdentityService) MarkReauthenticated(ctx context.Context, sessionID int64, at time.Time) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `UPDATE sessions SET reauth_at = ? WHERE id = ?`, at, sessionID)
		return err
	})
}

// APITokens lists the actor's tokens.
func (db *IdentityService) APITokens(ctx context.Context, actor *rotonde.User) ([]rotonde.APIToken, error) {
	if actor == nil {
		return nil, unauthorized()
	}
	return readList(ctx, db.store, "list tokens", func(r scanner) (t rotonde.APIToken, err error) {
		err = r.Scan(&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &t.ExpiresAt, &t.Revoked)
		return t, err
	}, `SELECT id, user_id, name, created_at, expires_at, revoked FROM api_tokens
		WHERE user_id = ? ORDER BY created_at DESC, id DESC`, actor.ID)
}

// RevokeAPIToken revokes one of the actor's tokens.
func (db *IdentityService) RevokeAPIToken(ctx context.Context, actor *rotonde.User, tokenID int64) error {
	if actor == nil {
		return unauthorized()
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		return execOne(ctx, tx, notFound("err.sqldb.that_token_does_not_exist"), `UPDATE api_tokens SET revoked = ? WHERE id = ? AND user_id = ?`, true, tokenID, actor.ID)
	})
}

// SetEmail changes the actor's own e-mail address.
func (db *IdentityService) SetEmail(ctx context.Context, actor *rotonde.User, email string) error {
	if actor == nil {
		return unauthorized()
	}
	check := *actor
	check.Email = email
	if err := check.Validate(); err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `UPDATE users SET email = ? WHERE id = ?`, check.Email, actor.ID)
		if isUniqueViolation(err) {
			return rotonde.E(rotonde.EConflict, "err.sqldb.account_with_this_email_address_already")
		}
		return err
	})
}

// SecondFactors summarizes a user's factors.
func (db *IdentityService) SecondFactors(ctx context.Context, userID int64) (rotonde.SecondFactors, error) {
	var f rotonde.SecondFactors
	var confirmed sql.NullBool
	err := db.queryRow(ctx, `SELECT
			(SELECT confirmed FROM totp_secrets WHERE user_id = ?),
			(SELECT COUNT(*) FROM webauthn_credentials WHERE user_id = ?),
			(SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL)`,
		userID, userID, userID).Scan(&confirmed, &f.Passkeys, &f.RecoveryLeft)
	if err != nil {
		return f, fmt.Errorf("second factors: %w", err)
	}
	f.TOTP = confirmed.Valid && confirmed.Bool
	f.TOTPPending = confirmed.Valid && !confirmed.Bool
	return f, nil
}

// SetPendingTOTP stores a new unconfirmed secret, sealed for the user's row.
func (db *IdentityService) SetPendingTOTP(ctx context.Context, userID int64, secret string, now time.Time) error {
	if secret == "" {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.authenticator_app_secret_is_missing")
	}
	sealed, err := db.seal(secret, totpAD(userID))
	if err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		var confirmed bool
		err := tx.QueryRow(ctx, `SELECT confirmed FROM totp_secrets WHERE user_id = ?`, userID).Scan(&confirmed)
		switch {
		case err == nil && confirmed:
			return rotonde.E(rotonde.EConflict, "err.sqldb.you_already_set_up_authenticator_app")
		case err == nil:
			_, err = tx.Exec(ctx, `UPDATE totp_secrets SET secret = ?, last_step = 0, created_at = ? WHERE user_id = ?`, sealed, now, userID)
			return err
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.Exec(ctx, `INSERT INTO totp_secrets (user_id, secret, confirmed, last_step, created_at) VALUES (?, ?, ?, 0, ?)`,
				userID, sealed, false, now)
			return err
		}
		return err
	})
}

// TOTPSecret returns the user's secret, decrypted.
func (db *IdentityService) TOTPSecret(ctx context.Context, userID int64) (string, bool, error) {
	var stored string
	var confirmed bool
	err := db.queryRow(ctx, `SELECT secret, confirmed FROM totp_secrets WHERE user_id = ?`, userID).Scan(&stored, &confirmed)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, notFound("err.sqldb.no_authenticator_app_is_set_up")
	}
	if err != nil {
		return "", false, fmt.Errorf("totp secret: %w", err)
	}
	secret, err := db.open(stored, totpAD(userID))
	if err != nil {
		return "", false, fmt.Errorf("totp secret: %w", err)
	}
	return secret, confirmed, nil
}

// UseTOTPStep records a used time step; a step at or before the last used one is a replay.
func (db *IdentityService) UseTOTPStep(ctx context.Context, userID int64, step int64) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		return execOne(ctx, tx, rotonde.E(rotonde.EUnauthorized, "err.sqldb.this_code_was_already_used_wait"), `UPDATE totp_secrets SET last_step = ?, confirmed = ? WHERE user_id = ? AND last_step < ?`,
			step, true, userID, step)
	})
}

// RemoveTOTP removes the authenticator app, and the recovery codes when no factor remains.
func (db *IdentityService) RemoveTOTP(ctx context.Context, userID int64) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM totp_secrets WHERE user_id = ?`, userID); err != nil {
			return err
		}
		var passkeys int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM webauthn_credentials WHERE user_id = ?`, userID).Scan(&passkeys); err != nil {
			return err
		}
		if passkeys == 0 {
			_, err := tx.Exec(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID)
			return err
		}
		return nil
	})
}

// ReplaceRecoveryCodes stores a new set of code hashes.
func (db *IdentityService) ReplaceRecoveryCodes(ctx context.Context, userID int64, hashes []string) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
			return err
		}
		for _, h := range hashes {
			if _, err := tx.Exec(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)`, userID, h); err != nil {
				return err
			}
		}
		return nil
	})
}

// UseRecoveryCode spends one code.
func (db *IdentityService) UseRecoveryCode(ctx context.Context, userID int64, hash string, now time.Time) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		// One UPDATE with "used_at IS NULL" spends the code exactly once, even
		// when two instances receive it at the same moment.
		return execOne(ctx, tx, rotonde.E(rotonde.EUnauthorized, "err.sqldb.this_code_is_wrong_or_was"), `UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`,
			now, userID, hash)
	})
}

// CreatePendingLogin stores a half-finished login.
func (db *IdentityService) CreatePendingLogin(ctx context.Context, p *rotonde.PendingLogin, tokenHash []byte) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		// Expired pending logins of anyone are cleared here: they are few and short-lived.
		if _, err := tx.Exec(ctx, `DELETE FROM pending_logins WHERE expires_at < ?`, p.CreatedAt); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO pending_logins (token_hash, user_id, created_at, expires_at, attempts, next, user_agent, address)
			VALUES (?, ?, ?, ?, 0, ?, ?, ?) RETURNING id`,
			hex.EncodeToString(tokenHash), p.UserID, p.CreatedAt, p.ExpiresAt, p.Next, p.UserAgent, p.Address).Scan(&p.ID)
	})
}

// PendingLogin returns an unexpired pending login.
func (db *IdentityService) PendingLogin(ctx context.Context, tokenHash []byte, now time.Time) (*rotonde.PendingLogin, error) {
	var p rotonde.PendingLogin
	err := db.queryRow(ctx, `SELECT p.id, p.user_id, p.created_at, p.expires_at, p.attempts, p.next, p.user_agent, p.address
		FROM pending_logins p JOIN users u ON u.id = p.user_id WHERE p.token_hash = ? AND u.disabled = ?`,
		hex.EncodeToString(tokenHash), false).
		Scan(&p.ID, &p.UserID, &p.CreatedAt, &p.ExpiresAt, &p.Attempts, &p.Next, &p.UserAgent, &p.Address)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && now.After(p.ExpiresAt)) {
		return nil, rotonde.E(rotonde.EUnauthorized, "err.sqldb.your_login_attempt_has_expired_please")
	}
	if err != nil {
		return nil, fmt.Errorf("pending login: %w", err)
	}
	return &p, nil
}

// FailPendingLogin counts a wrong code.
func (db *IdentityService) FailPendingLogin(ctx context.Context, id int64) (int, error) {
	left := 0
	err := db.WriteTx(ctx, func(tx *Tx) error {
		var attempts int
		err := tx.QueryRow(ctx, `UPDATE pending_logins SET attempts = attempts + 1 WHERE id = ? RETURNING attempts`, id).Scan(&attempts)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		left = rotonde.MaxSecondStepAttempts - attempts
		if left <= 0 {
			left = 0
			_, err = tx.Exec(ctx, `DELETE FROM pending_logins WHERE id = ?`, id)
		}
		return err
	})
	return left, err
}

// DeletePendingLogin ends a pending login.
func (db *IdentityService) DeletePendingLogin(ctx context.Context, id int64) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM pending_logins WHERE id = ?`, id)
		return err
	})
}
