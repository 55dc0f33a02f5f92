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
	bw := bufio.NewWriterSize(w, 64<<10)
	used := make(map[string]bool)
	xref := make(map[string]string)
	fresh := func(prefix string) string {
		for n := len(used) + 1; ; n++ {
			id := prefix + strconv.Itoa(n)
			if !used[id] {
				used[id] = true
				return id
			}
		}
	}
	family := func(p Person) bool { return !p.Professional && p.ID != "" }
	// the XREFs of an import first, then IDs that can serve as XREFs
	for _, p := range g.Persons {
		if family(p) && p.GEDCOM != nil && validXref(p.GEDCOM.XRef) && !used[p.GEDCOM.XRef] && xref[p.ID] == "" {
			used[p.GEDCOM.XRef] = true
			xref[p.ID] = p.GEDCOM.XRef
		}
	}
	for _, pt := range g.Partnerships {
		if pt.GEDCOM != nil && validXref(pt.GEDCOM.XRef) && !used[pt.GEDCOM.XRef] {
			used[pt.GEDCOM.XRef] = true
		}
	}
	for _, p := range g.Persons {
		if family(p) && xref[p.ID] == "" && validXref(p.ID) && !used[p.ID] {
			used[p.ID] = true
			xref[p.ID] = p.ID
		}
	}
	for _, p := range g.Persons {
		if family(p) && xref[p.ID] == "" {
			xref[p.ID] = fresh("I")
		}
	}
	type child struct {
		xref string
		kind ChildKind
	}
	type fam struct {
		id         string
		husb, wife string
		pt         *Partnership
		children   []child
	}
	var fams []*fam
	famOfPart := make(map[string]*fam)
	famOfPair := make(map[[2]string]*fam)
	sexOf := make(map[string]Sex)
	for _, p := range g.Persons {
		if x := xref[p.ID]; x != "" {
			sexOf[x] = p.Sex
		}
	}
	claimed := make(map[string]bool) // family XREFs taken, and every person's
	for _, x := range xref {
		claimed[x] = true
	}
	for i := range g.Partnerships {
		pt := &g.Partnerships[i]
		a, b := xref[pt.A], xref[pt.B]
		if a == "" || b == "" {
			continue
		}
		id := ""
		if pt.GEDCOM != nil && validXref(pt.GEDCOM.XRef) && !claimed[pt.GEDCOM.XRef] {
			id = pt.GEDCOM.XRef
		} else if validXref(pt.ID) && !used[pt.ID] {
			id = pt.ID
			used[id] = true
		} else {
			id = fresh("F")
		}
		claimed[id] = true
		// HUSB and WIFE keep the drawing's order (A left), whatever the sex
		f := &fam{id: id, husb: a, wife: b, pt: pt}
		fams = append(fams, f)
		if pt.ID != "" {
			famOfPart[pt.ID] = f
		}
		if _, ok := famOfPair[[2]string{a, b}]; !ok {
			famOfPair[[2]string{a, b}] = f
			famOfPair[[2]string{b, a}] = f
		}
	}
	for _, pc := range g.Children {
		c := xref[pc.Child]
		if c == "" {
			continue
		}
		var f *fam
		if pc.Partnership != "" {
			f = famOfPart[pc.Partnership]
		}
		if f == nil {
			a, b := xref[pc.Parent1], xref[pc.Parent2]
			if a == "" {
				a, b = b, ""
			}
			switch {
			case a != "" && b != "":
				f = famOfPair[[2]string{a, b}]
				if f == nil {
					f = &fam{id: fresh("F"), husb: a, wife: b}
					fams = append(fams, f)
					famOfPair[[2]string{a, b}] = f
					famOfPair[[2]string{b, a}] = f
				}
			case a != "":
				key := [2]string{a, ""}
				f = famOfPair[key]
				if f == nil {
					f = &fam{id: fresh("F")}
					if sexOf[a] == SexMale {
						f.husb = a
					} else {
						f.wife = a
					}
					fams = append(fams, f)
					famOfPair[key] = f
				}
			default:
				continue
			}
		}
		if slices.ContainsFunc(f.children, func(ch child) bool { return ch.xref == c }) {
			continue
		}
		kind := pc.Kind
		if kind == "" {
			kind = Biological
		}
		f.children = append(f.children, child{c, kind})
	}
	// the families each individual is a spouse (FAMS) and a child (FAMC) in
	famsOf := make(map[string][]string)
	famcOf := make(map[string][]*fam)
	for _, f := range fams {
		for _, sp := range []string{f.husb, f.wife} {
			if sp != "" {
				famsOf[sp] = append(famsOf[sp], f.id)
			}
		}
		for _, ch := range f.children {
			famcOf[ch.xref] = append(famcOf[ch.xref], f)
		}
	}

	line := func(parts ...string) {
		for i, p := range parts {
			if i > 0 {
				bw.WriteByte(' ')
			}
			bw.WriteString(p)
		}
		bw.WriteByte('\n')
	}
	subm := fresh("SUBM")
	line("0 HEAD")
	line("1 SOUR ROTONDE")
	line("2 NAME Rotonde")
	line("1 SUBM @" + subm + "@")
	line("1 GEDC")
	line("2 VERS 5.5.1")
	line("2 FORM LINEAGE-LINKED")
	line("1 CHAR UTF-8")
	line("0 @" + subm + "@ SUBM")
	line("1 NAME Rotonde")
	for _, p := range g.Persons {
		x := xref[p.ID]
		if x == "" {
			continue
		}
		rec := p.GEDCOM
		if rec == nil {
			rec = &GEDCOMPerson{}
		}
		line("0 @" + x + "@ INDI")
		given, surname := gedText(rec.Given), gedText(rec.Surname)
		if surname != "" && cleanName(given+" "+surname) == cleanName(p.Alias) {
			name := "/" + surname + "/"
			if given != "" {
				name = given + " " + name
			}
			writeLong(bw, "1 NAME", name)
			if given != "" {
				line("2 GIVN", given)
			}
			line("2 SURN", surname)
		} else {
			writeLong(bw, "1 NAME", gedText(p.Alias))
		}
		switch p.Sex {
		case SexMale:
			line("1 SEX M")
		case SexFemale:
			line("1 SEX F")
		case SexOther:
			// 5.5.1 knows M, F and U; Gramps reads and keeps _SEX X
			line("1 SEX U")
			line("1 _SEX X")
		default:
			line("1 SEX U")
		}
		writeEvent(bw, "BIRT", rec.Birth, p.BirthYear, false)
		writeEvent(bw, "DEAT", rec.Death, p.DeathYear, p.IsDeceased())
		for _, f := range famcOf[x] {
			line("1 FAMC @" + f.id + "@")
			for _, ch := range f.children {
				if ch.xref != x {
					continue
				}
				switch ch.kind {
				case Adoptive:
					line("2 PEDI adopted")
				case Foster:
					line("2 PEDI foster")
				case Step:
					// 5.5.1 has no step pedigree; _FREL/_MREL under CHIL say it
				default:
					line("2 PEDI birth")
				}
			}
		}
		for _, id := range famsOf[x] {
			line("1 FAMS @" + id + "@")
		}
		writeNote(bw, rec.Note)
	}
	for _, f := range fams {
		line("0 @" + f.id + "@ FAM")
		if f.husb != "" {
			line("1 HUSB @" + f.husb + "@")
		}
		if f.wife != "" {
			line("1 WIFE @" + f.wife + "@")
		}
		var rec GEDCOMFamily
		if f.pt != nil && f.pt.GEDCOM != nil {
			rec = *f.pt.GEDCOM
		}
		if pt := f.pt; pt != nil {
			kind := pt.Kind
			if kind == "" {
				kind = Married
			}
			if kind == Married || kind == Divorced || (kind == Separated && (pt.StartYear > 0 || !rec.Marriage.empty())) {
				writeEvent(bw, "MARR", rec.Marriage, pt.StartYear, true)
			}
			end := 0
			if kind == Divorced || kind == Separated {
				end = pt.EndYear
			}
			switch kind {
			case Divorced:
				writeEvent(bw, "DIV", rec.End, end, true)
			case Separated:
				line("1 EVEN")
				line("2 TYPE Separation")
				writeEventDetails(bw, rec.End, end)
			}
		}
		for _, ch := range f.children {
			line("1 CHIL @" + ch.xref + "@")
			if ch.kind == Step {
				line("2 _FREL Step")
				line("2 _MREL Step")
			}
		}
		writeNote(bw, rec.Note)
	}
	line("0 TRLR")
	return bw.Flush()
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
