package rotonde

import (
	"context"
	"time"
)

// Session is a server-side login session. The token itself is never stored,
// only its SHA-256 hash, so a copy of the database cannot be used to log in.
type Session struct {
	ID        int64
	UserID    int64
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time // absolute end
	UserAgent string
	Address   string
}

// APIToken is a personal access token for the JSON API. Shown once, stored hashed.
type APIToken struct {
	ID        int64
	UserID    int64
	Name      string
	CreatedAt time.Time
	ExpiresAt time.Time
	Revoked   bool
}

// SessionService keeps sessions and personal access tokens.
type SessionService interface {
	// CreateSession stores a session under the hash of its token.
	CreateSession(ctx context.Context, s *Session, tokenHash []byte) error
	// SessionUser returns the session and its (enabled) user for a token hash,
	// if the session is not idle longer than idle and not past its absolute end;
	// it records now as the last use. Otherwise EUnauthorized.
	SessionUser(ctx context.Context, tokenHash []byte, now time.Time, idle time.Duration) (*Session, *User, error)
	// DeleteSession ends one session.
	DeleteSession(ctx context.Context, tokenHash []byte) error
	// CreateAPIToken stores a token under its hash for the actor.
	CreateAPIToken(ctx context.Context, actor *User, t *APIToken, tokenHash []byte) error
	// TokenUser returns the enabled user of a valid, unrevoked, unexpired token, or EUnauthorized.
	TokenUser(ctx context.Context, tokenHash []byte, now time.Time) (*User, error)
}
