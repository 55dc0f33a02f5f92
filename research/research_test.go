package research_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/research"
)

func TestGrantValidate(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	ok := func() research.Grant {
		return research.Grant{ResearcherID: 1, RegionID: 2, Until: now.AddDate(0, 6, 0).Truncate(24 * time.Hour), Purpose: "Promotieonderzoek rode draden"}
	}
	g := ok()
	if err := g.Validate(now); err != nil {
		t.Fatal(err)
	}
	bad := map[string]func(*research.Grant){
		"err.research.choose_researcher": func(g *research.Grant) { g.ResearcherID = 0 },
		"err.research.choose_network":    func(g *research.Grant) { g.RegionID = 0 },
		"err.research.give_end_date":     func(g *research.Grant) { g.Until = time.Time{} },
		"err.research.end_date_in_past":  func(g *research.Grant) { g.Until = now.AddDate(0, 0, -2) },
		"err.research.end_date_too_far":  func(g *research.Grant) { g.Until = now.AddDate(3, 0, 0) },
		"err.research.give_purpose":      func(g *research.Grant) { g.Purpose = "  " },
		"err.research.purpose_too_long":  func(g *research.Grant) { g.Purpose = strings.Repeat("x", 501) },
	}
	for key, change := range bad {
		g := ok()
		change(&g)
		err := g.Validate(now)
		if e, isE := err.(*rotonde.Error); !isE || !strings.HasPrefix(e.Key, key) {
			t.Errorf("%s: got %v", key, err)
		} else if msg := e.Message("nl"); strings.HasPrefix(msg, "err.") {
			t.Errorf("%s has no Dutch text", key)
		}
	}
}

func TestGrantActiveThroughItsLastDay(t *testing.T) {
	until := time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)
	g := research.Grant{Until: until}
	if !g.Active(until.Add(23 * time.Hour)) {
		t.Error("a grant holds through its last day")
	}
	if g.Active(until.Add(25 * time.Hour)) {
		t.Error("a grant ends after its last day")
	}
	g.RevokedAt = until.AddDate(0, 0, -10)
	if g.Active(until.AddDate(0, 0, -20)) {
		t.Error("a revoked grant lets nobody in")
	}
}

func TestCSVExports(t *testing.T) {
	at := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	m := &research.Material{
		Coders: []research.Coder{{ID: 4, Name: "Vos"}},
		Codes:  []research.Code{{ID: 1, Name: "Randvoorwaarden", Group: "theme"}, {ID: 2, ParentID: 1, Name: "Financiering", Colour: "#6699cc", Group: "theme"}},
		Texts: []research.Text{{ID: 10, CaseID: 5, Kind: "dilemma", Level: "netwerk", Body: "=Het budget liep af.",
			Codings: []research.Coding{{ID: 1, CodeID: 2, CoderID: 4, Start: 5, End: 11, At: at}, {ID: 2, CodeID: 1, CoderID: 4, At: at}}}},
		Cases: []research.Case{{ID: 5, Organisation: "De Linde", Region: "Rivierenland", Phase: "verkennen"}},
	}
	var buf bytes.Buffer
	if err := research.WriteCodingsCSV(&buf, m); err != nil {
		t.Fatal(err)
	}
	rows := readExcelCSV(t, buf.String())
	if len(rows) != 3 {
		t.Fatalf("want header and 2 codings, got %d rows", len(rows))
	}
	if rows[1][7] != "Randvoorwaarden > Financiering" || rows[1][11] != "budget" || rows[1][4] != "De Linde" {
		t.Errorf("coding row: %q", rows[1])
	}
	if rows[2][9] != "0" || rows[2][10] != "20" || rows[2][11] != "'=Het budget liep af." {
		t.Errorf("a whole-text coding covers the text and a formula is neutralised: %q", rows[2])
	}
	buf.Reset()
	if err := research.WriteCodebookCSV(&buf, m); err != nil {
		t.Fatal(err)
	}
	rows = readExcelCSV(t, buf.String())
	if len(rows) != 3 || rows[2][1] != "Randvoorwaarden > Financiering" || rows[2][4] != "1" || rows[1][4] != "1" {
		t.Errorf("codebook rows: %q", rows)
	}
}

func readExcelCSV(t *testing.T, s string) [][]string {
	t.Helper()
	if !strings.HasPrefix(s, "\ufeff") || !strings.Contains(s, "\r\n") {
		t.Fatal("not in the Excel dialect (byte-order mark, CRLF)")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
