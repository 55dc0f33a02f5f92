package sqldb_test

import (
	"context"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

type ssoEvent struct {
	action, part, outcome, detail, role, address string
	caseID, userID, orgID                        int64
}

func ssoEvents(t *testing.T, db *sqldb.DB) []ssoEvent {
	t.Helper()
	rows, err := db.Writer().QueryContext(context.Background(),
		`SELECT action, part, outcome, detail, role, address, case_id, user_id, org_id FROM audit_log WHERE part LIKE 'beveiliging/%' ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []ssoEvent
	for rows.Next() {
		var e ssoEvent
		if err := rows.Scan(&e.action, &e.part, &e.outcome, &e.detail, &e.role, &e.address, &e.caseID, &e.userID, &e.orgID); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// The "provider enforces MFA" mark is the system administrator's: an
// organisation's administrator can neither set it nor keep it while pointing
// the organisation at another provider.
func TestSSOMFAMarkIsTheSystemAdministrators(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		mark := func() bool {
			t.Helper()
			c, err := db.SSO.SSOConfig(ctx, w.sysad, w.wijkteam.ID)
			if err != nil {
				t.Fatal(err)
			}
			return c.EnforcesMFA
		}
		cfg := func(issuer, client string, mfa bool, domains ...string) *rotonde.SSOConfig {
			return &rotonde.SSOConfig{OrgID: w.wijkteam.ID, Issuer: issuer, ClientID: client, ClientSecret: "geheim-1",
				AllowedDomains: domains, Enabled: true, EnforcesMFA: mfa}
		}
		// Each step saves a configuration as who and, where msg says what
		// went wrong, checks the stored mark against want.
		const home, other = "https://login.wijkteam.example", "https://idp.aanvaller.example"
		for _, step := range []struct {
			who            *rotonde.User
			issuer, client string
			ticked         bool
			domains        []string
			want, fatal    bool
			msg            string
		}{
			// The organisation's administrator ticks the mark on a new configuration: not stored.
			{w.admin, home, "rotonde", true, nil, false, false, "organisation administrator set the mark on a new configuration"},
			// The system administrator marks the provider.
			{w.sysad, home, "rotonde", true, nil, true, true, "system administrator could not set the mark"},
			// The organisation's administrator changes the domains and the
			// secret: same provider, the mark stays even when the form says nothing of it.
			{w.admin, home, "rotonde", false, []string{"wijkteam.example"}, true, false, "mark lost on a change of domains"},
			// Another issuer: the mark goes, even when the form keeps it ticked.
			{w.admin, other, "rotonde", true, nil, false, false, "mark kept for another issuer"},
			// Marked again, then another client id: the mark goes too.
			{w.sysad, other, "rotonde", true, nil, false, false, ""},
			{w.admin, other, "andere-client", true, nil, false, false, "mark kept for another client id"},
		} {
			if err := db.SSO.SaveSSOConfig(ctx, step.who, cfg(step.issuer, step.client, step.ticked, step.domains...)); err != nil {
				t.Fatal(err)
			}
			switch {
			case step.msg == "" || mark() == step.want:
			case step.fatal:
				t.Fatal(step.msg)
			default:
				t.Error(step.msg)
			}
		}
		// The login reads the stored mark.
		if c, err := db.SSO.SSOLoginConfig(ctx, w.wijkteam.ID); err != nil || c.EnforcesMFA {
			t.Errorf("login config %+v %v", c, err)
		}
	})
}

// Every change of single sign-on is a security event in the hash-chained
// log: who, which organisation, what changed — never the secret.
func TestSSOChangesAreSecurityEvents(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		origin := rotonde.SSOChangeOrigin{Address: "192.0.2.10", UserAgent: "Firefox"}
		c := &rotonde.SSOConfig{OrgID: w.wijkteam.ID, Issuer: "https://login.wijkteam.example", ClientID: "rotonde",
			ClientSecret: "zeer-geheim-1", AllowedDomains: []string{"wijkteam.example"}, Enabled: true}
		if err := db.SSO.SaveSSOConfig(ctx, w.admin, c, origin); err != nil {
			t.Fatal(err)
		}
		c = &rotonde.SSOConfig{OrgID: w.wijkteam.ID, Issuer: "https://idp.elders.example", ClientID: "rotonde-2",
			ClientSecret: "zeer-geheim-2", Enabled: false}
		if err := db.SSO.SaveSSOConfig(ctx, w.admin, c, origin); err != nil {
			t.Fatal(err)
		}
		if err := db.SSO.SaveSSOConfig(ctx, w.sysad, &rotonde.SSOConfig{OrgID: w.wijkteam.ID, Issuer: "https://idp.elders.example",
			ClientID: "rotonde-2", Enabled: true, EnforcesMFA: true}); err != nil {
			t.Fatal(err)
		}
		// A refused save writes no event.
		if err := db.SSO.SaveSSOConfig(ctx, w.outsider, c); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Fatalf("outsider: %v", err)
		}
		ev := ssoEvents(t, db)
		if len(ev) != 3 {
			t.Fatalf("%d security events, want 3: %+v", len(ev), ev)
		}
		for i, e := range ev {
			if e.part != "beveiliging/sso" || e.caseID != 0 || e.orgID != w.wijkteam.ID || e.outcome != rotonde.AuditAllowed {
				t.Errorf("event %d: %+v", i, e)
			}
			if strings.Contains(e.detail, "zeer-geheim") {
				t.Errorf("event %d holds the secret: %q", i, e.detail)
			}
		}
		if e := ev[0]; e.userID != w.admin.ID || e.action != "C" || e.address != "192.0.2.10" || e.role != string(rotonde.RoleAdministrator) ||
			!strings.Contains(e.detail, "issuer https://login.wijkteam.example") || !strings.Contains(e.detail, "client-id rotonde") ||
			!strings.Contains(e.detail, "domeinen wijkteam.example") {
			t.Errorf("first event: %+v", e)
		}
		if e := ev[1]; e.userID != w.admin.ID || e.action != "U" ||
			!strings.Contains(e.detail, "issuer https://login.wijkteam.example → https://idp.elders.example") ||
			!strings.Contains(e.detail, "client-id rotonde → rotonde-2") || !strings.Contains(e.detail, "domeinen wijkteam.example → alle") ||
			!strings.Contains(e.detail, "aan ja → nee") || !strings.Contains(e.detail, "nieuw client-geheim") {
			t.Errorf("second event: %+v", e)
		}
		if e := ev[2]; e.userID != w.sysad.ID || !strings.Contains(e.detail, "tweede factor af nee → ja") ||
			strings.Contains(e.detail, "client-geheim") || strings.Contains(e.detail, "issuer") {
			t.Errorf("third event: %+v", e)
		}
		if v, err := db.Audit.VerifyAudit(ctx); err != nil || v.BrokenSeq != 0 {
			t.Errorf("chain after security events: %+v %v", v, err)
		}
	})
}

// Migration 016 clears the marks that someone other than a system
// administrator (or the operator) saved last, before the mark was theirs alone.
func TestMigrationClearsUntrustedMFAMarks(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		third := testenv.MustOrg(t, db, "Derde Test", rotonde.OrgProvider)
		for _, org := range []int64{w.wijkteam.ID, w.aanbieder.ID, third.ID} {
			if err := db.SSO.SaveSSOConfig(ctx, nil, &rotonde.SSOConfig{OrgID: org, Issuer: "https://login.example", ClientID: "c",
				ClientSecret: "s", Enabled: true, EnforcesMFA: true}); err != nil {
				t.Fatal(err)
			}
		}
		// As an older rotonde stored them: marked, last saved by the
		// organisation's administrator, the system administrator and the operator.
		for org, by := range map[int64]any{w.wijkteam.ID: w.admin.ID, w.aanbieder.ID: w.sysad.ID, third.ID: nil} {
			if err := db.WriteTx(ctx, func(tx *sqldb.Tx) error {
				_, err := tx.Exec(ctx, `UPDATE sso_configs SET updated_by = ? WHERE org_id = ?`, by, org)
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.WriteTx(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.Exec(ctx, `DELETE FROM schema_migrations WHERE version = 16`)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if n, err := db.Migrate(ctx); err != nil || n != 1 {
			t.Fatalf("migrate: %d %v", n, err)
		}
		for org, want := range map[int64]bool{w.wijkteam.ID: false, w.aanbieder.ID: true, third.ID: true} {
			c, err := db.SSO.SSOConfig(ctx, nil, org)
			if err != nil {
				t.Fatal(err)
			}
			if c.EnforcesMFA != want {
				t.Errorf("org %d: mark %v, want %v", org, c.EnforcesMFA, want)
			}
		}
	})
}
