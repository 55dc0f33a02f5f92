package rotonde

import (
	"context"
	"strings"
	"time"
)

// Access says on what ground a user reaches a case.
type Access struct {
	Role      MemberRole // MemberEmergency for break-glass access
	Basis     string     // "lidmaatschap", "eigen organisatie", "toestemming", "wettelijke grondslag", "gezinslid", "noodtoegang"
	Emergency bool
}

// MemberEmergency is the read-only role of a system administrator during
// break-glass access. It is never stored as a membership.
const MemberEmergency MemberRole = "emergency"

// BreakGlass is a system administrator's emergency access to one case:
// a written reason, limited in time, logged with the emergency flag and shown
// to the case's members.
type BreakGlass struct {
	ID        int64
	CaseID    int64
	UserID    int64
	UserName  string
	Reason    string
	StartedAt time.Time
	ExpiresAt time.Time
}

// MaxBreakGlass is the longest emergency access one request gives.
const MaxBreakGlass = 2 * time.Hour

// Validate checks a break-glass request.
func (b *BreakGlass) Validate() error {
	b.Reason = strings.TrimSpace(b.Reason)
	if len([]rune(b.Reason)) < 20 {
		return E(EInvalid, "err.rotonde.write_down_why_emergency_access_is")
	}
	if len([]rune(b.Reason)) > 2000 {
		return E(EInvalid, "err.rotonde.reason_is_too_long_at_most")
	}
	d := b.ExpiresAt.Sub(b.StartedAt)
	if d < time.Minute || d > MaxBreakGlass {
		return E(EInvalid, "err.rotonde.emergency_access_lasts_at_least_1")
	}
	return nil
}

// GroundKind is the kind of ground for sharing a case with other organisations.
type GroundKind string

const (
	GroundConsent GroundKind = "consent" // toestemming
	GroundLegal   GroundKind = "legal"   // wettelijke grondslag
)

// SharingGround records why a case may be shared with members of other
// organisations: a family's consent (with the Dutch age rules) or a legal basis.
type SharingGround struct {
	ID     int64
	CaseID int64
	Kind   GroundKind
	// For consent: the young person's age when it was given, and who agreed.
	YoungPersonAge    int
	YoungPersonAgrees bool
	ParentsAgree      bool // parents with parental authority (gezag)
	GivenBy           string
	// For a legal basis: which (e.g. "ondertoezichtstelling (OTS)").
	LegalBasis   string
	Note         string
	RecordedBy   int64
	RecordedName string
	RecordedAt   time.Time
	WithdrawnAt  time.Time // zero while in force
}

// Active reports whether the ground is in force.
func (g *SharingGround) Active() bool { return g.WithdrawnAt.IsZero() }

// Validate applies the age rules of the WGBO/Jeugdwet: under 12 the parents
// with authority decide; from 12 to 15 both the young person and the parents;
// from 16 the young person alone.
func (g *SharingGround) Validate() error {
	g.GivenBy = strings.TrimSpace(g.GivenBy)
	g.LegalBasis = strings.TrimSpace(g.LegalBasis)
	g.Note = strings.TrimSpace(g.Note)
	if len([]rune(g.Note)) > 2000 || len([]rune(g.GivenBy)) > 200 || len([]rune(g.LegalBasis)) > 200 {
		return E(EInvalid, "err.rotonde.one_of_fields_is_too_long")
	}
	switch g.Kind {
	case GroundConsent:
		if g.YoungPersonAge < 0 || g.YoungPersonAge > 25 {
			return E(EInvalid, "err.rotonde.fill_in_young_person_age_0")
		}
		if g.GivenBy == "" {
			return E(EInvalid, "err.rotonde.fill_in_who_gave_consent")
		}
		switch {
		case g.YoungPersonAge < 12 && !g.ParentsAgree:
			return E(EInvalid, "err.rotonde.under_12_parents_with_parental_authority")
		case g.YoungPersonAge >= 12 && g.YoungPersonAge < 16 && !(g.ParentsAgree && g.YoungPersonAgrees):
			return E(EInvalid, "err.rotonde.from_12_to_15_both_young")
		case g.YoungPersonAge >= 16 && !g.YoungPersonAgrees:
			return E(EInvalid, "err.rotonde.from_16_young_person_gives_consent")
		}
	case GroundLegal:
		if g.LegalBasis == "" {
			return E(EInvalid, "err.rotonde.fill_in_legal_basis_for_example")
		}
	default:
		return E(EInvalid, "err.rotonde.choose_consent_or_legal_basis")
	}
	return nil
}

// TrustService holds consent, legal bases and break-glass access.
type TrustService interface {
	// CaseAccess returns the actor's ground for reaching a case, or ENotFound.
	CaseAccess(ctx context.Context, actor *User, caseID int64) (Access, error)
	// RecordGround stores consent or a legal basis; owner or facilitator only.
	RecordGround(ctx context.Context, actor *User, g *SharingGround) error
	// WithdrawGround ends a ground at once; owner, facilitator or family member of the case.
	WithdrawGround(ctx context.Context, actor *User, caseID, groundID int64) error
	// Grounds lists a case's grounds for its members.
	Grounds(ctx context.Context, actor *User, caseID int64) ([]SharingGround, error)
	// BreakGlass gives a system administrator time-limited read access to a case.
	BreakGlass(ctx context.Context, actor *User, b *BreakGlass) error
	// BreakGlasses lists the emergency accesses to a case, for its members.
	BreakGlasses(ctx context.Context, actor *User, caseID int64) ([]BreakGlass, error)
}
