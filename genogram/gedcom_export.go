package genogram

import (
	"bufio"
	"io"
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
// households, which GEDCOM cannot hold) as GEDCOM 5.5.1 in UTF-8. IDs that
// are valid cross-references are kept, so that ImportGEDCOM gives back the
// same persons and families. Children with two parents but no recorded
// partnership get a family of their own (read back as living together);
// a single parent becomes a one-parent family. Separation is written as
// the custom tag _SEP, step children as PEDI step.
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
	for _, p := range g.Persons {
		if p.Professional || p.ID == "" {
			continue
		}
		if validXref(p.ID) && !used[p.ID] {
			used[p.ID] = true
			xref[p.ID] = p.ID
		}
	}
	for _, p := range g.Persons {
		if p.Professional || p.ID == "" || xref[p.ID] != "" {
			continue
		}
		xref[p.ID] = fresh("I")
	}
	type fam struct {
		id         string
		husb, wife string
		pt         *Partnership
		children   []string
	}
	var fams []*fam
	famOfPart := make(map[string]*fam)
	famOfPair := make(map[[2]string]*fam)
	for i := range g.Partnerships {
		pt := &g.Partnerships[i]
		a, b := xref[pt.A], xref[pt.B]
		if a == "" || b == "" {
			continue
		}
		id := pt.ID
		if !validXref(id) || used[id] {
			id = fresh("F")
		} else {
			used[id] = true
		}
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
	pedi := make(map[string]map[string]ChildKind) // child xref → fam id → kind
	sexOf := make(map[string]Sex)
	for _, p := range g.Persons {
		sexOf[p.ID] = p.Sex
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
					if sexOf[pc.Parent1] == SexMale || (pc.Parent1 == "" && sexOf[pc.Parent2] == SexMale) {
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
		f.children = append(f.children, c)
		if pc.Kind != "" && pc.Kind != Biological {
			if pedi[c] == nil {
				pedi[c] = make(map[string]ChildKind)
			}
			pedi[c][f.id] = pc.Kind
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
	line("0 HEAD")
	line("1 SOUR ROTONDE")
	line("1 GEDC")
	line("2 VERS 5.5.1")
	line("2 FORM LINEAGE-LINKED")
	line("1 CHAR UTF-8")
	for _, p := range g.Persons {
		x := xref[p.ID]
		if x == "" {
			continue
		}
		line("0 @" + x + "@ INDI")
		writeLong(bw, "1 NAME", gedText(p.Alias))
		switch p.Sex {
		case SexMale:
			line("1 SEX M")
		case SexFemale:
			line("1 SEX F")
		case SexOther:
			line("1 SEX X")
		default:
			line("1 SEX U")
		}
		if p.BirthYear > 0 {
			line("1 BIRT")
			line("2 DATE", strconv.Itoa(p.BirthYear))
		}
		if p.DeathYear > 0 {
			line("1 DEAT")
			line("2 DATE", strconv.Itoa(p.DeathYear))
		} else if p.Deceased {
			line("1 DEAT Y")
		}
		fids := make([]string, 0, len(pedi[x]))
		for fid := range pedi[x] {
			fids = append(fids, fid)
		}
		slices.Sort(fids)
		for _, fid := range fids {
			line("1 FAMC @" + fid + "@")
			switch pedi[x][fid] {
			case Adoptive:
				line("2 PEDI adopted")
			case Foster:
				line("2 PEDI foster")
			case Step:
				line("2 PEDI step")
			}
		}
	}
	for _, f := range fams {
		line("0 @" + f.id + "@ FAM")
		if f.husb != "" {
			line("1 HUSB @" + f.husb + "@")
		}
		if f.wife != "" {
			line("1 WIFE @" + f.wife + "@")
		}
		if pt := f.pt; pt != nil {
			kind := pt.Kind
			if kind == "" {
				kind = Married
			}
			if kind == Married || kind == Divorced || (kind == Separated && pt.StartYear > 0) {
				line("1 MARR")
				if pt.StartYear > 0 {
					line("2 DATE", strconv.Itoa(pt.StartYear))
				}
			}
			switch kind {
			case Divorced:
				line("1 DIV")
			case Separated:
				line("1 _SEP")
			}
			if (kind == Divorced || kind == Separated) && pt.EndYear > 0 {
				line("2 DATE", strconv.Itoa(pt.EndYear))
			}
		}
		for _, c := range f.children {
			line("1 CHIL @" + c + "@")
		}
	}
	line("0 TRLR")
	return bw.Flush()
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
