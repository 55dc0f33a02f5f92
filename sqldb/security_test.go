package sqldb_test

import (
	"context"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

func TestSecurityLogInTheChain(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		// A record as the code before SubjectID wrote it: no subject column in the insert.
		old := &rotonde.AuditEntry{Seq: 1, At: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), Action: rotonde.AuditRead,
			Part: "casus", UserID: w.owner.ID, Outcome: rotonde.AuditAllowed}
		old.Hash = old.Digest("")
		if _, err := db.Writer().ExecContext(ctx, rebind(db, `INSERT INTO audit_log (seq, at, action, case_id, part, user_id, on_behalf_of, org_id, role,
			address, user_agent, outcome, basis, emergency, detail, prev_hash, hash) VALUES (?, ?, ?, 0, ?, ?, 0, 0, '', '', '', ?, '', ?, '', '', ?)`),
			old.Seq, old.At.Format(rotonde.AuditTime), string(old.Action), old.Part, old.UserID, old.Outcome, false, old.Hash); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Writer().ExecContext(ctx, rebind(db, `UPDATE audit_head SET last_seq = 1, last_hash = ? WHERE id = 1`), old.Hash); err != nil {
			t.Fatal(err)
		}
		ev := &rotonde.AuditEntry{Action: rotonde.AuditUpdate, Part: rotonde.SecurityPasswordReset, UserID: w.admin.ID,
			SubjectID: w.colleague.ID, OrgID: w.wijkteam.ID, Outcome: rotonde.AuditAllowed, Detail: "herstelcode gemaakt"}
		sso := &rotonde.AuditEntry{Action: rotonde.AuditUpdate, Part: rotonde.SecuritySSO, UserID: w.admin.ID,
			OrgID: w.wijkteam.ID, Outcome: rotonde.AuditAllowed, Detail: "issuer gewijzigd"}
		own := &rotonde.AuditEntry{Action: rotonde.AuditCreate, Part: rotonde.SecurityToken, UserID: w.colleague.ID,
			SubjectID: w.colleague.ID, OrgID: w.wijkteam.ID, Outcome: rotonde.AuditAllowed, Detail: "token gemaakt"}
		if err := db.Audit.AppendAudit(ctx, ev, sso, own); err != nil {
			t.Fatal(err)
		}
		if v, err := db.Audit.VerifyAudit(ctx); err != nil || v.BrokenSeq != 0 || v.Checked != 4 {
			t.Fatalf("verify: %+v %v", v, err)
		}

		// Reading: the system administrator all, newest first and paged; nobody else.
		all, err := db.Security.SecurityEvents(ctx, w.sysad, rotonde.SecurityQuery{})
		if err != nil || len(all) != 3 || all[0].Seq != own.Seq || all[0].SubjectID != w.colleague.ID || all[0].UserName != "Collega" {
			t.Fatalf("all events: %+v %v", all, err)
		}
		if page, err := db.Security.SecurityEvents(ctx, w.sysad, rotonde.SecurityQuery{Before: own.Seq, Limit: 1}); err != nil || len(page) != 1 || page[0].Seq != sso.Seq {
			t.Errorf("older page: %+v %v", page, err)
		}
		if _, err := db.Security.SecurityEvents(ctx, w.admin, rotonde.SecurityQuery{}); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("administrator reads all: %v", err)
		}
		if mine, err := db.Security.OwnSecurityEvents(ctx, w.colleague, rotonde.SecurityQuery{}); err != nil || len(mine) != 2 {
			t.Errorf("own events: %+v %v", mine, err)
		}
		if mine, err := db.Security.OwnSecurityEvents(ctx, w.outsider, rotonde.SecurityQuery{}); err != nil || len(mine) != 0 {
			t.Errorf("outsider's own events: %+v %v", mine, err)
		}

		// Notices: the reset by someone else and the organisation's sso change, not the own token; once.
		if n, err := db.Security.SecurityNoticesWaiting(ctx, w.colleague); err != nil || n != 2 {
			t.Errorf("waiting: %d %v", n, err)
		}
		got, err := db.Security.TakeSecurityNotices(ctx, w.colleague)
		if err != nil || len(got) != 2 || got[0].Seq != ev.Seq || got[1].Seq != sso.Seq {
			t.Fatalf("notices: %+v %v", got, err)
		}
		if again, err := db.Security.TakeSecurityNotices(ctx, w.colleague); err != nil || len(again) != 0 {
			t.Errorf("notices twice: %+v %v", again, err)
		}
		// The administrator made the sso change: no notice for them; the
		// other organisation hears nothing.
		for _, u := range []*rotonde.User{w.admin, w.outsider, w.family} {
			if n, err := db.Security.SecurityNoticesWaiting(ctx, u); err != nil || n != 0 {
				t.Errorf("%s waiting: %d %v", u.Email, n, err)
			}
		}

		// Changing the subject of a stored event breaks the chain there.
		if _, err := db.Writer().ExecContext(ctx, rebind(db, `UPDATE audit_log SET subject_id = ? WHERE seq = ?`), w.owner.ID, ev.Seq); err != nil {
			t.Fatal(err)
		}
		if v, err := db.Audit.VerifyAudit(ctx); err != nil || v.BrokenSeq != ev.Seq {
			t.Errorf("changed subject: %+v %v", v, err)
		}
	})
}

func TestPasswordResetAndTokens(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		now := time.Now()
		newToken := func(name string) []byte {
			hash := []byte("token-" + name)
			if err := db.Sessions.CreateAPIToken(ctx, w.colleague, &rotonde.APIToken{Name: name, ExpiresAt: now.Add(time.Hour)}, hash); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Sessions.TokenUser(ctx, hash, now); err != nil {
				t.Fatalf("fresh token %s: %v", name, err)
			}
			return hash
		}
		dead := func(what string, hash []byte) {
			t.Helper()
			if _, err := db.Sessions.TokenUser(ctx, hash, now); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
				t.Errorf("token after %s: %v", what, err)
			}
		}
		tok := newToken("a")
		if err := db.Users.SetDisabled(ctx, w.admin, w.colleague.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := db.Users.SetDisabled(ctx, w.admin, w.colleague.ID, false); err != nil {
			t.Fatal(err)
		}
		dead("disable and enable", tok)
		tok = newToken("b")
		if err := db.Identity.EndUserSessions(ctx, w.admin, w.colleague.ID); err != nil {
			t.Fatal(err)
		}
		dead("ending the sessions", tok)

		// A reset: only by who may manage the user, never by another organisation's administrator.
		code, hash := rotonde.NewPasswordResetCode()
		outsiderAdmin := testenv.MustUser(t, db, &rotonde.User{Email: "bestuur-b@test.nl", Name: "Bestuurder B", Role: rotonde.RoleAdministrator, OrgID: w.aanbieder.ID}, "wachtwoord-1")
		if _, err := db.Security.CreatePasswordReset(ctx, outsiderAdmin, w.colleague.ID, hash); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("reset by another organisation's administrator: %v", err)
		}
		if err := db.Identity.SetPendingTOTP(ctx, w.colleague.ID, "JBSWY3DPEHPK3PXP", now); err != nil {
			t.Fatal(err)
		}
		if err := db.Identity.UseTOTPStep(ctx, w.colleague.ID, 1); err != nil {
			t.Fatal(err)
		}
		tok = newToken("c")
		expires, err := db.Security.CreatePasswordReset(ctx, w.admin, w.colleague.ID, hash)
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Until(expires); d > rotonde.PasswordResetTTL || d < rotonde.PasswordResetTTL-time.Minute {
			t.Errorf("expires in %v", d)
		}
		dead("a reset", tok)
		if _, pw, _ := db.Users.UserByEmail(ctx, w.colleague.Email); pw == "" || pw[0] == '$' {
			t.Errorf("old password hash kept: %q", pw)
		}
		var stored string
		if err := db.Reader().QueryRowContext(ctx, rebind(db, `SELECT code_hash FROM password_resets WHERE user_id = ?`), w.colleague.ID).Scan(&stored); err != nil || stored == code {
			t.Errorf("code stored in the clear: %v", err)
		}
		if _, err := db.Security.UsePasswordReset(ctx, []byte("wrong"), "$argon2id$nieuw", now); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Errorf("wrong code: %v", err)
		}
		u, err := db.Security.UsePasswordReset(ctx, rotonde.HashPasswordResetCode(code), "$argon2id$nieuw", now)
		if err != nil || u.ID != w.colleague.ID {
			t.Fatalf("use code: %v %v", u, err)
		}
		if _, err := db.Security.UsePasswordReset(ctx, rotonde.HashPasswordResetCode(code), "$argon2id$weer", now); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Errorf("code used twice: %v", err)
		}
		if _, pw, _ := db.Users.UserByEmail(ctx, w.colleague.Email); pw != "$argon2id$nieuw" {
			t.Errorf("password after reset: %q", pw)
		}
		if f, err := db.Identity.SecondFactors(ctx, w.colleague.ID); err != nil || !f.TOTP {
			t.Errorf("second factor removed by the reset: %+v %v", f, err)
		}
		// An expired code is refused, and gone.
		_, hash = rotonde.NewPasswordResetCode()
		if _, err := db.Security.CreatePasswordReset(ctx, nil, w.colleague.ID, hash); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Security.UsePasswordReset(ctx, hash, "$argon2id$laat", now.Add(rotonde.PasswordResetTTL+time.Minute)); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Errorf("expired code: %v", err)
		}
		if _, err := db.Security.UsePasswordReset(ctx, hash, "$argon2id$laat", now); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Errorf("expired code kept: %v", err)
		}
	})
}
