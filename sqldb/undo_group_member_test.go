package sqldb_test

import (
	"context"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/tension"
)

// Taking a member out of a group leaves a record: a facilitator of the
// group adds them again with the role they had, once; a plain member
// cannot; a member who is back already cannot be added twice.
func TestUndoRemovingAGroupMember(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w, g := groupOfThree(t, db)
		roleOf := func(u *rotonde.User) tension.GroupRole {
			ms, err := db.Tension.GroupMembers(ctx, w.owner, g.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if m.UserID == u.ID {
					return m.Role
				}
			}
			return ""
		}
		if err := db.Tension.RemoveGroupMember(ctx, w.owner, g.ID, w.colleague.ID); err != nil {
			t.Fatal(err)
		}
		if roleOf(w.colleague) != "" {
			t.Fatal("still a member")
		}
		wantCode(t, errOf(db.Tension.LastGroupUndo(ctx, w.outsider, g.ID, w.colleague.ID)), rotonde.EForbidden)
		u, err := db.Tension.LastGroupUndo(ctx, w.owner, g.ID, w.colleague.ID)
		if err != nil || u.Label != w.colleague.Name || u.DoneBy != w.owner.ID || u.Kind != rotonde.UndoGroupMember {
			t.Fatalf("record: %v %+v", err, u)
		}
		wantCode(t, errOf(db.Tension.UndoGroupMemberRemoval(ctx, w.outsider, g.ID, u.ID)), rotonde.EForbidden)
		if _, err := db.Tension.UndoGroupMemberRemoval(ctx, w.owner, g.ID, u.ID); err != nil {
			t.Fatal(err)
		}
		if roleOf(w.colleague) != tension.GroupRoleFacilitator {
			t.Fatalf("back with role %q", roleOf(w.colleague))
		}
		wantCode(t, errOf(db.Tension.UndoGroupMemberRemoval(ctx, w.owner, g.ID, u.ID)), rotonde.ENotFound)

		// Left and joined again meanwhile: the record cannot add them twice.
		if err := db.Tension.RemoveGroupMember(ctx, w.outsider, g.ID, w.outsider.ID); err != nil {
			t.Fatal(err)
		}
		rec, err := db.Tension.LastGroupUndo(ctx, w.owner, g.ID, w.outsider.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Tension.AddGroupMember(ctx, w.owner, g.ID, w.outsider.Email, tension.GroupRoleMember); err != nil {
			t.Fatal(err)
		}
		wantCode(t, errOf(db.Tension.UndoGroupMemberRemoval(ctx, w.owner, g.ID, rec.ID)), rotonde.EConflict)
	})
}

// groupOfThree makes a group of the world's owner (facilitator), with the
// colleague as a second facilitator and the outsider as a member.
func groupOfThree(t *testing.T, db *sqldb.DB) (*world, *tension.Group) {
	w := newWorld(t, db)
	return w, newGroup(t, db, w.owner, "Intervisie Oost", groupSeat{w.colleague, tension.GroupRoleFacilitator}, groupSeat{w.outsider, tension.GroupRoleMember})
}

// Undoing the removal writes its access-log record in the transaction of
// the change: a refused undo leaves it pending (for the refusal), an undo
// whose record cannot be written adds nobody, and looking up the record to
// undo leaves a pending record alone.
func TestUndoGroupMemberRemovalLogsInItsTransaction(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		w, g := groupOfThree(t, db)
		if err := db.Tension.RemoveGroupMember(context.Background(), w.owner, g.ID, w.colleague.ID); err != nil {
			t.Fatal(err)
		}
		p := &rotonde.PendingAudit{}
		ctx := rotonde.WithPendingAudit(context.Background(), p)
		noted := func(detail string) *rotonde.AuditEntry {
			rec := &rotonde.AuditEntry{Action: rotonde.AuditUpdate, Part: "groep", UserID: w.owner.ID, OrgID: w.owner.OrgID,
				Outcome: rotonde.AuditAllowed, Detail: detail}
			p.Add(rec)
			return rec
		}
		stillPending := func(what string, rec *rotonde.AuditEntry) {
			t.Helper()
			if left := p.Take(); len(left) != 1 || left[0] != rec || rec.Seq != 0 {
				t.Fatalf("%s: pending %+v, seq %d", what, left, rec.Seq)
			}
		}
		rec := noted("ongedaan gemaakt")
		u, err := db.Tension.LastGroupUndo(ctx, w.owner, g.ID, w.colleague.ID)
		if err != nil {
			t.Fatal(err)
		}
		stillPending("after the lookup", rec)

		rec = noted("ongedaan gemaakt door een lid")
		wantCode(t, errOf(db.Tension.UndoGroupMemberRemoval(ctx, w.outsider, g.ID, u.ID)), rotonde.EForbidden)
		stillPending("after the refusal", rec)

		refuseAuditRecords(t, db)
		rec = noted(failingAuditDetail)
		if _, err := db.Tension.UndoGroupMemberRemoval(ctx, w.owner, g.ID, u.ID); err == nil {
			t.Fatal("undone although its access-log record could not be written")
		}
		stillPending("after the failed record", rec)
		if again, err := db.Tension.LastGroupUndo(ctx, w.owner, g.ID, w.colleague.ID); err != nil || again.ID != u.ID {
			t.Fatalf("the record to undo after the failed write: %+v %v", again, err)
		}

		rec = noted("ongedaan gemaakt")
		if _, err := db.Tension.UndoGroupMemberRemoval(ctx, w.owner, g.ID, u.ID); err != nil {
			t.Fatal(err)
		}
		if left := p.Take(); len(left) != 0 || rec.Seq == 0 {
			t.Fatalf("the undo left %d records pending, seq %d", len(left), rec.Seq)
		}
		if v, err := db.Audit.VerifyAudit(context.Background()); err != nil || v.BrokenSeq != 0 {
			t.Fatalf("chain: %+v %v", v, err)
		}
	})
}
