package rotonde

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// AuditAction is what was done with case data, as in NEN 7513.
type AuditAction string

const (
	AuditCreate AuditAction = "C"
	AuditRead   AuditAction = "R"
	AuditUpdate AuditAction = "U"
	AuditDelete AuditAction = "D"
	AuditExport AuditAction = "E" // export and print
	AuditSearch AuditAction = "S"
)

// Audit outcomes.
const (
	AuditAllowed = "allowed"
	AuditDenied  = "denied"
)

// AuditEntry is one record of the access log. Records are append-only and
// chained: each carries a hash over its own content and the previous
// record's hash, so a changed, removed or inserted record breaks the chain.
type AuditEntry struct {
	Seq        int64
	At         time.Time // UTC, to the second
	Action     AuditAction
	CaseID     int64 // 0 when no single case (e.g. a search)
	Part       string
	UserID     int64
	OnBehalfOf int64 // 0 when acting for themselves
	OrgID      int64
	Role       string // network role, and the case role after a slash
	Address    string
	UserAgent  string
	Outcome    string
	Basis      string // the ground for access: membership, consent, legal basis, emergency
	Emergency  bool
	Detail     string // short, never case content
	PrevHash   string
	Hash       string

	// SubjectID is the user a security event concerns (0 for other records).
	SubjectID int64

	// AnonymousInputsOf, when set, is the meeting whose anonymous inputs
	// the record counts (not stored): the transaction that writes the
	// record counts the inputs not counted before, adds their number to
	// Detail (AnonymousInputsDetail) and marks them counted, so that the
	// count commits with the record or not at all. AnonymousInputs is that
	// number while the record is written.
	AnonymousInputsOf int64
	AnonymousInputs   int

	// Filled on reads for display.
	UserName string
	OrgName  string
}

// AnonymousInputsDetail is what a record adds to its detail for n anonymous
// inputs in a meeting since the facilitator's previous action.
func AnonymousInputsDetail(n int) string {
	return strconv.Itoa(n) + " anonieme inbreng sinds de vorige handeling"
}

// AuditTime is the stored, hashed form of a timestamp.
const AuditTime = "2006-01-02T15:04:05Z"

// Digest returns the chain hash of e given the previous record's hash.
func (e *AuditEntry) Digest(prev string) string {
	fields := []string{
		strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(AuditTime), string(e.Action),
		strconv.FormatInt(e.CaseID, 10), e.Part, strconv.FormatInt(e.UserID, 10),
		strconv.FormatInt(e.OnBehalfOf, 10), strconv.FormatInt(e.OrgID, 10), e.Role,
		e.Address, e.UserAgent, e.Outcome, e.Basis, strconv.FormatBool(e.Emergency), e.Detail, prev,
	}
	if e.SubjectID != 0 {
		// Only when set, so that records made before the field existed keep their hash.
		fields = append(fields[:len(fields)-1], "subject="+strconv.FormatInt(e.SubjectID, 10), prev)
	}
	h := sha256.Sum256([]byte(strings.Join(fields, "\x1f")))
	return hex.EncodeToString(h[:])
}

// AuditVerification is the result of checking the whole chain.
type AuditVerification struct {
	Checked   int
	BrokenSeq int64 // 0 when the chain is intact
	Reason    string
}

// AuditService keeps the access log.
type AuditService interface {
	// AppendAudit adds records to the chain in one transaction.
	AppendAudit(ctx context.Context, entries ...*AuditEntry) error
	// CaseAudit returns a case's log, oldest first, for a member of the case; else ENotFound.
	CaseAudit(ctx context.Context, actor *User, caseID int64) ([]AuditEntry, error)
	// VerifyAudit recomputes the chain and names the first broken record.
	VerifyAudit(ctx context.Context) (AuditVerification, error)
	// PurgeAudit removes records older than before, keeping the chain verifiable.
	PurgeAudit(ctx context.Context, before time.Time) (int, error)
}
