package sqldb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// regionCodebook is the network world with a codebook "Rode draden" of its
// region, opened by its administrator.
func regionCodebook(t *testing.T, db *sqldb.DB) (networkWorld, *knowledge.Codebook) {
	t.Helper()
	w := buildNetworkWorld(t, db)
	book := &knowledge.Codebook{Name: "Rode draden"}
	if err := db.Knowledge.CreateCodebook(context.Background(), w.admin, book, nil); err != nil {
		t.Fatal(err)
	}
	return w, book
}

// Shared records of two quarters: the network view adds the threads'
// movement by quarter, oldest first, protected with the table by level
// (the code's total hidden in one is hidden in both).
func TestRegionOverviewShowsThreadsMovement(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w, book := regionCodebook(t, db)
		waiting := &knowledge.Code{CodebookID: book.ID, Name: "Wachten"}
		if err := db.Knowledge.AddCode(ctx, w.admin, waiting); err != nil {
			t.Fatal(err)
		}
		real := db.Now
		t.Cleanup(func() { db.Now = real })
		for i, at := range []string{"2025-02-10", "2025-11-03"} {
			day, _ := time.Parse(time.DateOnly, at)
			db.Now = func() time.Time { return day }
			for j := 0; j < 12+i*3; j++ {
				k := &knowledge.Record{Kind: knowledge.KindInsight, Level: "network", Body: fmt.Sprintf("Inzicht %d-%d over wachten", i, j)}
				if err := db.Knowledge.AddRecord(ctx, w.professional, k); err != nil {
					t.Fatal(err)
				}
				if err := db.Knowledge.ShareRecord(ctx, w.professional, k.ID, fmt.Sprintf("Wachten duurt lang (%d-%d)", i, j), true); err != nil {
					t.Fatal(err)
				}
				if err := db.Knowledge.AddCoding(ctx, w.admin, &knowledge.Coding{CodebookID: book.ID, CodeID: waiting.ID, RecordID: k.ID}); err != nil {
					t.Fatal(err)
				}
			}
		}
		db.Now = real
		ov, err := db.Network.RegionOverview(ctx, w.policy, w.region.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		mv := ov.Tables[len(ov.Tables)-1]
		if mv.Name != "threads_movement" || ov.Tables[len(ov.Tables)-2].Name != "threads" {
			t.Fatalf("tables %+v", ov.Tables)
		}
		row := mv.Rows[0]
		if row.Label != "Wachten" || len(row.Cells) != 2 || row.Cells[0].Label != "2025-K1" || row.Cells[1].Label != "2025-K4" {
			t.Fatalf("movement %+v", row)
		}
		if a, b := row.Cells[0].Count, row.Cells[1].Count; a == nil || b == nil || *a != 12 || *b != 15 || row.Total == nil || *row.Total != 27 {
			t.Errorf("movement of Wachten: %s", showRow(row))
		}
	})
}
