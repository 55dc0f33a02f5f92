package sqldb_test

import (
	"context"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// TestReplaceGenogramPersonErrorInBothLanguages: the reason a person of an
// import is refused is said in the language of the whole message (the English
// text used to carry the Dutch reason).
func TestReplaceGenogramPersonErrorInBothLanguages(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c, _ := twoCases(t, db, w)
		bad := &genogram.Genogram{Persons: []genogram.Person{{ID: "a", Alias: "a", Organisation: strings.Repeat("o", 200)}}}
		err := db.Genogram.ReplaceGenogram(ctx, w.owner, c.ID, bad)
		if rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Fatalf("err = %v", err)
		}
		nl, en := rotonde.UserMessage(err, "nl"), rotonde.UserMessage(err, "en")
		if nl != "Persoon 1 (a): De naam is te lang." {
			t.Errorf("nl = %q", nl)
		}
		if en != "Person 1 (a): The name is too long." {
			t.Errorf("en = %q", en)
		}
	})
}
