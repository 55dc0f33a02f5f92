package sqldb_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/search"
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

// planFixture writes eight cases whose titles and reasons mix ten words,
// and returns their owner and the queries the plan tests ask.
func planFixture(t *testing.T, db *sqldb.DB) (*rotonde.User, []string) {
	t.Helper()
	ctx := context.Background()
	w := newWorld(t, db)
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
	return w.owner, []string{"school", "thuis moeder", "jeugdhulp veiligheid oma", "ondertoezichtstelling", "vader zorg", "gecertificeerde instelling school", "niets"}
}

// Both plans of a search (probing from the rarest word, or reading every
// word's rows in one pass) give the same hits in the same order.
func TestSearchPlansGiveTheSameAnswers(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		owner, queries := planFixture(t, db)
		answers := func() []string {
			var out []string
			for _, q := range queries {
				out = append(out, q+": "+fmt.Sprint(hitKeys(mustSearch(t, db, owner, q, ""))))
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

// A first try over the newest documents gives the answer of a read of all
// of them, whatever its span, limit, kind and plan.
func TestSearchNewestFirstGivesTheSameAnswers(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		owner, queries := planFixture(t, db)
		answers := func() []string {
			var out []string
			for _, q := range queries {
				for limit := 1; limit <= 4; limit++ {
					for _, kind := range []search.Kind{"", search.KindCase} {
						hits, err := db.Search.Search(context.Background(), owner, q, kind, limit)
						if err != nil {
							t.Fatal(err)
						}
						out = append(out, fmt.Sprintf("%s %d %s: %v", q, limit, kind, hitKeys(hits)))
					}
				}
			}
			return out
		}
		restore := sqldb.SetWindowSpan(-1)
		defer restore()
		whole := answers()
		for _, probe := range []int64{0, 1 << 62} {
			restoreProbe := sqldb.SetProbeBelow(probe)
			for span := int64(1); span <= 12; span++ {
				sqldb.SetWindowSpan(span)
				if got := answers(); !slices.Equal(got, whole) {
					t.Errorf("span %d, probe below %d:\n got %v\nwant %v", span, probe, got, whole)
				}
			}
			restoreProbe()
		}
	})
}
