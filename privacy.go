package rotonde

import (
	"context"
	"strings"
	"time"
)

// Retention of case content. The formal dossier a youth-care provider keeps
// (Jeugdwet art. 7.3.8: 20 years, counted from the last change) lives in the
// provider's own record system, not in Rotonde. What Rotonde holds is
// learning material — the timeline as the network reconstructed it, the
// geno-sociogram, meeting captures, insights — kept to reflect and learn
// together. The AVG (art. 5(1)(e), storage limitation) allows keeping it
// only as long as that purpose needs, so a closed case's content goes a
// number of years after its closure, chosen by the case owner's
// organisation.
const (
	// DefaultRetentionYears applies when an organisation chose no period.
	DefaultRetentionYears = 2
	// MinRetentionYears and MaxRetentionYears bound an organisation's choice;
	// the upper bound is the Jeugdwet's dossier period.
	MinRetentionYears = 1
	MaxRetentionYears = 20
)

// ErasureDeadline is how long an organisation has to decide on and carry out
// a request for erasure (Jeugdwet art. 7.3.9: within three months).
func ErasureDeadline(requested time.Time) time.Time { return requested.AddDate(0, 3, 0) }

// ErasureWarning is how close to its deadline an open request is reported as urgent.
const ErasureWarning = 14 * 24 * time.Hour

// RetentionPolicy is an organisation's retention period for case content.
type RetentionPolicy struct {
	OrgID     int64
	CaseYears int
	Default   bool // no choice stored: DefaultRetentionYears
	UpdatedAt time.Time
}

// Validate checks the period an administrator chose.
func (p *RetentionPolicy) Validate() error {
	if p.CaseYears < MinRetentionYears || p.CaseYears > MaxRetentionYears {
		return E(EInvalid, "err.rotonde.choose_retention_period_of_to_years", MinRetentionYears, MaxRetentionYears)
	}
	return nil
}

// PurgeCandidate is a closed case whose retention period has passed. It
// names the case by number only: whoever runs the purge need not read it.
type PurgeCandidate struct {
	CaseID   int64
	OrgID    int64
	ClosedAt time.Time
	Years    int
	DueAt    time.Time
}

// Erasure scopes.
const (
	ErasureCase    = "case"    // a person in one case
	ErasureAccount = "account" // an account holder, everywhere
)

// Erasure request states.
const (
	ErasureOpen     = "open"
	ErasureApproved = "approved"
	ErasureRefused  = "refused"
)

// ErasureRequest asks to remove a person (AVG art. 17). A case request names
// the person as they appear in the case: a member's account, a person in the
// geno-sociogram, and the name the case's texts use for them. An account
// request concerns the account holder who made it, in every case.
type ErasureRequest struct {
	ID            int64
	Scope         string
	CaseID        int64
	OrgID         int64 // the organisation whose administrators review it
	SubjectUser   int64
	SubjectPerson int64
	SubjectName   string // cleared once the erasure is done
	Reason        string // cleared once the erasure is done
	RequestedBy   int64
	RequestedAt   time.Time
	DueAt         time.Time
	Status        string
	DecidedBy     int64
	DecidedAt     time.Time
	DecisionNote  string
	Receipt       ErasureReceipt

	// Filled on reads for display.
	RequesterName string
	DeciderName   string
	CanDecide     bool // the reader may approve or refuse it
}

// Overdue reports whether an open request has passed its deadline.
func (r *ErasureRequest) Overdue(now time.Time) bool {
	return r.Status == ErasureOpen && now.After(r.DueAt)
}

// Urgent reports whether an open request is within ErasureWarning of its deadline, or past it.
func (r *ErasureRequest) Urgent(now time.Time) bool {
	return r.Status == ErasureOpen && now.Add(ErasureWarning).After(r.DueAt)
}

// ErasureReceipt says what an erasure removed or anonymised: kinds of
// records and their numbers, never their content.
type ErasureReceipt struct {
	Done  time.Time      `json:"done"`
	Items []ErasureCount `json:"items"`
}

// ErasureCount is one kind of record an erasure touched.
type ErasureCount struct {
	What   string `json:"what"`   // table and column, e.g. "genogram_persons"
	Action string `json:"action"` // "verwijderd" (removed) or "geanonimiseerd" (anonymised)
	Count  int    `json:"count"`
}

// MaxErasureReason bounds the free text of a request.
const MaxErasureReason = 2000

// Validate checks a request before it is stored.
func (r *ErasureRequest) Validate() error {
	r.SubjectName = strings.TrimSpace(r.SubjectName)
	r.Reason = strings.TrimSpace(r.Reason)
	if r.Scope != ErasureCase && r.Scope != ErasureAccount {
		return E(EInvalid, "err.rotonde.unknown_kind_of_request")
	}
	if r.Scope == ErasureCase && r.SubjectUser == 0 && r.SubjectPerson == 0 && r.SubjectName == "" {
		return E(EInvalid, "err.rotonde.say_who_is_to_be_erased")
	}
	if len([]rune(r.SubjectName)) > 200 {
		return E(EInvalid, "err.rotonde.name_is_too_long_at_most_2")
	}
	if r.SubjectName != "" && len([]rune(r.SubjectName)) < 2 {
		return E(EInvalid, "err.rotonde.name_of_one_character_is_too")
	}
	if len([]rune(r.Reason)) > MaxErasureReason {
		return E(EInvalid, "err.rotonde.explanation_is_too_long_at_most_2", MaxErasureReason)
	}
	return nil
}

// ErasedName replaces an erased person's name in texts that stay.
const ErasedName = "[gewist]"

// PersonalCopy is everything Rotonde holds about one account holder (AVG
// art. 15 and 20): the account, what they wrote and where they take part,
// in sections of records, and the access log of their cases and of their
// account — who looked at their data.
type PersonalCopy struct {
	MadeAt    time.Time     `json:"made_at"`
	UserID    int64         `json:"user_id"`
	Sections  []CopySection `json:"sections"`
	Access    []CopyAccess  `json:"access_log"`
	CaseIDs   []int64       `json:"case_ids"`
	Truncated bool          `json:"access_log_truncated,omitempty"`
}

// CopySection is one kind of record: Name is the table, Rows its records as column → value.
type CopySection struct {
	Name    string           `json:"name"`
	Columns []string         `json:"columns"`
	Rows    []map[string]any `json:"rows"`
}

// CopyAccess is one access-log record in a person's copy.
type CopyAccess struct {
	At      time.Time `json:"at"`
	Action  string    `json:"action"`
	CaseID  int64     `json:"case_id,omitempty"`
	Part    string    `json:"part"`
	By      string    `json:"by"`
	Org     string    `json:"organisation,omitempty"`
	Role    string    `json:"role,omitempty"`
	Outcome string    `json:"outcome"`
	Detail  string    `json:"detail,omitempty"`
}

// MaxCopyAccess bounds the access-log records in one copy (newest first).
const MaxCopyAccess = 20000

// PrivacyService keeps retention periods, case closure, erasure requests
// and a person's own copy (sqldb/retention.go, sqldb/erasure.go,
// sqldb/personalcopy.go).
type PrivacyService interface {
	SetCaseStatus(ctx context.Context, actor *User, caseID int64, status CaseStatus) error
	CaseRetention(ctx context.Context, actor *User, caseID int64) (closedAt time.Time, p RetentionPolicy, purgeAt time.Time, err error)
	RetentionPolicy(ctx context.Context, orgID int64) (RetentionPolicy, error)
	SetRetentionPolicy(ctx context.Context, actor *User, p RetentionPolicy) error
	CreateErasureRequest(ctx context.Context, actor *User, r *ErasureRequest) error
	ErasureRequest(ctx context.Context, actor *User, id int64) (*ErasureRequest, error)
	CaseErasureRequests(ctx context.Context, actor *User, caseID int64) ([]ErasureRequest, error)
	ErasureRequestsFor(ctx context.Context, actor *User) (mine, review []ErasureRequest, err error)
	OrgErasureRequests(ctx context.Context, actor *User, orgID int64) ([]ErasureRequest, error)
	DecideErasure(ctx context.Context, actor *User, id int64, approve bool, note string) (*ErasureRequest, error)
	OpenErasureDeadlines(ctx context.Context, actor *User) (open int, earliest time.Time, err error)
	// ErasureDeciders lists the accounts that may decide on request id (for
	// telling them of it), to someone who may read the request.
	ErasureDeciders(ctx context.Context, actor *User, id int64) ([]User, error)
	PersonalCopy(ctx context.Context, actor *User) (*PersonalCopy, error)
}
