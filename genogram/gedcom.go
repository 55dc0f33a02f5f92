package genogram

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rotonde-jeugd/rotonde"
)

// maxGEDCOMLine bounds a single line; GEDCOM allows 255 characters, real
// files are sloppier, but a megabyte on one line is not a genealogy.
const maxGEDCOMLine = 1 << 20

// maxGEDCOMWarnings keeps the warning list readable on very messy files.
const maxGEDCOMWarnings = 200

func gedErr(line int, nl, en string, args ...any) *rotonde.Error {
	e := rotonde.Errorf(rotonde.EInvalid, nl, en, args...)
	e.NL = "GEDCOM regel " + strconv.Itoa(line) + ": " + e.NL
	e.EN = "GEDCOM line " + strconv.Itoa(line) + ": " + e.EN
	return e
}

// gedLine is one parsed line: LEVEL [@XREF@] TAG [VALUE].
type gedLine struct {
	num   int
	level int
	xref  string
	tag   string
	value string
}

// splitLines splits on \n, \r\n and lone \r (all three occur in the wild).
func splitLines(data []byte, atEOF bool) (int, []byte, error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
		if data[i] == '\r' {
			if i+1 < len(data) {
				if data[i+1] == '\n' {
					return i + 2, data[:i], nil
				}
				return i + 1, data[:i], nil
			}
			if !atEOF {
				return 0, nil, nil // need one more byte to know whether \n follows
			}
		}
		return i + 1, data[:i], nil
	}
	if atEOF {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// parseGEDLine parses one non-empty line.
func parseGEDLine(num int, raw []byte) (gedLine, *rotonde.Error) {
	s := strings.TrimLeft(string(raw), " \t")
	if num == 1 {
		s = strings.TrimPrefix(s, "\uFEFF")
	}
	l := gedLine{num: num}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 2 {
		return l, gedErr(num, "verwacht een niveaunummer (0-99) aan het begin van de regel", "expected a level number (0-99) at the start of the line")
	}
	l.level, _ = strconv.Atoi(s[:i])
	rest := strings.TrimLeft(s[i:], " ")
	if len(rest) == len(s[i:]) && rest != "" {
		return l, gedErr(num, "na het niveaunummer moet een spatie staan", "a space must follow the level number")
	}
	if strings.HasPrefix(rest, "@") {
		end := strings.IndexByte(rest[1:], '@')
		if end < 0 {
			return l, gedErr(num, "verwijzing zonder afsluitende @", "cross-reference without closing @")
		}
		l.xref = rest[1 : end+1]
		if l.xref == "" {
			return l, gedErr(num, "lege verwijzing @@", "empty cross-reference @@")
		}
		rest = strings.TrimLeft(rest[end+2:], " ")
	}
	tagEnd := strings.IndexByte(rest, ' ')
	if tagEnd < 0 {
		tagEnd = len(rest)
	}
	l.tag = strings.ToUpper(rest[:tagEnd])
	if l.tag == "" {
		return l, gedErr(num, "regel zonder tag", "line without a tag")
	}
	for _, c := range l.tag {
		if !(c == '_' || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			return l, gedErr(num, "ongeldige tag %q", "invalid tag %q", truncate(l.tag, 20))
		}
	}
	if tagEnd < len(rest) {
		l.value = rest[tagEnd+1:]
	}
	if !utf8.ValidString(l.value) {
		l.value = strings.ToValidUTF8(l.value, "\uFFFD")
	}
	return l, nil
}

// pointer extracts the xref from a value like "@I1@".
func pointer(l gedLine) (string, *rotonde.Error) {
	v := strings.TrimSpace(l.value)
	if len(v) < 3 || v[0] != '@' || v[len(v)-1] != '@' || strings.Contains(v[1:len(v)-1], "@") {
		return "", gedErr(l.num, "bij %s wordt een verwijzing als @I1@ verwacht", "%s expects a cross-reference such as @I1@", l.tag)
	}
	return v[1 : len(v)-1], nil
}

var gedMonths = map[string]bool{
	"JAN": true, "FEB": true, "MAR": true, "APR": true, "MAY": true, "JUN": true,
	"JUL": true, "AUG": true, "SEP": true, "OCT": true, "NOV": true, "DEC": true,
}

// ParseGEDCOMYear takes the year from a GEDCOM date: "1980", "12 MAR 1980",
// "ABT 1980", "BEF 1980", "AFT 1980", "BET 1970 AND 1980" (the first),
// "1980/81". It returns 0, false when there is no year (a date phrase).
func ParseGEDCOMYear(date string) (int, bool) {
	fields := strings.Fields(strings.ToUpper(date))
	for i, f := range fields {
		if strings.HasPrefix(f, "(") {
			break // the rest is a free-text date phrase
		}
		digits := f
		if k := strings.IndexByte(f, '/'); k > 0 {
			digits = f[:k]
		}
		if digits == "" || len(digits) > 4 {
			continue
		}
		n := 0
		ok := true
		for _, c := range digits {
			if c < '0' || c > '9' {
				ok = false
				break
			}
			n = n*10 + int(c-'0')
		}
		if !ok {
			continue
		}
		if i+1 < len(fields) && gedMonths[fields[i+1]] {
			continue // a day number
		}
		if n == 0 {
			continue
		}
		return n, true
	}
	return 0, false
}

type gedIndi struct {
	line    int
	person  Person
	pedi    map[string]ChildKind // family xref → kind (from FAMC/PEDI)
	hasName bool
}

type gedRef struct {
	id   string
	line int
}

type gedFam struct {
	line       int
	id         string
	husb, wife gedRef
	children   []gedRef
	married    bool
	divorced   bool
	separated  bool
	start, end int
}

// ImportGEDCOM reads a GEDCOM 5.5.1 file in one streaming pass: INDI (NAME
// as alias, SEX, BIRT/DEAT with DATE, FAMC/PEDI for adopted and foster
// children) and FAM (HUSB, WIFE, CHIL, MARR, DIV, and the custom _SEP for
// separated). A FAM with MARR is married, with DIV divorced, with _SEP
// separated, and otherwise living together. Unknown tags are skipped and
// reported as warnings with their line number. Malformed input returns an
// error naming the line, and no genogram at all.
func ImportGEDCOM(ctx context.Context, r io.Reader) (*Genogram, []Issue, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxGEDCOMLine)
	sc.Split(splitLines)

	var (
		warns     []Issue
		dropped   int
		indis     []*gedIndi
		indiByID  = make(map[string]*gedIndi)
		fams      []*gedFam
		famByID   = make(map[string]bool)
		curIndi   *gedIndi
		curFam    *gedFam
		prevLevel = -1
		skipBelow = -1 // skip lines deeper than this level (an ignored subtree)
		ctxTag    [100]string
		nameLine  bool // the previous line chain is the INDI's first NAME (for CONC/CONT)
		famcID    string
		num       int
		sawHead   bool
	)
	warn := func(line int, nl, en string, args ...any) {
		if len(warns) >= maxGEDCOMWarnings {
			dropped++
			return
		}
		e := gedErr(line, nl, en, args...)
		warns = append(warns, Issue{NL: e.NL, EN: e.EN})
	}
	for sc.Scan() {
		num++
		if num&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		raw := sc.Bytes()
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		l, perr := parseGEDLine(num, raw)
		if perr != nil {
			return nil, nil, perr
		}
		if l.level > prevLevel+1 {
			return nil, nil, gedErr(num, "niveau %d volgt op niveau %d; er mag maar één niveau tegelijk dieper", "level %d follows level %d; levels may only go one deeper at a time", l.level, max(prevLevel, 0))
		}
		if !sawHead {
			if l.level != 0 || l.tag != "HEAD" {
				return nil, nil, gedErr(num, "een GEDCOM-bestand begint met 0 HEAD", "a GEDCOM file starts with 0 HEAD")
			}
			sawHead = true
		}
		prevLevel = l.level
		ctxTag[l.level] = l.tag
		if skipBelow >= 0 {
			if l.level > skipBelow {
				continue
			}
			skipBelow = -1
		}
		if l.tag == "CONC" || l.tag == "CONT" {
			if nameLine && l.level == 2 && curIndi != nil {
				if l.tag == "CONT" {
					curIndi.person.Alias += " "
				}
				curIndi.person.Alias += l.value
			}
			continue
		}
		if l.level <= 1 {
			nameLine = false
		}

		if l.level == 0 {
			curIndi, curFam = nil, nil
			switch l.tag {
			case "INDI":
				if l.xref == "" {
					return nil, nil, gedErr(num, "INDI zonder @ID@", "INDI without @ID@")
				}
				if _, dup := indiByID[l.xref]; dup || famByID[l.xref] {
					return nil, nil, gedErr(num, "ID @%s@ komt twee keer voor", "ID @%s@ occurs twice", l.xref)
				}
				curIndi = &gedIndi{line: num, person: Person{ID: l.xref, Sex: SexUnknown}}
				indiByID[l.xref] = curIndi
				indis = append(indis, curIndi)
			case "FAM":
				if l.xref == "" {
					return nil, nil, gedErr(num, "FAM zonder @ID@", "FAM without @ID@")
				}
				if _, dup := indiByID[l.xref]; dup || famByID[l.xref] {
					return nil, nil, gedErr(num, "ID @%s@ komt twee keer voor", "ID @%s@ occurs twice", l.xref)
				}
				famByID[l.xref] = true
				curFam = &gedFam{line: num, id: l.xref}
				fams = append(fams, curFam)
			case "HEAD", "TRLR", "SUBM", "SUBN", "SOUR", "NOTE", "OBJE", "REPO", "SNOTE":
				skipBelow = 0
			default:
				warn(num, "onbekend record %s overgeslagen", "unknown record %s skipped", l.tag)
				skipBelow = 0
			}
			continue
		}

		switch {
		case curIndi != nil:
			if err := importIndiLine(curIndi, l, &ctxTag, &nameLine, &famcID, &skipBelow, warn); err != nil {
				return nil, nil, err
			}
		case curFam != nil:
			if err := importFamLine(curFam, l, &ctxTag, &skipBelow, warn); err != nil {
				return nil, nil, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			return nil, nil, gedErr(num+1, "regel is te lang", "line is too long")
		}
		return nil, nil, err
	}
	if !sawHead {
		return nil, nil, rotonde.Errorf(rotonde.EInvalid, "het bestand is leeg of geen GEDCOM", "the file is empty or not GEDCOM")
	}

	g := &Genogram{Persons: make([]Person, 0, len(indis))}
	for _, in := range indis {
		in.person.Alias = cleanName(in.person.Alias)
		g.Persons = append(g.Persons, in.person)
	}
	resolve := func(ref gedRef) (string, *rotonde.Error) {
		if ref.id == "" {
			return "", nil
		}
		if _, ok := indiByID[ref.id]; !ok {
			return "", gedErr(ref.line, "verwijzing naar onbekende persoon @%s@", "reference to unknown person @%s@", ref.id)
		}
		return ref.id, nil
	}
	for _, f := range fams {
		h, err := resolve(f.husb)
		if err != nil {
			return nil, nil, err
		}
		w, err := resolve(f.wife)
		if err != nil {
			return nil, nil, err
		}
		if h != "" && h == w {
			return nil, nil, gedErr(f.line, "gezin @%s@ heeft dezelfde persoon als beide partners", "family @%s@ has the same person as both partners", f.id)
		}
		if h != "" && w != "" {
			kind := LivingTogether
			switch {
			case f.divorced:
				kind = Divorced
			case f.separated:
				kind = Separated
			case f.married:
				kind = Married
			}
			g.Partnerships = append(g.Partnerships, Partnership{ID: f.id, A: h, B: w, Kind: kind, StartYear: f.start, EndYear: f.end})
		}
		seen := make(map[string]bool, len(f.children))
		for _, cref := range f.children {
			c, err := resolve(cref)
			if err != nil {
				return nil, nil, err
			}
			if seen[c] {
				continue
			}
			seen[c] = true
			if c == h || c == w {
				return nil, nil, gedErr(cref.line, "@%s@ is kind én ouder in gezin @%s@", "@%s@ is both child and parent in family @%s@", c, f.id)
			}
			kind := indiByID[c].pedi[f.id]
			if kind == "" {
				kind = Biological
			}
			pc := ParentChild{Child: c, Kind: kind}
			switch {
			case h != "" && w != "":
				pc.Partnership = f.id
			case h != "":
				pc.Parent1 = h
			case w != "":
				pc.Parent1 = w
			default:
				warn(cref.line, "kind @%s@ in gezin @%s@ zonder ouders overgeslagen", "child @%s@ in family @%s@ without parents skipped", c, f.id)
				continue
			}
			g.Children = append(g.Children, pc)
		}
	}
	if dropped > 0 {
		e := rotonde.Errorf(rotonde.EInvalid, "en nog %d waarschuwingen", "and %d more warnings", dropped)
		warns = append(warns, Issue{NL: e.NL, EN: e.EN})
	}
	if errs, _ := g.Check(); len(errs) > 0 {
		return nil, nil, issuesError(errs)
	}
	return g, warns, nil
}

// Level-1 tags that carry nothing Rotonde draws, skipped without a warning.
var gedQuiet = map[string]bool{
	"FAMS": true, "CHAN": true, "RIN": true, "REFN": true, "_UID": true, "SOUR": true, "NOTE": true,
	"OBJE": true, "RFN": true, "AFN": true, "SUBM": true, "RESN": true, "ALIA": true, "ANCI": true,
	"DESI": true, "ASSO": true, "SNOTE": true, "UID": true, "NCHI": true, "_UPD": true,
}

func importIndiLine(in *gedIndi, l gedLine, ctxTag *[100]string, nameLine *bool, famcID *string, skipBelow *int, warn func(int, string, string, ...any)) *rotonde.Error {
	if l.level == 1 {
		switch l.tag {
		case "NAME":
			if !in.hasName {
				in.hasName = true
				in.person.Alias = l.value // cleaned once CONC/CONT are in
				*nameLine = true
			}
		case "SEX":
			switch strings.ToUpper(strings.TrimSpace(l.value)) {
			case "M":
				in.person.Sex = SexMale
			case "F":
				in.person.Sex = SexFemale
			case "X":
				in.person.Sex = SexOther
			case "U", "":
				in.person.Sex = SexUnknown
			default:
				warn(l.num, "onbekend geslacht %q, als onbekend gelezen", "unknown sex %q, read as unknown", truncate(l.value, 10))
			}
		case "BIRT":
		case "DEAT":
			in.person.Deceased = true
		case "FAMC":
			id, err := pointer(l)
			if err != nil {
				return err
			}
			*famcID = id
		default:
			if !gedQuiet[l.tag] && !strings.HasPrefix(l.tag, "_") {
				warn(l.num, "tag %s overgeslagen", "tag %s skipped", l.tag)
			}
			*skipBelow = 1
		}
		return nil
	}
	if l.level == 2 {
		parent := ctxTag[1]
		switch {
		case l.tag == "DATE" && (parent == "BIRT" || parent == "DEAT"):
			y, ok := ParseGEDCOMYear(l.value)
			if ok && !validYear(y) {
				warn(l.num, "onmogelijk jaartal %d genegeerd", "impossible year %d ignored", y)
				y = 0
			}
			if parent == "BIRT" {
				in.person.BirthYear = y
			} else {
				in.person.DeathYear = y
			}
		case l.tag == "PEDI" && parent == "FAMC":
			kind := Biological
			switch strings.ToLower(strings.TrimSpace(l.value)) {
			case "adopted":
				kind = Adoptive
			case "foster":
				kind = Foster
			case "step":
				kind = Step
			}
			if in.pedi == nil {
				in.pedi = make(map[string]ChildKind)
			}
			in.pedi[*famcID] = kind
		}
	}
	return nil
}

func importFamLine(f *gedFam, l gedLine, ctxTag *[100]string, skipBelow *int, warn func(int, string, string, ...any)) *rotonde.Error {
	if l.level == 1 {
		switch l.tag {
		case "HUSB", "WIFE", "CHIL":
			id, err := pointer(l)
			if err != nil {
				return err
			}
			ref := gedRef{id: id, line: l.num}
			switch {
			case l.tag == "CHIL":
				f.children = append(f.children, ref)
			case l.tag == "HUSB" && f.husb.id == "":
				f.husb = ref
			case l.tag == "WIFE" && f.wife.id == "":
				f.wife = ref
			default:
				warn(l.num, "tweede %s in gezin @%s@ overgeslagen", "second %s in family @%s@ skipped", l.tag, f.id)
			}
		case "MARR":
			f.married = true
		case "DIV":
			f.divorced = true
		case "_SEP":
			f.separated = true
		default:
			if !gedQuiet[l.tag] && !strings.HasPrefix(l.tag, "_") {
				warn(l.num, "tag %s overgeslagen", "tag %s skipped", l.tag)
			}
			*skipBelow = 1
		}
		return nil
	}
	if l.level == 2 && l.tag == "DATE" {
		parent := ctxTag[1]
		y, ok := ParseGEDCOMYear(l.value)
		if ok && !validYear(y) {
			warn(l.num, "onmogelijk jaartal %d genegeerd", "impossible year %d ignored", y)
			y = 0
		}
		switch parent {
		case "MARR":
			f.start = y
		case "DIV", "_SEP":
			f.end = y
		}
	}
	return nil
}

// cleanName turns "Jan /Jansen/" into "Jan Jansen".
func cleanName(v string) string {
	v = strings.ReplaceAll(strings.ReplaceAll(v, "@@", "@"), "/", " ")
	return strings.Join(strings.Fields(v), " ")
}
