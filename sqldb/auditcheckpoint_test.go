package sqldb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/seal"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

func appendReads(t *testing.T, db *sqldb.DB, n int, at time.Time) {
	t.Helper()
	for range n {
		if err := db.Audit.AppendAudit(context.Background(), &rotonde.AuditEntry{At: at, Action: rotonde.AuditRead, CaseID: 1, Part: "casus", Outcome: rotonde.AuditAllowed}); err != nil {
			t.Fatal(err)
		}
	}
}

func exec(t *testing.T, db *sqldb.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Writer().ExecContext(context.Background(), fmt.Sprintf(q, args...)); err != nil {
		t.Fatal(err)
	}
}

func recordHash(t *testing.T, db *sqldb.DB, seq int64) string {
	t.Helper()
	var h string
	if err := db.Reader().QueryRowContext(context.Background(), fmt.Sprintf(`SELECT hash FROM audit_log WHERE seq = %d`, seq)).Scan(&h); err != nil {
		t.Fatal(err)
	}
	return h
}

// Tampering that the hash chain alone cannot see — the last records deleted
// and the head rewritten, the first records deleted behind a forged purge
// anchor, the end cut off and written again — passes VerifyAudit but not a
// check against a checkpoint made before it.
func TestAuditCheckpointsCatchWhatTheChainCannot(t *testing.T) {
	key := seal.GenerateKey()
	cpr, err := rotonde.NewAuditCheckpointer(key)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	verify := func(t *testing.T, db *sqldb.DB, cps ...rotonde.AuditCheckpoint) rotonde.AuditVerification {
		t.Helper()
		v, err := db.Audit.VerifyAuditCheckpoints(ctx, cpr, cps)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	chainOK := func(t *testing.T, db *sqldb.DB) {
		t.Helper()
		if v, err := db.Audit.VerifyAudit(ctx); err != nil || v.BrokenSeq != 0 {
			t.Fatalf("the tampering should fool the chain alone: %+v %v", v, err)
		}
	}
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		appendReads(t, db, 10, time.Time{})
		cp, err := db.Audit.AuditCheckpoint(ctx, cpr)
		if err != nil || cp.Seq != 10 || cp.AnchorSeq != 0 {
			t.Fatalf("checkpoint: %+v %v", cp, err)
		}
		// Round trip through text, as in the application log.
		line := `time=2026-12-02T23:00:00Z level=INFO msg="access-log checkpoint" checkpoint="` + cp.String() + `"`
		back, err := rotonde.ParseAuditCheckpoint(line)
		if err != nil || back != cp {
			t.Fatalf("parse %q: %+v %v", line, back, err)
		}
		if v := verify(t, db, back); v.BrokenSeq != 0 {
			t.Fatalf("untouched log against its checkpoint: %+v", v)
		}
		// A checkpoint made with another key, or changed, is refused.
		other, _ := rotonde.NewAuditCheckpointer(seal.GenerateKey())
		if v, _ := db.Audit.VerifyAuditCheckpoints(ctx, other, []rotonde.AuditCheckpoint{cp}); v.BrokenSeq == 0 {
			t.Error("checkpoint accepted with another key")
		}
		forged := cp
		forged.Seq = 5
		if v := verify(t, db, forged); v.BrokenSeq == 0 {
			t.Error("altered checkpoint accepted")
		}

		// The log grows; the old checkpoint still fits.
		appendReads(t, db, 4, time.Time{})
		if v := verify(t, db, cp); v.BrokenSeq != 0 {
			t.Fatalf("grown log against an older checkpoint: %+v", v)
		}

		// 1. Delete the last records and rewrite the head.
		exec(t, db, `DELETE FROM audit_log WHERE seq > 8`)
		exec(t, db, `UPDATE audit_head SET last_seq = 8, last_hash = '%s' WHERE id = 1`, recordHash(t, db, 8))
		chainOK(t, db)
		if v := verify(t, db, cp); v.BrokenSeq == 0 {
			t.Error("truncated log passes its checkpoint")
		}

		// 2. Cut the end and write it again: as many records, other content.
		appendReads(t, db, 6, time.Now().Add(-time.Hour))
		chainOK(t, db)
		if v := verify(t, db, cp); v.BrokenSeq != 10 {
			t.Errorf("rewritten end: %+v, want broken at 10", v)
		}
	})
}

// A purge moves the anchor legitimately and serve writes a checkpoint right
// after it; an anchor written by hand to hide deleted records fits no
// checkpoint.
func TestAuditCheckpointsCatchAForgedAnchor(t *testing.T) {
	cpr, err := rotonde.NewAuditCheckpointer(seal.GenerateKey())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		old := time.Now().UTC().AddDate(-6, 0, 0)
		appendReads(t, db, 4, old)
		appendReads(t, db, 6, time.Time{})
		before, err := db.Audit.AuditCheckpoint(ctx, cpr)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := db.Audit.PurgeAudit(ctx, time.Now().UTC().AddDate(-5, 0, 0)); err != nil || n != 4 {
			t.Fatalf("purge: %d %v", n, err)
		}
		// The checkpoint before the purge alone does not vouch for the new anchor.
		if v, _ := db.Audit.VerifyAuditCheckpoints(ctx, cpr, []rotonde.AuditCheckpoint{before}); v.BrokenSeq == 0 {
			t.Error("a moved anchor passes without a checkpoint after it")
		}
		after, err := db.Audit.AuditCheckpoint(ctx, cpr)
		if err != nil {
			t.Fatal(err)
		}
		if v, err := db.Audit.VerifyAuditCheckpoints(ctx, cpr, []rotonde.AuditCheckpoint{before, after}); err != nil || v.BrokenSeq != 0 || v.Checked != 6 {
			t.Fatalf("legitimate purge with checkpoints before and after: %+v %v", v, err)
		}
		// Delete records 5 to 7 and forge the anchor at 7: the chain cannot tell.
		h7 := recordHash(t, db, 7)
		exec(t, db, `DELETE FROM audit_log WHERE seq <= 7`)
		exec(t, db, `UPDATE audit_head SET anchor_seq = 7, anchor_hash = '%s' WHERE id = 1`, h7)
		if v, err := db.Audit.VerifyAudit(ctx); err != nil || v.BrokenSeq != 0 {
			t.Fatalf("the forged anchor should fool the chain alone: %+v %v", v, err)
		}
		v, err := db.Audit.VerifyAuditCheckpoints(ctx, cpr, []rotonde.AuditCheckpoint{before, after})
		if err != nil || v.BrokenSeq == 0 {
			t.Fatalf("forged anchor passes the checkpoints: %+v %v", v, err)
		}
		t.Logf("forged anchor: %s", v.Reason)
	})
}
