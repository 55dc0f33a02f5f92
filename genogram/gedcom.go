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

// gedErr is a finding about one line of a GEDCOM file: "GEDCOM regel 12: …".
func gedErr(line int, key string, args ...any) *rotonde.Error {
	return rotonde.E(rotonde.EInvalid, "err.genogram.gedcom_line", line, rotonde.E(rotonde.EInvalid, key, args...))
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
		return l, gedErr(num, "err.genogram.expected_level_number_0_99_at")
	}
	l.level, _ = strconv.Atoi(s[:i])
	rest := strings.TrimLeft(s[i:], " ")
	if len(rest) == len(s[i:]) && rest != "" {
		return l, gedErr(num, "err.genogram.space_must_follow_level_number")
	}
	if strings.HasPrefix(rest, "@") {
		end := strings.IndexByte(rest[1:], '@')
		if end < 0 {
			return l, gedErr(num, "err.genogram.cross_reference_without_closing")
		}
		l.xref = rest[1 : end+1]
		if l.xref == "" {
			return l, gedErr(num, "err.genogram.empty_cross_reference")
		}
		rest = strings.TrimLeft(rest[end+2:], " ")
	}
	tagEnd := strings.IndexByte(rest, ' ')
	if tagEnd < 0 {
		tagEnd = len(rest)
	}
	l.tag = strings.ToUpper(rest[:tagEnd])
	if l.tag == "" {
		return l, gedErr(num, "err.genogram.line_without_tag")
	}
	for _, c := range l.tag {
		if !(c == '_' || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			return l, gedErr(num, "err.genogram.invalid_tag", truncate(l.tag, 20))
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
	rec     GEDCOMPerson
	pedi    map[string]ChildKind // family xref → kind (from FAMC/PEDI and ADOP)
	hasName bool
	notes   []string // note texts and @N1@ pointers to NOTE records
	even    string   // the value of the current EVEN
}

type gedRef struct {
	id   string
	line int
	kind ChildKind // for CHIL: from _FREL/_MREL, "" when not given
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
	rec        GEDCOMFamily
	notes      []string
}

// Limits bound what an import may hold. The first limit a file reaches
// stops the import at once with an error that names it.
type Limits struct {
	Bytes   int64 // of the file as uploaded
	Lines   int
	Persons int
}

// DefaultLimits fit any family a case can hold, with room to spare:
// genealogy exports of a few thousand persons are common.
var DefaultLimits = Limits{Bytes: 8 << 20, Lines: 500_000, Persons: 20_000}

// MaxAlias is the longest name (alias) a person may have, in characters.
const MaxAlias = 80

// maxGEDCOMProblems is how many problems an import error lists before it
// counts the rest.
const maxGEDCOMProblems = 50

// ImportGEDCOM reads a GEDCOM file with DefaultLimits; see
// ImportGEDCOMLimited.
func ImportGEDCOM(ctx context.Context, r io.Reader) (*Genogram, []Issue, error) {
	return ImportGEDCOMLimited(ctx, r, DefaultLimits)
}

// ImportGEDCOMLimited reads a GEDCOM 5.5.1 file (and the GEDCOM 5.5 and 7
// forms that Gramps and other programs write) in one pass: INDI (NAME as
// alias, SEX, BIRT/DEAT with DATE and PLAC, NOTE, FAMC/PEDI and ADOP for
// adopted, foster and step children) and FAM (HUSB, WIFE, CHIL with
// _FREL/_MREL, MARR, DIV, EVEN with TYPE separation and the custom _SEP for
// separated, NOTE). A FAM with MARR is married, with DIV divorced, with a
// separation separated, and otherwise living together. The file may be
// UTF-8, UTF-16 with a byte-order mark, ANSEL or ANSI (see DecodeGEDCOM).
// What the drawing does not need but an export should give back (XREFs,
// name parts, full dates, places, notes) is kept in the GEDCOM fields.
// Unknown tags are skipped and reported as warnings with their line number.
// Problems are collected: the error lists the first 50 and counts the rest,
// and no genogram is returned. A limit stops the import at once.
func ImportGEDCOMLimited(ctx context.Context, r io.Reader, lim Limits) (*Genogram, []Issue, error) {
	data, err := io.ReadAll(io.LimitReader(r, lim.Bytes+1))
	if err != nil {
		return nil, nil, err
	}
	if int64(len(data)) > lim.Bytes {
		return nil, nil, rotonde.E(rotonde.ETooLarge, "err.genogram.gedcom_file_is_too_large_at", sizeText(lim.Bytes))
	}
	text, decodeWarns, err := DecodeGEDCOM(data)
	if err != nil {
		return nil, nil, err
	}
	data = nil
	im := newGEDImport(lim, decodeWarns)
	if err := im.scan(ctx, text); err != nil {
		return nil, nil, err
	}
	g := im.build()
	if len(im.problems) > 0 {
		return nil, nil, problemsError(im.problems, im.more)
	}
	warns := im.warns
	if im.dropped > 0 {
		warns = append(warns, Issue{Text: rotonde.ECount(rotonde.EInvalid, "err.genogram.and_more_warnings", im.dropped)})
	}
	if errs, _ := g.Check(); len(errs) > 0 {
		return nil, nil, issuesError(errs)
	}
	return g, warns, nil
}

// gedImport is the state of one GEDCOM import: the records read so far,
// where in the file the reader is, and the warnings and problems found.
type gedImport struct {
	lim       Limits
	warns     []Issue
	dropped   int // warnings beyond maxGEDCOMWarnings
	problems  []Issue
	more      int // problems beyond maxGEDCOMProblems
	indis     []*gedIndi
	indiByID  map[string]*gedIndi
	fams      []*gedFam
	famByID   map[string]bool
	noteByID  map[string]*string
	curIndi   *gedIndi
	curFam    *gedFam
	prevLevel int
	skipBelow int // skip lines deeper than this level (an ignored subtree)
	ctxTag    [100]string
	cont      *string // the value that CONC/CONT lines continue
	contLevel int
	famcID    string
	num       int
	sawHead   bool
}

func newGEDImport(lim Limits, warns []Issue) *gedImport {
	return &gedImport{
		lim:       lim,
		warns:     warns,
		indiByID:  make(map[string]*gedIndi),
		famByID:   make(map[string]bool),
		noteByID:  make(map[string]*string),
		prevLevel: -1,
		skipBelow: -1,
	}
}

// warn notes a warning; past maxGEDCOMWarnings it only counts them.
func (im *gedImport) warn(line int, key string, args ...any) {
	if len(im.warns) >= maxGEDCOMWarnings {
		im.dropped++
		return
	}
	im.warns = append(im.warns, Issue{Text: gedErr(line, key, args...)})
}

// fail notes a problem; past maxGEDCOMProblems it only counts them.
func (im *gedImport) fail(e *rotonde.Error) {
	if len(im.problems) >= maxGEDCOMProblems {
		im.more++
		return
	}
	im.problems = append(im.problems, Issue{Text: e})
}

// scan reads every line of the decoded file into records. The error it
// returns stops the import: a limit, a cancelled context, a file that is
// not GEDCOM, or a line too long to read.
func (im *gedImport) scan(ctx context.Context, text string) error {
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), maxGEDCOMLine)
	sc.Split(splitLines)
	for sc.Scan() {
		im.num++
		if im.num&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if im.num > im.lim.Lines {
			return rotonde.E(rotonde.ETooLarge, "err.genogram.gedcom_file_has_too_many_lines", im.lim.Lines)
		}
		if err := im.line(sc.Bytes()); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			im.fail(gedErr(im.num+1, "err.genogram.line_is_too_long"))
			return problemsError(im.problems, im.more)
		}
		return err
	}
	if !im.sawHead {
		return rotonde.E(rotonde.EInvalid, "err.genogram.file_is_empty_or_not_gedcom")
	}
	return nil
}

// line reads one raw line. Its error stops the import; other problems
// are collected with fail.
func (im *gedImport) line(raw []byte) error {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	l, perr := parseGEDLine(im.num, raw)
	if perr != nil {
		if !im.sawHead {
			return perr
		}
		im.fail(perr)
		return nil
	}
	if l.level > im.prevLevel+1 {
		im.fail(gedErr(im.num, "err.genogram.level_follows_level_levels_may_only", l.level, max(im.prevLevel, 0)))
		return nil
	}
	if !im.sawHead {
		if l.level != 0 || l.tag != "HEAD" {
			return gedErr(im.num, "err.genogram.gedcom_file_starts_with_0_head")
		}
		im.sawHead = true
	}
	im.prevLevel = l.level
	im.ctxTag[l.level] = l.tag
	if im.skipBelow >= 0 {
		if l.level > im.skipBelow {
			return nil
		}
		im.skipBelow = -1
	}
	if l.tag == "CONC" || l.tag == "CONT" {
		if im.cont != nil && l.level == im.contLevel+1 {
			if l.tag == "CONT" {
				*im.cont += "\n"
			}
			*im.cont += l.value
		}
		return nil
	}
	im.cont = nil

	if l.level == 0 {
		return im.record(l)
	}
	switch {
	case im.curIndi != nil:
		if err := importIndiLine(im.curIndi, l, &im.ctxTag, &im.cont, &im.contLevel, &im.famcID, &im.skipBelow, im.warn); err != nil {
			im.fail(err)
		}
	case im.curFam != nil:
		if err := importFamLine(im.curFam, l, &im.ctxTag, &im.cont, &im.contLevel, &im.skipBelow, im.warn); err != nil {
			im.fail(err)
		}
	}
	return nil
}

// record starts a level-0 record: a person, a family or a shared note;
// other records are skipped whole. Its error (too many persons) stops
// the import.
func (im *gedImport) record(l gedLine) error {
	im.curIndi, im.curFam = nil, nil
	switch l.tag {
	case "INDI", "FAM":
		if l.xref == "" {
			im.fail(gedErr(im.num, "err.genogram.without_id", l.tag))
			im.skipBelow = 0
			return nil
		}
		if _, dup := im.indiByID[l.xref]; dup || im.famByID[l.xref] {
			im.fail(gedErr(im.num, "err.genogram.id_occurs_twice_2", l.xref))
			im.skipBelow = 0
			return nil
		}
		if l.tag == "FAM" {
			im.famByID[l.xref] = true
			im.curFam = &gedFam{line: im.num, id: l.xref, rec: GEDCOMFamily{XRef: l.xref}}
			im.fams = append(im.fams, im.curFam)
			return nil
		}
		if len(im.indis) >= im.lim.Persons {
			return rotonde.E(rotonde.ETooLarge, "err.genogram.gedcom_file_has_too_many_persons", im.lim.Persons)
		}
		im.curIndi = &gedIndi{line: im.num, person: Person{ID: l.xref, Sex: SexUnknown}, rec: GEDCOMPerson{XRef: l.xref}}
		im.indiByID[l.xref] = im.curIndi
		im.indis = append(im.indis, im.curIndi)
	case "NOTE", "SNOTE":
		if l.xref != "" {
			v := l.value
			im.noteByID[l.xref] = &v
			im.cont, im.contLevel = &v, 0
		}
	case "HEAD", "TRLR", "SUBM", "SUBN", "SOUR", "OBJE", "REPO":
		im.skipBelow = 0
	default:
		im.warn(im.num, "err.genogram.unknown_record_skipped", l.tag)
		im.skipBelow = 0
	}
	return nil
}

// noteText joins a record's notes, with pointers to NOTE records replaced
// by their text; pointers to unknown notes are left out.
func (im *gedImport) noteText(notes []string) string {
	var out []string
	for _, n := range notes {
		if id, ok := voidOrPointer(n); ok {
			if t, found := im.noteByID[id]; found {
				n = *t
			} else {
				continue
			}
		}
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return truncate(strings.Join(out, "\n\n"), maxGEDCOMNote)
}

// build turns the records read into a genogram: the persons, then each
// family as a partnership and its children.
func (im *gedImport) build() *Genogram {
	g := &Genogram{Persons: make([]Person, 0, len(im.indis))}
	for _, in := range im.indis {
		g.Persons = append(g.Persons, im.person(in))
	}
	for _, f := range im.fams {
		im.family(g, f)
	}
	return g
}

// person gives the person of an INDI record, with a stand-in name when it
// has none.
func (im *gedImport) person(in *gedIndi) Person {
	in.person.Alias = cleanName(in.person.Alias)
	if in.person.Alias == "" {
		in.person.Alias = "? (" + in.person.ID + ")"
		im.warn(in.line, "err.genogram.person_has_no_name_read_as", in.person.ID, in.person.Alias)
	}
	if n := utf8.RuneCountInString(in.person.Alias); n > MaxAlias {
		im.fail(gedErr(in.line, "err.genogram.name_of_is_too_long_characters", in.person.ID, n, MaxAlias))
	}
	in.rec.Note = im.noteText(in.notes)
	rec := in.rec
	in.person.GEDCOM = &rec
	return in.person
}

// resolve checks that a reference names a person in the file; an empty
// reference gives "".
func (im *gedImport) resolve(ref gedRef) (string, *rotonde.Error) {
	if ref.id == "" {
		return "", nil
	}
	if _, ok := im.indiByID[ref.id]; !ok {
		return "", gedErr(ref.line, "err.genogram.reference_to_unknown_person", ref.id)
	}
	return ref.id, nil
}

// family adds a FAM record to g: a partnership when it has both partners,
// and its children.
func (im *gedImport) family(g *Genogram, f *gedFam) {
	h, herr := im.resolve(f.husb)
	w, werr := im.resolve(f.wife)
	if herr != nil || werr != nil {
		for _, e := range []*rotonde.Error{herr, werr} {
			if e != nil {
				im.fail(e)
			}
		}
		return
	}
	if h != "" && h == w {
		im.fail(gedErr(f.line, "err.genogram.family_has_same_person_as_both", f.id))
		return
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
		f.rec.Note = im.noteText(f.notes)
		rec := f.rec
		g.Partnerships = append(g.Partnerships, Partnership{ID: f.id, A: h, B: w, Kind: kind, StartYear: f.start, EndYear: f.end, GEDCOM: &rec})
	}
	seen := make(map[string]bool, len(f.children))
	for _, cref := range f.children {
		c, err := im.resolve(cref)
		if err != nil {
			im.fail(err)
			continue
		}
		if seen[c] {
			continue
		}
		seen[c] = true
		if pc, ok := im.child(f, cref, c, h, w); ok {
			g.Children = append(g.Children, pc)
		}
	}
}

// child gives the parent-child link of child c in family f with partners
// h and w; false when it cannot be drawn.
func (im *gedImport) child(f *gedFam, cref gedRef, c, h, w string) (ParentChild, bool) {
	if c == h || c == w {
		im.fail(gedErr(cref.line, "err.genogram.is_both_child_and_parent_in", c, f.id))
		return ParentChild{}, false
	}
	kind := im.indiByID[c].pedi[f.id]
	if kind == "" {
		kind = cref.kind
	}
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
		im.warn(cref.line, "err.genogram.child_in_family_without_parents_skipped", c, f.id)
		return ParentChild{}, false
	}
	return pc, true
}

// problemsError joins the problems an import found into one error: the
// only one as it is, several as a list with a count.
func problemsError(problems []Issue, more int) *rotonde.Error {
	if len(problems) == 1 && more == 0 {
		e := *problems[0].Text
		e.Code = rotonde.EInvalid
		return &e
	}
	total := len(problems) + more
	var list rotonde.List
	for _, p := range problems {
		list = append(list, p)
	}
	if more > 0 {
		list = append(list, rotonde.ECount(rotonde.EInvalid, "err.genogram.and_more_problems", more))
	}
	return rotonde.E(rotonde.EInvalid, "err.genogram.gedcom_problems", total, list)
}

// sizeText writes a byte count as "5 MB" or "512 kB".
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	return strconv.FormatInt(n>>10, 10) + " kB"
}

// voidOrPointer reports whether v is a pointer such as @N1@ and returns its
// ID; GEDCOM 7's @VOID@ is a pointer to nothing and returns "".
func voidOrPointer(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if len(v) < 3 || v[0] != '@' || v[len(v)-1] != '@' || strings.Contains(v[1:len(v)-1], "@") {
		return "", false
	}
	if v == "@VOID@" {
		return "", true
	}
	return v[1 : len(v)-1], true
}

// Level-1 tags that carry nothing Rotonde draws, skipped without a warning.
var gedQuiet = map[string]bool{
	"FAMS": true, "CHAN": true, "RIN": true, "REFN": true, "_UID": true, "SOUR": true,
	"OBJE": true, "RFN": true, "AFN": true, "SUBM": true, "RESN": true, "ALIA": true, "ANCI": true,
	"DESI": true, "ASSO": true, "UID": true, "NCHI": true, "_UPD": true, "EXID": true,
	"CREA": true,
}

// childKindOf reads a pedigree value: GEDCOM's PEDI (adopted, birth,
// foster, sealing; Gramps adds stepchild) and the _FREL/_MREL values of
// Gramps and Family Tree Maker (Adopted, Birth, Foster, Stepchild, …).
func childKindOf(v string) (ChildKind, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "adopted", "adoptive":
		return Adoptive, true
	case "foster":
		return Foster, true
	case "step", "stepchild", "stepson", "stepdaughter":
		return Step, true
	case "birth", "natural", "biological", "sealing", "":
		return Biological, true
	}
	return Biological, false
}

// separationTypes are the EVEN TYPE values read as a separation.
var separationTypes = map[string]bool{
	"separation": true, "separated": true, "scheiding van tafel en bed": true, "uit elkaar": true,
	"gescheiden van tafel en bed": true, "separatie": true, "trennung": true,
}

func importIndiLine(in *gedIndi, l gedLine, ctxTag *[100]string, cont **string, contLevel *int, famcID *string, skipBelow *int, warn func(int, string, ...any)) *rotonde.Error {
	if l.level == 1 {
		switch l.tag {
		case "NAME":
			if !in.hasName {
				in.hasName = true
				in.person.Alias = l.value // cleaned once CONC/CONT are in
				*cont, *contLevel = &in.person.Alias, 1
				in.rec.Given, in.rec.Surname = splitName(l.value)
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
				warn(l.num, "err.genogram.unknown_sex_read_as_unknown", truncate(l.value, 10))
			}
		case "_SEX":
			if strings.EqualFold(strings.TrimSpace(l.value), "X") {
				in.person.Sex = SexOther
			}
		case "BIRT", "ADOP":
		case "EVEN":
			// an event of its own TYPE; Gramps keeps SEX X as EVEN X, TYPE _SEX
			in.even = strings.TrimSpace(l.value)
		case "DEAT":
			in.person.Deceased = true
		case "NOTE", "SNOTE":
			in.notes = append(in.notes, l.value)
			*cont, *contLevel = &in.notes[len(in.notes)-1], 1
		case "FAMC":
			id, ok := voidOrPointer(l.value)
			if !ok {
				return gedErr(l.num, "err.genogram.expects_cross_reference_such_as_i1", l.tag)
			}
			*famcID = id
		default:
			if !gedQuiet[l.tag] && !strings.HasPrefix(l.tag, "_") {
				warn(l.num, "err.genogram.tag_skipped", l.tag)
			}
			*skipBelow = 1
		}
		return nil
	}
	parent := ctxTag[1]
	if l.level == 2 {
		switch {
		case l.tag == "GIVN" && parent == "NAME":
			in.rec.Given = truncate(strings.TrimSpace(l.value), maxGEDCOMName)
		case l.tag == "SURN" && parent == "NAME":
			in.rec.Surname = truncate(strings.TrimSpace(l.value), maxGEDCOMName)
		case l.tag == "DATE" && (parent == "BIRT" || parent == "DEAT"):
			y, ok := ParseGEDCOMYear(l.value)
			if ok && !validYear(y) {
				warn(l.num, "err.genogram.impossible_year_ignored", y)
				y = 0
			}
			ev := &in.rec.Birth
			if parent == "BIRT" {
				in.person.BirthYear = y
			} else {
				in.person.DeathYear = y
				ev = &in.rec.Death
			}
			ev.Date = truncate(strings.TrimSpace(l.value), maxGEDCOMDate)
		case l.tag == "PLAC" && (parent == "BIRT" || parent == "DEAT"):
			ev := &in.rec.Birth
			if parent == "DEAT" {
				ev = &in.rec.Death
			}
			ev.Place = truncate(strings.TrimSpace(l.value), maxGEDCOMPlace)
		case l.tag == "TYPE" && parent == "EVEN":
			if strings.EqualFold(strings.TrimSpace(l.value), "_SEX") && strings.EqualFold(in.even, "X") {
				in.person.Sex = SexOther
			}
		case l.tag == "PEDI" && parent == "FAMC":
			kind, ok := childKindOf(l.value)
			if !ok {
				warn(l.num, "err.genogram.unknown_pedigree_read_as_biological", truncate(l.value, 20))
			}
			in.setPedi(*famcID, kind)
		case l.tag == "FAMC" && parent == "ADOP":
			// GEDCOM 5.5: the adoptive family under the ADOP event
			if id, ok := voidOrPointer(l.value); ok && id != "" {
				in.setPedi(id, Adoptive)
			}
		}
	}
	return nil
}

func (in *gedIndi) setPedi(fam string, kind ChildKind) {
	if fam == "" {
		return
	}
	if in.pedi == nil {
		in.pedi = make(map[string]ChildKind)
	}
	in.pedi[fam] = kind
}

func importFamLine(f *gedFam, l gedLine, ctxTag *[100]string, cont **string, contLevel *int, skipBelow *int, warn func(int, string, ...any)) *rotonde.Error {
	if l.level == 1 {
		switch l.tag {
		case "HUSB", "WIFE", "CHIL":
			id, ok := voidOrPointer(l.value)
			if !ok {
				return gedErr(l.num, "err.genogram.expects_cross_reference_such_as_i1", l.tag)
			}
			if id == "" {
				return nil // GEDCOM 7's @VOID@: nobody
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
				warn(l.num, "err.genogram.second_in_family_skipped", l.tag, f.id)
			}
		case "MARR":
			f.married = true
		case "DIV":
			f.divorced = true
		case "_SEP":
			f.separated = true
		case "EVEN":
			// the kind is in TYPE below; only separations matter
		case "NOTE", "SNOTE":
			f.notes = append(f.notes, l.value)
			*cont, *contLevel = &f.notes[len(f.notes)-1], 1
		default:
			if !gedQuiet[l.tag] && !strings.HasPrefix(l.tag, "_") {
				warn(l.num, "err.genogram.tag_skipped", l.tag)
			}
			*skipBelow = 1
		}
		return nil
	}
	parent := ctxTag[1]
	if l.level == 2 && parent == "EVEN" && l.tag == "TYPE" {
		if separationTypes[strings.ToLower(strings.TrimSpace(l.value))] {
			f.separated = true
			ctxTag[1] = "_SEP" // its DATE and PLAC end the partnership
		}
		return nil
	}
	if l.level == 2 && (l.tag == "_FREL" || l.tag == "_MREL") && parent == "CHIL" && len(f.children) > 0 {
		if kind, ok := childKindOf(l.value); ok && kind != Biological {
			f.children[len(f.children)-1].kind = kind
		}
		return nil
	}
	if l.level == 2 && (l.tag == "DATE" || l.tag == "PLAC") {
		ev := &f.rec.Marriage
		switch parent {
		case "MARR":
		case "DIV", "_SEP":
			ev = &f.rec.End
		default:
			return nil
		}
		if l.tag == "PLAC" {
			ev.Place = truncate(strings.TrimSpace(l.value), maxGEDCOMPlace)
			return nil
		}
		ev.Date = truncate(strings.TrimSpace(l.value), maxGEDCOMDate)
		y, ok := ParseGEDCOMYear(l.value)
		if ok && !validYear(y) {
			warn(l.num, "err.genogram.impossible_year_ignored", y)
			y = 0
		}
		if parent == "MARR" {
			f.start = y
		} else {
			f.end = y
		}
	}
	return nil
}

// splitName takes the given names and the surname from a GEDCOM name
// ("Jan /Jansen/", "/Jansen/ Jan", "Jan").
func splitName(v string) (given, surname string) {
	v = strings.ReplaceAll(v, "@@", "@")
	if i := strings.IndexByte(v, '/'); i >= 0 {
		if j := strings.IndexByte(v[i+1:], '/'); j >= 0 {
			surname = v[i+1 : i+1+j]
			v = v[:i] + " " + v[i+2+j:]
		}
	}
	return truncate(strings.Join(strings.Fields(v), " "), maxGEDCOMName), truncate(strings.Join(strings.Fields(surname), " "), maxGEDCOMName)
}

// cleanName turns "Jan /Jansen/" into "Jan Jansen".
func cleanName(v string) string {
	v = strings.ReplaceAll(strings.ReplaceAll(v, "@@", "@"), "/", " ")
	return strings.Join(strings.Fields(v), " ")
}
