package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// The synthesis and the agreement read from the tallies kept beside the
// codings say exactly what counting every shared record and coding says,
// both as kept coding by coding and when counted again from scratch.
func TestThreadTalliesMatchTheCodings(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		levels := []string{"personal", "organisation", "network"}
		book := &knowledge.Codebook{Name: "Rode draden"}
		if err := db.Knowledge.CreateCodebook(ctx, w.admin, book, []knowledge.Code{{Group: knowledge.GroupComponent, Key: "clear-roles", Name: "Heldere rollen"}}); err != nil {
			t.Fatal(err)
		}
		var codes []int64
		for _, c := range book.Codes {
			codes = append(codes, c.ID)
		}
		for i := 0; i < 5; i++ {
			c := &knowledge.Code{CodebookID: book.ID, Name: fmt.Sprintf("Thema %d", i)}
			if i == 4 {
				c.ParentID = codes[1]
			}
			if err := db.Knowledge.AddCode(ctx, w.admin, c); err != nil {
				t.Fatal(err)
			}
			codes = append(codes, c.ID)
		}
		var records []int64
		for i := 0; i < 14; i++ {
			k := &knowledge.Record{Kind: knowledge.KindInsight, Level: append(levels, "")[i%4], Body: fmt.Sprintf("Inzicht nummer %d over samenwerken", i)}
			if err := db.Knowledge.AddRecord(ctx, w.owner, k); err != nil {
				t.Fatal(err)
			}
			if err := db.Knowledge.ShareRecord(ctx, w.owner, k.ID, fmt.Sprintf("Een gedeeld inzicht (%d) over samenwerken tussen teams", i), true); err != nil {
				t.Fatal(err)
			}
			records = append(records, k.ID)
		}
		coders := []*rotonde.User{w.owner, w.admin, w.outsider}
		rng := rand.New(rand.NewPCG(12, 3))
		for n := 0; n < 120; n++ {
			c := &knowledge.Coding{CodebookID: book.ID, CodeID: codes[rng.IntN(len(codes))], RecordID: records[rng.IntN(len(records))]}
			if rng.IntN(4) == 0 {
				c.Start, c.End = rng.IntN(5), 10+rng.IntN(10)
			}
			err := db.Knowledge.AddCoding(ctx, coders[rng.IntN(len(coders))], c)
			if err != nil && rotonde.ErrorCodeOf(err) != rotonde.EConflict {
				t.Fatal(err)
			}
		}
		checkTallies(t, db, w, book.ID, levels, "kept coding by coding")
		if _, err := db.Writer().ExecContext(ctx, `UPDATE codebooks SET tallied_at = NULL, coded_records = 99`); err != nil {
			t.Fatal(err)
		}
		checkTallies(t, db, w, book.ID, levels, "counted again")
		// The shared material a page at a time, newest first.
		page, total, err := db.Knowledge.SharedPage(ctx, w.admin, 10, 10)
		if err != nil || total != 14 || len(page) != 4 || page[3].ID != records[0] || page[0].Body == "" {
			t.Errorf("second page: %d of %d, %v", len(page), total, err)
		}
		if _, _, err := db.Knowledge.SharedPage(ctx, w.family, 0, 10); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("a family member pages the shared material: %v", err)
		}
		mine, err := db.Knowledge.RecordCodings(ctx, w.admin, book.ID, records[:2])
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range mine {
			if c.RecordID != records[0] && c.RecordID != records[1] {
				t.Errorf("coding of another record: %+v", c)
			}
		}
	})
}

// checkTallies compares the synthesis and agreement read from the kept
// tallies with what counting every shared record and coding gives.
func checkTallies(t *testing.T, db *sqldb.DB, w *world, bookID int64, levels []string, when string) {
	t.Helper()
	ctx := context.Background()
	full, err := db.Knowledge.Codebook(ctx, w.admin, bookID)
	if err != nil {
		t.Fatal(err)
	}
	shared, err := db.Knowledge.SharedRecords(ctx, w.admin)
	if err != nil {
		t.Fatal(err)
	}
	codings, err := db.Knowledge.Codings(ctx, w.admin, bookID)
	if err != nil {
		t.Fatal(err)
	}
	want := knowledge.Synthesize(full, shared, codings, levels)
	got, err := db.Knowledge.Synthesis(ctx, w.admin, bookID, levels)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("%s: synthesis from the tallies\n%+v\nwant\n%+v", when, *got, want)
	}
	agreement, err := db.Knowledge.Agreement(ctx, w.admin, bookID)
	if err != nil {
		t.Fatal(err)
	}
	if wantA := knowledge.AgreementPerCode(codings); !reflect.DeepEqual(agreement.PerCode, wantA) {
		t.Errorf("%s: agreement from the tallies\n%+v\nwant\n%+v", when, agreement.PerCode, wantA)
	}
	var order []int64
	for _, c := range codings {
		if !containsID(order, c.CoderID) {
			order = append(order, c.CoderID)
		}
	}
	if !reflect.DeepEqual(agreement.Coders, order) {
		t.Errorf("%s: coders %v, want %v", when, agreement.Coders, order)
	}
	if want.Records == 0 || len(want.Used) < 3 {
		t.Fatalf("%s: too little coded to compare: %+v", when, want)
	}
}

func containsID(list []int64, id int64) bool {
	for _, v := range list {
		if v == id {
			return true
		}
	}
	return false
}

// The network view counts the region's common threads per code and level,
// suppressed like its other tables, the same in a municipality's view; a
// codebook of another region does not count.
func TestRegionOverviewShowsThreads(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w, book := regionCodebook(t, db)
		far := &knowledge.Codebook{Name: "Elders"}
		if err := db.Knowledge.CreateCodebook(ctx, w.farPolicy, far, nil); err != nil {
			t.Fatal(err)
		}
		code := func(b *knowledge.Codebook, u *rotonde.User, name string) int64 {
			c := &knowledge.Code{CodebookID: b.ID, Name: name}
			if err := db.Knowledge.AddCode(ctx, u, c); err != nil {
				t.Fatal(err)
			}
			return c.ID
		}
		waiting, money, elsewhere := code(book, w.admin, "Wachten"), code(book, w.admin, "Geld"), code(far, w.farPolicy, "Ver weg")
		for i := 0; i < 15; i++ {
			k := &knowledge.Record{Kind: knowledge.KindInsight, Level: "network", Body: fmt.Sprintf("Inzicht %d over wachtlijsten", i)}
			if i >= 12 {
				k.Level = "personal"
			}
			if err := db.Knowledge.AddRecord(ctx, w.professional, k); err != nil {
				t.Fatal(err)
			}
			if err := db.Knowledge.ShareRecord(ctx, w.professional, k.ID, fmt.Sprintf("Wachten duurt lang (%d)", i), true); err != nil {
				t.Fatal(err)
			}
			if err := db.Knowledge.AddCoding(ctx, w.admin, &knowledge.Coding{CodebookID: book.ID, CodeID: waiting, RecordID: k.ID}); err != nil {
				t.Fatal(err)
			}
			if i%5 == 0 {
				if err := db.Knowledge.AddCoding(ctx, w.admin, &knowledge.Coding{CodebookID: book.ID, CodeID: money, RecordID: k.ID}); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.Knowledge.AddCoding(ctx, w.farPolicy, &knowledge.Coding{CodebookID: far.ID, CodeID: elsewhere, RecordID: k.ID}); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range []int64{0, w.south.ID} {
			ov, err := db.Network.RegionOverview(ctx, w.policy, w.region.ID, m)
			if err != nil {
				t.Fatal(err)
			}
			threads := ov.Tables[len(ov.Tables)-1]
			if threads.Name != "threads" || len(threads.Rows) != 3 || threads.Rows[0].Label != "Wachten" || threads.Rows[1].Label != "Geld" {
				t.Fatalf("view %d: threads %+v", m, threads)
			}
			// Wachten: 3 personal, 12 network; Geld: 3 network — the small
			// ones hidden, and with them what would reveal them.
			if c := threads.Rows[1].Cells[2].Count; c != nil {
				t.Errorf("view %d: 3 network records under Geld published: %s", m, showRow(threads.Rows[1]))
			}
			if c := threads.Rows[0].Cells[1].Count; c == nil || *c != 0 {
				t.Errorf("view %d: zero records at organisation level hidden: %s", m, showRow(threads.Rows[0]))
			}
			for _, r := range threads.Rows {
				for _, c := range append([]rotonde.OverviewCell{{Count: r.Total}}, r.Cells...) {
					if c.Count != nil && *c.Count > 0 && *c.Count < rotonde.MinPublishedCount {
						t.Fatalf("view %d: %s published", m, showRow(r))
					}
				}
			}
		}
	})
}
