package sqldb_test

import (
	"context"
	"crypto/sha256"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

func hashOf(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

func TestSSOConfigStorage(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		cfg := &rotonde.SSOConfig{OrgID: w.wijkteam.ID, Issuer: "https://login.wijkteam.example/", ClientID: "rotonde",
			ClientSecret: "geheim", AllowedDomains: []string{"Wijkteam.Example"}, Enabled: true, EnforcesMFA: true}
		// Only the organisation's administrator or the system administrator.
		for _, u := range []*rotonde.User{w.owner, w.outsider, w.family} {
			if err := db.SSO.SaveSSOConfig(ctx, u, cfg); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
				t.Errorf("%s saves: %v", u.Email, err)
			}
		}
		if err := db.SSO.SaveSSOConfig(ctx, w.admin, &rotonde.SSOConfig{OrgID: w.aanbieder.ID, Issuer: "https://x.example", ClientID: "a", ClientSecret: "b"}); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("admin saves for another organisation: %v", err)
		}
		if _, err := db.SSO.SSOConfig(ctx, w.admin, w.wijkteam.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("no config yet: %v", err)
		}
		// A new config needs a secret; http only to loopback.
		if err := db.SSO.SaveSSOConfig(ctx, w.admin, &rotonde.SSOConfig{OrgID: w.wijkteam.ID, Issuer: "https://a.example", ClientID: "a"}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("no secret: %v", err)
		}
		if err := db.SSO.SaveSSOConfig(ctx, w.admin, &rotonde.SSOConfig{OrgID: w.wijkteam.ID, Issuer: "http://a.example", ClientID: "a", ClientSecret: "b"}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("http issuer: %v", err)
		}
		// The administrator's tick of "enforces MFA" is not stored: that mark is the system administrator's.
		if err := db.SSO.SaveSSOConfig(ctx, w.admin, cfg); err != nil {
			t.Fatal(err)
		}
		got, err := db.SSO.SSOConfig(ctx, w.admin, w.wijkteam.ID)
		if err != nil || got.ClientSecret != "" || !got.HasSecret || got.Issuer != "https://login.wijkteam.example" ||
			!got.Enabled || got.EnforcesMFA || len(got.AllowedDomains) != 1 || got.AllowedDomains[0] != "wijkteam.example" || got.UpdatedBy != w.admin.ID {
			t.Errorf("read back %+v %v", got, err)
		}
		if !got.AllowsEmail("a@WIJKTEAM.example") || got.AllowsEmail("a@wijkteam.example.evil") {
			t.Error("AllowsEmail")
		}
		// Empty secret keeps the stored one; the system administrator may change it.
		if err := db.SSO.SaveSSOConfig(ctx, w.sysad, &rotonde.SSOConfig{OrgID: w.wijkteam.ID, Issuer: cfg.Issuer, ClientID: "rotonde-2", Enabled: true}); err != nil {
			t.Fatal(err)
		}
		login, err := db.SSO.SSOLoginConfig(ctx, w.wijkteam.ID)
		if err != nil || login.ClientSecret != "geheim" || login.ClientID != "rotonde-2" || login.EnforcesMFA {
			t.Errorf("login config %+v %v", login, err)
		}
		orgs, err := db.SSO.SSOOrganisations(ctx)
		if err != nil || len(orgs) != 1 || orgs[0].ID != w.wijkteam.ID {
			t.Errorf("sso organisations %v %v", orgs, err)
		}
		if err := db.SSO.SaveSSOConfig(ctx, w.sysad, &rotonde.SSOConfig{OrgID: w.wijkteam.ID, Issuer: cfg.Issuer, ClientID: "rotonde-2", Enabled: false}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SSO.SSOLoginConfig(ctx, w.wijkteam.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("disabled config for login: %v", err)
		}
		if orgs, _ := db.SSO.SSOOrganisations(ctx); len(orgs) != 0 {
			t.Errorf("disabled listed: %v", orgs)
		}
	})
}

func TestSSOFlowWorksOnce(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		now := db.Now()
		f := &rotonde.SSOFlow{OrgID: w.wijkteam.ID, Nonce: "n", Verifier: "v", RedirectURI: "http://127.0.0.1/cb", Next: "/", ExpiresAt: now.Add(10 * time.Minute)}
		if err := db.SSO.CreateSSOFlow(ctx, f, hashOf("state-1")); err != nil {
			t.Fatal(err)
		}
		// Two racing callbacks with the same state: exactly one gets the flow.
		ok, lost := succeeded(atOnce(2, func(int) error {
			got, err := db.SSO.TakeSSOFlow(ctx, hashOf("state-1"), now)
			if err == nil && (got.Nonce != "n" || got.Verifier != "v" || got.OrgID != w.wijkteam.ID) {
				t.Errorf("flow %+v", got)
			}
			return err
		}))
		for _, err := range lost {
			if rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
				t.Errorf("second take: %v", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d takes succeeded, want 1", ok)
		}
		// Expired.
		f.ExpiresAt = now.Add(time.Minute)
		if err := db.SSO.CreateSSOFlow(ctx, f, hashOf("state-2")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SSO.TakeSSOFlow(ctx, hashOf("state-2"), now.Add(2*time.Minute)); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("expired flow: %v", err)
		}
	})
}

func TestInvitationStorage(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.caseWithColleague(t, db, "Sam (12)")
		invitationRefusals(t, db, w, c)
		now := invitationStored(t, db, w, c)
		invitationAcceptRefusals(t, db, w, c, now)
		invitationAcceptRace(t, db, w, c, now)
		invitationExistingAccountAndRevoke(t, db, w, c, now)
	})
}

// omaInvitation invites grandma into case caseID as family.
func omaInvitation(caseID int64) *rotonde.Invitation {
	return &rotonde.Invitation{CaseID: caseID, Name: "oma (m)", Email: "Oma@Gezin.test", Role: rotonde.MemberFamily}
}

// invitationRefusals checks who may invite and which invitations are refused.
func invitationRefusals(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case) {
	ctx := context.Background()
	inv := func() *rotonde.Invitation { return omaInvitation(c.ID) }
	// Who may invite: owner and facilitator; a professional member is refused, a non-member finds no case.
	if err := db.Invitations.CreateInvitation(ctx, w.colleague, inv(), 7, hashOf("x1")); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Errorf("professional invites: %v", err)
	}
	for _, u := range []*rotonde.User{w.outsider, w.admin, w.sysad} {
		if err := db.Invitations.CreateInvitation(ctx, u, inv(), 7, hashOf("x2")); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("%s invites: %v", u.Email, err)
		}
	}
	for _, days := range []int{0, 31} {
		if err := db.Invitations.CreateInvitation(ctx, w.owner, inv(), days, hashOf("x3")); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("%d days: %v", days, err)
		}
	}
	bad := inv()
	bad.Role = rotonde.MemberOwner
	if err := db.Invitations.CreateInvitation(ctx, w.owner, bad, 7, hashOf("x4")); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
		t.Errorf("owner role by invitation: %v", err)
	}
}

// invitationStored stores the invitation "tok-1" and reads it back by token;
// it returns the time the further steps take as now.
func invitationStored(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case) time.Time {
	ctx := context.Background()
	first := omaInvitation(c.ID)
	if err := db.Invitations.CreateInvitation(ctx, w.owner, first, 7, hashOf("tok-1")); err != nil {
		t.Fatal(err)
	}
	if first.Email != "oma@gezin.test" || first.ExpiresAt.Sub(first.CreatedAt) != 7*24*time.Hour {
		t.Errorf("stored %+v", first)
	}
	now := db.Now()
	got, err := db.Invitations.InvitationByToken(ctx, hashOf("tok-1"), now)
	if err != nil || got.CaseTitle != "Sam (12)" || got.Role != rotonde.MemberFamily {
		t.Fatalf("by token %+v %v", got, err)
	}
	if _, err := db.Invitations.InvitationByToken(ctx, hashOf("tok-1"), now.Add(8*24*time.Hour)); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("expired: %v", err)
	}
	if _, err := db.Invitations.InvitationByToken(ctx, hashOf("nope"), now); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("unknown: %v", err)
	}
	return now
}

// invitationAcceptRefusals checks that an expired acceptance, another address
// and a taken address create nothing and leave the invitation usable.
func invitationAcceptRefusals(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, now time.Time) {
	ctx := context.Background()
	// Expired: nothing is created.
	late := &rotonde.User{Name: "Oma", Email: "oma@gezin.test"}
	if err := db.Invitations.AcceptInvitationNew(ctx, hashOf("tok-1"), late, "hash", now.Add(8*24*time.Hour)); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("accept expired: %v", err)
	}
	if _, _, err := db.Users.UserByEmail(ctx, "oma@gezin.test"); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("expired acceptance created an account: %v", err)
	}
	// Another address than the invited one: EInvalid, nothing is created
	// and the invitation stays usable.
	other := &rotonde.User{Name: "Oma", Email: "iemand-anders@gezin.test"}
	if err := db.Invitations.AcceptInvitationNew(ctx, hashOf("tok-1"), other, "hash", now); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
		t.Errorf("other address: %v", err)
	}
	if _, _, err := db.Users.UserByEmail(ctx, "iemand-anders@gezin.test"); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("acceptance with another address created an account: %v", err)
	}
	// A taken address: EConflict and the invitation stays usable.
	takenInv := &rotonde.Invitation{CaseID: c.ID, Name: "buiten", Email: w.outsider.Email, Role: rotonde.MemberFamily}
	if err := db.Invitations.CreateInvitation(ctx, w.owner, takenInv, 7, hashOf("tok-taken")); err != nil {
		t.Fatal(err)
	}
	if err := db.Invitations.AcceptInvitationNew(ctx, hashOf("tok-taken"), &rotonde.User{Name: "Oma"}, "hash", now); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
		t.Errorf("taken address: %v", err)
	}
	if _, err := db.Invitations.InvitationByToken(ctx, hashOf("tok-taken"), now); err != nil {
		t.Errorf("invitation unusable after a refused acceptance: %v", err)
	}
	if err := db.Invitations.RevokeInvitation(ctx, w.owner, c.ID, takenInv.ID); err != nil {
		t.Fatal(err)
	}
}

// invitationAcceptRace accepts "tok-1" twice at once: one account, one
// membership, with the invited address.
func invitationAcceptRace(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, now time.Time) {
	ctx := context.Background()
	// Two racing acceptances: one account, one membership.
	ok, lost := succeeded(atOnce(2, func(i int) error {
		u := &rotonde.User{Name: "Oma", Email: []string{"oma@gezin.test", ""}[i]}
		return db.Invitations.AcceptInvitationNew(ctx, hashOf("tok-1"), u, "hash", now)
	}))
	for _, err := range lost {
		if rotonde.ErrorCodeOf(err) != rotonde.ENotFound || !strings.Contains(err.Error(), "already been used") {
			t.Errorf("losing acceptance: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d acceptances succeeded", ok)
	}
	members, err := db.Cases.Members(ctx, w.owner, c.ID)
	if err != nil || len(members) != 3 {
		t.Fatalf("members %v %v", members, err)
	}
	fam := members[2]
	if fam.Role != rotonde.MemberFamily || fam.OrgName != "" {
		t.Errorf("new member %+v", fam)
	}
	nu, err := db.Users.User(ctx, fam.UserID)
	if err != nil || nu.Role != rotonde.RoleFamily || nu.OrgID != 0 {
		t.Errorf("new user %+v %v", nu, err)
	}
	if nu.Email != "oma@gezin.test" {
		t.Errorf("new account has address %q, want the invited one", nu.Email)
	}
}

// invitationExistingAccountAndRevoke checks acceptance by an existing account
// and revoking an invitation.
func invitationExistingAccountAndRevoke(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, now time.Time) {
	ctx := context.Background()
	inv := func() *rotonde.Invitation { return omaInvitation(c.ID) }
	// Existing account: only the invited address may accept.
	obs := &rotonde.Invitation{CaseID: c.ID, Name: "buren", Email: w.family.Email, Role: rotonde.MemberObserver}
	if err := db.Invitations.CreateInvitation(ctx, w.owner, obs, 30, hashOf("tok-2")); err != nil {
		t.Fatal(err)
	}
	if err := db.Invitations.AcceptInvitationAs(ctx, hashOf("tok-2"), w.outsider, now); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Errorf("wrong account accepts: %v", err)
	}
	if open, _ := db.Invitations.OpenInvitations(ctx, w.owner, c.ID); len(open) != 1 || open[0].ID != obs.ID {
		t.Errorf("open invitations %v", open)
	}
	if open, _ := db.Invitations.OpenInvitations(ctx, w.colleague, c.ID); len(open) != 0 {
		t.Errorf("professional sees invitations: %v", open)
	}
	if err := db.Invitations.AcceptInvitationAs(ctx, hashOf("tok-2"), w.family, now); err != nil {
		t.Fatal(err)
	}
	if _, role, err := db.Cases.Case(ctx, w.family, c.ID); err != nil || role != rotonde.MemberObserver {
		t.Errorf("accepted observer: %q %v", role, err)
	}
	if err := db.Invitations.AcceptInvitationAs(ctx, hashOf("tok-2"), w.family, now); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("second acceptance: %v", err)
	}
	// Revoke.
	rv := inv()
	if err := db.Invitations.CreateInvitation(ctx, w.owner, rv, 1, hashOf("tok-3")); err != nil {
		t.Fatal(err)
	}
	if err := db.Invitations.RevokeInvitation(ctx, w.colleague, c.ID, rv.ID); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Errorf("professional revokes: %v", err)
	}
	if err := db.Invitations.RevokeInvitation(ctx, w.owner, c.ID, rv.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Invitations.InvitationByToken(ctx, hashOf("tok-3"), now); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("revoked invitation: %v", err)
	}
}
