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
		return Errorf(EInvalid, "Schrijf op waarom noodtoegang nodig is (minstens 20 tekens).", "Write down why emergency access is needed (at least 20 characters).")
	}
	if len([]rune(b.Reason)) > 2000 {
		return Errorf(EInvalid, "De reden is te lang (hoogstens 2000 tekens).", "The reason is too long (at most 2000 characters).")
	}
	d := b.ExpiresAt.Sub(b.StartedAt)
	if d < time.Minute || d > MaxBreakGlass {
		return Errorf(EInvalid, "Noodtoegang duurt minstens 1 minuut en hoogstens 2 uur.", "Emergency access lasts at least 1 minute and at most 2 hours.")
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
		return Errorf(EInvalid, "Een van de velden is te lang.", "One of the fields is too long.")
	}
	switch g.Kind {
	case GroundConsent:
		if g.YoungPersonAge < 0 || g.YoungPersonAge > 25 {
			return Errorf(EInvalid, "Vul de leeftijd van de jongere in (0 tot 25 jaar).", "Fill in the young person's age (0 to 25 years).")
		}
		if g.GivenBy == "" {
			return Errorf(EInvalid, "Vul in wie de toestemming gaf.", "Fill in who gave the consent.")
		}
		switch {
		case g.YoungPersonAge < 12 && !g.ParentsAgree:
			return Errorf(EInvalid, "Onder de 12 jaar geven de ouders met gezag toestemming.", "Under 12, the parents with parental authority give consent.")
		case g.YoungPersonAge >= 12 && g.YoungPersonAge < 16 && !(g.ParentsAgree && g.YoungPersonAgrees):
			return Errorf(EInvalid, "Van 12 tot en met 15 jaar is toestemming nodig van de jongere én de ouders met gezag.", "From 12 to 15, both the young person and the parents with authority must consent.")
		case g.YoungPersonAge >= 16 && !g.YoungPersonAgrees:
			return Errorf(EInvalid, "Vanaf 16 jaar geeft de jongere zelf toestemming.", "From 16, the young person gives consent themselves.")
		}
	case GroundLegal:
		if g.LegalBasis == "" {
			return Errorf(EInvalid, "Vul de wettelijke grondslag in, bijvoorbeeld een ondertoezichtstelling.", "Fill in the legal basis, for example a supervision order.")
		}
	default:
		return Errorf(EInvalid, "Kies toestemming of een wettelijke grondslag.", "Choose consent or a legal basis.")
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
