package rotonde

import (
	"context"
	"time"
)

// Passkey is a WebAuthn credential registered by a user. Data is the
// WebAuthn library's credential record (public key, sign counter, flags) as
// JSON; the domain does not look inside it.
type Passkey struct {
	ID           int64
	UserID       int64
	CredentialID string // base64url (no padding) of the credential id
	Name         string
	Data         string
	CreatedAt    time.Time
	LastUsedAt   time.Time // zero: never used to log in
}

// Validate checks the name a user gave the passkey.
func (p *Passkey) Validate() error {
	n := len([]rune(p.Name))
	switch {
	case n == 0:
		return E(EInvalid, "err.rotonde.give_passkey_name_for_example_work")
	case n > 60:
		return E(EInvalid, "err.meeting.name_is_too_long_at_most")
	case p.CredentialID == "" || p.Data == "":
		return E(EInvalid, "err.rotonde.passkey_is_incomplete")
	}
	return nil
}

// Ceremony kinds: which WebAuthn exchange a ceremony belongs to.
const (
	CeremonyRegister   = "register"    // adding a passkey to the logged-in account
	CeremonySecondStep = "second-step" // a passkey as the second step of a password login
	CeremonyLogin      = "login"       // a discoverable passkey as the whole login
)

// WebAuthnCeremony is the server's half of one WebAuthn exchange: the
// challenge and what it was issued for, kept between the options and the
// answer. It is used once.
type WebAuthnCeremony struct {
	ID        int64
	Kind      string
	UserID    int64  // 0 for a discoverable login
	Session   string // the library's session data as JSON
	ExpiresAt time.Time
}

// PasskeyService stores passkeys and WebAuthn ceremonies.
type PasskeyService interface {
	// Passkeys lists the user's passkeys, oldest first.
	Passkeys(ctx context.Context, userID int64) ([]Passkey, error)
	// AddPasskey stores a new passkey (EConflict when the credential is known).
	AddPasskey(ctx context.Context, p *Passkey) error
	// PasskeyUsed stores the updated record (sign counter) after a login.
	PasskeyUsed(ctx context.Context, userID int64, credentialID, data string, at time.Time) error
	// RemovePasskey removes one of the user's passkeys (ENotFound for another's);
	// without any factor left, the recovery codes go too.
	RemovePasskey(ctx context.Context, userID, passkeyID int64) error
	// WebAuthnHandle returns the user's random WebAuthn user handle, making it on first use.
	WebAuthnHandle(ctx context.Context, userID int64) ([]byte, error)
	// UserByWebAuthnHandle finds the user of a handle (ENotFound).
	UserByWebAuthnHandle(ctx context.Context, handle []byte) (int64, error)
	// CreateWebAuthnCeremony stores a ceremony under the hash of its token.
	CreateWebAuthnCeremony(ctx context.Context, c *WebAuthnCeremony, tokenHash []byte, now time.Time) error
	// TakeWebAuthnCeremony returns and deletes an unexpired ceremony of kind;
	// EUnauthorized when unknown, used, expired or of another kind.
	TakeWebAuthnCeremony(ctx context.Context, tokenHash []byte, kind string, now time.Time) (*WebAuthnCeremony, error)
}
