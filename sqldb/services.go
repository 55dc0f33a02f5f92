package sqldb

import (
	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// newDB gives every area its service over one store.
func newDB(st *store) *DB {
	return &DB{store: st,
		Audit:       &AuditService{st},
		Cases:       &CaseService{st},
		Dreams:      &DreamService{st},
		Genogram:    &GenogramService{st},
		Identity:    &IdentityService{st},
		Progress:    &ProgressService{st},
		Invitations: &InvitationService{st},
		Knowledge:   &KnowledgeService{st},
		Mail:        &MailService{st},
		Network:     &NetworkService{st},
		Agenda:      &AgendaService{st},
		Meetings:    &MeetingService{st},
		Method:      &MethodService{st},
		Orgs:        &OrganisationService{st},
		Passkeys:    &PasskeyService{st},
		Privacy:     &PrivacyService{st},
		Research:    &ResearchService{st},
		Search:      &SearchService{store: st},
		Security:    &SecurityService{st},
		Sessions:    &SessionService{st},
		SSO:         &SSOService{st},
		Tension:     &TensionService{st},
		Timeline:    &TimelineService{st},
		Trash:       &TrashService{st},
		Trust:       &TrustService{st},
		Users:       &UserService{st},
	}
}

// AuditService stores the access log: appending, reading a case's log, verifying the chain and its checkpoints, purging, and the case an audited meeting or round belongs to.
type AuditService struct{ *store }

// CaseService stores cases and their members.
type CaseService struct{ *store }

// DreamService stores a case's dream answers.
type DreamService struct{ *store }

// GenogramService stores a case's geno-sociogram and force field.
type GenogramService struct{ *store }

// IdentityService stores login throttling, sessions an account holds, API tokens, second factors and pending logins.
type IdentityService struct{ *store }

// ProgressService stores the learning cycle, phases, small steps, insights and interviews.
type ProgressService struct{ *store }

// InvitationService stores invitations into a case.
type InvitationService struct{ *store }

// MailService stores the e-mail outbox and the language each user chose for their e-mail (sqldb/outbox.go).
type MailService struct{ *store }

// MeetingService stores learning meetings: planning, running them live, their events and snapshots.
type MeetingService struct{ *store }

// MethodService stores an organisation's own wording of the method.
type MethodService struct{ *store }

// OrganisationService stores regions and organisations.
type OrganisationService struct{ *store }

// PasskeyService stores passkeys and WebAuthn ceremonies.
type PasskeyService struct{ *store }

// PrivacyService stores retention periods, case closure, erasure requests and the erasure itself, and a person's own copy.
type PrivacyService struct{ *store }

// SecurityService stores security events, notices and password resets.
type SecurityService struct{ *store }

// SessionService stores sessions and API tokens.
type SessionService struct{ *store }

// SSOService stores single sign-on settings and login flows.
type SSOService struct{ *store }

// TensionService stores tension-field groups, rounds and placements.
type TensionService struct{ *store }

// TimelineService stores a case's timeline and its imports.
type TimelineService struct{ *store }

// TrustService stores case access, sharing grounds and break-glass access.
type TrustService struct{ *store }

// UserService stores user accounts.
type UserService struct{ *store }

// The domain contracts each service fulfils.
var (
	_ rotonde.AuditLog        = (*AuditService)(nil)
	_ rotonde.PrivacyService  = (*PrivacyService)(nil)
	_ rotonde.ProgressService = (*ProgressService)(nil)
	_ rotonde.MailStore       = (*MailService)(nil)
	_ timeline.Store          = (*TimelineService)(nil)
	_ genogram.Store          = (*GenogramService)(nil)
	_ method.Store            = (*MethodService)(nil)
)
