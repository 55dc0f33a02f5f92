package rotonde_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// digestBeforeSubject is the chain hash as it was computed before AuditEntry
// had a SubjectID: records written then must keep verifying.
func digestBeforeSubject(e *rotonde.AuditEntry, prev string) string {
	fields := []string{
		strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(rotonde.AuditTime), string(e.Action),
		strconv.FormatInt(e.CaseID, 10), e.Part, strconv.FormatInt(e.UserID, 10),
		strconv.FormatInt(e.OnBehalfOf, 10), strconv.FormatInt(e.OrgID, 10), e.Role,
		e.Address, e.UserAgent, e.Outcome, e.Basis, strconv.FormatBool(e.Emergency), e.Detail, prev,
	}
	h := sha256.Sum256([]byte(strings.Join(fields, "\x1f")))
	return hex.EncodeToString(h[:])
}

func TestDigestCoversSubjectOnlyWhenSet(t *testing.T) {
	e := &rotonde.AuditEntry{Seq: 7, At: time.Date(2026, 12, 2, 23, 0, 0, 0, time.UTC), Action: rotonde.AuditRead,
		CaseID: 3, Part: "tijdlijn", UserID: 4, OrgID: 2, Role: "professional/owner", Outcome: rotonde.AuditAllowed}
	if got, want := e.Digest("abc"), digestBeforeSubject(e, "abc"); got != want {
		t.Fatalf("a record without subject hashes differently than before: %s != %s", got, want)
	}
	e.CaseID, e.Part, e.SubjectID = 0, rotonde.SecurityPasswordReset, 9
	with := e.Digest("abc")
	if with == digestBeforeSubject(e, "abc") {
		t.Error("the subject is not in the hash")
	}
	e.SubjectID = 10
	if e.Digest("abc") == with {
		t.Error("changing the subject leaves the hash unchanged")
	}
}

func TestPasswordResetCode(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		code, hash := rotonde.NewPasswordResetCode()
		if len(code) != 24 || strings.Trim(code, "ABCDEFGHJKMNPQRSTVWXYZ23456789-") != "" || seen[code] {
			t.Fatalf("code %q", code)
		}
		seen[code] = true
		loose := " " + strings.ToLower(strings.ReplaceAll(code, "-", " ")) + " "
		if string(rotonde.HashPasswordResetCode(loose)) != string(hash) {
			t.Errorf("loosely typed %q does not match", loose)
		}
	}
}
