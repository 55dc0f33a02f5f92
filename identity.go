package rotonde

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"time"
)

// ThrottlePolicy says how failed logins slow down further attempts for one
// key. Below Threshold failures nothing is delayed; from then on each failure
// locks the key for Base, doubling per further failure up to Max. Failures
// older than Window (counted from the last one) are forgotten.
type ThrottlePolicy struct {
	Threshold int
	Base      time.Duration
	Max       time.Duration
	Window    time.Duration
}

// AccountThrottle applies per normalized e-mail address, existing or not, so
// that the answer never tells whether an account exists: after 5 failures
// 1 min, 2 min, 4 min … up to 15 min.
var AccountThrottle = ThrottlePolicy{Threshold: 5, Base: time.Minute, Max: 15 * time.Minute, Window: time.Hour}

// AddressThrottle applies per client address. Its threshold is higher
// because a whole organisation may share one address behind its NAT.
var AddressThrottle = ThrottlePolicy{Threshold: 20, Base: time.Minute, Max: 15 * time.Minute, Window: time.Hour}

// Delay returns how long a key stays locked after its n-th failure.
func (p ThrottlePolicy) Delay(failures int) time.Duration {
	if failures < p.Threshold {
		return 0
	}
	d := p.Base
	for i := p.Threshold; i < failures && d < p.Max; i++ {
		d *= 2
	}
	return min(d, p.Max)
}

// JoinThrottle applies per client address to wrong meeting join codes. A
// room full of people behind one address mistypes now and then, so the
// threshold is generous; guessing a live code (six characters from a
// thirty-letter alphabet, valid for hours) stays hopeless at this rate.
var JoinThrottle = ThrottlePolicy{Threshold: 30, Base: time.Minute, Max: 15 * time.Minute, Window: time.Hour}

// JoinThrottleKey is the key for wrong join codes from a client address;
// it is kept apart from the login key so a crowd mistyping a code does not
// lock the room out of logging in.
func JoinThrottleKey(addr string) ThrottleKey {
	return hashKey("join:" + string(AddressThrottleKey(addr)))
}

// ThrottleKey is a hashed throttle key: the database never holds the e-mail
// addresses people mistyped, nor a list of client addresses.
type ThrottleKey string

// EmailThrottleKey is the key for an e-mail address (normalized first).
func EmailThrottleKey(email string) ThrottleKey {
	return hashKey("email:" + NormalizeEmail(email))
}

// AddressThrottleKey is the key for a client address. IPv6 addresses count
// per /64, since one machine usually owns a whole /64.
func AddressThrottleKey(addr string) ThrottleKey {
	if ip, err := netip.ParseAddr(addr); err == nil {
		ip = ip.Unmap()
		if ip.Is6() {
			p, _ := ip.Prefix(64)
			return hashKey("addr:" + p.String())
		}
		return hashKey("addr:" + ip.String())
	}
	return hashKey("addr:" + addr)
}

func hashKey(s string) ThrottleKey {
	h := sha256.Sum256([]byte(s))
	return ThrottleKey(hex.EncodeToString(h[:]))
}

// SecondFactors summarizes what a user has enrolled.
type SecondFactors struct {
	TOTP         bool // confirmed authenticator app
	TOTPPending  bool // secret made, not yet confirmed with a code
	Passkeys     int
	RecoveryLeft int // unused recovery codes
}

// Any reports whether the user has a second factor to log in with.
func (f SecondFactors) Any() bool { return f.TOTP || f.Passkeys > 0 }

// PendingLogin is a login whose password was right and whose second step is
// still to come. It is not a session: it gives access to nothing but the
// second step, and ends after a few minutes or a few wrong codes.
type PendingLogin struct {
	ID        int64
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
	Attempts  int
	Next      string
	UserAgent string
	Address   string
}

// MaxSecondStepAttempts is how many wrong codes one pending login allows.
const MaxSecondStepAttempts = 5

// ReauthWindow is how long a typed password counts as fresh for changing the
// password, the e-mail address or the second factors.
const ReauthWindow = 5 * time.Minute

// IdentityService keeps what proves who someone is: login throttling,
// second factors, pending logins, and the user's own view of sessions and tokens.
type IdentityService interface {
	// LoginLockedFor returns how long the longest-locked of the keys stays locked (0: not locked).
	LoginLockedFor(ctx context.Context, keys []ThrottleKey, now time.Time) (time.Duration, error)
	// RecordLoginFailure counts a failure for key under policy.
	RecordLoginFailure(ctx context.Context, key ThrottleKey, p ThrottlePolicy, now time.Time) error
	// ResetLoginThrottle forgets the failures of key (after a successful login).
	ResetLoginThrottle(ctx context.Context, key ThrottleKey) error

	// UserSessions lists the actor's own live sessions, newest first.
	UserSessions(ctx context.Context, actor *User, now time.Time) ([]Session, error)
	// EndSession ends one of the actor's own sessions; another's gives ENotFound.
	EndSession(ctx context.Context, actor *User, sessionID int64) error
	// EndOtherSessions ends all the actor's sessions but keepID.
	EndOtherSessions(ctx context.Context, actor *User, keepID int64) error
	// EndUserSessions ends every session of a user the actor may manage (or of the actor)
	// and revokes their personal access tokens.
	EndUserSessions(ctx context.Context, actor *User, userID int64) error
	// AuthenticatedAt returns when the session last proved the password (its start, or a re-authentication).
	AuthenticatedAt(ctx context.Context, sessionID int64) (time.Time, error)
	// MarkReauthenticated records that the session's user typed the password again.
	MarkReauthenticated(ctx context.Context, sessionID int64, at time.Time) error

	// APITokens lists the actor's personal access tokens, newest first.
	APITokens(ctx context.Context, actor *User) ([]APIToken, error)
	// RevokeAPIToken revokes one of the actor's tokens; another's gives ENotFound.
	RevokeAPIToken(ctx context.Context, actor *User, tokenID int64) error

	// SetEmail changes the actor's e-mail address (EConflict when taken).
	SetEmail(ctx context.Context, actor *User, email string) error

	// SecondFactors summarizes the user's factors.
	SecondFactors(ctx context.Context, userID int64) (SecondFactors, error)
	// SetPendingTOTP stores a new, unconfirmed TOTP secret, replacing an unconfirmed one;
	// EConflict when a confirmed one exists.
	SetPendingTOTP(ctx context.Context, userID int64, secret string, now time.Time) error
	// TOTPSecret returns the user's secret and whether it is confirmed, or ENotFound.
	TOTPSecret(ctx context.Context, userID int64) (secret string, confirmed bool, err error)
	// UseTOTPStep records that the code of step was used (and confirms the secret);
	// EUnauthorized when that step or a later one was already used (replay).
	UseTOTPStep(ctx context.Context, userID int64, step int64) error
	// RemoveTOTP removes the authenticator app; without any factor left, the recovery codes go too.
	RemoveTOTP(ctx context.Context, userID int64) error
	// ReplaceRecoveryCodes stores new recovery code hashes, removing all old ones.
	ReplaceRecoveryCodes(ctx context.Context, userID int64, hashes []string) error
	// UseRecoveryCode marks an unused code as used; EUnauthorized when unknown or used.
	UseRecoveryCode(ctx context.Context, userID int64, hash string, now time.Time) error

	// CreatePendingLogin stores a half-finished login under its token hash.
	CreatePendingLogin(ctx context.Context, p *PendingLogin, tokenHash []byte) error
	// PendingLogin returns an unexpired pending login, or EUnauthorized.
	PendingLogin(ctx context.Context, tokenHash []byte, now time.Time) (*PendingLogin, error)
	// FailPendingLogin counts a wrong code and returns how many attempts are left;
	// at zero the pending login is gone.
	FailPendingLogin(ctx context.Context, id int64) (int, error)
	// DeletePendingLogin ends a pending login.
	DeletePendingLogin(ctx context.Context, id int64) error
}
