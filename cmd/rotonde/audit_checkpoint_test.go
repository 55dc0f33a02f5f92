package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// `rotonde audit checkpoint` prints a checkpoint; after the last records are
// deleted and the head rewritten, `audit verify` alone still passes, but
// `audit verify --checkpoint` (or a file of log lines) fails with status 1.
func TestAuditCheckpointCommands(t *testing.T) {
	forEachEngine(t, func(t *testing.T, url string, db *sqldb.DB) {
		keyFile := newKeyFile(t)
		ctx := context.Background()
		defer db.Close()
		for range 5 {
			if err := db.Audit.AppendAudit(ctx, &rotonde.AuditEntry{Action: rotonde.AuditRead, CaseID: 1, Part: "casus", Outcome: rotonde.AuditAllowed}); err != nil {
				t.Fatal(err)
			}
		}
		code, out, stderr := runCLI(t, "audit", "checkpoint", "--database-url", url, "--key-file", keyFile)
		if code != 0 || !strings.HasPrefix(out, "rotonde-audit-checkpoint v1 ") || !strings.Contains(out, " seq=5 ") {
			t.Fatalf("audit checkpoint: %d %q %q", code, out, stderr)
		}
		cp := strings.TrimSpace(out)
		if code, out, stderr := runCLI(t, "audit", "verify", "--database-url", url, "--key-file", keyFile, "--checkpoint", cp); code != 0 || !strings.Contains(out, "1 controlepunten kloppen") {
			t.Fatalf("verify against its checkpoint: %d %q %q", code, out, stderr)
		}
		// A checkpoint needs the key it was made with.
		if code, _, stderr := runCLI(t, "audit", "verify", "--database-url", url, "--key-file", newKeyFile(t), "--checkpoint", cp); code != 1 || !strings.Contains(stderr, "not made with this key") {
			t.Errorf("verify with another key: %d %q", code, stderr)
		}

		// Remove the last two records and rewrite the head.
		var h3 string
		if err := db.Reader().QueryRowContext(ctx, `SELECT hash FROM audit_log WHERE seq = 3`).Scan(&h3); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`DELETE FROM audit_log WHERE seq > 3`, fmt.Sprintf(`UPDATE audit_head SET last_seq = 3, last_hash = '%s' WHERE id = 1`, h3)} {
			if _, err := db.Writer().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if code, out, _ := runCLI(t, "audit", "verify", "--database-url", url); code != 0 || !strings.Contains(out, "in orde") {
			t.Fatalf("the chain alone should not see the truncation: %d %q", code, out)
		}
		code, _, stderr = runCLI(t, "audit", "verify", "--database-url", url, "--key-file", keyFile, "--checkpoint", cp)
		if code != 1 || !strings.Contains(stderr, "GEBROKEN") || !strings.Contains(stderr, "removed at the end") {
			t.Errorf("truncated log against its checkpoint: %d %q", code, stderr)
		}
		// The same checkpoint read from the application log.
		logFile := filepath.Join(t.TempDir(), "rotonde.log")
		logText := "time=2026-12-02T22:00:00Z level=INFO msg=\"migrations applied\"\n" +
			`time=2026-12-02T22:10:00Z level=INFO msg="access-log checkpoint" checkpoint="` + cp + "\"\n"
		if err := os.WriteFile(logFile, []byte(logText), 0o600); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := runCLI(t, "audit", "verify", "--database-url", url, "--key-file", keyFile, "--checkpoint-file", logFile); code != 1 || !strings.Contains(stderr, "removed at the end") {
			t.Errorf("truncated log against the application log: %d %q", code, stderr)
		}
		if code, _, stderr := runCLI(t, "audit", "verify", "--database-url", url, "--checkpoint", "rommel"); code != 2 {
			t.Errorf("unreadable checkpoint: %d %q", code, stderr)
		}
	})
}

// serve writes a checkpoint to the application log when it starts and when
// it stops; the line read back from the log verifies the chain.
func TestServeWritesCheckpointsToTheLog(t *testing.T) {
	dir := t.TempDir()
	url := "sqlite:" + filepath.Join(dir, "rotonde.db")
	keyFile := newKeyFile(t)
	ctx := context.Background()
	db, err := openAndMigrate(ctx, url, 0, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Audit.AppendAudit(ctx, &rotonde.AuditEntry{Action: rotonde.AuditRead, CaseID: 1, Part: "casus", Outcome: rotonde.AuditAllowed}); err != nil {
		t.Fatal(err)
	}
	key, err := readKeyFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	var buf syncBuffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	cpCtx, cancel := context.WithCancel(ctx)
	done := writeCheckpoints(cpCtx, db, log, checkedSettings{key: key, keyFile: keyFile})
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(buf.String(), "rotonde-audit-checkpoint v1"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no checkpoint in the log at start")
		}
	}
	if err := db.Audit.AppendAudit(ctx, &rotonde.AuditEntry{Action: rotonde.AuditRead, CaseID: 1, Part: "casus", Outcome: rotonde.AuditAllowed}); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("checkpoints did not stop with their context")
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want a checkpoint at start and at shutdown, got %q", buf.String())
	}
	cpr, _ := rotonde.NewAuditCheckpointer(key)
	for i, want := range []int64{1, 2} {
		cp, err := rotonde.ParseAuditCheckpoint(lines[i])
		if err != nil || cp.Seq != want || !cpr.Authentic(cp) {
			t.Fatalf("log line %q: %+v %v", lines[i], cp, err)
		}
		if v, err := db.Audit.VerifyAuditCheckpoints(ctx, cpr, []rotonde.AuditCheckpoint{cp}); err != nil || v.BrokenSeq != 0 {
			t.Errorf("checkpoint from the log: %+v %v", v, err)
		}
	}
}
