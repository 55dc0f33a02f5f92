package sqldb_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// TestImportedGEDCOMDetailsAreStored: an imported file's XREFs, name
// parts, full dates, places and notes are stored with the genogram, so
// that a later export gives them back; on both engines.
func TestImportedGEDCOMDetailsAreStored(t *testing.T) {
	src := "0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 CHAR UTF-8\n" +
		"0 @I7@ INDI\n1 NAME Ayşe /Yılmaz/\n1 SEX F\n1 BIRT\n2 DATE ABT 14 FEB 1978\n2 PLAC İzmir\n1 NOTE Kwam in 1999.\n1 FAMS @F3@\n" +
		"0 @I8@ INDI\n1 NAME Piotr /Wąsowski/\n1 SEX M\n1 FAMS @F3@\n" +
		"0 @F3@ FAM\n1 HUSB @I8@\n1 WIFE @I7@\n1 MARR\n2 DATE 3 JUN 2001\n2 PLAC Rotterdam\n0 TRLR\n"
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c, _ := twoCases(t, db, w)
		g, _, err := genogram.ImportGEDCOM(ctx, strings.NewReader(src))
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Genogram.ReplaceGenogram(ctx, w.owner, c.ID, g); err != nil {
			t.Fatal(err)
		}
		stored, _, err := db.Genogram.Genogram(ctx, w.owner, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := genogram.ExportGEDCOM(&buf, stored); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, want := range []string{
			"0 @I7@ INDI\n1 NAME Ayşe /Yılmaz/\n", "2 DATE ABT 14 FEB 1978\n2 PLAC İzmir\n", "1 NOTE Kwam in 1999.\n",
			"0 @F3@ FAM\n1 HUSB @I8@\n1 WIFE @I7@\n1 MARR\n2 DATE 3 JUN 2001\n2 PLAC Rotterdam\n",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("export after storage lacks %q:\n%s", want, out)
			}
		}
	})
}
