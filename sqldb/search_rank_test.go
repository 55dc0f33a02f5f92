package sqldb_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// addSearchCase opens a case with this title and reason for u and returns
// its search key ("case:ID").
func addSearchCase(t *testing.T, db *sqldb.DB, u *rotonde.User, title, reason string) string {
	t.Helper()
	c := &rotonde.Case{Title: title, Reason: reason}
	if err := db.Cases.CreateCase(context.Background(), u, c); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("case:%d", c.ID)
}

// Hits come by the number of query words in their title, then the newest
// first; a title match beats a newer body match, on both engines.
func TestSearchRanksTitleMatchesFirst(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		add := func(title, reason string) string { return addSearchCase(t, db, w.owner, title, reason) }
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

// Both plans of a search (probing from the rarest word, or reading every
// word's rows in one pass) give the same hits in the same order.
func TestSearchPlansGiveTheSameAnswers(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		words := []string{"school", "thuis", "moeder", "vader", "zorg", "gesprek", "jeugdhulp", "veiligheid", "oma", "voetbal"}
		for i := range 8 {
			c := &rotonde.Case{Title: words[i] + " " + words[(i*3)%len(words)], Reason: words[(i+1)%len(words)] + " en " + words[(i*7+2)%len(words)] + " met de OTS"}
			switch i {
			case 3:
				c.Reason += ", gesprek bij de gecertificeerde instelling over school"
			case 5:
				c.Reason += "; de GI belde over school"
			}
			if err := db.Cases.CreateCase(ctx, w.owner, c); err != nil {
				t.Fatal(err)
			}
		}
		queries := []string{"school", "thuis moeder", "jeugdhulp veiligheid oma", "ondertoezichtstelling", "vader zorg", "gecertificeerde instelling school", "niets"}
		answers := func() []string {
			var out []string
			for _, q := range queries {
				out = append(out, q+": "+fmt.Sprint(hitKeys(mustSearch(t, db, w.owner, q, ""))))
			}
			return out
		}
		restore := sqldb.SetProbeBelow(0) // always one pass
		grouped := answers()
		sqldb.SetProbeBelow(1 << 62) // always from the rarest word
		probed := answers()
		restore()
		if !slices.Equal(grouped, probed) {
			t.Errorf("plans differ:\none pass: %v\nprobing:  %v", grouped, probed)
		}
		if !strings.Contains(grouped[5], "case:") {
			t.Errorf("no hit for a synonym of more than one word: %v", grouped[5])
		}
	})
}

// A compound finds the documents that hold its parts, ranked like the
// compound itself: a title with the parts before a body with the compound.
// Both plans give that order (the one-pass plan probes a compound's parts
// only where the compound itself is not in the title).
func TestSearchRanksCompoundParts(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		add := func(title, reason string) string { return addSearchCase(t, db, w.owner, title, reason) }
		bodyWhole := add("Casus Lot", "De gezinsvoogd belt over school.")         // the compound in the body
		titleParts := add("Voogd en gezin", "Een gesprek over school.")           // its parts in the title
		bodyParts := add("Casus Daan", "Het gezin en de voogd; school loopt.")    // its parts in the body, newer
		titleWhole := add("Gezinsvoogd Noor", "Zij spreekt de moeder.")           // the compound in the title, newest
		add("Casus Eva", "Alleen het gezin en school.")                           // one part: no hit
		add("Casus Sem", "De gezinsvoogd en de voogd van het gezin komen langs.") // the compound and its parts

		for _, probe := range []int64{0, 1 << 62} {
			restore := sqldb.SetProbeBelow(probe)
			got := hitKeys(mustSearch(t, db, w.owner, "gezinsvoogd", ""))
			if len(got) != 5 || !slices.Equal(got[:2], []string{titleWhole, titleParts}) || !slices.Contains(got, bodyWhole) || !slices.Contains(got, bodyParts) {
				t.Errorf("probe below %d, one word: %v, want %s and %s first, then the three body matches", probe, got, titleWhole, titleParts)
			}
			got = hitKeys(mustSearch(t, db, w.owner, "gezinsvoogd school", ""))
			if want := []string{titleParts, bodyParts, bodyWhole}; !slices.Equal(got, want) {
				t.Errorf("probe below %d, two words: %v, want %v", probe, got, want)
			}
			restore()
		}
	})
}
