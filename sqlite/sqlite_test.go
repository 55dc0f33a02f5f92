package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/rotonde-jeugd/rotonde/sqlite"
)

func TestPragmasAreDurable(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "x", "rotonde.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := sqlite.ReadSettings(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if s.JournalMode != "wal" || s.Synchronous != 2 || s.ForeignKeys != 1 || s.BusyTimeout < 1000 {
		t.Fatalf("settings %+v, want wal, synchronous=2 (FULL), foreign_keys=1, busy_timeout>=1000", s)
	}
	// The read pool is query-only: a write through it must fail.
	if _, err := db.Reader().ExecContext(ctx, "CREATE TABLE t (x)"); err == nil {
		t.Fatal("read connection accepted a write")
	}
	if res, err := sqlite.IntegrityCheck(ctx, db); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
}

func TestOpenRejectsOddPaths(t *testing.T) {
	for _, p := range []string{"", "a?b.db", "a#b.db"} {
		if db, err := sqlite.Open(context.Background(), p); err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded", p)
		}
	}
}
