package rotonde

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"strings"
	"time"
)

// Security events (beveiligingslog) are kept in the access log's hash chain:
// an AuditEntry with CaseID 0 and a Part that starts with SecurityPartPrefix.
// UserID is who acted, SubjectID whose account it concerns, OrgID the
// organisation concerned; Detail says what changed and never holds a secret.
const SecurityPartPrefix = "beveiliging/"

// The kinds of security event.
const (
	SecurityPasswordReset   = SecurityPartPrefix + "wachtwoord-reset"
	SecurityPasswordChanged = SecurityPartPrefix + "wachtwoord-gewijzigd"
	SecuritySecondFactor    = SecurityPartPrefix + "tweede-factor"
	SecuritySSO             = SecurityPartPrefix + "sso"
	SecurityToken           = SecurityPartPrefix + "token"
	SecuritySessionsEnded   = SecurityPartPrefix + "sessies-beeindigd"
	SecurityBreakGlass      = SecurityPartPrefix + "break-glass"
	SecurityAccount         = SecurityPartPrefix + "account"
	SecurityResearchAccess  = SecurityPartPrefix + "onderzoekstoegang"
)

// IsSecurityEvent reports whether an access-log record is a security event.
func (e *AuditEntry) IsSecurityEvent() bool {
	return e.CaseID == 0 && strings.HasPrefix(e.Part, SecurityPartPrefix)
}

// SecurityPageSize is how many security events one page shows.
const SecurityPageSize = 50

// SecurityQuery selects a page of security events, newest first.
type SecurityQuery struct {
	// Before pages back: only records with a lower sequence number (0: from the newest).
	Before int64
	Limit  int // 0: SecurityPageSize
}

// PasswordResetTTL is how long a reset code made by an administrator is valid.
const PasswordResetTTL = 24 * time.Hour

// SecurityService reads the security log and keeps the password reset codes.
type SecurityService interface {
	// SecurityEvents returns security events, newest first: all of them for a
	// system administrator, else EForbidden.
	SecurityEvents(ctx context.Context, actor *User, q SecurityQuery) ([]AuditEntry, error)
	// OwnSecurityEvents returns the security events the actor made or that
	// concern the actor, newest first.
	OwnSecurityEvents(ctx context.Context, actor *User, q SecurityQuery) ([]AuditEntry, error)
	// SecurityNoticesWaiting counts the notices TakeSecurityNotices would return.
	SecurityNoticesWaiting(ctx context.Context, actor *User) (int, error)
	// TakeSecurityNotices returns, oldest first, the security events the actor
	// has not been told about yet that someone else made about the actor's
	// account, and the single sign-on changes of the actor's organisation,
	// and marks them as told.
	TakeSecurityNotices(ctx context.Context, actor *User) ([]AuditEntry, error)

	// CreatePasswordReset replaces the password of a user the actor may manage
	// (nil actor: the operator at the command line) by a reset code, stored
	// under its hash, and returns until when it is valid (PasswordResetTTL).
	// The old password stops working, earlier codes are dropped, and every
	// session, pending login and personal access token of the user ends.
	// The second factors stay.
	CreatePasswordReset(ctx context.Context, actor *User, userID int64, codeHash []byte) (time.Time, error)
	// UsePasswordReset sets a new password hash with an unused, unexpired
	// code, which is then used up; EUnauthorized otherwise.
	UsePasswordReset(ctx context.Context, codeHash []byte, passwordHash string, now time.Time) (*User, error)
}

// resetAlphabet leaves out letters that are easily misread (I, L, O, U) and 0 and 1.
const resetAlphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789"

// NewPasswordResetCode returns a one-time reset code to hand to the user
// (20 characters in groups of four, about 98 random bits) and the hash that
// is stored. Wrong guesses are throttled like logins.
func NewPasswordResetCode() (string, []byte) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		// 256 is not a multiple of 30: the first 16 letters come up a
		// little more often, which costs well under a bit per character.
		sb.WriteByte(resetAlphabet[int(c)%len(resetAlphabet)])
	}
	code := sb.String()
	return code, HashPasswordResetCode(code)
}

// HashPasswordResetCode normalizes a typed code (case, spaces, dashes) and hashes it.
func HashPasswordResetCode(code string) []byte {
	norm := strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, code)
	h := sha256.Sum256([]byte("rotonde-reset:" + norm))
	return h[:]
}
