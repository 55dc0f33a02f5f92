package genogram

import (
	"bufio"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// validXref reports whether an ID can be used as a GEDCOM cross-reference as is.
func validXref(id string) bool {
	if id == "" || len(id) > 20 {
		return false
	}
	for _, c := range id {
		if !(c == '_' || c == '-' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			return false
		}
	}
	return true
}

// ExportGEDCOM writes the family (not the professionals, ties, events or
// households, which GEDCOM cannot hold) as strict GEDCOM 5.5.1 in UTF-8:
// a header with its submitter, FAMS and FAMC on every individual, names as
// "Given /Surname/" where an import gave the surname, and only the
// standard's values. Where Rotonde knows more than 5.5.1 can say it uses
// the extensions Gramps reads: sex "other" as SEX U with _SEX X, a step
// child as _FREL/_MREL Step under CHIL. A separation is the standard's
// EVEN with TYPE Separation. Dates, places, notes and XREFs that came from
// an import are written back as they were, unless the year was changed
// since. IDs that are valid cross-references are kept, so that
// ImportGEDCOM gives back the same persons and families. Children with two
// parents but no recorded partnership get a family of their own (read back
// as living together); a single parent becomes a one-parent family.
func ExportGEDCOM(w io.Writer, g *Genogram) error {
	ex := &gedExport{
		bw:        bufio.NewWriterSize(w, 64<<10),
		used:      make(map[string]bool),
		xref:      make(map[string]string),
		famOfPart: make(map[string]*exportFam),
		famOfPair: make(map[[2]string]*exportFam),
		famsOf:    make(map[string][]string),
		famcOf:    make(map[string][]*exportFam),
	}
	ex.assignXrefs(g)
	ex.partnershipFamilies(g)
	for _, pc := range g.Children {
		ex.addChild(pc)
	}
	// the families each individual is a spouse (FAMS) and a child (FAMC) in
	for _, f := range ex.fams {
		for _, sp := range []string{f.husb, f.wife} {
			if sp != "" {
				ex.famsOf[sp] = append(ex.famsOf[sp], f.id)
			}
		}
		for _, ch := range f.children {
			ex.famcOf[ch.xref] = append(ex.famcOf[ch.xref], f)
		}
	}

	ex.header()
	for _, p := range g.Persons {
		if x := ex.xref[p.ID]; x != "" {
			ex.person(p, x)
		}
	}
	for _, f := range ex.fams {
		ex.family(f)
	}
	ex.line("0 TRLR")
	return ex.bw.Flush()
}

// exportChild is a child in an exported family.
type exportChild struct {
	xref string
	kind ChildKind
}

// exportFam is a FAM record to write: a partnership, or the parents of
// children without one.
type exportFam struct {
	id         string
	husb, wife string
	pt         *Partnership
	children   []exportChild
}

// gedExport is the state of one GEDCOM export: the XREFs given out and
// the families to write.
type gedExport struct {
	bw        *bufio.Writer
	used      map[string]bool   // XREFs given out or reserved
	xref      map[string]string // person ID → XREF
	fams      []*exportFam
	famOfPart map[string]*exportFam    // partnership ID → family
	famOfPair map[[2]string]*exportFam // parents' XREFs (both orders) → family
	sexOf     map[string]Sex           // person XREF → sex
	famsOf    map[string][]string      // person XREF → families as a spouse
	famcOf    map[string][]*exportFam  // person XREF → families as a child
}

// fresh gives out a new XREF with the prefix.
func (ex *gedExport) fresh(prefix string) string {
	for n := len(ex.used) + 1; ; n++ {
		id := prefix + strconv.Itoa(n)
		if !ex.used[id] {
			ex.used[id] = true
			return id
		}
	}
}

// exportedPerson reports whether p is one of the family, who GEDCOM holds.
func exportedPerson(p Person) bool { return !p.Professional && p.ID != "" }

// assignXrefs gives each person of the family an XREF: the XREFs of an
// import first, then IDs that can serve as XREFs, then new ones.
func (ex *gedExport) assignXrefs(g *Genogram) {
	for _, p := range g.Persons {
		if exportedPerson(p) && p.GEDCOM != nil && validXref(p.GEDCOM.XRef) && !ex.used[p.GEDCOM.XRef] && ex.xref[p.ID] == "" {
			ex.used[p.GEDCOM.XRef] = true
			ex.xref[p.ID] = p.GEDCOM.XRef
		}
	}
	for _, pt := range g.Partnerships {
		if pt.GEDCOM != nil && validXref(pt.GEDCOM.XRef) && !ex.used[pt.GEDCOM.XRef] {
			ex.used[pt.GEDCOM.XRef] = true
		}
	}
	for _, p := range g.Persons {
		if exportedPerson(p) && ex.xref[p.ID] == "" && validXref(p.ID) && !ex.used[p.ID] {
			ex.used[p.ID] = true
			ex.xref[p.ID] = p.ID
		}
	}
	for _, p := range g.Persons {
		if exportedPerson(p) && ex.xref[p.ID] == "" {
			ex.xref[p.ID] = ex.fresh("I")
		}
	}
	ex.sexOf = make(map[string]Sex)
	for _, p := range g.Persons {
		if x := ex.xref[p.ID]; x != "" {
			ex.sexOf[x] = p.Sex
		}
	}
}

// partnershipFamilies makes a family of each partnership between two
// persons of the family.
func (ex *gedExport) partnershipFamilies(g *Genogram) {
	claimed := make(map[string]bool) // family XREFs taken, and every person's
	for _, x := range ex.xref {
		claimed[x] = true
	}
	for i := range g.Partnerships {
		pt := &g.Partnerships[i]
		a, b := ex.xref[pt.A], ex.xref[pt.B]
		if a == "" || b == "" {
			continue
		}
		id := ""
		if pt.GEDCOM != nil && validXref(pt.GEDCOM.XRef) && !claimed[pt.GEDCOM.XRef] {
			id = pt.GEDCOM.XRef
		} else if validXref(pt.ID) && !ex.used[pt.ID] {
			id = pt.ID
			ex.used[id] = true
		} else {
			id = ex.fresh("F")
		}
		claimed[id] = true
		// HUSB and WIFE keep the drawing's order (A left), whatever the sex
		f := &exportFam{id: id, husb: a, wife: b, pt: pt}
		ex.fams = append(ex.fams, f)
		if pt.ID != "" {
			ex.famOfPart[pt.ID] = f
		}
		if _, ok := ex.famOfPair[[2]string{a, b}]; !ok {
			ex.famOfPair[[2]string{a, b}] = f
			ex.famOfPair[[2]string{b, a}] = f
		}
	}
}

// addChild adds a child to the family of its partnership or parents,
// making a family for parents who have none.
func (ex *gedExport) addChild(pc ParentChild) {
	c := ex.xref[pc.Child]
	if c == "" {
		return
	}
	var f *exportFam
	if pc.Partnership != "" {
		f = ex.famOfPart[pc.Partnership]
	}
	if f == nil {
		if f = ex.parentsFamily(pc); f == nil {
			return
		}
	}
	if slices.ContainsFunc(f.children, func(ch exportChild) bool { return ch.xref == c }) {
		return
	}
	kind := pc.Kind
	if kind == "" {
		kind = Biological
	}
	f.children = append(f.children, exportChild{c, kind})
}

// parentsFamily gives the family of a child's parents: that of the pair,
// or of the single parent, made when there is none yet. nil when the
// child has no parent in the family.
func (ex *gedExport) parentsFamily(pc ParentChild) *exportFam {
	a, b := ex.xref[pc.Parent1], ex.xref[pc.Parent2]
	if a == "" {
		a, b = b, ""
	}
	switch {
	case a != "" && b != "":
		f := ex.famOfPair[[2]string{a, b}]
		if f == nil {
			f = &exportFam{id: ex.fresh("F"), husb: a, wife: b}
			ex.fams = append(ex.fams, f)
			ex.famOfPair[[2]string{a, b}] = f
			ex.famOfPair[[2]string{b, a}] = f
		}
		return f
	case a != "":
		key := [2]string{a, ""}
		f := ex.famOfPair[key]
		if f == nil {
			f = &exportFam{id: ex.fresh("F")}
			if ex.sexOf[a] == SexMale {
				f.husb = a
			} else {
				f.wife = a
			}
			ex.fams = append(ex.fams, f)
			ex.famOfPair[key] = f
		}
		return f
	}
	return nil
}

// line writes one line of parts joined by spaces.
func (ex *gedExport) line(parts ...string) {
	for i, p := range parts {
		if i > 0 {
			ex.bw.WriteByte(' ')
		}
		ex.bw.WriteString(p)
	}
	ex.bw.WriteByte('\n')
}

// header writes the HEAD record and its submitter.
func (ex *gedExport) header() {
	subm := ex.fresh("SUBM")
	ex.line("0 HEAD")
	ex.line("1 SOUR ROTONDE")
	ex.line("2 NAME Rotonde")
	ex.line("1 SUBM @" + subm + "@")
	ex.line("1 GEDC")
	ex.line("2 VERS 5.5.1")
	ex.line("2 FORM LINEAGE-LINKED")
	ex.line("1 CHAR UTF-8")
	ex.line("0 @" + subm + "@ SUBM")
	ex.line("1 NAME Rotonde")
}

// person writes the INDI record of p, whose XREF is x.
func (ex *gedExport) person(p Person, x string) {
	rec := p.GEDCOM
	if rec == nil {
		rec = &GEDCOMPerson{}
	}
	ex.line("0 @" + x + "@ INDI")
	given, surname := gedText(rec.Given), gedText(rec.Surname)
	if surname != "" && cleanName(given+" "+surname) == cleanName(p.Alias) {
		name := "/" + surname + "/"
		if given != "" {
			name = given + " " + name
		}
		writeLong(ex.bw, "1 NAME", name)
		if given != "" {
			ex.line("2 GIVN", given)
		}
		ex.line("2 SURN", surname)
	} else {
		writeLong(ex.bw, "1 NAME", gedText(p.Alias))
	}
	switch p.Sex {
	case SexMale:
		ex.line("1 SEX M")
	case SexFemale:
		ex.line("1 SEX F")
	case SexOther:
		// 5.5.1 knows M, F and U; Gramps reads and keeps _SEX X
		ex.line("1 SEX U")
		ex.line("1 _SEX X")
	default:
		ex.line("1 SEX U")
	}
	writeEvent(ex.bw, "BIRT", rec.Birth, p.BirthYear, false)
	writeEvent(ex.bw, "DEAT", rec.Death, p.DeathYear, p.IsDeceased())
	for _, f := range ex.famcOf[x] {
		ex.line("1 FAMC @" + f.id + "@")
		for _, ch := range f.children {
			if ch.xref == x {
				ex.pedigree(ch.kind)
			}
		}
	}
	for _, id := range ex.famsOf[x] {
		ex.line("1 FAMS @" + id + "@")
	}
	writeNote(ex.bw, rec.Note)
}

// pedigree writes the PEDI of a child's FAMC.
func (ex *gedExport) pedigree(kind ChildKind) {
	switch kind {
	case Adoptive:
		ex.line("2 PEDI adopted")
	case Foster:
		ex.line("2 PEDI foster")
	case Step:
		// 5.5.1 has no step pedigree; _FREL/_MREL under CHIL say it
	default:
		ex.line("2 PEDI birth")
	}
}

// family writes the FAM record of f.
func (ex *gedExport) family(f *exportFam) {
	ex.line("0 @" + f.id + "@ FAM")
	if f.husb != "" {
		ex.line("1 HUSB @" + f.husb + "@")
	}
	if f.wife != "" {
		ex.line("1 WIFE @" + f.wife + "@")
	}
	var rec GEDCOMFamily
	if f.pt != nil && f.pt.GEDCOM != nil {
		rec = *f.pt.GEDCOM
	}
	if pt := f.pt; pt != nil {
		ex.partnershipEvents(pt, rec)
	}
	for _, ch := range f.children {
		ex.line("1 CHIL @" + ch.xref + "@")
		if ch.kind == Step {
			ex.line("2 _FREL Step")
			ex.line("2 _MREL Step")
		}
	}
	writeNote(ex.bw, rec.Note)
}

// partnershipEvents writes the marriage and its end, divorce or
// separation, of a partnership.
func (ex *gedExport) partnershipEvents(pt *Partnership, rec GEDCOMFamily) {
	kind := pt.Kind
	if kind == "" {
		kind = Married
	}
	if kind == Married || kind == Divorced || (kind == Separated && (pt.StartYear > 0 || !rec.Marriage.empty())) {
		writeEvent(ex.bw, "MARR", rec.Marriage, pt.StartYear, true)
	}
	end := 0
	if kind == Divorced || kind == Separated {
		end = pt.EndYear
	}
	switch kind {
	case Divorced:
		writeEvent(ex.bw, "DIV", rec.End, end, true)
	case Separated:
		ex.line("1 EVEN")
		ex.line("2 TYPE Separation")
		writeEventDetails(ex.bw, rec.End, end)
	}
}

// writeEvent writes an event with its date and place: the date as an
// import gave it when its year is still year, otherwise the year. always
// writes the event even without details (1 DEAT Y for a death).
func writeEvent(bw *bufio.Writer, tag string, ev GEDCOMEvent, year int, always bool) {
	if !always && year == 0 && ev.Place == "" && !keptDate(ev.Date, year) {
		return
	}
	if tag == "DEAT" && year == 0 && ev.Place == "" && !keptDate(ev.Date, year) {
		bw.WriteString("1 DEAT Y\n")
		return
	}
	bw.WriteString("1 " + tag + "\n")
	writeEventDetails(bw, ev, year)
}

func writeEventDetails(bw *bufio.Writer, ev GEDCOMEvent, year int) {
	switch {
	case keptDate(ev.Date, year):
		bw.WriteString("2 DATE " + gedDate(ev.Date, year) + "\n")
	case year > 0:
		bw.WriteString("2 DATE " + strconv.Itoa(year) + "\n")
	}
	if p := gedText(ev.Place); p != "" {
		bw.WriteString("2 PLAC " + truncate(p, 120) + "\n")
	}
}

// keptDate reports whether an imported date still says the stored year
// (or, with no year stored, is a date phrase without one).
func keptDate(date string, year int) bool {
	if date == "" {
		return false
	}
	y, ok := ParseGEDCOMYear(date)
	return ok && y == year || !ok && year == 0
}

// gedDateRE matches the 5.5.1 DATE_VALUE forms: a date, BEF/AFT/BET … AND,
// FROM/TO, ABT/CAL/EST, INT … (phrase) and (phrase).
var gedDateRE = func() *regexp.Regexp {
	date := `(?:@#D(?:GREGORIAN|JULIAN|HEBREW|FRENCH R|ROMAN|UNKNOWN)@ )?(?:(?:[0-9]{1,2} )?[A-Z]{3,4} )?[0-9]{1,4}(?:/[0-9]{2})?(?: B\.C\.)?`
	return regexp.MustCompile(`^(?:` + date +
		`|(?:BEF|AFT) ` + date + `|BET ` + date + ` AND ` + date +
		`|FROM ` + date + `(?: TO ` + date + `)?|TO ` + date +
		`|(?:ABT|CAL|EST) ` + date + `|INT ` + date + ` \([^()]*\)|\([^()]*\))$`)
}()

// gedDate writes an imported date as a 5.5.1 DATE_VALUE: as it was when it
// is one, otherwise as an interpreted date with the original as its phrase.
func gedDate(date string, year int) string {
	d := gedText(date)
	if up := strings.ToUpper(d); gedDateRE.MatchString(up) {
		if strings.Contains(d, "(") {
			return d // a phrase keeps its own spelling
		}
		return up
	}
	phrase := strings.NewReplacer("(", "", ")", "").Replace(gedText(date))
	if year > 0 {
		return "INT " + strconv.Itoa(year) + " (" + phrase + ")"
	}
	return "(" + phrase + ")"
}

// writeNote writes a note with CONT for its line breaks.
func writeNote(bw *bufio.Writer, note string) {
	note = strings.TrimSpace(note)
	if note == "" {
		return
	}
	for i, para := range strings.Split(strings.ReplaceAll(note, "\r\n", "\n"), "\n") {
		prefix := "1 NOTE"
		if i > 0 {
			prefix = "2 CONT"
		}
		writeLong(bw, prefix, gedNoteText(para))
	}
}

// gedNoteText makes a line of a note safe: no control characters, and a
// leading @ doubled so it is not read as a pointer.
func gedNoteText(v string) string {
	v = strings.Map(func(r rune) rune {
		if r < 0x20 {
			return ' '
		}
		return r
	}, v)
	return strings.ReplaceAll(v, "@", "@@")
}

// gedText makes a value safe for one GEDCOM line: no line breaks, no
// slashes (they delimit surnames) and no leading @ (a pointer).
func gedText(v string) string {
	v = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r == '/':
			return '-'
		case r < 0x20:
			return -1
		}
		return r
	}, v)
	v = strings.ReplaceAll(v, "@", "@@")
	return strings.TrimSpace(v)
}

// writeLong writes a value, continuing with CONC after 200 bytes.
func writeLong(bw *bufio.Writer, prefix, v string) {
	first := true
	for {
		cut := len(v)
		if cut > 200 {
			// split at a rune start, never next to a space (CONC joins
			// without one, and readers trim trailing spaces)
			ok := func(c int) bool { return utf8.RuneStart(v[c]) && v[c-1] != ' ' && v[c] != ' ' }
			cut = 200
			for cut > 1 && !ok(cut) {
				cut--
			}
			if cut <= 1 {
				cut = 200
				for cut > 1 && !utf8.RuneStart(v[cut]) {
					cut--
				}
			}
		}
		if first {
			bw.WriteString(prefix)
			if v != "" {
				bw.WriteByte(' ')
			}
		} else {
			bw.WriteString("2 CONC ")
		}
		bw.WriteString(v[:cut])
		bw.WriteByte('\n')
		v = v[cut:]
		first = false
		if v == "" {
			return
		}
	}
}
