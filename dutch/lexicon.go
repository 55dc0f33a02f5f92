package dutch

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"slices"
	"strings"
	"sync"
)

//go:embed lexicon.txt
var lexiconText string

//go:embed synonyms.txt
var synonymsText string

// lexicon holds the word families of the field's vocabulary.
type lexicon struct {
	forms  map[string]string   // word form or verb stem → family key
	stems  map[string]string   // verb stem → family key (for verb endings and -ing nouns)
	gen    map[string]struct{} // forms derived, not listed
	atomic map[string]struct{} // false friends: never split, never stripped into
	noPart map[string]struct{} // suffix-like words that are never compound parts
	stop   map[string]struct{} // function words that give no term
}

var (
	lexOnce sync.Once
	lex     *lexicon
)

func builtinLexicon() *lexicon {
	lexOnce.Do(func() { lex = parseLexicon(lexiconText) })
	return lex
}

// parseLexicon reads the lexicon format:
//
//	key form form …     a family: every form is stored under key
//	! key form form …   a family of false friends: atomic, never split
//	- word word …       suffix-like words that are never compound parts
//	. word word …       function words that give no term
//
// Words are normalised (lower case, accents folded). A word listed twice
// keeps its first family.
func parseLexicon(text string) *lexicon {
	l := &lexicon{
		forms:  map[string]string{},
		stems:  map[string]string{},
		gen:    map[string]struct{}{},
		atomic: map[string]struct{}{},
		noPart: map[string]struct{}{},
		stop:   map[string]struct{}{},
	}
	type derived struct{ stem, key string }
	var gen []derived
	for _, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		mark := ""
		if f[0] == "!" || f[0] == "-" || f[0] == "." {
			mark, f = f[0], f[1:]
		}
		for i := range f {
			f[i] = string(normalize(nil, f[i]))
		}
		switch mark {
		case "-":
			for _, w := range f {
				l.noPart[w] = struct{}{}
			}
			continue
		case ".":
			for _, w := range f {
				l.stop[w] = struct{}{}
			}
			continue
		}
		if len(f) == 0 {
			continue
		}
		key := f[0]
		for _, w := range f {
			if _, ok := l.forms[w]; !ok {
				l.forms[w] = key
			}
			if mark == "!" {
				l.atomic[w] = struct{}{}
			}
			if mark != "!" && len(w) >= 5 && strings.HasSuffix(w, "en") {
				x := w[:len(w)-2]
				for _, s := range spellings(x) {
					if len(s) >= 4 && (w == key || verbEvidence(f, x, s)) {
						gen = append(gen, derived{s, key})
					}
				}
			}
		}
	}
	for _, d := range gen {
		if _, ok := l.forms[d.stem]; !ok {
			l.forms[d.stem] = d.key
			l.gen[d.stem] = struct{}{}
		}
		if _, ok := l.stems[d.stem]; !ok {
			l.stems[d.stem] = d.key
		}
	}
	return l
}

// verbEvidence reports whether family f shows that s, the stem of the -en
// word x+"en", is a verb stem: a conjugated form or an -ing noun of it is
// listed. A plural such as "dagen" or "huizen" gives no verb stem, so that
// "gedaagd" is not a form of "dag".
func verbEvidence(f []string, x, s string) bool {
	for _, w := range f {
		switch w {
		case s + "t", s + "d", s + "te", s + "de", s + "ten", s + "den", x + "ing":
			return true
		}
		if strings.HasSuffix(w, "ge"+s+"t") || strings.HasSuffix(w, "ge"+s+"d") {
			return true
		}
	}
	return false
}

// builtinSynonyms reads synonyms.txt: one group a line, expressions
// separated by "|".
func builtinSynonyms() Synonyms {
	var out Synonyms
	for _, line := range strings.Split(synonymsText, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		var g []string
		for _, e := range strings.Split(line, "|") {
			if e = strings.TrimSpace(e); e != "" {
				g = append(g, e)
			}
		}
		if len(g) > 1 {
			out = append(out, g)
		}
	}
	return out
}

const vowels = "aeiouy"

func isVowel(c byte) bool { return strings.IndexByte(vowels, c) >= 0 }

// spellings gives the possible stems of x, what is left of a word after an
// ending that began with a vowel (-en, -e, -ing, -etje) was cut off, in the
// order Dutch spelling makes likely: a doubled consonant is undoubled
// (gezinn → gezin), a final v or z becomes f or s (agressiev → agressief),
// and the vowel of an open syllable is doubled again (zon → zoon, slap →
// slaap). Only for words of several syllables, where the last vowel may be
// unstressed (behandel, financiel), the short spelling is also given.
func spellings(x string) []string {
	n := len(x)
	if n < 2 {
		return []string{x}
	}
	last, prev := x[n-1], x[n-2]
	if !isVowel(last) && last == prev {
		return []string{x[:n-1]}
	}
	base := x
	switch last {
	case 'v':
		base = x[:n-1] + "f"
	case 'z':
		base = x[:n-1] + "s"
	}
	if isVowel(last) || !isVowel(prev) {
		// ends in a vowel or in two consonants (veilig, kind, fiets)
		return []string{base}
	}
	if n >= 3 && isVowel(x[n-3]) {
		// a vowel pair (voed, huis, lief), or the diaeresis of financiële
		if x[n-3] == 'i' && prev == 'e' && syllables(x[:n-2]) >= 2 {
			return []string{base[:n-1] + "e" + base[n-1:], base}
		}
		return []string{base}
	}
	if prev == 'i' || prev == 'y' {
		return []string{base}
	}
	long := base[:n-1] + string(prev) + base[n-1:]
	if syllables(x) <= 1 {
		return []string{long}
	}
	if prev == 'e' && (last == 'l' || last == 'r' || last == 'n' || last == 'm') {
		return []string{base, long}
	}
	return []string{long, base}
}

// syllables counts the groups of vowels in w.
func syllables(w string) int {
	n, in := 0, false
	for i := 0; i < len(w); i++ {
		v := isVowel(w[i])
		if v && !in {
			n++
		}
		in = v
	}
	return n
}

// particles are the separable prefixes of verbs, before the ge- of a
// participle ("opgevoed", "uithuisgeplaatst").
var particles = []string{
	"uithuis", "terug", "samen", "tegen", "door", "over", "onder", "voor",
	"schoon", "kwijt", "dicht", "voort", "tegemoet", "teleur", "stil",
	"mee", "toe", "aan", "uit", "weg", "bij", "vast", "los", "neer", "thuis",
	"op", "af", "in", "na", "om", "vrij", "achter", "binnen", "buiten",
}

// candidate is a stem proposed by an inflection rule; short candidates are
// only trusted when spelling proves them (a doubled consonant, a
// diminutive).
type candidate struct {
	stem  string
	short bool // may be shorter than 4 letters
	verb  bool // a verb stem, looked up among the verb stems
}

// lookup finds the family of a word: listed, or reached by undressing it.
func (l *lexicon) lookup(w string) (string, bool) {
	if k, ok := l.forms[w]; ok {
		return k, true
	}
	var found string
	ok := false
	l.candidates(w, func(c candidate) bool {
		if len(c.stem) < 3 || (!c.short && len(c.stem) < 4) {
			return false
		}
		m := l.forms
		if c.verb {
			m = l.stems
		}
		if k, in := m[c.stem]; in {
			found, ok = k, true
			return true
		}
		return false
	})
	return found, ok
}

// candidates proposes the stems of w by the inflection rules, most specific
// first, until try returns true.
func (l *lexicon) candidates(w string, try func(candidate) bool) bool {
	return diminutiveCandidates(w, try) ||
		inflectionCandidates(w, try) ||
		verbNounCandidates(w, try) ||
		l.participleCandidates(w, try) ||
		presentCandidates(w, try)
}

// spellingCandidates tries every spelling of the stem x (open and closed
// syllables); short lets a shortened spelling through as a short stem.
func spellingCandidates(x string, short bool, try func(candidate) bool) bool {
	for _, s := range spellings(x) {
		if try(candidate{s, short && len(s) < len(x), false}) {
			return true
		}
	}
	return false
}

// diminutiveCandidates proposes the stems of a diminutive.
func diminutiveCandidates(w string, try func(candidate) bool) bool {
	n := len(w)
	// Diminutives: gezinnetje, broertje, boompje, koninkje, huisje; and
	// their plurals in -s.
	d := w
	if strings.HasSuffix(d, "jes") {
		d = d[:n-1]
	}
	if strings.HasSuffix(d, "je") && len(d) > 4 {
		m := len(d)
		switch {
		case strings.HasSuffix(d, "etje"):
			x := d[:m-4]
			if len(x) >= 2 && x[len(x)-1] == x[len(x)-2] && try(candidate{x[:len(x)-1], true, false}) {
				return true
			}
		case strings.HasSuffix(d, "nkje"):
			if try(candidate{d[:m-3] + "g", true, false}) {
				return true
			}
		}
		if strings.HasSuffix(d, "tje") || strings.HasSuffix(d, "mpje") {
			x := d[:m-3]
			if try(candidate{x, true, false}) {
				return true
			}
			// autootje, cafeetje
			if len(x) >= 3 && x[len(x)-1] == x[len(x)-2] && isVowel(x[len(x)-1]) && try(candidate{x[:len(x)-1], true, false}) {
				return true
			}
		}
		if try(candidate{d[:m-2], true, false}) {
			return true
		}
	}
	return false
}

// inflectionCandidates proposes the stems of plurals, infinitives and
// inflected adjectives.
func inflectionCandidates(w string, try func(candidate) bool) bool {
	n := len(w)
	// Plurals and infinitives.
	if strings.HasSuffix(w, "en") && n > 4 {
		if spellingCandidates(w[:n-2], true, try) {
			return true
		}
		if strings.HasSuffix(w, "ieen") && try(candidate{w[:n-1], false, false}) { // knieën
			return true
		}
	}
	if strings.HasSuffix(w, "n") && n > 4 && w[n-2] == 'e' && try(candidate{w[:n-1], false, false}) { // ziekten
		return true
	}
	// -s after -el, -em, -en, -er, -e or a vowel: ouders, tafels, fases.
	if strings.HasSuffix(w, "s") && n > 4 && (isVowel(w[n-2]) || strings.IndexByte("lmnr", w[n-2]) >= 0 && w[n-3] == 'e') && try(candidate{w[:n-1], false, false}) {
		return true
	}
	// Adjectives: veilige, agressieve, grote, financiele.
	if strings.HasSuffix(w, "e") && n > 4 {
		if spellingCandidates(w[:n-1], true, try) {
			return true
		}
	}
	return false
}

// verbNounCandidates proposes the verb stems of nouns in -ing and of the
// past tense.
func verbNounCandidates(w string, try func(candidate) bool) bool {
	n := len(w)
	// Nouns in -ing of a known verb: plaatsing, behandeling, beslissing.
	for _, suf := range []string{"ingen", "ing"} {
		if strings.HasSuffix(w, suf) && n-len(suf) >= 4 {
			for _, s := range spellings(w[:n-len(suf)]) {
				if try(candidate{s, false, true}) {
					return true
				}
			}
		}
	}
	// Past tense: plaatste, verhuisden.
	for _, suf := range []string{"ten", "den", "te", "de"} {
		if strings.HasSuffix(w, suf) && n-len(suf) >= 4 {
			x := w[:n-len(suf)]
			if try(candidate{x, false, true}) {
				return true
			}
		}
	}
	return false
}

// participleCandidates proposes the stems of participles with ge-, also
// after a separable particle.
func (l *lexicon) participleCandidates(w string, try func(candidate) bool) bool {
	n := len(w)
	// Participles: geplaatst, gedreigd, gesproken; uithuisgeplaatst.
	if strings.HasPrefix(w, "ge") && n > 5 {
		if l.participle("", w[2:], try) {
			return true
		}
	}
	for _, p := range particles {
		if len(w) > len(p)+5 && strings.HasPrefix(w, p) && w[len(p):len(p)+2] == "ge" {
			rest := w[len(p)+2:]
			if l.participle(p, rest, try) {
				return true
			}
			// a strong verb: afgesproken → af + spreken
			if k, ok := l.forms["ge"+rest]; ok && try(candidate{p + k, false, false}) {
				return true
			}
		}
	}
	return false
}

// presentCandidates proposes the verb stem of a present tense or of a
// participle without ge-.
func presentCandidates(w string, try func(candidate) bool) bool {
	n := len(w)
	// Present and participles without ge-: plaatst, behandeld, verhuisd.
	if (strings.HasSuffix(w, "t") || strings.HasSuffix(w, "d")) && n > 4 {
		if try(candidate{w[:n-1], false, true}) {
			return true
		}
	}
	return false
}

// participle proposes the stems of a participle: prefix is the separable
// particle before ge- (or none), x what follows ge-.
func (l *lexicon) participle(prefix, x string, try func(candidate) bool) bool {
	n := len(x)
	if n < 3 {
		return false
	}
	stem := func(s string) bool { return try(candidate{prefix + s, false, true}) }
	switch x[n-1] {
	case 'd', 't':
		return stem(x[:n-1])
	case 'n':
		// gegeven → geven, when geven is a verb of its own family
		if strings.HasSuffix(x, "en") && l.forms[prefix+x] == prefix+x && try(candidate{prefix + x, false, false}) {
			return true
		}
		// geplaatsten
		return n > 4 && (x[n-3] == 'd' || x[n-3] == 't') && x[n-2] == 'e' && stem(x[:n-3])
	case 'e':
		// geplaatste, gemelde
		return n > 3 && (x[n-2] == 'd' || x[n-2] == 't') && stem(x[:n-2])
	}
	return false
}

// fallback stems a word the lexicon does not know: one plural or
// diminutive ending, an -e, the ge- and -d/-t of a participle, the long
// vowel restored and doubled letters reduced, so that all spellings of a
// stem meet ("registreren", "geregistreerd", "registreerde" → "registrer").
// A stem shorter than 4 letters keeps its double vowel ("gekookt", "koken"
// → "kook", apart from "kok"), and a word shorter than 4 letters stays whole.
func (l *lexicon) fallback(w string) string {
	stem := w
	cut := func(suf string, min int) bool {
		if strings.HasSuffix(stem, suf) && len(stem)-len(suf) >= min {
			stem = stem[:len(stem)-len(suf)]
			return true
		}
		return false
	}
	vowelCut := false
	switch {
	case strings.HasSuffix(stem, "mpje") && cut("pje", 3), strings.HasSuffix(stem, "mpjes") && cut("pjes", 3):
	case strings.HasSuffix(stem, "nkje") && cut("kje", 3), strings.HasSuffix(stem, "nkjes") && cut("kjes", 3):
		stem += "g"
	case cut("etjes", 4), cut("etje", 4), cut("tjes", 4), cut("tje", 4), cut("jes", 4), cut("je", 4):
	case cut("heden", 3):
		stem += "heid" // vaardigheden
	case strings.HasSuffix(stem, "eerden") && cut("den", 4), strings.HasSuffix(stem, "eerde") && cut("de", 4):
		// reageerde
	case cut("en", 3):
		vowelCut = true
	case len(stem) >= 5 && strings.IndexByte("rlnme", stem[len(stem)-2]) >= 0 && cut("s", 4):
	}
	if !vowelCut && cut("e", 3) {
		vowelCut = true
	}
	// the -d/-t of a participle, unless it belongs to the stem (gepraat)
	stripT := func(s string) string {
		r := s[:len(s)-1]
		if n := len(r); n >= 2 && isVowel(r[n-1]) && r[n-1] == r[n-2] {
			return s
		}
		return r
	}
	participle := strings.HasSuffix(stem, "d") || strings.HasSuffix(stem, "t")
	switch {
	case participle && strings.HasPrefix(stem, "ge") && len(stem) >= 6:
		stem = stripT(stem[2:])
	case len(stem) >= 5 && strings.HasSuffix(stem, "dt"):
		stem = stem[:len(stem)-1]
	case participle:
		for _, p := range particles {
			if len(stem) >= len(p)+6 && strings.HasPrefix(stem, p) && stem[len(p):len(p)+2] == "ge" {
				stem = p + stripT(stem[len(p)+2:]) // toegekend → toeken
				break
			}
		}
	}
	if vowelCut {
		stem = spellings(stem)[0]
	}
	if r := reduce(stem); len(r) >= 4 {
		return r
	}
	if len(stem) >= 4 {
		return reduceConsonants(stem)
	}
	return w
}

// reduceConsonants collapses doubled consonants only.
func reduceConsonants(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] == s[i-1] && s[i] < 0x80 && !isVowel(s[i]) {
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

// reduce collapses doubled letters and turns a final v/z into f/s.
func reduce(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] == s[i-1] && s[i] < 0x80 {
			continue // only ASCII: a term stays valid UTF-8
		}
		b = append(b, s[i])
	}
	if n := len(b); n > 0 {
		switch b[n-1] {
		case 'v':
			b[n-1] = 'f'
		case 'z':
			b[n-1] = 's'
		}
	}
	return string(b)
}

var links = []string{"", "s", "e", "en"}

// maxCompound is the longest word that is split into parts; splitting
// takes time quadratic in the length, and longer strings are codes, links
// or garbage rather than words.
const maxCompound = 48

// isPart reports whether w may stand as a non-final part of a compound.
func (l *lexicon) isPart(w string, strict bool) (string, bool) {
	if _, g := l.gen[w]; g && strict {
		return "", false
	}
	if len(w) < 3 {
		return "", false
	}
	if _, no := l.noPart[w]; no {
		return "", false
	}
	k, ok := l.forms[w]
	if ok && len(w) == 3 && k != w && !(strings.HasSuffix(k, "en") && slices.Contains(spellings(k[:len(k)-2]), w)) {
		return "", false // a short inflected form (lag, zei) is no part; a verb stem (eet) is
	}
	return k, ok
}

// split finds the parts of a compound: the fewest parts, then the longest
// last part. It returns the family keys of the parts and the byte offset
// where the last part begins, or nil.
//
// A strict split, for a word the lexicon lists, takes only listed words as
// first parts: "verlenging" is no verlen(en)+ging.
func (l *lexicon) split(w string, strict bool) ([]string, int) {
	n := len(w)
	if n < 6 || n > maxCompound {
		return nil, 0
	}
	for i := 0; i < n; i++ {
		if w[i] >= 0x80 {
			return nil, 0
		}
	}
	type cell struct {
		parts []string
		ok    bool
	}
	cells := make([]cell, n+1)
	cells[0].ok = true
	bestParts := []string(nil)
	bestAt := 0
	for j := 0; j < n; j++ {
		if !cells[j].ok {
			continue
		}
		// the rest as the last part
		if j > 0 && n-j >= 3 {
			last := w[j:]
			if _, no := l.noPart[last]; !no {
				// A last part of 3 letters must be a family's own word
				// (wet, dag), not an inflected form (eet, lag).
				if k, ok := l.lookup(last); ok && !l.isNoPart(k) && (len(last) > 3 || k == last) {
					parts := append(append([]string(nil), cells[j].parts...), k)
					if bestParts == nil || len(parts) < len(bestParts) || len(parts) == len(bestParts) && j < bestAt {
						bestParts, bestAt = parts, j
					}
				}
			}
		}
		if len(cells[j].parts) >= 3 {
			continue
		}
		for i := j + 3; i <= n-3; i++ {
			k, ok := l.isPart(w[j:i], strict)
			if !ok {
				continue
			}
			for _, link := range links {
				e := i + len(link)
				if e > n-3 || w[i:e] != link {
					continue
				}
				if !cells[e].ok || len(cells[e].parts) > len(cells[j].parts)+1 {
					cells[e] = cell{parts: append(append([]string(nil), cells[j].parts...), k), ok: true}
				}
			}
		}
	}
	return bestParts, bestAt
}

func (l *lexicon) isNoPart(key string) bool {
	_, no := l.noPart[key]
	return no
}

// analyseWord gives the terms of one normalised word, or nil for a function
// word.
func (l *lexicon) analyseWord(w string) *analysis {
	if _, ok := l.stop[w]; ok {
		return nil
	}
	an := &analysis{}
	key, known := l.lookup(w)
	_, atomic := l.atomic[w]
	if !atomic && known {
		_, atomic = l.atomic[key]
	}
	var parts []string
	if !atomic {
		var at int
		parts, at = l.split(w, known)
		if !known && parts != nil {
			// the whole word's term: its first parts as written, and the
			// family of its last part (pleegzonen → pleegzoon)
			key, known = w[:at]+parts[len(parts)-1], true
		}
	}
	if !known {
		key = l.fallback(w)
	}
	an.main = key
	an.all = []string{key}
	if len(parts) > 1 {
		an.parts = parts
		seen := map[string]bool{key: true}
		var add func(ps []string, depth int)
		add = func(ps []string, depth int) {
			for _, p := range ps {
				if seen[p] {
					continue
				}
				seen[p] = true
				an.all = append(an.all, p)
				if depth < 2 {
					if sub, _ := l.split(p, true); len(sub) > 1 {
						add(sub, depth+1)
					}
				}
			}
		}
		add(parts, 0)
	}
	return an
}

// rulesRevision changes whenever a change to the rules in this package
// changes the terms a text is stored under.
const rulesRevision = "1"

var versionOnce = sync.OnceValue(func() string {
	h := sha256.Sum256([]byte(rulesRevision + "\n" + lexiconText))
	return hex.EncodeToString(h[:6])
})

// Version names the analysis that IndexTerms performs: the rules and the
// lexicon. Stored terms made under another version are stale and the index
// must be rebuilt. Synonyms are not part of it: they act at query time, so an
// organisation may edit its own without re-indexing.
func Version() string { return versionOnce() }
