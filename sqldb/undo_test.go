package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

func memberRole(t *testing.T, db *sqldb.DB, u *rotonde.User, caseID, userID int64) rotonde.MemberRole {
	t.Helper()
	ms, err := db.Cases.Members(context.Background(), u, caseID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.UserID == userID {
			return m.Role
		}
	}
	return ""
}

// A removed member comes back with their role, by a manager, only while
// the ground they had access on still holds; the feed shows both steps.
func TestUndoRemovingAMemberRechecksTheBasis(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.ownerCase(t, db, "Noor (14)")
		consent := recordConsent(t, db, w.owner, c.ID, 14, "Noor en moeder")
		for _, m := range []struct {
			u    *rotonde.User
			role rotonde.MemberRole
		}{{w.outsider, rotonde.MemberProfessional}, {w.family, rotonde.MemberFamily}} {
			if err := db.Cases.AddMember(ctx, w.owner, c.ID, m.u.Email, m.role); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Cases.RemoveMember(ctx, w.owner, c.ID, w.outsider.ID); err != nil {
			t.Fatal(err)
		}
		u, err := db.Trash.LastUndo(ctx, w.owner, c.ID, rotonde.UndoMember, w.outsider.ID)
		if err != nil || u.Label != "Buitenstaander" || u.DoneByName != "Eigenaar" {
			t.Fatalf("record: %v %+v", err, u)
		}
		if _, err := db.Trash.Undo(ctx, w.colleague, c.ID, u.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("a non-member undoes: %v", err)
		}
		if _, err := db.Trash.Undo(ctx, w.family, c.ID, u.ID); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("a family member re-adds a professional: %v", err)
		}
		// Without the consent, the professional of another organisation has no basis: undo refuses.
		if err := db.Trust.WithdrawGround(ctx, w.family, c.ID, consent.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Trash.Undo(ctx, w.owner, c.ID, u.ID); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Errorf("re-added without a basis: %v", err)
		}
		if role := memberRole(t, db, w.owner, c.ID, w.outsider.ID); role != "" {
			t.Fatalf("member again without basis: %q", role)
		}
		// The family puts its consent back; now undo re-adds with the same role.
		g, err := db.Trash.LastUndo(ctx, w.family, c.ID, rotonde.UndoGround, consent.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Trash.Undo(ctx, w.family, c.ID, g.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Trash.Undo(ctx, w.owner, c.ID, u.ID); err != nil {
			t.Fatal(err)
		}
		if role := memberRole(t, db, w.owner, c.ID, w.outsider.ID); role != rotonde.MemberProfessional {
			t.Errorf("re-added as %q", role)
		}
		if _, err := db.Trash.Undo(ctx, w.owner, c.ID, u.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("undone twice: %v", err)
		}
		feed, err := db.Progress.Feed(ctx, w.owner, c.ID, 20)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range [][3]string{{"ended.member", "Buitenstaander", "Eigenaar"}, {"undone.member", "Buitenstaander", "Eigenaar"},
			{"ended.ground", "Noor en moeder", "Ouder"}, {"undone.ground", "Noor en moeder", "Ouder"}} {
			if !hasFeed(feed, want[0], want[1], want[2]) {
				t.Errorf("feed has no %v: %+v", want, feed)
			}
		}
	})
}

// Putting withdrawn consent back is the family's choice: only the family
// member who withdrew it may, not the professional who withdrew it for them.
func TestUndoWithdrawnConsentIsTheFamilysOwn(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.caseWithFamily(t, db, "Sam (12)")
		consent := recordConsent(t, db, w.owner, c.ID, 12, "Sam en moeder")
		active := func() bool {
			gs, err := db.Trust.Grounds(ctx, w.owner, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range gs {
				if g.ID == consent.ID {
					return g.Active()
				}
			}
			return false
		}
		// Withdrawn by the family member: the owner cannot undo it; the family member can.
		if err := db.Trust.WithdrawGround(ctx, w.family, c.ID, consent.ID); err != nil {
			t.Fatal(err)
		}
		u, err := db.Trash.LastUndo(ctx, w.owner, c.ID, rotonde.UndoGround, consent.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Trash.Undo(ctx, w.owner, c.ID, u.ID); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("the owner puts the family's consent back: %v", err)
		}
		if _, err := db.Trash.Undo(ctx, w.family, c.ID, u.ID); err != nil || !active() {
			t.Fatalf("the family member puts it back: %v, active %v", err, active())
		}
		// Withdrawn by the owner: nobody can put it back, not even the owner.
		if err := db.Trust.WithdrawGround(ctx, w.owner, c.ID, consent.ID); err != nil {
			t.Fatal(err)
		}
		u, err = db.Trash.LastUndo(ctx, w.owner, c.ID, rotonde.UndoGround, consent.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, who := range []*rotonde.User{w.owner, w.family} {
			if _, err := db.Trash.Undo(ctx, who, c.ID, u.ID); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
				t.Errorf("%s puts back consent the owner withdrew: %v", who.Name, err)
			}
		}
		if active() {
			t.Error("consent in force again")
		}
	})
}

// A revoked invitation works again after undo, until it expires; a closed
// meeting is reopened by its facilitator with the status it had, within 30 days.
func TestUndoRevokedInvitationAndClosedMeeting(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w, c, m := meetingWorld(t, db)
		inv := &rotonde.Invitation{CaseID: c.ID, Name: "Oom Kees", Email: "kees@familie.test", Role: rotonde.MemberFamily}
		hash := []byte("undo-invitation-hash")
		if err := db.Invitations.CreateInvitation(ctx, w.owner, inv, 7, hash); err != nil {
			t.Fatal(err)
		}
		if err := db.Invitations.RevokeInvitation(ctx, w.owner, c.ID, inv.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Invitations.InvitationByToken(ctx, hash, db.Now()); err == nil {
			t.Fatal("a revoked invitation still works")
		}
		u, err := db.Trash.LastUndo(ctx, w.owner, c.ID, rotonde.UndoInvitation, inv.ID)
		if err != nil || u.Label != "Oom Kees" {
			t.Fatalf("record: %v %+v", err, u)
		}
		if _, err := db.Trash.Undo(ctx, w.family, c.ID, u.ID); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("a family member undoes a revocation: %v", err)
		}
		if _, err := db.Trash.Undo(ctx, w.owner, c.ID, u.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Invitations.InvitationByToken(ctx, hash, db.Now()); err != nil || got.Email != "kees@familie.test" {
			t.Fatalf("the invitation does not work again: %v", err)
		}
		// Revoked again, it cannot come back once it has expired.
		if err := db.Invitations.RevokeInvitation(ctx, w.owner, c.ID, inv.ID); err != nil {
			t.Fatal(err)
		}
		u, _ = db.Trash.LastUndo(ctx, w.owner, c.ID, rotonde.UndoInvitation, inv.ID)
		real := db.Now
		t.Cleanup(func() { db.Now = real })
		db.Now = func() time.Time { return real().AddDate(0, 0, 8) }
		if _, err := db.Trash.Undo(ctx, w.owner, c.ID, u.ID); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Errorf("an expired invitation came back: %v", err)
		}
		db.Now = real

		// The meeting: closed, reopened by its facilitator as it was (a draft).
		if _, err := db.Meetings.CloseMeeting(ctx, w.owner, m.ID, "klaar"); err != nil {
			t.Fatal(err)
		}
		u, err = db.Trash.LastUndo(ctx, w.owner, c.ID, rotonde.UndoMeeting, m.ID)
		if err != nil || u.Label != "Leerbijeenkomst 1" {
			t.Fatalf("record: %v %+v", err, u)
		}
		if _, err := db.Trash.Undo(ctx, w.family, c.ID, u.ID); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("a family member reopens the meeting: %v", err)
		}
		done, err := db.Trash.Undo(ctx, w.owner, c.ID, u.ID)
		if err != nil || done.Seq == 0 {
			t.Fatalf("reopen: %v seq %d", err, done.Seq)
		}
		_, a, err := db.Meetings.MeetingSnapshot(ctx, meeting.Viewer{User: w.owner}, m.ID)
		if err != nil || a.Meeting.Status != meeting.Draft || !a.Meeting.ClosedAt.IsZero() {
			t.Fatalf("after reopening: %v %+v", err, a.Meeting)
		}
		// Closed again, after 30 days it stays closed.
		if _, err := db.Meetings.CloseMeeting(ctx, w.owner, m.ID, ""); err != nil {
			t.Fatal(err)
		}
		u, _ = db.Trash.LastUndo(ctx, w.owner, c.ID, rotonde.UndoMeeting, m.ID)
		db.Now = func() time.Time { return real().AddDate(0, 0, rotonde.TrashDays).Add(time.Minute) }
		if _, err := db.Trash.Undo(ctx, w.owner, c.ID, u.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("reopened after %d days: %v", rotonde.TrashDays, err)
		}
	})
}

// An import that replaces the geno-sociogram puts the drawing it replaces
// in the trash as one entry; restoring it puts that drawing back whole, and
// the import goes to the trash in its turn.
func TestImportPutsTheReplacedDrawingInTheTrash(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.ownerCase(t, db, "Noor (14)")
		trashFamily(t, db, w.owner, c.ID)
		before := genoShape(t, db, w.owner, c.ID)
		imp := &genogram.Genogram{Persons: []genogram.Person{{ID: "p1", Alias: "Ingelezen kind", Sex: genogram.SexFemale, BirthYear: 2011, Index: true}}}
		if err := db.Genogram.ReplaceGenogram(ctx, w.owner, c.ID, imp); err != nil {
			t.Fatal(err)
		}
		imported := genoShape(t, db, w.owner, c.ID)
		if strings.Contains(imported, "Henk") || !strings.Contains(imported, "Ingelezen kind") {
			t.Fatalf("after import:\n%s", imported)
		}
		items, err := db.Trash.Trash(ctx, w.owner, c.ID)
		if err != nil || len(items) != 1 || items[0].Kind != rotonde.TrashGenogramDrawing || !strings.Contains(items[0].Label, "Opa Henk") {
			t.Fatalf("trash: %v %+v", err, items)
		}
		if _, err := db.Trash.RestoreTrash(ctx, w.owner, c.ID, items[0].ID); err != nil {
			t.Fatal(err)
		}
		if got := genoShape(t, db, w.owner, c.ID); got != before {
			t.Errorf("put back:\n%s\nwant:\n%s", got, before)
		}
		items, _ = db.Trash.Trash(ctx, w.owner, c.ID)
		if len(items) != 1 || items[0].Kind != rotonde.TrashGenogramDrawing || items[0].Label != "Ingelezen kind" {
			t.Fatalf("the import is not in the trash: %+v", items)
		}
		if _, err := db.Trash.RestoreTrash(ctx, w.owner, c.ID, items[0].ID); err != nil {
			t.Fatal(err)
		}
		if got := genoShape(t, db, w.owner, c.ID); got != imported {
			t.Errorf("the import put back:\n%s\nwant:\n%s", got, imported)
		}
	})
}
