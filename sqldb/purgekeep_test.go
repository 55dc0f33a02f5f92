package sqldb_test

import (
	"context"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/search"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// Purging a case past its retention period keeps what it shared with the
// network: the paraphrase, its links and codings, detached from the case,
// so the counts of shared records and the threads do not change. The text
// as written in the case, the takeaway and the unshared records go with
// the case, and nobody can edit or share the kept record again.
func TestPurgeKeepsSharedRecords(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		start := time.Date(2020, 1, 10, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return start }
		c, rec := addCaseDilemma(t, db, w)
		shareCaseDilemma(t, db, w, c, rec)
		unshared := &knowledge.Record{Kind: knowledge.KindInsight, CaseID: c.ID, Body: "Sam vertelde over thuis."}
		if err := db.Knowledge.AddRecord(ctx, w.owner, unshared); err != nil {
			t.Fatal(err)
		}
		book := &knowledge.Codebook{Name: "Rode draden"}
		if err := db.Knowledge.CreateCodebook(ctx, w.admin, book, []knowledge.Code{{Group: knowledge.GroupComponent, Key: "clear-roles", Name: "Heldere rollen"}}); err != nil {
			t.Fatal(err)
		}
		if err := db.Knowledge.AddCoding(ctx, w.admin, &knowledge.Coding{CodebookID: book.ID, CodeID: book.Codes[0].ID, RecordID: rec.ID}); err != nil {
			t.Fatal(err)
		}
		levels := []string{"personal", "organisation", "network"}
		counts := func() (int, int) {
			t.Helper()
			_, total, err := db.Knowledge.SharedPage(ctx, w.admin, 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			syn, err := db.Knowledge.Synthesis(ctx, w.admin, book.ID, levels)
			if err != nil {
				t.Fatal(err)
			}
			return total, syn.Records
		}
		shared, coded := counts()
		if shared != 1 || coded != 1 {
			t.Fatalf("before the purge: %d shared, %d coded", shared, coded)
		}
		if err := db.Privacy.SetCaseStatus(ctx, w.owner, c.ID, rotonde.CaseClosed); err != nil {
			t.Fatal(err)
		}
		purged, err := db.Privacy.PurgeRetention(ctx, start.AddDate(rotonde.DefaultRetentionYears+1, 0, 0), false)
		if err != nil || len(purged) != 1 {
			t.Fatalf("purge: %v %v", purged, err)
		}
		if s, k := counts(); s != shared || k != coded {
			t.Errorf("after the purge: %d shared, %d coded; before %d, %d", s, k, shared, coded)
		}
		list, err := db.Knowledge.SharedRecords(ctx, w.outsider)
		if err != nil || len(list) != 1 || list[0].ID != rec.ID || list[0].Body == "" || len(list[0].Links) != 2 {
			t.Fatalf("the network's records after the purge: %+v %v", list, err)
		}
		para := list[0].Body
		var body, takeaway string
		var caseID *int64
		if err := db.Reader().QueryRowContext(ctx, rebind(db, `SELECT case_id, body, takeaway FROM knowledge_records WHERE id = ?`), rec.ID).Scan(&caseID, &body, &takeaway); err != nil {
			t.Fatal(err)
		}
		if caseID != nil || body != para || takeaway != "" {
			t.Errorf("kept record: case %v, body %q, takeaway %q", caseID, body, takeaway)
		}
		var n int
		if err := db.Reader().QueryRowContext(ctx, rebind(db, `SELECT COUNT(*) FROM knowledge_records WHERE id = ?`), unshared.ID).Scan(&n); err != nil || n != 0 {
			t.Errorf("the unshared record outlived its case: %d %v", n, err)
		}
		// Found by the network as before, no longer as the case's record.
		for kind, want := range map[search.Kind]int{search.KindShared: 1, search.KindRecord: 0} {
			if err := db.Reader().QueryRowContext(ctx, rebind(db, `SELECT COUNT(*) FROM search_docs WHERE kind = ? AND ref_id = ?`), string(kind), rec.ID).Scan(&n); err != nil || n != want {
				t.Errorf("%s documents of the kept record: %d, want %d (%v)", kind, n, want, err)
			}
		}
		// The author reads it as the network does, and can no longer change it.
		got, err := db.Knowledge.Record(ctx, w.owner, rec.ID)
		if err != nil || got.Body != para || got.Source != "" || got.Takeaway != "" {
			t.Errorf("the author reads the kept record: %+v %v", got, err)
		}
		if err := db.Knowledge.ShareRecord(ctx, w.owner, rec.ID, "Een andere parafrase over wachten op hulp.", true); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("the author shares the kept record again: %v", err)
		}
		if err := db.Knowledge.AnswerFollowUp(ctx, w.owner, rec.ID, "Besproken in het regio-overleg."); err == nil {
			t.Error("the author answers the follow-up of the kept record")
		}
		own, err := db.Knowledge.OwnRecords(ctx, w.owner)
		if err != nil || len(own) != 0 {
			t.Errorf("the kept record is the author's own: %+v %v", own, err)
		}
		ups, err := db.Knowledge.FollowUps(ctx, w.owner)
		if err != nil || len(ups) != 0 {
			t.Errorf("follow-ups after the purge: %+v %v", ups, err)
		}
	})
}
