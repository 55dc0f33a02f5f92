package main

import (
	"context"
	"fmt"
	"io"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// resetPassword is `rotonde user reset-password`. With --password-stdin the
// operator sets the password; otherwise the account gets a one-time reset
// code that only lets its holder choose a new password. Either way every
// session and personal access token ends, the second factors stay, and the
// reset is written to the security log, so the user is told at the next login.
func resetPassword(ctx context.Context, db *sqldb.DB, u *rotonde.User, fromStdin bool, readPassword func() (string, bool, error), stdout io.Writer) error {
	if fromStdin {
		_, hash, _, err := hashedPassword(readPassword)
		if err != nil {
			return err
		}
		if err := db.Users.SetPasswordHash(ctx, nil, u.ID, hash); err != nil {
			return err
		}
		if err := appendSecurityEvent(ctx, db, rotonde.SecurityPasswordReset, u,
			"wachtwoord gezet via de opdrachtregel; sessies en tokens beëindigd"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Wachtwoord van %s vervangen; alle sessies en tokens beëindigd (password replaced; all sessions and tokens ended).\n", u.Email)
		return nil
	}
	code, hash := rotonde.NewPasswordResetCode()
	expires, err := db.Security.CreatePasswordReset(ctx, nil, u.ID, hash)
	if err != nil {
		return bilingual(err)
	}
	if err := appendSecurityEvent(ctx, db, rotonde.SecurityPasswordReset, u,
		"herstelcode gemaakt via de opdrachtregel, geldig tot "+expires.UTC().Format(rotonde.AuditTime)+"; sessies en tokens beëindigd"); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wachtwoord van %s ingetrokken; alle sessies en tokens beëindigd (password revoked; all sessions and tokens ended).\n", u.Email)
	fmt.Fprintf(stdout, "Herstelcode (reset code), te gebruiken op /wachtwoord-kiezen tot %s: %s\n", expires.UTC().Format(rotonde.AuditTime), code)
	return nil
}

// appendSecurityEvent writes what the operator did to the security log; the
// operator has no account, so the actor is 0.
func appendSecurityEvent(ctx context.Context, db *sqldb.DB, part string, subject *rotonde.User, detail string) error {
	e := &rotonde.AuditEntry{Action: rotonde.AuditUpdate, Part: part, SubjectID: subject.ID, OrgID: subject.OrgID,
		Role: "opdrachtregel", Outcome: rotonde.AuditAllowed, Detail: detail}
	if err := db.Audit.AppendAudit(ctx, e); err != nil {
		return fmt.Errorf("security log: %w", err)
	}
	return nil
}
