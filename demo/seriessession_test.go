package demo_test

import (
	"context"
	"testing"

	"github.com/rotonde-jeugd/rotonde/knowledge"
)

// TestDemoSeriesReport seeds the demo and reads the report of the first
// group's series: its first session was held and closed, and the report
// holds exactly the paraphrases their authors approved, without the words
// they paraphrase or any line still waiting for a draft.
func TestDemoSeriesReport(t *testing.T) {
	db := seededDemo(t)
	ctx := context.Background()
	approved := map[string]bool{
		"Een behandelaar moet een gezin opnieuw laten wachten omdat de eigen organisatie eerst een intake eist.": true,
		"Contracten kunnen vastleggen dat een intake van een andere partij ook geldt.":                           true,
		"Voorstellen dat teams elkaars intake overnemen als het gezin daarmee instemt.":                          true,
	}
	for _, email := range []string{"facilitator@demo.test", "bestuurder@demo.test", "hulpverlener@demo.test"} {
		u, _, err := db.Users.UserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		groups, err := db.Tension.Groups(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		var series []knowledge.Series
		for _, g := range groups {
			if g.Name == "Intervisiegroep Vastgelopen trajecten Lindeveld" {
				if series, err = db.Knowledge.GroupSeries(ctx, u, g.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		if len(series) != 1 {
			t.Fatalf("%s: the first group's series: %+v", email, series)
		}
		rep, err := db.Knowledge.SeriesReport(ctx, u, series[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, l := range rep.Report() {
			if !approved[l.Paraphrase] || l.Body != "" || l.Number != 1 {
				t.Errorf("%s: a line in the report that was not approved: %+v", email, l)
			}
			got[l.Paraphrase] = true
		}
		if len(got) != len(approved) {
			t.Errorf("%s: the report holds %d approved paraphrases; want %d", email, len(got), len(approved))
		}
	}
}
