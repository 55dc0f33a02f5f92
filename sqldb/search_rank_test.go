package sqldb_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// Hits come by the number of query words in their title, then the newest
// first; a title match beats a newer body match, on both engines.
func TestSearchRanksTitleMatchesFirst(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		add := func(title, reason string) string {
			c := &rotonde.Case{Title: title, Reason: reason}
			if err := db.Cases.CreateCase(ctx, w.owner, c); err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("case:%d", c.ID)
		}
		both := add("Voetbal en schoolverzuim", "Een casus over een jongen.")        // both words in the title, oldest
		one := add("Voetbal op zaterdag", "Hij mist school door het schoolverzuim.") // one word in the title
		body1 := add("Casus Noor", "Voetbal helpt, het schoolverzuim daalt.")        // both only in the body
		body2 := add("Casus Daan", "Schoolverzuim en voetbal: daar gaat het om.")    // the same, newer
		bodyOne := add("Casus Lot", "Alleen over voetbal.")                          // one word: no hit for two

		if got, want := hitKeys(mustSearch(t, db, w.owner, "voetbal schoolverzuim", "")), []string{both, one, body2, body1}; !slices.Equal(got, want) {
			t.Errorf("two words: %v, want %v", got, want)
		}
		if got, want := hitKeys(mustSearch(t, db, w.owner, "voetbal", "")), []string{one, both, bodyOne, body2, body1}; !slices.Equal(got, want) {
			t.Errorf("one word: %v, want %v", got, want)
		}
		// The limit cuts the ranked list.
		hits, err := db.Search.Search(ctx, w.owner, "voetbal schoolverzuim", "", 2)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := hitKeys(hits), []string{both, one}; !slices.Equal(got, want) {
			t.Errorf("limit 2: %v, want %v", got, want)
		}
	})
}
