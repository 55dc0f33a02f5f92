package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// rotonde purge --dry-run lists a closed case past its retention period and
// removes nothing; rotonde purge removes it and leaves an open case.
func TestPurgeCommand(t *testing.T) {
	forEachEngine(t, func(t *testing.T, url string, db *sqldb.DB) {
		ctx := context.Background()
		owner := newOwner(t, db)
		var ids []int64
		for _, title := range []string{"Oud (9)", "Open (10)"} {
			c := &rotonde.Case{Title: title}
			createCase(t, db, owner, c)
			ids = append(ids, c.ID)
		}
		db.Now = func() time.Time { return time.Now().UTC().AddDate(-3, 0, 0) }
		if err := db.Privacy.SetCaseStatus(ctx, owner, ids[0], rotonde.CaseClosed); err != nil {
			t.Fatal(err)
		}
		db.Close()
		code, out, stderr := runCLI(t, "purge", "--dry-run", "--database-url", url)
		if code != 0 || !strings.Contains(out, "casus "+strconv.FormatInt(ids[0], 10)+"\t") || strings.Contains(out, "casus "+strconv.FormatInt(ids[1], 10)+"\t") ||
			!strings.Contains(out, "1 case(s) would be removed") || strings.Contains(out, "Oud") {
			t.Fatalf("dry run: %d %q %q", code, out, stderr)
		}
		code, out, stderr = runCLI(t, "purge", "--database-url", url)
		if code != 0 || !strings.Contains(out, "1 case(s) removed") {
			t.Fatalf("purge: %d %q %q", code, out, stderr)
		}
		if code, out, _ = runCLI(t, "purge", "--dry-run", "--database-url", url); code != 0 || !strings.Contains(out, "0 case(s) would be removed") {
			t.Fatalf("dry run after purge: %d %q", code, out)
		}
		if code, out, stderr := runCLI(t, "audit", "verify", "--database-url", url); code != 0 {
			t.Errorf("audit verify after purge: %d %q %q", code, out, stderr)
		}
	})
}
