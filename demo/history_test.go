package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/internal/wire"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// seededDemo is a SQLite database with the demo seeded.
func seededDemo(t *testing.T) *sqldb.DB {
	t.Helper()
	db := testenv.OpenSQLite(t)
	hash, err := testenv.HashPassword(demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(context.Background(), wire.Demo(db), hash); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestDemoHasHistory seeds the demo and checks what the network's side
// shows: two intervision groups, each with a series in progress and members
// of several organisations, and shared records spread over the last six to
// eight quarters, so that the synthesis shows movement over time.
func TestDemoHasHistory(t *testing.T) {
	db := seededDemo(t)
	ctx := context.Background()
	pol, _, err := db.Users.UserByEmail(ctx, "beleid@demo.test")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	groups, err := db.Tension.Groups(ctx, pol)
	if err != nil {
		t.Fatal(err)
	}
	inProgress := 0
	for _, g := range groups {
		members, err := db.Tension.GroupMembers(ctx, pol, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		orgs := map[string]bool{}
		for _, m := range members {
			orgs[m.OrgName] = true
		}
		series, err := db.Knowledge.GroupSeries(ctx, pol, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, se := range series {
			if _, next := se.Next(now); next && se.Done(now) > 0 && len(orgs) >= 4 {
				inProgress++
			}
		}
	}
	if inProgress != 2 {
		t.Errorf("%d intervision groups with members of four or more organisations have a series in progress; want 2", inProgress)
	}

	shared, err := db.Knowledge.SharedRecords(ctx, pol)
	if err != nil {
		t.Fatal(err)
	}
	quarters := map[string]int{}
	for _, r := range shared {
		if r.SharedAt.After(now) {
			t.Fatalf("a record is shared in the future: %v", r.SharedAt)
		}
		quarters[knowledge.Period(r)]++
	}
	t.Logf("shared records per quarter: %v", quarters)
	if len(quarters) < 6 || len(quarters) > 8 {
		t.Errorf("the shared records span %d quarters, want 6 to 8: %v", len(quarters), quarters)
	}
	books, err := db.Knowledge.Codebooks(ctx, pol)
	if err != nil || len(books) == 0 {
		t.Fatalf("codebooks: %v %v", books, err)
	}
	syn, err := db.Knowledge.Synthesis(ctx, pol, books[0].ID, []string{"personal", "organisation", "network"})
	if err != nil {
		t.Fatal(err)
	}
	if len(syn.Periods) < 6 {
		t.Fatalf("the synthesis shows %d periods: %v", len(syn.Periods), syn.Periods)
	}
	moving := 0
	for _, c := range syn.Codes {
		first, last := c.Movement[0], c.Movement[len(c.Movement)-1]
		if c.Records > 0 && first != last {
			moving++
		}
	}
	if moving == 0 {
		t.Error("no code of the synthesis moves between the first and the last quarter")
	}
}
