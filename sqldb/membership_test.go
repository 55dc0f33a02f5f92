package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// An invitation is no way around consent: a professional of another
// organisation who accepts one needs the same ground as when added by hand,
// and loses access with it.
func TestInvitationNeedsGroundForOtherOrganisation(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.ownerCase(t, db, "Lina (15)")
		now := db.Now()
		inv := &rotonde.Invitation{CaseID: c.ID, Name: "jeugdhulp", Email: w.outsider.Email, Role: rotonde.MemberObserver}
		if err := db.Invitations.CreateInvitation(ctx, w.owner, inv, 7, hashOf("ground-1")); err != nil {
			t.Fatal(err)
		}
		// No ground: refused, and the invitation stays usable.
		if err := db.Invitations.AcceptInvitationAs(ctx, hashOf("ground-1"), w.outsider, now); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Fatalf("accept without a ground: %v", err)
		}
		if _, _, err := db.Cases.Case(ctx, w.outsider, c.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Fatalf("outsider reads the case after a refused acceptance: %v", err)
		}
		if _, err := db.Invitations.InvitationByToken(ctx, hashOf("ground-1"), now); err != nil {
			t.Fatalf("invitation used up by a refused acceptance: %v", err)
		}
		// With consent recorded the same link works.
		g := recordConsent(t, db, w.owner, c.ID, 15, "Lina en ouders")
		if err := db.Invitations.AcceptInvitationAs(ctx, hashOf("ground-1"), w.outsider, now); err != nil {
			t.Fatalf("accept with consent: %v", err)
		}
		a, err := db.Trust.CaseAccess(ctx, w.outsider, c.ID)
		if err != nil || a.Role != rotonde.MemberObserver || a.Basis != "lidmaatschap/gedeeld/consent" {
			t.Fatalf("access after accepting: %+v %v", a, err)
		}
		// The family withdraws consent: the invited member loses access like any
		// member of another organisation.
		if err := db.Trust.WithdrawGround(ctx, w.owner, c.ID, g.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Cases.Case(ctx, w.outsider, c.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("invited member still reads the case after consent was withdrawn: %v", err)
		}
		if list, _ := db.Cases.Cases(ctx, w.outsider); len(list) != 0 {
			t.Errorf("invited member still lists the case: %v", list)
		}
		// A colleague of the owner's organisation and a family account need no ground.
		for i, u := range []*rotonde.User{w.colleague, w.family} {
			tok := hashOf("ground-own-" + u.Email)
			if err := db.Invitations.CreateInvitation(ctx, w.owner, &rotonde.Invitation{CaseID: c.ID, Name: "x", Email: u.Email, Role: rotonde.MemberObserver}, 7, tok); err != nil {
				t.Fatal(err)
			}
			if err := db.Invitations.AcceptInvitationAs(ctx, tok, u, now); err != nil {
				t.Errorf("%d: %s accepts: %v", i, u.Email, err)
			}
			if _, _, err := db.Cases.Case(ctx, u, c.ID); err != nil {
				t.Errorf("%s reads the case: %v", u.Email, err)
			}
		}
		// A system administrator never becomes a member, invited or not.
		tok := hashOf("ground-sysad")
		if err := db.Invitations.CreateInvitation(ctx, w.owner, &rotonde.Invitation{CaseID: c.ID, Name: "x", Email: w.sysad.Email, Role: rotonde.MemberObserver}, 7, tok); err != nil {
			t.Fatal(err)
		}
		if err := db.Invitations.AcceptInvitationAs(ctx, tok, w.sysad, now); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("system administrator accepts: %v", err)
		}
	})
}

// Migration 017 gives memberships made by invitations before the rule the
// basis the rule gives: an invited member of another organisation then
// depends on the ground like everyone else of another organisation.
func TestMigrationGivesInvitedMembersTheirBasis(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.ownerCase(t, db, "Mees (9)")
		// As the old code left them: three invited members, all 'own_org'.
		now := db.Now()
		for i, u := range []*rotonde.User{w.outsider, w.family, w.colleague} {
			tok := hashOf(fmt.Sprintf("old-%d", i))
			if err := db.Invitations.CreateInvitation(ctx, w.owner, &rotonde.Invitation{CaseID: c.ID, Name: "x", Email: u.Email, Role: rotonde.MemberObserver}, 7, tok); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Writer().ExecContext(ctx, rebind(db, `UPDATE invitations SET used_at = ?, used_by = ? WHERE email = ?`), now, u.ID, u.Email); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Writer().ExecContext(ctx, rebind(db, `INSERT INTO case_members (case_id, user_id, role, added_at) VALUES (?, ?, 'observer', ?)`), c.ID, u.ID, now); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := db.Cases.Case(ctx, w.outsider, c.ID); err != nil {
			t.Fatalf("setup: the old membership should open the case: %v", err)
		}
		ms, err := db.Migrations()
		if err != nil {
			t.Fatal(err)
		}
		ran := false
		for _, m := range ms {
			if m.Version == 17 {
				if _, err := db.Writer().ExecContext(ctx, m.SQL); err != nil {
					t.Fatal(err)
				}
				ran = true
			}
		}
		if !ran {
			t.Fatal("no migration 017")
		}
		if _, _, err := db.Cases.Case(ctx, w.outsider, c.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("invited member of another organisation reads the case without a ground: %v", err)
		}
		for _, u := range []*rotonde.User{w.family, w.colleague} {
			if _, _, err := db.Cases.Case(ctx, u, c.ID); err != nil {
				t.Errorf("%s lost the case: %v", u.Email, err)
			}
		}
		a, err := db.Trust.CaseAccess(ctx, w.family, c.ID)
		if err != nil || a.Basis != "lidmaatschap/gezin" {
			t.Errorf("family member's basis: %+v %v", a, err)
		}
		g := &rotonde.SharingGround{CaseID: c.ID, Kind: rotonde.GroundLegal, LegalBasis: "OTS"}
		if err := db.Trust.RecordGround(ctx, w.owner, g); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Cases.Case(ctx, w.outsider, c.ID); err != nil {
			t.Errorf("invited member of another organisation with a ground: %v", err)
		}
	})
}

// rebind writes ? placeholders as the engine wants them.
func rebind(db *sqldb.DB, q string) string {
	if db.Dialect() != sqldb.Postgres {
		return q
	}
	n := 0
	var b strings.Builder
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Joining a meeting about a case with its code follows the same rule for
// someone logged in who is not a member: no way around consent through the
// meeting.
func TestMeetingJoinFollowsTheMembershipRule(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w, c, m := meetingWorld(t, db)
		code := meeting.NewJoinCode()
		if _, err := db.Meetings.StartMeeting(ctx, w.owner, m.ID, code); err != nil {
			t.Fatal(err)
		}
		for _, u := range []*rotonde.User{w.outsider, w.sysad} {
			if _, _, err := db.Meetings.JoinByCode(ctx, code, u, "", hashOf("join-"+u.Email)); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
				t.Errorf("%s joins a meeting about a case not shared with them: %v", u.Email, err)
			}
		}
		// A colleague of the owner's organisation waits as a guest, as before.
		if _, _, err := db.Meetings.JoinByCode(ctx, code, w.colleague, "", hashOf("join-colleague")); err != nil {
			t.Errorf("colleague joins as a guest: %v", err)
		}
		// With a ground in force, the outsider may wait to be let in too.
		g := &rotonde.SharingGround{CaseID: c.ID, Kind: rotonde.GroundLegal, LegalBasis: "OTS"}
		if err := db.Trust.RecordGround(ctx, w.owner, g); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Meetings.JoinByCode(ctx, code, w.outsider, "", hashOf("join-outsider")); err != nil {
			t.Errorf("outsider joins with a ground in force: %v", err)
		}
		if _, _, err := db.Meetings.JoinByCode(ctx, code, w.sysad, "", hashOf("join-sysad-2")); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("system administrator joins with a ground in force: %v", err)
		}
	})
}
