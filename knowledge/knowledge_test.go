package knowledge

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

func repeat(pairs ...any) (a, b []bool) {
	for i := 0; i < len(pairs); i += 3 {
		for n := 0; n < pairs[i+2].(int); n++ {
			a = append(a, pairs[i].(bool))
			b = append(b, pairs[i+1].(bool))
		}
	}
	return a, b
}

// Kappa against values computed by hand: po is the share of agreement, pe
// the agreement expected by chance from each coder's share of yes.
func TestKappaHandComputed(t *testing.T) {
	cases := []struct {
		name  string
		pairs []any
		want  float64
	}{
		// 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: po = 35/50 = 0.7;
		// pe = 0.5·0.6 + 0.5·0.4 = 0.5; κ = (0.7 − 0.5)/0.5 = 0.4.
		{"fifty items", []any{true, true, 20, true, false, 5, false, true, 10, false, false, 15}, 0.4},
		// 4/1/1/4: po = 0.8, pe = 0.5, κ = 0.6.
		{"ten items", []any{true, true, 4, true, false, 1, false, true, 1, false, false, 4}, 0.6},
		// Full agreement with both answers used: κ = 1.
		{"agree", []any{true, true, 3, false, false, 2}, 1},
		// Always opposite, half yes each: po = 0, pe = 0.5, κ = −1.
		{"opposite", []any{true, false, 2, false, true, 2}, -1},
		// 1 yes/yes, 3 no/no, 1 yes/no: po = 0.8; pA = 0.4, pB = 0.2;
		// pe = 0.08 + 0.48 = 0.56; κ = 0.24/0.44 = 0.5454…
		{"uneven", []any{true, true, 1, false, false, 3, true, false, 1}, 0.24 / 0.44},
		// Both always no: chance agreement is complete, and so is agreement.
		{"all no", []any{false, false, 4}, 1},
	}
	for _, c := range cases {
		a, b := repeat(c.pairs...)
		got, ok := Kappa(a, b)
		if !ok || math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: kappa = %v (%v), want %v", c.name, got, ok, c.want)
		}
	}
	if _, ok := Kappa(nil, nil); ok {
		t.Error("kappa of no items is not defined")
	}
	if _, ok := Kappa([]bool{true}, []bool{true, false}); ok {
		t.Error("kappa of unequal lengths is not defined")
	}
}

func TestAgreementPerCode(t *testing.T) {
	// Coders 1 and 2 both coded records 10, 11, 12, 13. Code 7: 1 says
	// 10, 11; 2 says 10, 12 → yes/yes 1, yes/no 1, no/yes 1, no/no 1:
	// po = 0.5, pe = 0.5, κ = 0. Code 8: both say 13 only → κ = 1.
	cs := []Coding{
		{CodeID: 7, RecordID: 10, CoderID: 1}, {CodeID: 7, RecordID: 11, CoderID: 1}, {CodeID: 8, RecordID: 13, CoderID: 1}, {CodeID: 8, RecordID: 12, CoderID: 1},
		{CodeID: 7, RecordID: 10, CoderID: 2}, {CodeID: 7, RecordID: 12, CoderID: 2}, {CodeID: 8, RecordID: 13, CoderID: 2}, {CodeID: 8, RecordID: 11, CoderID: 2},
		// Coder 3 coded a record nobody else coded: no pair.
		{CodeID: 7, RecordID: 99, CoderID: 3},
	}
	got := AgreementPerCode(cs)
	if len(got[7]) != 1 || got[7][0].Items != 4 || math.Abs(got[7][0].Kappa) > 1e-9 {
		t.Errorf("code 7: %+v", got[7])
	}
	// Code 8: 1 says 12, 13; 2 says 11, 13 → again 1/1/1/1, κ = 0.
	if len(got[8]) != 1 || math.Abs(got[8][0].Kappa) > 1e-9 {
		t.Errorf("code 8: %+v", got[8])
	}
}

func TestCoOccurrence(t *testing.T) {
	cs := []Coding{
		{CodeID: 1, RecordID: 1, CoderID: 1}, {CodeID: 2, RecordID: 1, CoderID: 1},
		{CodeID: 1, RecordID: 1, CoderID: 2}, // a second coder does not count the record twice
		{CodeID: 1, RecordID: 2, CoderID: 1}, {CodeID: 3, RecordID: 2, CoderID: 2},
		{CodeID: 2, RecordID: 3, CoderID: 1},
		{CodeID: 9, RecordID: 3, CoderID: 1}, // not asked for
	}
	got := CoOccurrence([]int64{1, 2, 3}, cs)
	want := [][]int{{2, 1, 1}, {1, 2, 0}, {1, 0, 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("co-occurrence = %v, want %v", got, want)
	}
}

func TestKnownTermsIn(t *testing.T) {
	terms := TermsOf("Noor (15)", "oma (m)", "Jeroen de Vries", "Zwolle", "ik")
	got := KnownTermsIn("Toen NOOR bij haar oma in Zwolle-Zuid ging wonen, zei de Vries niets.", terms)
	want := []string{"Noor", "oma", "Zwolle"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("known terms = %q, want %q", got, want)
	}
	if got := KnownTermsIn("Een jongere woonde een tijd bij familie.", terms); len(got) != 0 {
		t.Errorf("no known term expected, got %q", got)
	}
}

func TestCheckShare(t *testing.T) {
	if CheckShare(true, "  ", true, true) == nil {
		t.Error("a share without paraphrase is refused")
	}
	if CheckShare(false, "Wachten op elkaar kost maanden.", false, true) == nil {
		t.Error("a share without the confirmation is refused")
	}
	if CheckShare(true, "Wachten op elkaar kost maanden.", true, false) == nil {
		t.Error("case material without the family's consent is refused")
	}
	if err := CheckShare(false, "Wachten op elkaar kost maanden.", true, false); err != nil {
		t.Errorf("own material needs no family consent: %v", err)
	}
}

func TestRecordValidate(t *testing.T) {
	r := Record{Kind: KindInsight, Body: " x ", Links: []Link{{LinkTheme, "wachttijd"}, {LinkTheme, "wachttijd"}, {LinkVerb, " "}}}
	if err := r.Validate(); err != nil || len(r.Links) != 1 || r.Body != "x" {
		t.Errorf("validate: %v %+v", err, r)
	}
	if (&Record{Kind: "x", Body: "b"}).Validate() == nil {
		t.Error("unknown kind accepted")
	}
	if (&Record{Kind: KindDilemma, Body: "b", CaseID: 1, GroupID: 2}).Validate() == nil {
		t.Error("two sources accepted")
	}
}

func TestSynthesize(t *testing.T) {
	book := &Codebook{Codes: []Code{{ID: 1, Name: "Geld", Colour: "#aa3300"}, {ID: 2, ParentID: 1, Name: "Woonplaats"}, {ID: 3, Name: "Rollen"}}}
	q3 := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	q4 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	shared := []Record{
		{ID: 10, Level: "network", Paraphrase: "Twee gemeenten wijzen naar elkaar.", SharedAt: q3},
		{ID: 11, Level: "organisation", Paraphrase: "Niemand weet wie beslist.", SharedAt: q4},
	}
	codings := []Coding{
		{CodeID: 1, RecordID: 10, CoderID: 1}, {CodeID: 2, RecordID: 10, CoderID: 1, Start: 0, End: 15},
		{CodeID: 1, RecordID: 10, CoderID: 2}, {CodeID: 3, RecordID: 11, CoderID: 2},
		{CodeID: 3, RecordID: 99, CoderID: 2}, // not shared (any more): left out
	}
	s := Synthesize(book, shared, codings, []string{"personal", "organisation", "network"})
	if s.Records != 2 || s.Coders != 2 || len(s.Periods) != 2 || s.Periods[0] != "2026-K3" {
		t.Fatalf("synthesis: %+v", s)
	}
	geld := s.Codes[0]
	if geld.Records != 1 || geld.ByLevel["network"] != 1 || !reflect.DeepEqual(geld.Movement, []int{1, 0}) || len(geld.Quotes) != 1 {
		t.Errorf("Geld: %+v", geld)
	}
	if s.Codes[1].Depth != 1 || s.Codes[1].Quotes[0] != "Twee gemeenten " {
		t.Errorf("Woonplaats: %+v", s.Codes[1])
	}
	if len(s.Used) != 3 || s.Matrix[0][1] != 1 {
		t.Errorf("matrix: %v %v", s.Used, s.Matrix)
	}
	pic := s.MatrixSVG("Samen <gecodeerd>")
	if !strings.Contains(pic, "Samen &lt;gecodeerd&gt;") || !strings.Contains(pic, "Woonplaats") || strings.Contains(pic, "<script") {
		t.Errorf("picture: %s", pic)
	}
}
