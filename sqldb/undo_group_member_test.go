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
		w := newWorld(t, db)
		g := &tension.Group{Name: "Intervisie Oost"}
		if err := db.Tension.CreateGroup(ctx, w.owner, g); err != nil {
			t.Fatal(err)
		}
		for _, m := range []struct {
			u    *rotonde.User
			role tension.GroupRole
		}{{w.colleague, tension.GroupRoleFacilitator}, {w.outsider, tension.GroupRoleMember}} {
			if err := db.Tension.AddGroupMember(ctx, w.owner, g.ID, m.u.Email, m.role); err != nil {
				t.Fatal(err)
			}
		}
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
