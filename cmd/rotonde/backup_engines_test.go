package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/backup"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/internal/wire"
)

// TestBackupAcrossEngines: the demo network (meetings, genogram, timeline,
// tension fields, access log) backed up on one engine restores into the
// other with every row of every table, the chain intact and the secrets
// readable.
func TestBackupAcrossEngines(t *testing.T) {
	for _, dir := range [][2]string{{"sqlite", "postgres"}, {"postgres", "sqlite"}} {
		t.Run(dir[0]+"-to-"+dir[1], func(t *testing.T) {
			tmp := t.TempDir()
			dbURL := func(engine, name string) string {
				if engine == "postgres" {
					return pgtest.NewDatabase(t)
				}
				return "sqlite:" + filepath.Join(tmp, name+".db")
			}
			srcURL, dstURL := dbURL(dir[0], "bron"), dbURL(dir[1], "doel")
			ctx := context.Background()
			src := openURL(t, srcURL)
			hash, err := testenv.HashPassword(demo.Password)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := demo.Seed(ctx, wire.Demo(src), hash); err != nil {
				t.Fatal(err)
			}
			key := newKeyFile(t)
			file := filepath.Join(tmp, "demo.backup")
			if code, out, stderr := runCLI(t, "backup", "--out", file, "--database-url", srcURL, "--backup-key-file", key); code != 0 {
				t.Fatalf("backup: %d %s %s", code, out, stderr)
			}
			if code, out, stderr := runCLI(t, "restore", "--from", file, "--database-url", dstURL, "--backup-key-file", key); code != 0 || !strings.Contains(out, "access log intact") {
				t.Fatalf("restore: %d %s %s", code, out, stderr)
			}
			dst := openURL(t, dstURL) // unlocks with the source's key: the key check came along
			want, err := backup.Export(ctx, src, discard{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := backup.Export(ctx, dst, discard{})
			if err != nil {
				t.Fatal(err)
			}
			empty := 0
			for _, table := range want.Tables {
				if want.Rows[table] != got.Rows[table] {
					t.Errorf("%s: %d rows after restore, %d before", table, got.Rows[table], want.Rows[table])
				}
				if want.Rows[table] == 0 {
					empty++
				}
			}
			if want.Total() < 100 {
				t.Errorf("the demo network has only %d rows", want.Total())
			}
			t.Logf("%d tables, %d rows, %d tables empty", len(want.Tables), want.Total(), empty)
			// The restored demo still works: a facilitator sees the demo case.
			u, _, err := dst.Users.UserByEmail(ctx, "facilitator@demo.test")
			if err != nil {
				t.Fatal(err)
			}
			if cases, err := dst.Cases.Cases(ctx, u); err != nil || len(cases) == 0 {
				t.Errorf("facilitator's cases after restore: %d %v", len(cases), err)
			}
		})
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
