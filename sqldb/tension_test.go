package sqldb_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/tension"
)

func TestGroupsAreVisibleToTheirMembersOnly(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		g := &tension.Group{Name: "  Intervisie bestuurders  "}
		if err := db.Tension.CreateGroup(ctx, w.family, g); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("family member creates a group: %v", err)
		}
		if err := db.Tension.CreateGroup(ctx, w.admin, &tension.Group{Name: " "}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("nameless group: %v", err)
		}
		if err := db.Tension.CreateGroup(ctx, w.admin, g); err != nil {
			t.Fatal(err)
		}
		if g.Name != "Intervisie bestuurders" {
			t.Errorf("name %q", g.Name)
		}
		if _, role, err := db.Tension.Group(ctx, w.admin, g.ID); err != nil || role != tension.GroupRoleFacilitator {
			t.Fatalf("creator's role %q, %v", role, err)
		}
		for _, u := range []*rotonde.User{w.owner, w.sysad, w.outsider} {
			if _, _, err := db.Tension.Group(ctx, u, g.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
				t.Errorf("%s sees the group: %v", u.Email, err)
			}
			if _, err := db.Tension.GroupMembers(ctx, u, g.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
				t.Errorf("%s lists members: %v", u.Email, err)
			}
		}
		if err := db.Tension.AddGroupMember(ctx, w.admin, g.ID, w.owner.Email, tension.GroupRoleMember); err != nil {
			t.Fatal(err)
		}
		if err := db.Tension.AddGroupMember(ctx, w.admin, g.ID, w.owner.Email, tension.GroupRoleMember); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Errorf("double member: %v", err)
		}
		if err := db.Tension.AddGroupMember(ctx, w.admin, g.ID, w.sysad.Email, tension.GroupRoleMember); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("sysadmin joins: %v", err)
		}
		if err := db.Tension.AddGroupMember(ctx, w.owner, g.ID, w.colleague.Email, tension.GroupRoleMember); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("member adds a member: %v", err)
		}
		if list, err := db.Tension.Groups(ctx, w.owner); err != nil || len(list) != 1 {
			t.Errorf("member's groups: %v %v", list, err)
		}
		if err := db.Tension.RemoveGroupMember(ctx, w.admin, g.ID, w.admin.ID); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Errorf("last facilitator leaves: %v", err)
		}
		if err := db.Tension.RemoveGroupMember(ctx, w.owner, g.ID, w.owner.ID); err != nil {
			t.Errorf("member leaves: %v", err)
		}
		if _, _, err := db.Tension.Group(ctx, w.owner, g.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("after leaving: %v", err)
		}
	})
}

// place puts each user on the fields at the given positions in a round.
func place(t *testing.T, db *sqldb.DB, roundID int64, u *rotonde.User, field string, pos int) {
	t.Helper()
	if err := db.Tension.Place(context.Background(), u, []tension.Placement{{FieldKey: field, Position: pos, RoundID: roundID}}); err != nil {
		t.Fatalf("%s places: %v", u.Email, err)
	}
}

func TestRoundWithholdsSpreadUntilRevealedAndBelowThree(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.ownerCase(t, db, "Sam (12)")
		roundWithTwoWithheld(t, db, w, c)
		r2 := roundWithThreeShown(t, db, w, c)
		roundAfterEmergencyAndRemoval(t, db, w, c, r2)
	})
}

// roundWithTwoWithheld adds the colleague and the family as members and
// runs a round in which only two place: it stays withheld after the reveal.
func roundWithTwoWithheld(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case) {
	ctx := context.Background()
	for _, u := range []*rotonde.User{w.colleague, w.family} {
		role := rotonde.MemberProfessional
		if u == w.family {
			role = rotonde.MemberFamily
		}
		if err := db.Cases.AddMember(ctx, w.owner, c.ID, u.Email, role); err != nil {
			t.Fatal(err)
		}
	}
	r := &tension.Round{Name: "Bijeenkomst 1", CaseID: c.ID, Fields: []string{"makeable", "slow-down"}}
	if err := db.Tension.OpenRound(ctx, w.colleague, r); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Errorf("professional member opens a round: %v", err)
	}
	if err := db.Tension.OpenRound(ctx, w.outsider, r); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("outsider opens a round: %v", err)
	}
	if err := db.Tension.OpenRound(ctx, w.owner, &tension.Round{Name: "x", CaseID: c.ID, Fields: []string{"bestaat-niet"}}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
		t.Errorf("unknown field: %v", err)
	}
	if err := db.Tension.OpenRound(ctx, w.owner, r); err != nil {
		t.Fatal(err)
	}
	// Non-participants see nothing and cannot place.
	for _, u := range []*rotonde.User{w.outsider, w.admin, w.sysad} {
		if _, err := db.Tension.ViewRound(ctx, u, r.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("%s views the round: %v", u.Email, err)
		}
		err := db.Tension.Place(ctx, u, []tension.Placement{{FieldKey: "makeable", Position: 50, RoundID: r.ID}})
		if rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("%s places: %v", u.Email, err)
		}
	}
	// Bad input: nothing stored, also not the valid placement beside it.
	for _, bad := range [][]tension.Placement{
		{{FieldKey: "makeable", Position: 40, RoundID: r.ID}, {FieldKey: "slow-down", Position: 101, RoundID: r.ID}},
		{{FieldKey: "makeable", Position: 40, RoundID: r.ID}, {FieldKey: "we-squared", Position: 10, RoundID: r.ID}},
		{{FieldKey: "makeable", Position: -1}},
	} {
		if err := db.Tension.Place(ctx, w.owner, bad); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("bad placement %+v: %v", bad, err)
		}
	}
	if mine, _ := db.Tension.MyPlacements(ctx, w.owner); len(mine) != 0 {
		t.Fatalf("rejected placements were stored: %+v", mine)
	}
	place(t, db, r.ID, w.owner, "makeable", 20)
	place(t, db, r.ID, w.colleague, "makeable", 70)
	place(t, db, r.ID, w.colleague, "makeable", 80) // moves: the latest counts
	v, err := db.Tension.ViewRound(ctx, w.owner, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Spreads != nil || v.Counts["makeable"] != 2 || v.Placed != 2 || v.Participants != 3 || !v.CanManage || !v.CanPlace {
		t.Fatalf("open round view: %+v", v)
	}
	if v.Mine["makeable"].Position != 20 {
		t.Errorf("own placement %+v", v.Mine)
	}
	if err := db.Tension.SetRoundState(ctx, w.colleague, r.ID, tension.RoundRevealed); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Errorf("participant reveals: %v", err)
	}
	if err := db.Tension.SetRoundState(ctx, w.owner, r.ID, tension.RoundRevealed); err != nil {
		t.Fatal(err)
	}
	// Two placements: still withheld after the reveal.
	v, err = db.Tension.ViewRound(ctx, w.family, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Spreads) != 2 || v.Spreads[0].Shown || v.Spreads[0].Positions != nil || v.Spreads[0].N != 2 || v.CanPlace || v.CanManage {
		t.Fatalf("revealed with 2: %+v", v.Spreads)
	}
	// After the reveal, no one places any more: a change in the spread would give them away.
	err = db.Tension.Place(ctx, w.family, []tension.Placement{{FieldKey: "makeable", Position: 50, RoundID: r.ID}})
	if rotonde.ErrorCodeOf(err) != rotonde.EConflict {
		t.Errorf("placing in a revealed round: %v", err)
	}
	if err := db.Tension.SetRoundState(ctx, w.owner, r.ID, tension.RoundOpen); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
		t.Errorf("reopen: %v", err)
	}
}

// roundWithThreeShown runs a second round in which three place, so that the
// spread shows once revealed, and closes it.
func roundWithThreeShown(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case) *tension.Round {
	ctx := context.Background()
	// A second round with three: the spread shows, sorted, with the latest per person.
	r2 := &tension.Round{Name: "Bijeenkomst 2", CaseID: c.ID, Fields: []string{"makeable"}}
	if err := db.Tension.OpenRound(ctx, w.owner, r2); err != nil {
		t.Fatal(err)
	}
	place(t, db, r2.ID, w.family, "makeable", 90)
	place(t, db, r2.ID, w.owner, "makeable", 30)
	place(t, db, r2.ID, w.colleague, "makeable", 10)
	place(t, db, r2.ID, w.colleague, "makeable", 60)
	v, err := db.Tension.ViewRound(ctx, w.colleague, r2.ID)
	if err != nil || v.Spreads != nil {
		t.Fatalf("before reveal: %+v %v", v, err)
	}
	if err := db.Tension.SetRoundState(ctx, w.owner, r2.ID, tension.RoundRevealed); err != nil {
		t.Fatal(err)
	}
	v, err = db.Tension.ViewRound(ctx, w.colleague, r2.ID)
	if err != nil {
		t.Fatal(err)
	}
	s := v.Spreads[0]
	if !s.Shown || !slices.Equal(s.Positions, []int{30, 60, 90}) || s.Median != 60 {
		t.Fatalf("spread %+v", s)
	}
	// By role: 2 professionals and 1 family member: one mixed group only.
	if br := v.ByRole["makeable"]; len(br) != 1 || br[0].Group != tension.RoleGroupOther || br[0].N != 3 {
		t.Errorf("by role %+v", br)
	}
	if err := db.Tension.SetRoundState(ctx, w.owner, r2.ID, tension.RoundClosed); err != nil {
		t.Fatal(err)
	}
	rounds, err := db.Tension.CaseRounds(ctx, w.family, c.ID)
	if err != nil || len(rounds) != 2 || rounds[1].State != tension.RoundClosed || !rounds[1].Revealed() || len(rounds[0].Fields) != 2 {
		t.Fatalf("case rounds %+v %v", rounds, err)
	}
	if _, err := db.Tension.CaseRounds(ctx, w.outsider, c.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("outsider lists case rounds: %v", err)
	}
	if err := db.Tension.Place(ctx, w.family, []tension.Placement{{FieldKey: "makeable", Position: 50, RoundID: r2.ID}}); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
		t.Errorf("placing in a closed round: %v", err)
	}
	return r2
}

// roundAfterEmergencyAndRemoval checks that emergency access reads the round
// without placing, and that a removed member no longer sees it.
func roundAfterEmergencyAndRemoval(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, r2 *tension.Round) {
	ctx := context.Background()
	// Emergency access reads the round but places nothing.
	now := db.Now()
	if err := db.Trust.BreakGlass(ctx, w.sysad, &rotonde.BreakGlass{CaseID: c.ID, Reason: "Onderzoek naar een gemeld datalek in deze casus.", StartedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if v, err := db.Tension.ViewRound(ctx, w.sysad, r2.ID); err != nil || v.CanPlace || v.CanManage {
		t.Errorf("emergency view: %+v %v", v, err)
	}
	if err := db.Tension.OpenRound(ctx, w.sysad, &tension.Round{Name: "x", CaseID: c.ID, Fields: []string{"makeable"}}); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Errorf("emergency opens a round: %v", err)
	}
	// Removed from the case: the round is gone for them.
	if err := db.Cases.RemoveMember(ctx, w.owner, c.ID, w.colleague.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Tension.ViewRound(ctx, w.colleague, r2.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("former member views round: %v", err)
	}
}

func TestPlacementsAreKeptOverTimeAndPrivate(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		base := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		for i, pos := range []int{20, 35, 60} {
			db.Now = func() time.Time { return base.AddDate(0, i, 0) }
			err := db.Tension.Place(ctx, w.owner, []tension.Placement{{FieldKey: "slow-down", Position: pos, Context: fmt.Sprintf("  gesprek %d ", i)}})
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Tension.Place(ctx, w.colleague, []tension.Placement{{FieldKey: "slow-down", Position: 99}}); err != nil {
			t.Fatal(err)
		}
		mine, err := db.Tension.MyPlacements(ctx, w.owner)
		if err != nil || len(mine) != 3 {
			t.Fatalf("own placements %+v %v", mine, err)
		}
		for i, p := range mine {
			if p.UserID != w.owner.ID || p.Role != rotonde.RoleProfessional || !p.PlacedAt.Equal(base.AddDate(0, i, 0)) || p.Context != fmt.Sprintf("gesprek %d", i) {
				t.Errorf("placement %d: %+v", i, p)
			}
		}
		if mine[2].Position != 60 || mine[0].Position != 20 {
			t.Errorf("order %+v", mine)
		}
		theirs, _ := db.Tension.MyPlacements(ctx, w.colleague)
		if len(theirs) != 1 || theirs[0].Position != 99 {
			t.Errorf("colleague's own: %+v", theirs)
		}
		// The database refuses an out-of-range position even past validation.
		_, err = db.Writer().ExecContext(ctx, `INSERT INTO placements (user_id, field_key, position, role, placed_at) VALUES (1, 'makeable', 101, 'professional', CURRENT_TIMESTAMP)`)
		if err == nil {
			t.Error("database accepted position 101")
		}
	})
}

func TestGroupRoundAndOpenRoundsList(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		g := newGroup(t, db, w.admin, "Intervisie", groupSeat{w.owner, tension.GroupRoleMember}, groupSeat{w.outsider, tension.GroupRoleMember})
		r := &tension.Round{Name: "Sessie 1", GroupID: g.ID, Fields: []string{"cause-effect", "control-outcome"}}
		if err := db.Tension.OpenRound(ctx, w.owner, r); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("group member opens a round: %v", err)
		}
		if err := db.Tension.OpenRound(ctx, w.admin, r); err != nil {
			t.Fatal(err)
		}
		open, err := db.Tension.MyOpenRounds(ctx, w.outsider)
		if err != nil || len(open) != 1 || open[0].OwnerName != "Intervisie" {
			t.Fatalf("open rounds %+v %v", open, err)
		}
		if open, _ := db.Tension.MyOpenRounds(ctx, w.colleague); len(open) != 0 {
			t.Errorf("non-member's open rounds: %+v", open)
		}
		place(t, db, r.ID, w.admin, "cause-effect", 10)
		place(t, db, r.ID, w.owner, "cause-effect", 50)
		place(t, db, r.ID, w.outsider, "cause-effect", 90)
		place(t, db, r.ID, w.outsider, "control-outcome", 90)
		if err := db.Tension.SetRoundState(ctx, w.admin, r.ID, tension.RoundRevealed); err != nil {
			t.Fatal(err)
		}
		v, err := db.Tension.ViewRound(ctx, w.owner, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Spreads[0].Shown || v.Spreads[1].Shown || v.Spreads[1].N != 1 {
			t.Errorf("spreads %+v", v.Spreads)
		}
		if open, _ := db.Tension.MyOpenRounds(ctx, w.outsider); len(open) != 0 {
			t.Errorf("revealed round still open: %+v", open)
		}
		if rounds, err := db.Tension.GroupRounds(ctx, w.colleague, g.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("non-member lists group rounds: %v %v", rounds, err)
		}
	})
}
