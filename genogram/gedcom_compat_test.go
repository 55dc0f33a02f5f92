package genogram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/rotonde-jeugd/rotonde"
)

const compatHead = "0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 CHAR UTF-8\n"

func mustImport(t *testing.T, src string) (*Genogram, []Issue) {
	t.Helper()
	g, warns, err := ImportGEDCOM(context.Background(), strings.NewReader(src))
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	return g, warns
}

func childKind(g *Genogram, child string) ChildKind {
	for _, pc := range g.Children {
		if pc.Child == child {
			return pc.Kind
		}
	}
	return ""
}

// TestImportGEDCOMFromOtherPrograms reads what Gramps, GEDCOM 5.5 and
// GEDCOM 7 programs write: step, adopted and foster children in their
// several forms, separations as EVEN/TYPE, @VOID@ pointers, shared notes
// and Gramps' way of keeping sex X.
func TestImportGEDCOMFromOtherPrograms(t *testing.T) {
	family := "0 @M@ INDI\n1 NAME Mo /Ma/\n1 SEX F\n0 @D@ INDI\n1 NAME Da /Ma/\n1 SEX M\n"
	t.Run("gramps pedi", func(t *testing.T) {
		g, warns := mustImport(t, compatHead+family+
			"0 @A@ INDI\n1 NAME a\n1 FAMC @F@\n2 PEDI stepchild\n"+
			"0 @B@ INDI\n1 NAME b\n1 FAMC @F@\n2 PEDI adopted\n"+
			"0 @C@ INDI\n1 NAME c\n1 FAMC @F@\n2 PEDI birth\n"+
			"0 @E@ INDI\n1 NAME e\n1 FAMC @F@\n"+
			"0 @F@ FAM\n1 HUSB @D@\n1 WIFE @M@\n1 CHIL @A@\n1 CHIL @B@\n1 CHIL @C@\n1 CHIL @E@\n2 _FREL Foster\n2 _MREL Foster\n0 TRLR\n")
		for child, want := range map[string]ChildKind{"A": Step, "B": Adoptive, "C": Biological, "E": Foster} {
			if got := childKind(g, child); got != want {
				t.Errorf("%s: %s, want %s", child, got, want)
			}
		}
		if len(warns) != 0 {
			t.Errorf("warnings %v", warns)
		}
	})
	t.Run("separation as EVEN", func(t *testing.T) {
		g, _ := mustImport(t, compatHead+family+"0 @F@ FAM\n1 HUSB @D@\n1 WIFE @M@\n1 MARR\n2 DATE 3 JUN 1990\n1 EVEN\n2 TYPE Separation\n2 DATE ABT 2004\n2 PLAC Utrecht\n0 TRLR\n")
		pt := g.Partnerships[0]
		if pt.Kind != Separated || pt.StartYear != 1990 || pt.EndYear != 2004 || pt.GEDCOM.End != (GEDCOMEvent{"ABT 2004", "Utrecht"}) {
			t.Errorf("partnership %+v %+v", pt, pt.GEDCOM)
		}
	})
	t.Run("gedcom 5.5 ADOP", func(t *testing.T) {
		g, _ := mustImport(t, compatHead+family+"0 @A@ INDI\n1 NAME a\n1 ADOP\n2 DATE 2012\n2 FAMC @F@\n3 ADOP BOTH\n0 @F@ FAM\n1 HUSB @D@\n1 WIFE @M@\n1 CHIL @A@\n0 TRLR\n")
		if got := childKind(g, "A"); got != Adoptive {
			t.Errorf("ADOP child is %s", got)
		}
	})
	t.Run("gedcom 7", func(t *testing.T) {
		g, _ := mustImport(t, "0 HEAD\n1 GEDC\n2 VERS 7.0\n0 @N1@ SNOTE Gedeelde notitie\n1 CONT tweede regel\n"+family+
			"0 @A@ INDI\n1 NAME a\n1 SEX X\n1 SNOTE @N1@\n1 FAMC @F@\n2 PEDI FOSTER\n"+
			"0 @F@ FAM\n1 HUSB @VOID@\n1 WIFE @M@\n1 CHIL @A@\n1 CHIL @VOID@\n0 TRLR\n")
		a, _ := g.PersonByID("A")
		if a.Sex != SexOther || a.GEDCOM.Note != "Gedeelde notitie\ntweede regel" {
			t.Errorf("a = %+v %+v", a, a.GEDCOM)
		}
		if len(g.Children) != 1 || g.Children[0].Parent1 != "M" || g.Children[0].Kind != Foster {
			t.Errorf("children %+v", g.Children)
		}
	})
	t.Run("gramps sex X", func(t *testing.T) {
		g, _ := mustImport(t, compatHead+"0 @A@ INDI\n1 NAME a\n1 EVEN X\n2 TYPE _SEX\n0 TRLR\n")
		if g.Persons[0].Sex != SexOther {
			t.Errorf("sex %s", g.Persons[0].Sex)
		}
	})
}

// TestDecodeGEDCOMCharacterSets reads the same names from UTF-16 (both
// byte orders), ANSEL and ANSI, warning for the two old character sets.
func TestDecodeGEDCOMCharacterSets(t *testing.T) {
	body := "0 @I1@ INDI\n1 NAME Zoë /Müller/\n0 @I2@ INDI\n1 NAME Łucja /Dvořák/\n0 TRLR\n"
	utf16Of := func(s string, big bool) []byte {
		var b bytes.Buffer
		if big {
			b.Write([]byte{0xFE, 0xFF})
		} else {
			b.Write([]byte{0xFF, 0xFE})
		}
		for _, u := range utf16.Encode([]rune(s)) {
			if big {
				b.Write([]byte{byte(u >> 8), byte(u)})
			} else {
				b.Write([]byte{byte(u), byte(u >> 8)})
			}
		}
		return b.Bytes()
	}
	ansel := []byte("0 HEAD\n1 CHAR ANSEL\n0 @I1@ INDI\n1 NAME Zo\xe8e /M\xe8uller/\n0 @I2@ INDI\n1 NAME \xa1ucja /Dvo\xe9r\xe2ak/\n0 TRLR\n")
	ansi := []byte("0 HEAD\n1 CHAR ANSI\n0 @I1@ INDI\n1 NAME Zo\xeb /M\xfcller/\n0 TRLR\n")
	cases := []struct {
		name  string
		data  []byte
		names []string
		warn  bool
	}{
		{"utf-16le", utf16Of("0 HEAD\n1 CHAR UNICODE\n"+body, false), []string{"Zoë Müller", "Łucja Dvořák"}, false},
		{"utf-16be", utf16Of("0 HEAD\n1 CHAR UNICODE\n"+body, true), []string{"Zoë Müller", "Łucja Dvořák"}, false},
		{"ansel", ansel, []string{"Zoë Müller", "Łucja Dvořák"}, true},
		{"ansi", ansi, []string{"Zoë Müller"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text, warns, err := DecodeGEDCOM(c.data)
			if err != nil {
				t.Fatal(err)
			}
			if (len(warns) > 0) != c.warn {
				t.Errorf("warnings %v", warns)
			}
			if !strings.Contains(text, "1 CHAR UTF-8") && c.name != "utf-16le" && c.name != "utf-16be" {
				t.Errorf("header not rewritten:\n%s", text)
			}
			// decoding again changes nothing: the confirm step sees the same text
			again, _, err := DecodeGEDCOM([]byte(text))
			if err != nil || again != text {
				t.Errorf("second decoding differs: %v", err)
			}
			g, iw, err := ImportGEDCOM(context.Background(), bytes.NewReader(c.data))
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range c.names {
				if g.Persons[i].Alias != want {
					t.Errorf("name %d = %q, want %q", i, g.Persons[i].Alias, want)
				}
			}
			if c.warn && (len(iw) == 0 || !strings.Contains(iw[0].Message("nl"), "omgezet naar UTF-8")) {
				t.Errorf("import warnings %v", iw)
			}
		})
	}
	if _, _, err := DecodeGEDCOM([]byte("0 HEAD\n0 @I1@ INDI\n1 NAME Zo\xeb\n")); err == nil {
		t.Error("undeclared non-UTF-8 accepted")
	}
}

// TestImportGEDCOMLimits: each limit stops the import at once, with an
// error that names it.
func TestImportGEDCOMLimits(t *testing.T) {
	var big strings.Builder
	big.WriteString(compatHead)
	for i := range 5000 {
		fmt.Fprintf(&big, "0 @I%d@ INDI\n1 NAME persoon %d\n1 SEX U\n", i, i)
	}
	big.WriteString("0 TRLR\n")
	cases := []struct {
		lim  Limits
		want string
	}{
		{Limits{Bytes: 64 << 10, Lines: 1e6, Persons: 1e6}, "too large (at most 64 kB)"},
		{Limits{Bytes: 1 << 30, Lines: 1000, Persons: 1e6}, "too many lines (at most 1000)"},
		{Limits{Bytes: 1 << 30, Lines: 1e6, Persons: 100}, "too many persons (at most 100)"},
	}
	for _, c := range cases {
		start := time.Now()
		g, _, err := ImportGEDCOMLimited(context.Background(), strings.NewReader(big.String()), c.lim)
		var re *rotonde.Error
		if g != nil || !errors.As(err, &re) || re.Code != rotonde.ETooLarge || !strings.Contains(re.Message("en"), c.want) || !strings.Contains(re.Message("nl"), "hoogstens") {
			t.Errorf("limit %+v: %v", c.lim, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("limit %+v took %v", c.lim, d)
		}
	}
	if _, _, err := ImportGEDCOM(context.Background(), strings.NewReader(big.String())); err != nil {
		t.Errorf("default limits refuse 5000 persons: %v", err)
	}
}

// TestImportGEDCOMListsProblems: a file with many problems names the
// first 50 and counts the rest, in one error, and returns no genogram.
func TestImportGEDCOMListsProblems(t *testing.T) {
	var src strings.Builder
	src.WriteString(compatHead + "0 @P@ INDI\n1 NAME p\n0 @F@ FAM\n1 HUSB @P@\n")
	for i := range 60 {
		fmt.Fprintf(&src, "1 CHIL @X%d@\n", i)
	}
	src.WriteString("0 TRLR\n")
	g, _, err := ImportGEDCOM(context.Background(), strings.NewReader(src.String()))
	var re *rotonde.Error
	if g != nil || !errors.As(err, &re) {
		t.Fatalf("err %v", err)
	}
	if !strings.HasPrefix(re.Message("en"), "60 problems in the GEDCOM file") || !strings.Contains(re.Message("en"), "@X0@") || !strings.Contains(re.Message("en"), "@X49@") ||
		strings.Contains(re.Message("en"), "@X50@") || !strings.HasSuffix(re.Message("en"), "and 10 more problems") || !strings.HasPrefix(re.Message("nl"), "60 problemen") {
		t.Errorf("error %q", re.Message("en"))
	}
}

// TestImportGEDCOMRefusesWhatStorageRefuses: a name longer than storage
// accepts is refused by the import itself (so the web preview shows it),
// naming the limit.
func TestImportGEDCOMRefusesWhatStorageRefuses(t *testing.T) {
	long := strings.Repeat("a", MaxAlias+1)
	_, _, err := ImportGEDCOM(context.Background(), strings.NewReader(compatHead+"0 @I1@ INDI\n1 NAME "+long+"\n0 TRLR\n"))
	var re *rotonde.Error
	if !errors.As(err, &re) || !strings.Contains(re.Message("en"), "the name of @I1@ is too long (81 characters; at most 80)") {
		t.Errorf("err %v", err)
	}
	g, warns := mustImport(t, compatHead+"0 @I1@ INDI\n1 SEX M\n0 TRLR\n")
	if g.Persons[0].Alias == "" || len(warns) != 1 {
		t.Errorf("nameless person %+v, warnings %v", g.Persons[0], warns)
	}
}
