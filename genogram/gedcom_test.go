package genogram

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde"
)

func TestParseGEDCOMYear(t *testing.T) {
	cases := map[string]int{
		"1980": 1980, "12 MAR 1980": 1980, "ABT 1980": 1980, "BEF 1980": 1980, "AFT 1980": 1980,
		"MAR 1980": 1980, "BET 1970 AND 1980": 1970, "1980/81": 1980, "CAL 1905": 1905,
		"(vorige eeuw)": 0, "": 0, "12 MAR": 0, "EST 850": 850, "INT 1980 (ongeveer)": 1980,
		"@#DJULIAN@ 1 JAN 1700": 1700,
	}
	for in, want := range cases {
		got, ok := ParseGEDCOMYear(in)
		if got != want || ok != (want != 0) {
			t.Errorf("ParseGEDCOMYear(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
}

func importFile(t *testing.T, path string) (*Genogram, []Issue) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, warns, err := ImportGEDCOM(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return g, warns
}

func TestImportGEDCOM(t *testing.T) {
	g, warns := importFile(t, "testdata/small.ged")
	if len(g.Persons) != 6 {
		t.Fatalf("persons = %d, want 6", len(g.Persons))
	}
	opa, _ := g.PersonByID("I1")
	if opa.Alias != "opa de Vries" || opa.Sex != SexMale || opa.BirthYear != 1950 || opa.DeathYear != 2019 || !opa.IsDeceased() {
		t.Errorf("opa = %+v", opa)
	}
	oma, _ := g.PersonByID("I2")
	if oma.Alias != "oma (m)" || oma.BirthYear != 1953 || oma.IsDeceased() {
		t.Errorf("oma = %+v (CONC, BEF)", oma)
	}
	noor, _ := g.PersonByID("I4")
	if noor.BirthYear != 2009 {
		t.Errorf("noor = %+v", noor)
	}
	wantParts := []Partnership{
		{ID: "F1", A: "I1", B: "I2", Kind: Divorced, StartYear: 1975, EndYear: 1990},
		{ID: "F2", A: "I5", B: "I6", Kind: LivingTogether},
	}
	if f1 := g.Partnerships[0].GEDCOM; f1 == nil || f1.XRef != "F1" || f1.Marriage.Date != "1975" || f1.End.Date != "1990" {
		t.Errorf("F1 kept %+v", f1)
	}
	if opa.GEDCOM == nil || opa.GEDCOM.Given != "opa" || opa.GEDCOM.Surname != "de Vries" || opa.GEDCOM.Birth != (GEDCOMEvent{"ABT 1950", "Ergens"}) || opa.GEDCOM.Death.Date != "12 MAR 2019" {
		t.Errorf("opa kept %+v", opa.GEDCOM)
	}
	for i := range g.Partnerships {
		g.Partnerships[i].GEDCOM = nil
	}
	if !reflect.DeepEqual(g.Partnerships, wantParts) {
		t.Errorf("partnerships = %+v", g.Partnerships)
	}
	wantKids := []ParentChild{
		{Child: "I3", Partnership: "F1", Kind: Biological},
		{Child: "I4", Partnership: "F2", Kind: Foster},
		{Child: "I4", Parent1: "I3", Kind: Biological},
	}
	if !reflect.DeepEqual(g.Children, wantKids) {
		t.Errorf("children = %+v", g.Children)
	}
	// OCCU (line 24) and the WEIRD record (line 60) are reported; the
	// custom _CUSTOM tag, PLAC and GIVN are skipped quietly.
	var lines []string
	for _, w := range warns {
		lines = append(lines, w.Message("en"))
	}
	joined := strings.Join(lines, "\n")
	if len(warns) != 2 || !strings.Contains(joined, "line 24: tag OCCU skipped") || !strings.Contains(joined, "line 60: unknown record WEIRD skipped") {
		t.Errorf("warnings = %q", lines)
	}
	for _, w := range warns {
		if !strings.HasPrefix(w.Message("nl"), "GEDCOM regel ") {
			t.Errorf("Dutch warning missing: %q", w.Message("nl"))
		}
	}
}

func TestImportGEDCOMErrors(t *testing.T) {
	head := "0 HEAD\n1 GEDC\n2 VERS 5.5.1\n"
	cases := []struct {
		name, in, en string
	}{
		{"empty", "", "empty or not GEDCOM"},
		{"no head", "0 @I1@ INDI\n", "line 1: a GEDCOM file starts with 0 HEAD"},
		{"bad level", head + "x @I1@ INDI\n", "line 4: expected a level number"},
		{"level jump", head + "0 @I1@ INDI\n2 DATE 1980\n", "line 5: level 2 follows level 0"},
		{"unclosed xref", head + "0 @I1 INDI\n", "line 4: cross-reference without closing @"},
		{"dangling", head + "0 @I1@ INDI\n0 @F1@ FAM\n1 HUSB @I1@\n1 CHIL @I9@\n0 TRLR\n", "line 7: reference to unknown person @I9@"},
		{"bad pointer", head + "0 @F1@ FAM\n1 HUSB I1\n", "line 5: HUSB expects a cross-reference"},
		{"duplicate", head + "0 @I1@ INDI\n0 @I1@ INDI\n", "line 5: ID @I1@ occurs twice"},
		{"self partner", head + "0 @I1@ INDI\n0 @F1@ FAM\n1 HUSB @I1@\n1 WIFE @I1@\n", "line 5: family @F1@ has the same person as both partners"},
		{"child is parent", head + "0 @I1@ INDI\n0 @F1@ FAM\n1 HUSB @I1@\n1 CHIL @I1@\n", "line 7: @I1@ is both child and parent"},
		{"cycle", head + "0 @A@ INDI\n0 @B@ INDI\n0 @F1@ FAM\n1 HUSB @A@\n1 CHIL @B@\n0 @F2@ FAM\n1 HUSB @B@\n1 CHIL @A@\n", "own ancestor"},
		{"long line", head + "0 @I1@ INDI\n1 NAME " + strings.Repeat("x", maxGEDCOMLine+10) + "\n", "line 5: line is too long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, warns, err := ImportGEDCOM(context.Background(), strings.NewReader(c.in))
			if err == nil {
				t.Fatalf("no error")
			}
			if g != nil || warns != nil {
				t.Errorf("partial result returned with error")
			}
			var re *rotonde.Error
			if !errors.As(err, &re) || re.Code != rotonde.EInvalid {
				t.Fatalf("error %v is not an EInvalid *rotonde.Error", err)
			}
			if !strings.Contains(re.Message("en"), c.en) {
				t.Errorf("EN = %q, want it to contain %q", re.Message("en"), c.en)
			}
			if re.Message("nl") == "" || re.Message("nl") == re.Message("en") {
				t.Errorf("NL missing or untranslated: %q", re.Message("nl"))
			}
		})
	}
}

func TestImportGEDCOMLineEndings(t *testing.T) {
	src, err := os.ReadFile("testdata/small.ged")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := importFile(t, "testdata/small.ged")
	for _, sep := range []string{"\r\n", "\r"} {
		in := "\uFEFF" + strings.ReplaceAll(string(src), "\n", sep)
		g, _, err := ImportGEDCOM(context.Background(), strings.NewReader(in))
		if err != nil {
			t.Fatalf("%q: %v", sep, err)
		}
		if !reflect.DeepEqual(g, want) {
			t.Errorf("%q line endings give a different genogram", sep)
		}
	}
}

// familyOnly drops what GEDCOM cannot hold, for round-trip comparison.
func familyOnly(g *Genogram) *Genogram {
	out := &Genogram{}
	for _, p := range g.Persons {
		if !p.Professional {
			p.Index = false
			p.Deceased = p.IsDeceased()
			p.GEDCOM = nil
			out.Persons = append(out.Persons, p)
		}
	}
	for _, pt := range g.Partnerships {
		pt.GEDCOM = nil
		out.Partnerships = append(out.Partnerships, pt)
	}
	return out
}

func TestGEDCOMRoundTrip(t *testing.T) {
	for name, g := range map[string]*Genogram{"demo": StepfamilyFixture(), "synthetic": SyntheticFamily(800, 7)} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := ExportGEDCOM(&buf, g); err != nil {
				t.Fatal(err)
			}
			back, warns, err := ImportGEDCOM(context.Background(), &buf)
			if err != nil {
				t.Fatal(err)
			}
			if len(warns) != 0 {
				t.Errorf("warnings on our own export: %v", warns)
			}
			want := familyOnly(g)
			gotP := familyOnly(back).Persons
			if !reflect.DeepEqual(gotP, want.Persons) {
				t.Errorf("persons differ after round trip")
				for i := range min(len(gotP), len(want.Persons)) {
					if gotP[i] != want.Persons[i] {
						t.Errorf("got %+v want %+v", gotP[i], want.Persons[i])
						break
					}
				}
			}
			for i, pt := range g.Partnerships {
				if pt.Kind == "" {
					pt.Kind = Married
				}
				if pt.Kind == LivingTogether {
					pt.StartYear = 0
				}
				if pt.Kind == Married || pt.Kind == LivingTogether {
					pt.EndYear = 0
				}
				pt.GEDCOM = nil
				got := back.Partnerships[min(i, len(back.Partnerships)-1)]
				got.GEDCOM = nil
				if i >= len(back.Partnerships) || got != pt {
					t.Fatalf("partnership %d: got %+v want %+v", i, back.Partnerships[min(i, len(back.Partnerships)-1)], pt)
				}
			}
			// every parent-child line survives with its kind
			type link struct {
				child, p1, p2 string
				kind          ChildKind
			}
			links := func(gg *Genogram) []link {
				parts := map[string]*Partnership{}
				for i := range gg.Partnerships {
					parts[gg.Partnerships[i].ID] = &gg.Partnerships[i]
				}
				var out []link
				for _, pc := range gg.Children {
					a, b := parentsOf(pc, parts)
					if a > b && b != "" {
						a, b = b, a
					}
					k := pc.Kind
					if k == "" {
						k = Biological
					}
					out = append(out, link{pc.Child, a, b, k})
				}
				slices.SortFunc(out, func(x, y link) int {
					return strings.Compare(x.child+"|"+x.p1+"|"+x.p2+"|"+string(x.kind), y.child+"|"+y.p1+"|"+y.p2+"|"+string(y.kind))
				})
				return out
			}
			if !reflect.DeepEqual(links(back), links(g)) {
				t.Errorf("parent-child lines differ:\n got %v\nwant %v", links(back), links(g))
			}
		})
	}
}

func TestExportGEDCOMLongAndOddNames(t *testing.T) {
	long := strings.Repeat("𝔅", 60) + " " + strings.Repeat("b", 19) // 80 characters, 260 bytes
	g := &Genogram{Persons: []Person{
		{ID: "a b", Alias: long, Sex: SexFemale},
		{ID: "x", Alias: "line\nbreak @here@", Sex: SexOther},
	}}
	var buf bytes.Buffer
	if err := ExportGEDCOM(&buf, g); err != nil {
		t.Fatal(err)
	}
	back, _, err := ImportGEDCOM(context.Background(), &buf)
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if back.Persons[0].Alias != long {
		t.Errorf("long alias not preserved through CONC")
	}
	if back.Persons[0].ID == "a b" {
		t.Errorf("invalid xref kept")
	}
	if back.Persons[1].Alias != "line break @here@" || back.Persons[1].Sex != SexOther {
		t.Errorf("odd alias = %q", back.Persons[1].Alias)
	}
}

func TestRenderGEDCOM(t *testing.T) {
	src, err := os.ReadFile("testdata/small.ged")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	warns, err := RenderGEDCOM(context.Background(), bytes.NewReader(src), &out, Options{Focus: "I4", Generations: 1, Lang: "en"})
	if err != nil || len(warns) != 2 {
		t.Fatalf("err=%v warns=%d", err, len(warns))
	}
	nodes := parseSVG(t, out.Bytes())
	ids := map[string]bool{}
	for _, n := range nodes {
		if id := n.attrs["data-person-id"]; id != "" {
			ids[id] = true
		}
	}
	// Noor, her mother and her foster parents; not the grandparents
	if !ids["I4"] || !ids["I3"] || !ids["I5"] || ids["I1"] {
		t.Errorf("focus drew %v", ids)
	}
	if _, err := RenderGEDCOM(context.Background(), bytes.NewReader(src), io.Discard, Options{Focus: "nope", Generations: 1}); err == nil {
		t.Error("unknown focus accepted")
	}
}
