package sqldb_test

import (
	"context"
	"fmt"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// failingAuditDetail makes the access-log insert fail, as a full disk would.
const failingAuditDetail = "schijf vol"

// refuseAuditRecords installs a trigger that refuses every access-log record
// with failingAuditDetail.
func refuseAuditRecords(t *testing.T, db *sqldb.DB) {
	t.Helper()
	stmts := []string{`CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_log
		WHEN NEW.detail = '` + failingAuditDetail + `' BEGIN SELECT RAISE(ABORT, 'disk full'); END`}
	if db.Dialect() == sqldb.Postgres {
		stmts = []string{`CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN IF NEW.detail = '` + failingAuditDetail + `' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$`,
			`CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuse()`}
	}
	for _, q := range stmts {
		if _, err := db.Writer().ExecContext(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
}

func pendingRecord(caseID int64, u *rotonde.User, detail string) *rotonde.AuditEntry {
	return &rotonde.AuditEntry{Action: rotonde.AuditCreate, CaseID: caseID, Part: "tijdlijn", UserID: u.ID, OrgID: u.OrgID,
		Outcome: rotonde.AuditAllowed, Detail: detail}
}

func caseLogDetails(t *testing.T, db *sqldb.DB, u *rotonde.User, caseID int64) []string {
	t.Helper()
	log, err := db.Audit.CaseAudit(context.Background(), u, caseID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range log {
		out = append(out, e.Outcome+" "+e.Detail)
	}
	return out
}

func TestWriteCommitsItsPendingAccessLogRecord(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		w, c, _ := contentWorld(t, db)
		p := &rotonde.PendingAudit{}
		ctx := rotonde.WithPendingAudit(context.Background(), p)
		p.Add(pendingRecord(c.ID, w.owner, "gebeurtenis toevoegen"))
		ev := timeline.Event{Date: timeline.About(2020), Kind: timeline.KindEvent, Source: timeline.SourceDossier, Description: "Verhuizing"}
		if _, err := db.Timeline.AddTimelineEvent(ctx, w.owner, c.ID, &ev); err != nil {
			t.Fatal(err)
		}
		if left := p.Take(); len(left) != 0 {
			t.Fatalf("the write left %d records pending", len(left))
		}
		if got := caseLogDetails(t, db, w.owner, c.ID); len(got) != 1 || got[0] != "allowed gebeurtenis toevoegen" {
			t.Fatalf("case log %q", got)
		}
		if v, err := db.Audit.VerifyAudit(context.Background()); err != nil || v.BrokenSeq != 0 {
			t.Fatalf("chain: %+v %v", v, err)
		}
	})
}

// A change whose access-log record cannot be written is not stored: the
// record is part of the change's transaction.
func TestWriteWhoseRecordFailsLeavesNoChange(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		w, c, _ := contentWorld(t, db)
		refuseAuditRecords(t, db)
		p := &rotonde.PendingAudit{}
		ctx := rotonde.WithPendingAudit(context.Background(), p)
		rec := pendingRecord(c.ID, w.owner, failingAuditDetail)
		p.Add(rec)
		ev := timeline.Event{Date: timeline.About(2020), Kind: timeline.KindEvent, Source: timeline.SourceDossier, Description: "Verhuizing"}
		if _, err := db.Timeline.AddTimelineEvent(ctx, w.owner, c.ID, &ev); err == nil {
			t.Fatal("the write succeeded although its access-log record could not be written")
		}
		events, err := db.Timeline.TimelineEvents(context.Background(), w.owner, c.ID, timeline.Query{})
		if err != nil || len(events) != 0 {
			t.Fatalf("the event was stored without its record: %d %v", len(events), err)
		}
		// The record is back in the pending set, without a place in the chain.
		left := p.Take()
		if len(left) != 1 || left[0] != rec || rec.Seq != 0 || rec.Hash != "" {
			t.Fatalf("pending after rollback: %+v", left)
		}
		// A case created with a failing record does not exist either.
		p.Add(&rotonde.AuditEntry{Action: rotonde.AuditCreate, Part: "casus", UserID: w.owner.ID, Outcome: rotonde.AuditAllowed, Detail: failingAuditDetail})
		nc := &rotonde.Case{Title: "Noor (9)"}
		if err := db.Cases.CreateCase(ctx, w.owner, nc); err == nil {
			t.Fatal("case created although its record could not be written")
		}
		cases, err := db.Cases.Cases(context.Background(), w.owner)
		if err != nil || len(cases) != 1 {
			t.Fatalf("cases after the failed creation: %d %v", len(cases), err)
		}
		if v, err := db.Audit.VerifyAudit(context.Background()); err != nil || v.BrokenSeq != 0 {
			t.Fatalf("chain: %+v %v", v, err)
		}
	})
}

// A change that is refused rolls back; its record stays pending, and written
// on its own it records the refusal.
func TestRolledBackWriteKeepsItsRecordForTheRefusal(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		w, c, observer := contentWorld(t, db)
		p := &rotonde.PendingAudit{}
		ctx := rotonde.WithPendingAudit(context.Background(), p)
		rec := pendingRecord(c.ID, observer, "gebeurtenis toevoegen")
		p.Add(rec)
		ev := timeline.Event{Date: timeline.About(2020), Kind: timeline.KindEvent, Source: timeline.SourceDossier, Description: "Verhuizing"}
		_, err := db.Timeline.AddTimelineEvent(ctx, observer, c.ID, &ev)
		if code := rotonde.ErrorCodeOf(err); code != rotonde.EForbidden && code != rotonde.ENotFound {
			t.Fatalf("observer writes: %v", err)
		}
		left := p.Take()
		if len(left) != 1 || left[0] != rec {
			t.Fatalf("pending after the refusal: %+v", left)
		}
		rec.Outcome = rotonde.AuditDenied
		if err := db.Audit.AppendAudit(context.Background(), left...); err != nil {
			t.Fatal(err)
		}
		if got := caseLogDetails(t, db, w.owner, c.ID); len(got) != 1 || got[0] != "denied gebeurtenis toevoegen" {
			t.Fatalf("case log %q", got)
		}
	})
}

// Records written with a change and records written on their own by the
// group-commit writer form one chain.
func TestPendingAndBatchedRecordsFormOneChain(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		w, c, _ := contentWorld(t, db)
		// Twenty changes with their records and twenty records on their own, at once.
		errs := atOnce(40, func(i int) error {
			if i%2 == 1 {
				return db.Audit.AppendAudit(context.Background(), &rotonde.AuditEntry{Action: rotonde.AuditRead, CaseID: c.ID, Part: "tijdlijn", Outcome: rotonde.AuditAllowed})
			}
			i /= 2
			p := &rotonde.PendingAudit{}
			p.Add(pendingRecord(c.ID, w.owner, fmt.Sprintf("schrijven %d", i)))
			ev := timeline.Event{Date: timeline.About(2000 + i), Kind: timeline.KindEvent, Source: timeline.SourceDossier, Description: "Gebeurtenis"}
			_, err := db.Timeline.AddTimelineEvent(rotonde.WithPendingAudit(context.Background(), p), w.owner, c.ID, &ev)
			return err
		})
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		v, err := db.Audit.VerifyAudit(context.Background())
		if err != nil || v.BrokenSeq != 0 || v.Checked != 40 {
			t.Fatalf("chain: %+v %v", v, err)
		}
	})
}
