package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

var _ rotonde.PasskeyService = (*PasskeyService)(nil)

// Passkeys lists a user's passkeys.
func (db *PasskeyService) Passkeys(ctx context.Context, userID int64) ([]rotonde.Passkey, error) {
	return readList(ctx, db.store, "list passkeys", func(r scanner) (p rotonde.Passkey, err error) {
		var used sql.NullTime
		err = r.Scan(&p.ID, &p.UserID, &p.CredentialID, &p.Name, &p.Data, &p.CreatedAt, &used)
		if used.Valid {
			p.LastUsedAt = used.Time
		}
		return p, err
	}, `SELECT id, user_id, credential_id, name, data, created_at, last_used_at
		FROM webauthn_credentials WHERE user_id = ? ORDER BY created_at, id`, userID)
}

// AddPasskey stores a new passkey.
func (db *PasskeyService) AddPasskey(ctx context.Context, p *rotonde.Passkey) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO webauthn_credentials (user_id, credential_id, name, data, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, p.UserID, p.CredentialID, p.Name, p.Data, p.CreatedAt).Scan(&p.ID)
		if isUniqueViolation(err) {
			return rotonde.E(rotonde.EConflict, "err.sqldb.this_passkey_is_already_registered")
		}
		return err
	})
}

// PasskeyUsed stores the record after a successful login.
func (db *PasskeyService) PasskeyUsed(ctx context.Context, userID int64, credentialID, data string, at time.Time) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		return execOne(ctx, tx, notFound("err.sqldb.that_passkey_does_not_exist_any"), `UPDATE webauthn_credentials SET data = ?, last_used_at = ? WHERE user_id = ? AND credential_id = ?`,
			data, at, userID, credentialID)
	})
}

// RemovePasskey removes one of the user's passkeys; with no factor left the
// recovery codes go too (as RemoveTOTP does).
func (db *PasskeyService) RemovePasskey(ctx context.Context, userID, passkeyID int64) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		if err := execOne(ctx, tx, notFound("err.sqldb.that_passkey_does_not_exist_any"),
			`DELETE FROM webauthn_credentials WHERE id = ? AND user_id = ?`, passkeyID, userID); err != nil {
			return err
		}
		var left int
		if err := tx.QueryRow(ctx, `SELECT
				(SELECT COUNT(*) FROM webauthn_credentials WHERE user_id = ?) +
				(SELECT COUNT(*) FROM totp_secrets WHERE user_id = ? AND confirmed = ?)`, userID, userID, true).Scan(&left); err != nil {
			return err
		}
		if left > 0 {
			return nil
		}
		_, err := tx.Exec(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID)
		return err
	})
}

// WebAuthnHandle returns (and on first use makes) the user's random handle:
// 32 random bytes, so an authenticator never holds the account id.
func (db *PasskeyService) WebAuthnHandle(ctx context.Context, userID int64) ([]byte, error) {
	var enc string
	err := db.WriteTx(ctx, func(tx *Tx) error {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO webauthn_user_handles (user_id, handle) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING`,
			userID, base64.RawURLEncoding.EncodeToString(b)); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT handle FROM webauthn_user_handles WHERE user_id = ?`, userID).Scan(&enc)
	})
	if err != nil {
		return nil, fmt.Errorf("webauthn handle: %w", err)
	}
	return base64.RawURLEncoding.DecodeString(enc)
}

// UserByWebAuthnHandle finds the user a handle belongs to.
func (db *PasskeyService) UserByWebAuthnHandle(ctx context.Context, handle []byte) (int64, error) {
	var id int64
	err := db.queryRow(ctx, `SELECT user_id FROM webauthn_user_handles WHERE handle = ?`,
		base64.RawURLEncoding.EncodeToString(handle)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound("err.sqldb.this_passkey_belongs_to_no_account")
	}
	return id, err
}

// CreateWebAuthnCeremony stores one ceremony; expired ones of anyone are cleared first.
func (db *PasskeyService) CreateWebAuthnCeremony(ctx context.Context, c *rotonde.WebAuthnCeremony, tokenHash []byte, now time.Time) error {
	var user any
	if c.UserID != 0 {
		user = c.UserID
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM webauthn_ceremonies WHERE expires_at < ?`, now); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO webauthn_ceremonies (token_hash, kind, user_id, session_data, expires_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, hex.EncodeToString(tokenHash), c.Kind, user, c.Session, c.ExpiresAt).Scan(&c.ID)
	})
}

// TakeWebAuthnCeremony returns a ceremony once: the DELETE decides, so two
// answers to one challenge cannot both pass.
func (db *PasskeyService) TakeWebAuthnCeremony(ctx context.Context, tokenHash []byte, kind string, now time.Time) (*rotonde.WebAuthnCeremony, error) {
	var c rotonde.WebAuthnCeremony
	var user sql.NullInt64
	err := db.WriteTx(ctx, func(tx *Tx) error {
		return tx.QueryRow(ctx, `DELETE FROM webauthn_ceremonies WHERE token_hash = ? RETURNING id, kind, user_id, session_data, expires_at`,
			hex.EncodeToString(tokenHash)).Scan(&c.ID, &c.Kind, &user, &c.Session, &c.ExpiresAt)
	})
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (c.Kind != kind || now.After(c.ExpiresAt))) {
		return nil, rotonde.E(rotonde.EUnauthorized, "err.sqldb.this_passkey_attempt_has_expired_or")
	}
	if err != nil {
		return nil, fmt.Errorf("webauthn ceremony: %w", err)
	}
	c.UserID = user.Int64
	return &c, nil
}
