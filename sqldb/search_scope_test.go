package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/internal/testenv"
)

// The cases a search may look in come from the index of memberships alone:
// the user's rows and their basis, without a lookup of each row in the
// table (1,000 of them for a facilitator, migration 035).
func TestSearchScopeReadsMembershipsFromTheIndex(t *testing.T) {
	db := testenv.OpenSQLite(t)
	rows, err := db.Reader().QueryContext(context.Background(), `EXPLAIN QUERY PLAN SELECT m.case_id FROM case_members m WHERE m.user_id = 1 AND (m.basis <> 'shared' OR EXISTS (SELECT 1 FROM sharing_grounds g WHERE g.case_id = m.case_id AND g.withdrawn_at IS NULL))`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(plan) == 0 || !strings.Contains(plan[0], "COVERING INDEX case_members_user") {
		t.Errorf("memberships not read from the index alone: %q", plan)
	}
}
