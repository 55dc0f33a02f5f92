package sqldb_test

import (
	"context"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/tension"
)

// groupSeat is a member to add to a test group, with their role.
type groupSeat struct {
	u    *rotonde.User
	role tension.GroupRole
}

// newGroup makes a group of by (its facilitator) with the seats' members.
func newGroup(t *testing.T, db *sqldb.DB, by *rotonde.User, name string, seats ...groupSeat) *tension.Group {
	t.Helper()
	ctx := context.Background()
	g := &tension.Group{Name: name}
	if err := db.Tension.CreateGroup(ctx, by, g); err != nil {
		t.Fatal(err)
	}
	for _, s := range seats {
		if err := db.Tension.AddGroupMember(ctx, by, g.ID, s.u.Email, s.role); err != nil {
			t.Fatal(err)
		}
	}
	return g
}

// boardGroup is the administrators' intervision group: the world's
// administrator facilitates, the outsider is a member.
func boardGroup(t *testing.T, db *sqldb.DB, w *world) *tension.Group {
	return newGroup(t, db, w.admin, "Intervisie bestuurders", groupSeat{w.outsider, tension.GroupRoleMember})
}

// plannedSeries is an unsaved series of the group with the default
// sessions, the first at first.
func plannedSeries(g *tension.Group, first time.Time) *knowledge.Series {
	se := &knowledge.Series{GroupID: g.ID, Title: "Reeks 2027", Minutes: knowledge.DefaultMinutes}
	se.Plan(first, knowledge.DefaultSessions, knowledge.DefaultInterval)
	return se
}
