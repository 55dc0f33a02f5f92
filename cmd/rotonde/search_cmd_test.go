package main

import (
	"context"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// rotonde search reindex rebuilds an index that was lost, on both engines.
func TestSearchReindexCommand(t *testing.T) {
	forEachEngine(t, func(t *testing.T, url string, db *sqldb.DB) {
		ctx := context.Background()
		owner := newOwner(t, db)
		c := &rotonde.Case{Title: "Sam (12)", Reason: "Schoolverzuim"}
		createCase(t, db, owner, c)
		if _, err := db.Writer().ExecContext(ctx, `DELETE FROM search_docs`); err != nil {
			t.Fatal(err)
		}
		if hits, err := db.Search.Search(ctx, owner, "schoolverzuim", "", 10); err != nil || len(hits) != 0 {
			t.Fatalf("before reindex: %v %v", hits, err)
		}
		db.Close()
		code, out, stderr := runCLI(t, "search", "reindex", "--database-url", url)
		if code != 0 || !strings.Contains(out, "search index rebuilt") {
			t.Fatalf("reindex: %d %q %q", code, out, stderr)
		}
		db = mustOpen(t, url)
		defer db.Close()
		if hits, err := db.Search.Search(ctx, owner, "schoolverzuim", "", 10); err != nil || len(hits) != 1 || hits[0].CaseID != c.ID {
			t.Fatalf("after reindex: %v %v", hits, err)
		}
		if code, _, _ := runCLI(t, "search", "--database-url", url); code != 2 {
			t.Errorf("without a subcommand: exit %d", code)
		}
	})
}
