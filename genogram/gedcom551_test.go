package genogram

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/internal/testtool"
)

// richGEDCOM is a family as Gramps or another program exports it, with
// what Rotonde does not draw but must give back.
const richGEDCOM = `0 HEAD
1 SOUR GRAMPS
1 GEDC
2 VERS 5.5.1
2 FORM LINEAGE-LINKED
1 CHAR UTF-8
0 @I0001@ INDI
1 NAME Ayşe /Yılmaz/
1 SEX F
1 BIRT
2 DATE 14 FEB 1978
2 PLAC İzmir, Turkije
1 NOTE Kwam in 1999 naar Nederland.
2 CONT Spreekt Turks en Nederlands.
1 FAMS @F0001@
0 @I0002@ INDI
1 NAME Piotr /Wąsowski/
1 SEX M
1 BIRT
2 DATE BET 1970 AND 1975
2 PLAC Kraków
1 DEAT
2 DATE BEF 2020
1 FAMS @F0001@
0 @I0003@ INDI
1 NAME Noor /Wąsowska/
1 SEX F
1 BIRT
2 DATE ABT 2009
1 FAMC @F0001@
0 @I0004@ INDI
1 NAME Sam
1 SEX X
1 FAMC @F0001@
2 PEDI stepchild
0 @F0001@ FAM
1 HUSB @I0002@
1 WIFE @I0001@
1 MARR
2 DATE 3 JUN 2001
2 PLAC Rotterdam
1 EVEN
2 TYPE Separation
2 DATE AFT 2015
1 CHIL @I0003@
1 CHIL @I0004@
1 NOTE Gezin uit de verwijzing.
0 TRLR
`

var (
	strictLine  = regexp.MustCompile(`^(0|[1-9][0-9]?) (?:@([A-Za-z0-9_-]{1,20})@ )?([A-Z_][A-Z0-9_]*)(?: (.*))?$`)
	strictMonth = `(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)`
	strictDay   = `(?:(?:[0-9]{1,2} )?` + strictMonth + ` )?[0-9]{3,4}(?:/[0-9]{2})?`
	strictDate  = regexp.MustCompile(`^(?:` + strictDay + `|(?:BEF|AFT|ABT|CAL|EST) ` + strictDay + `|BET ` + strictDay + ` AND ` + strictDay +
		`|FROM ` + strictDay + `(?: TO ` + strictDay + `)?|TO ` + strictDay + `|INT ` + strictDay + ` \([^()]+\)|\([^()]+\))$`)
	// the 5.5.1 tags an INDI, FAM, SUBM and HEAD may hold, by their parent
	strictTags = map[string]string{
		"HEAD": "SOUR SUBM GEDC CHAR DEST DATE FILE COPR LANG PLAC NOTE SUBN",
		"SOUR": "NAME VERS CORP DATA", "GEDC": "VERS FORM",
		"SUBM": "NAME ADDR LANG RFN RIN NOTE CHAN OBJE",
		"INDI": "RESN NAME SEX BIRT CHR DEAT BURI CREM ADOP BAPM BARM BASM BLES CHRA CONF FCOM ORDN NATU EMIG IMMI CENS PROB WILL GRAD RETI EVEN CAST DSCR EDUC IDNO NATI NCHI NMR OCCU PROP RELI RESI SSN TITL FACT FAMC FAMS SUBM ASSO ALIA ANCI DESI RFN AFN REFN RIN CHAN NOTE SOUR OBJE",
		"FAM":  "RESN ANUL CENS DIV DIVF ENGA MARB MARC MARR MARL MARS RESI EVEN HUSB WIFE CHIL NCHI SUBM REFN RIN CHAN NOTE SOUR OBJE",
		"NAME": "NPFX GIVN NICK SPFX SURN NSFX NOTE SOUR FONE ROMN TYPE",
		"BIRT": "TYPE DATE PLAC ADDR AGNC RELI CAUS NOTE SOUR OBJE AGE FAMC", "DEAT": "TYPE DATE PLAC ADDR AGNC RELI CAUS NOTE SOUR OBJE AGE",
		"MARR": "TYPE DATE PLAC ADDR AGNC RELI CAUS NOTE SOUR OBJE HUSB WIFE", "DIV": "TYPE DATE PLAC ADDR AGNC RELI CAUS NOTE SOUR OBJE HUSB WIFE",
		"EVEN": "TYPE DATE PLAC ADDR AGNC RELI CAUS NOTE SOUR OBJE HUSB WIFE",
		"FAMC": "PEDI STAT NOTE", "FAMS": "NOTE", "NOTE": "CONC CONT SOUR",
		"CHIL": "", "HUSB": "AGE", "WIFE": "AGE", "SEX": "", "PEDI": "", "DATE": "TIME", "PLAC": "FORM FONE ROMN MAP NOTE",
	}
)

// checkStrict551 checks a file against the GEDCOM 5.5.1 grammar as far as
// Rotonde writes it: line form and length, levels, the header with its
// submitter, tags in their place (or a user-defined _TAG), the values of
// SEX, PEDI and DATE, pointers that resolve, and FAMS/FAMC that agree with
// HUSB, WIFE and CHIL.
func checkStrict551(t *testing.T, data []byte) {
	t.Helper()
	sf := &strict551{t: t, recs: map[string]*strictRec{}}
	sf.read(data)
	head := sf.order[0]
	if head.sub["SOUR"] == nil || len(head.sub["SUBM"]) != 1 || head.sub["GEDC"] == nil || len(head.sub["CHAR"]) != 1 || head.sub["CHAR"][0] != "UTF-8" {
		t.Errorf("header lacks SOUR, SUBM, GEDC or CHAR UTF-8: %v", head.sub)
	}
	if !bytes.Contains(data, []byte("\n1 GEDC\n2 VERS 5.5.1\n2 FORM LINEAGE-LINKED\n")) {
		t.Errorf("header does not say 5.5.1 LINEAGE-LINKED")
	}
	if s := sf.deref(head.sub["SUBM"][0]); s == nil || s.tag != "SUBM" || len(s.sub["NAME"]) != 1 {
		t.Errorf("HEAD.SUBM does not point to a SUBM record with a NAME")
	}
	sf.checkLinks()
}

// strictRec is a level-0 record of a file checkStrict551 reads.
type strictRec struct {
	tag  string
	sub  map[string][]string // level-1 tag → values
	line int
}

// strict551 is what checkStrict551 has read of a file, and how many
// errors it has reported.
type strict551 struct {
	t     *testing.T
	recs  map[string]*strictRec // by XREF
	order []*strictRec
	errs  int
}

// fail reports an error at line n; past 20 it only counts them.
func (sf *strict551) fail(n int, line, format string, args ...any) {
	sf.t.Helper()
	if sf.errs < 20 {
		sf.t.Errorf("line %d %q: %s", n, line, fmt.Sprintf(format, args...))
	}
	sf.errs++
}

// read checks every line's form, level and tag, and collects the records.
func (sf *strict551) read(data []byte) {
	sf.t.Helper()
	var cur *strictRec
	var stack []string
	prev := -1
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for i, line := range lines {
		n := i + 1
		if len(line) > 255 {
			sf.fail(n, line[:40], "longer than 255")
		}
		m := strictLine.FindStringSubmatch(line)
		if m == nil {
			sf.fail(n, line, "not a GEDCOM line")
			continue
		}
		level := int(m[1][0] - '0')
		if len(m[1]) == 2 {
			level = level*10 + int(m[1][1]-'0')
		}
		xref, tag, value := m[2], m[3], m[4]
		if level > prev+1 {
			sf.fail(n, line, "level jumps")
		}
		prev = level
		stack = append(stack[:min(level, len(stack))], tag)
		if level == 0 {
			cur = &strictRec{tag: tag, sub: map[string][]string{}, line: n}
			sf.order = append(sf.order, cur)
			if xref != "" {
				if sf.recs[xref] != nil {
					sf.fail(n, line, "XREF twice")
				}
				sf.recs[xref] = cur
			}
			if (n == 1) != (tag == "HEAD") || (n == len(lines)) != (tag == "TRLR") {
				sf.fail(n, line, "HEAD must come first and TRLR last")
			}
			continue
		}
		if level == 1 {
			cur.sub[tag] = append(cur.sub[tag], value)
		}
		parent := stack[level-1]
		if allowed, known := strictTags[parent]; known && !strings.HasPrefix(tag, "_") && !strings.Contains(" "+allowed+" ", " "+tag+" ") {
			sf.fail(n, line, "%s is not a 5.5.1 tag under %s", tag, parent)
		}
		sf.checkValue(n, line, tag, parent, value)
	}
}

// checkValue checks the values 5.5.1 restricts: SEX, PEDI, DATE and a
// person's NAME.
func (sf *strict551) checkValue(n int, line, tag, parent, value string) {
	sf.t.Helper()
	switch tag {
	case "SEX":
		if value != "M" && value != "F" && value != "U" {
			sf.fail(n, line, "SEX must be M, F or U")
		}
	case "PEDI":
		if value != "adopted" && value != "birth" && value != "foster" && value != "sealing" {
			sf.fail(n, line, "not a 5.5.1 pedigree")
		}
	case "DATE":
		if parent != "CHAN" && !strictDate.MatchString(value) {
			sf.fail(n, line, "not a 5.5.1 date")
		}
	case "NAME":
		if parent == "INDI" && (strings.Count(value, "/") != 0 && strings.Count(value, "/") != 2 || len([]rune(value)) > 120) {
			sf.fail(n, line, "not a 5.5.1 personal name")
		}
	}
}

// deref gives the record a pointer value (@X@) points to, nil if none.
func (sf *strict551) deref(v string) *strictRec {
	if len(v) < 3 || v[0] != '@' {
		return nil
	}
	return sf.recs[strings.Trim(v, "@")]
}

// checkLinks checks that FAMS and FAMC agree with HUSB, WIFE and CHIL,
// both ways.
func (sf *strict551) checkLinks() {
	t := sf.t
	t.Helper()
	for id, r := range sf.recs {
		switch r.tag {
		case "INDI":
			for _, f := range r.sub["FAMS"] {
				if fam := sf.deref(f); fam == nil || fam.tag != "FAM" || !slicesContain(append(fam.sub["HUSB"], fam.sub["WIFE"]...), "@"+id+"@") {
					t.Errorf("@%s@ FAMS %s not answered by HUSB/WIFE", id, f)
				}
			}
			for _, f := range r.sub["FAMC"] {
				if fam := sf.deref(f); fam == nil || fam.tag != "FAM" || !slicesContain(fam.sub["CHIL"], "@"+id+"@") {
					t.Errorf("@%s@ FAMC %s not answered by CHIL", id, f)
				}
			}
		case "FAM":
			for _, k := range []string{"HUSB", "WIFE"} {
				for _, p := range r.sub[k] {
					if in := sf.deref(p); in == nil || in.tag != "INDI" || !slicesContain(in.sub["FAMS"], "@"+id+"@") {
						t.Errorf("@%s@ %s %s has no FAMS back", id, k, p)
					}
				}
			}
			for _, p := range r.sub["CHIL"] {
				if in := sf.deref(p); in == nil || in.tag != "INDI" || !slicesContain(in.sub["FAMC"], "@"+id+"@") {
					t.Errorf("@%s@ CHIL %s has no FAMC back", id, p)
				}
			}
		}
	}
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func exportOf(t *testing.T, g *Genogram) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := ExportGEDCOM(&buf, g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestExportGEDCOMIsStrict551 checks Rotonde's own families, a large
// synthetic one (foster, adoptive and step children, divorces,
// separations, sex other) and an imported file against the 5.5.1 grammar.
func TestExportGEDCOMIsStrict551(t *testing.T) {
	rich, _ := mustImport(t, richGEDCOM)
	for name, g := range map[string]*Genogram{"demo": StepfamilyFixture(), "synthetic": SyntheticFamily(400, 3), "imported": rich} {
		t.Run(name, func(t *testing.T) {
			checkStrict551(t, exportOf(t, g))
		})
	}
}

// TestExportGEDCOMKeepsWhatTheImportGave: XREFs, name parts, dates with
// day precision and qualifiers, places and notes come back as they were.
func TestExportGEDCOMKeepsWhatTheImportGave(t *testing.T) {
	g, _ := mustImport(t, richGEDCOM)
	out := string(exportOf(t, g))
	for _, want := range []string{
		"0 @I0001@ INDI\n1 NAME Ayşe /Yılmaz/\n2 GIVN Ayşe\n2 SURN Yılmaz\n1 SEX F\n1 BIRT\n2 DATE 14 FEB 1978\n2 PLAC İzmir, Turkije\n",
		"1 NOTE Kwam in 1999 naar Nederland.\n2 CONT Spreekt Turks en Nederlands.\n",
		"1 BIRT\n2 DATE BET 1970 AND 1975\n2 PLAC Kraków\n1 DEAT\n2 DATE BEF 2020\n",
		"0 @I0004@ INDI\n1 NAME Sam\n1 SEX U\n1 _SEX X\n1 FAMC @F0001@\n",
		"0 @F0001@ FAM\n1 HUSB @I0002@\n1 WIFE @I0001@\n1 MARR\n2 DATE 3 JUN 2001\n2 PLAC Rotterdam\n1 EVEN\n2 TYPE Separation\n2 DATE AFT 2015\n",
		"1 CHIL @I0004@\n2 _FREL Step\n2 _MREL Step\n", "1 NOTE Gezin uit de verwijzing.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks\n%s\nin\n%s", want, out)
		}
	}
	// a year changed in Rotonde wins over the kept date
	g.Persons[0].BirthYear = 1979
	if out := string(exportOf(t, g)); !strings.Contains(out, "1 BIRT\n2 DATE 1979\n2 PLAC İzmir, Turkije\n") {
		t.Errorf("changed year not written:\n%s", out)
	}
	// a renamed person loses the old name parts
	g.Persons[0].Alias = "moeder"
	if out := string(exportOf(t, g)); !strings.Contains(out, "1 NAME moeder\n1 SEX F") {
		t.Errorf("renamed person:\n%s", out)
	}
}

// TestGrampsReadsTheExport has Gramps (Debian's gramps, its command line,
// no display) import Rotonde's export with no errors, export it again, and
// Rotonde read that back with the same people, families, surnames, dates
// and places: the Gramps → Rotonde → Gramps round trip.
func TestGrampsReadsTheExport(t *testing.T) {
	gramps := testtool.RequireTool(t, "gramps")
	home := t.TempDir()
	run := func(args ...string) string {
		cmd := exec.Command(gramps, append([]string{"-y"}, args...)...)
		cmd.Env = append(os.Environ(), "HOME="+home, "GRAMPSHOME="+home, "LANG=C.UTF-8", "DISPLAY=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("gramps %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	rich, _ := mustImport(t, richGEDCOM)
	in := filepath.Join(home, "rotonde.ged")
	if err := os.WriteFile(in, exportOf(t, rich), 0o600); err != nil {
		t.Fatal(err)
	}
	out := run("-C", "proef", "-i", in)
	if !strings.Contains(out, "No errors detected") {
		t.Fatalf("Gramps found errors in the export:\n%s", out)
	}
	back := filepath.Join(home, "gramps.ged")
	run("-O", "proef", "-e", back)
	data, err := os.ReadFile(back)
	if err != nil {
		t.Fatal(err)
	}
	g, _, err := ImportGEDCOM(context.Background(), bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if len(g.Persons) != 4 || len(g.Partnerships) != 1 || len(g.Children) != 2 {
		t.Fatalf("after Gramps: %d persons, %d partnerships, %d children", len(g.Persons), len(g.Partnerships), len(g.Children))
	}
	byName := map[string]Person{}
	for _, p := range g.Persons {
		byName[p.Alias] = p
	}
	ayse, piotr, sam := byName["Ayşe Yılmaz"], byName["Piotr Wąsowski"], byName["Sam"]
	if ayse.GEDCOM == nil || ayse.GEDCOM.Surname != "Yılmaz" || ayse.GEDCOM.Birth != (GEDCOMEvent{"14 FEB 1978", "İzmir, Turkije"}) {
		t.Errorf("Ayşe after Gramps: %+v %+v", ayse, ayse.GEDCOM)
	}
	if piotr.GEDCOM == nil || piotr.GEDCOM.Birth.Date != "BET 1970 AND 1975" || piotr.GEDCOM.Death.Date != "BEF 2020" || !piotr.IsDeceased() {
		t.Errorf("Piotr after Gramps: %+v %+v", piotr, piotr.GEDCOM)
	}
	if sam.Sex != SexOther || childKind(g, sam.ID) != Step {
		t.Errorf("Sam after Gramps: %+v, %s", sam, childKind(g, sam.ID))
	}
	pt := g.Partnerships[0]
	if pt.Kind != Separated || pt.StartYear != 2001 || pt.EndYear != 2015 || pt.GEDCOM.Marriage != (GEDCOMEvent{"3 JUN 2001", "Rotterdam"}) {
		t.Errorf("partnership after Gramps: %+v %+v", pt, pt.GEDCOM)
	}
}
