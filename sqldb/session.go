package sqldb

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

var _ rotonde.SessionService = (*SessionService)(nil)

func unauthorized() error {
	return rotonde.E(rotonde.EUnauthorized, "err.sqldb.please_log_in_first")
}

// CreateSession stores a session under its token hash.
func (db *SessionService) CreateSession(ctx context.Context, s *rotonde.Session, tokenHash []byte) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at, user_agent, address)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			hex.EncodeToString(tokenHash), s.UserID, s.CreatedAt, s.LastSeen, s.ExpiresAt, s.UserAgent, s.Address).Scan(&s.ID)
	})
}

// SessionUser resolves a session token to its user and touches last_seen.
func (db *SessionService) SessionUser(ctx context.Context, tokenHash []byte, now time.Time, idle time.Duration) (*rotonde.Session, *rotonde.User, error) {
	var s rotonde.Session
	u, err := scanUser(db.queryRow(ctx, `SELECT `+userColumns+`, s.id, s.created_at, s.last_seen, s.expires_at, s.user_agent, s.address
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, hex.EncodeToString(tokenHash)),
		&s.ID, &s.CreatedAt, &s.LastSeen, &s.ExpiresAt, &s.UserAgent, &s.Address)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, unauthorized()
	}
	if err != nil {
		return nil, nil, fmt.Errorf("session: %w", err)
	}
	s.UserID = u.ID
	if u.Disabled || now.After(s.ExpiresAt) || now.Sub(s.LastSeen) > idle {
		_ = db.DeleteSession(ctx, tokenHash)
		return nil, nil, unauthorized()
	}
	// Touch at most once a minute: every page view would otherwise be a write.
	if now.Sub(s.LastSeen) > time.Minute {
		s.LastSeen = now
		if err := db.WriteTx(ctx, func(tx *Tx) error {
			_, err := tx.Exec(ctx, `UPDATE sessions SET last_seen = ? WHERE id = ?`, now, s.ID)
			return err
		}); err != nil {
			return nil, nil, fmt.Errorf("touch session: %w", err)
		}
	}
	return &s, &u, nil
}

// DeleteSession ends one session.
func (db *SessionService) DeleteSession(ctx context.Context, tokenHash []byte) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hex.EncodeToString(tokenHash))
		return err
	})
}

// CreateAPIToken stores a personal access token for the actor.
func (db *SessionService) CreateAPIToken(ctx context.Context, actor *rotonde.User, t *rotonde.APIToken, tokenHash []byte) error {
	if actor == nil {
		return unauthorized()
	}
	if t.Name == "" {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.give_token_name")
	}
	t.UserID = actor.ID
	t.CreatedAt = db.Now()
	if t.ExpiresAt.IsZero() || t.ExpiresAt.Before(t.CreatedAt) {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_expiry_date_in_future")
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at, revoked)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			t.UserID, t.Name, hex.EncodeToString(tokenHash), t.CreatedAt, t.ExpiresAt, false).Scan(&t.ID)
	})
}

// TokenUser resolves a personal access token to its user.
func (db *SessionService) TokenUser(ctx context.Context, tokenHash []byte, now time.Time) (*rotonde.User, error) {
	var expires time.Time
	var revoked bool
	u, err := scanUser(db.queryRow(ctx, `SELECT `+userColumns+`, t.expires_at, t.revoked
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`, hex.EncodeToString(tokenHash)), &expires, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, unauthorized()
	}
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	if revoked || u.Disabled || now.After(expires) {
		return nil, unauthorized()
	}
	return &u, nil
}
