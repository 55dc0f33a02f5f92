package rotonde

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Role is what a user does in the network. It grants no access to cases:
// only case membership does.
type Role string

const (
	RoleProfessional  Role = "professional"
	RoleFacilitator   Role = "facilitator"
	RoleAdministrator Role = "administrator" // bestuurder: manages the people of their organisation
	RolePolicyOfficer Role = "policy"        // beleidsmedewerker
	RoleResearcher    Role = "researcher"
	RoleFamily        Role = "family" // family member or young person; needs no organisation
	RoleSysAdmin      Role = "sysadmin"
)

// Roles lists the roles in the order forms show them.
var Roles = []Role{RoleProfessional, RoleFacilitator, RoleAdministrator, RolePolicyOfficer, RoleResearcher, RoleFamily, RoleSysAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// User is a person who can log in.
type User struct {
	ID        int64
	Email     string
	Name      string
	OrgID     int64 // 0 for family members and system administrators without one
	Role      Role
	Disabled  bool
	CreatedAt time.Time
}

// NormalizeEmail lower-cases and trims an address so that lookups are stable.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks a user before it is stored.
func (u *User) Validate() error {
	u.Email = NormalizeEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	if u.Email == "" {
		return E(EInvalid, "err.rotonde.fill_in_email_address")
	}
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || len(u.Email) > 254 {
		return E(EInvalid, "err.rotonde.is_not_valid_email_address", u.Email)
	}
	if u.Name == "" {
		return E(EInvalid, "err.rotonde.fill_in_name")
	}
	if len(u.Name) > 200 {
		return E(EInvalid, "err.rotonde.name_is_too_long_at_most_2")
	}
	if !u.Role.Valid() {
		return E(EInvalid, "err.rotonde.choose_role")
	}
	if u.OrgID == 0 && u.Role != RoleFamily && u.Role != RoleSysAdmin {
		return E(EInvalid, "err.rotonde.choose_organisation_this_person_works_for")
	}
	return nil
}

// MinPasswordLength is the shortest password accepted. Length beats
// composition rules (NIST SP 800-63B).
const MinPasswordLength = 10

// ValidatePassword checks a new password.
func ValidatePassword(pw string) error {
	if len([]rune(pw)) < MinPasswordLength {
		return E(EInvalid, "err.rotonde.choose_password_of_at_least_characters", MinPasswordLength)
	}
	if len(pw) > 1024 {
		return E(EInvalid, "err.rotonde.password_is_too_long")
	}
	return nil
}

// UserService stores users and checks their passwords.
type UserService interface {
	// CreateUser stores u with the given password hash. A system administrator may
	// create anyone; an organisation's administrator only people of that organisation
	// (not system administrators); others get EForbidden. A nil actor means the
	// operator at the command line. A taken e-mail address gives EConflict.
	CreateUser(ctx context.Context, actor *User, u *User, passwordHash string) error
	// User returns a user by id, or ENotFound.
	User(ctx context.Context, id int64) (*User, error)
	// UserByEmail returns a user and the stored password hash, or ENotFound.
	UserByEmail(ctx context.Context, email string) (*User, string, error)
	// Users lists the users the actor may manage (all for a system administrator,
	// their organisation's for an administrator, else EForbidden).
	Users(ctx context.Context, actor *User) ([]User, error)
	// SetDisabled disables or enables a user and, when disabling, ends all sessions
	// and revokes all personal access tokens (they stay revoked when enabled again).
	SetDisabled(ctx context.Context, actor *User, userID int64, disabled bool) error
	// SetPasswordHash replaces a user's password hash and ends all their
	// sessions and any login still waiting for its second step; set by anyone
	// but the user, it revokes their personal access tokens too.
	SetPasswordHash(ctx context.Context, actor *User, userID int64, hash string) error
}
