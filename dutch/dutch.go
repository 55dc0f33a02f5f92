// Package dutch turns Dutch text into search terms: the words of a text and
// of a query are analysed the same way, once, in Go, so that SQLite and
// PostgreSQL store and match identical terms and give identical answers.
//
// # Why more than Snowball
//
// A Snowball stemmer cuts endings by rule and nothing else. For the Dutch of
// youth care that finds too little and too much at once: it does not know
// that "kinderen" is the plural of "kind", that "sliep" is a form of
// "slapen", that "afgesproken" belongs to "afspraak" or that "gezinsvoogd"
// holds "gezin" and "voogd"; and it cuts "gelden" to "geld" and "weten" to
// "wet". PostgreSQL's dutch configuration (Snowball) finds 11 of the 40 word
// families of testdata/heldout.txt and matches 3 of its 15 look-alikes (145
// of 493 families and 9 of 70 look-alikes of testdata/pairs.txt); this
// analyzer finds 39 of the 40 and 492 of the 493, with no false match.
//
// # How a word becomes a term
//
// A word is lower-cased and its accents are folded ("financiële" →
// "financiele", "geïnformeerd" → "geinformeerd"); an apostrophe ending is
// dropped ("auto's", "OTS'en"). Function words (de, het, een, van, …) give no
// term and are no token.
//
//  1. The lexicon (lexicon.txt, embedded, about 3,000 forms) lists word
//     families of the field's vocabulary: care and child protection, law,
//     school, health, housing and income, and the everyday words and verbs
//     of meeting notes. Every word on a line is stored under the line's first
//     word, its family key ("kinderen" → "kind", "sliep" → "slapen",
//     "afgesproken" → "afspraak"). Strong verbs, irregular plurals and
//     derivations (-ing nouns, agent nouns) are listed; for a listed verb the
//     stem is derived by Dutch spelling ("slapen" → "slaap", "verhuizen" →
//     "verhuis", "beslissen" → "beslis"), but only when the family shows it is
//     a verb (a conjugated form or an -ing noun is listed), so that the plural
//     "dagen" yields no verb "daag".
//  2. A word that is not listed is undressed by inflection rules and each
//     candidate is looked up: diminutives (-je, -tje, -mpje, -nkje, -etje),
//     plurals (-en; -s after -el/-em/-en/-er, -e or a vowel), adjective -e,
//     and, reaching verb stems only, verb endings (-t, -d, -te, -de, -ten,
//     -den), past participles (ge-…-d/-t, also after a separable particle:
//     "uithuisgeplaatst", "opgevoed"; ge-…-en of a listed strong verb) and
//     -ing nouns ("plaatsing" → "plaatsen"). Spelling is restored the Dutch
//     way: a doubled consonant is undoubled ("gezinnen" → "gezin"), an open
//     syllable gets its long vowel back ("zonen" → "zoon", never "zon"), and
//     a final v or z becomes f or s ("agressieve" → "agressief").
//  3. A word the lexicon cannot explain is stemmed without it (the
//     fallback): one plural or diminutive ending, an -e, a participle's ge-
//     and -d/-t, and doubled letters reduced, so that "registreren" and
//     "geregistreerd" meet. The fallback never leaves fewer than 4 letters.
//
// The terms depend on the rules and the lexicon only; Version names them, so
// stored terms can be recognised as stale when either changes.
//
// # Compounds
//
// A word of 6 to 48 letters is split into known parts: the fewest parts,
// then the longest last part, with the linking morphemes -s-, -e- and -en-
// ("gezinsvoogd" = gezin+s+voogd, "rechtszaak" = recht+s+zaak). The last
// part may be inflected ("gezinsvoogden", "pleegkinderen"). A document is
// stored under the whole word's term and the terms of its parts (and their
// parts), so "jeugdhulp" finds "jeugdhulpverlener" and "gezin" finds
// "gezinsvoogd". A compound in a query asks for the whole word's term OR all
// of its parts, so "gezinsvoogd" also finds "de voogd van het gezin". Parts
// are at least 3 letters; a 3-letter part must be a family's own word (wet,
// dag), not an inflected form (lag, zei); suffix-like words (lijk, loos,
// achtig, heid, schap, …) are never parts; and a listed word is only split
// into listed words, not derived stems ("verlenging" is no verlen+ging).
//
// # Synonyms and abbreviations
//
// synonyms.txt (embedded) holds groups of expressions that mean the same in
// the field (OTS ↔ ondertoezichtstelling, GI ↔ gecertificeerde instelling,
// RvdK ↔ Raad voor de Kinderbescherming, …); New adds an organisation's own
// groups. Synonyms work at query time only, so documents never need to be
// re-indexed when an organisation edits its list: a query word or phrase
// that is one expression of a group becomes one clause whose alternatives are
// all the group's expressions, a multi-word expression being an alternative
// of several terms ("RvdK" asks for rvdk OR raad+kinderbescherming).
//
// # Look-alikes
//
// Words that look like a form or a part of another word but are not (false
// friends) are listed in the lexicon as families of their own, marked
// atomic: they are never split. Among them "kinderachtig", "zorgvuldig",
// "plaatselijk", "gelden", "weten", "korting", "manier", "persoon",
// "bedoeling"; "gezien" is listed with zien, so it never reaches gezin.
// Decisions: "voogdij" (the measure) does not find "voogd" (the person), and
// "hulpeloos" (helpless) does not find "hulp"; "plaats" (a place) and
// "plaatsen" (to place, "plaatsing") are two families. Further guards:
// stripped candidates shorter than 4 letters count only where Dutch
// spelling proves them (a doubled consonant: "wetten" → "wet", or a
// diminutive: "bedje" → "bed"); verb endings and -ing are only removed
// toward a verb stem ("korting" stays "korting", "gezind" is not "gezin");
// and suffix-like words are never compound parts ("zorgelijk" is not
// zorg+e+lijk). testdata/pairs.txt holds 493 pairs that must match and 70
// look-alikes that must not; testdata/heldout.txt (39 of 40) and
// testdata/blind.txt (24 of 35 on its first run, written after tuning) are
// evaluation sets the analyzer was not tuned against. The blind set shows
// where an analyzer built on a lexicon is weak: words the lexicon lacks
// (strong verbs, since added; compounds whose first part it does not know).
// The tests assert the figures.
package dutch

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// Token is one word of a text: where it stands (byte offsets) and the terms
// it is indexed under. The first term is the word's own; the others are the
// terms of the parts of a compound.
type Token struct {
	Start, End int
	Terms      []string
}

// Synonyms are groups of expressions that mean the same in the field, such
// as {"OTS", "ondertoezichtstelling"}. An expression may have several words.
type Synonyms [][]string

// Analyzer analyses Dutch text. It is safe for concurrent use.
type Analyzer struct {
	lex *lexicon
	// syn maps the first term of an expression to the expressions that
	// start with it; each expression knows its group.
	syn    map[string][]synExpr
	groups [][]Alternative

	cache     sync.Map // normalised word → *analysis
	cacheSize atomic.Int64
}

type synExpr struct {
	terms []string
	group int
}

// analysis is what a single word gives.
type analysis struct {
	main  string   // the word's own term
	parts []string // the terms of its compound parts (top level), if any
	all   []string // main followed by every part's terms, distinct
}

// cacheLimit bounds the per-analyzer cache of analysed words.
const cacheLimit = 200_000

// New returns an analyzer that knows the field's built-in synonyms and the
// extra groups given (for instance an organisation's own).
func New(extra Synonyms) *Analyzer {
	a := &Analyzer{lex: builtinLexicon(), syn: map[string][]synExpr{}}
	for _, g := range builtinSynonyms() {
		a.addGroup(g)
	}
	for _, g := range extra {
		a.addGroup(g)
	}
	return a
}

// addGroup adds one synonym group; expressions that give no term are
// ignored, and a group of fewer than two expressions adds nothing.
func (a *Analyzer) addGroup(g []string) {
	var alts []Alternative
	var exprs [][]string
	for _, e := range g {
		var ans []*analysis
		a.scan(e, func(_, _ int, an *analysis) { ans = append(ans, an) })
		if len(ans) == 0 {
			continue
		}
		terms := make([]string, len(ans))
		for i, an := range ans {
			terms[i] = an.main
		}
		exprs = append(exprs, terms)
		alts = append(alts, Alternative(terms))
		if len(ans) == 1 && len(ans[0].parts) > 1 {
			// a compound expression is also found by its parts
			alts = append(alts, Alternative(ans[0].parts))
		}
	}
	if len(exprs) < 2 {
		return
	}
	id := len(a.groups)
	a.groups = append(a.groups, alts)
	for _, terms := range exprs {
		a.syn[terms[0]] = append(a.syn[terms[0]], synExpr{terms: terms, group: id})
	}
}

// Tokens splits text into words and gives each its terms. Function words
// (de, het, een, …) are left out.
func (a *Analyzer) Tokens(text string) []Token {
	var out []Token
	a.scan(text, func(start, end int, an *analysis) {
		out = append(out, Token{Start: start, End: end, Terms: slices.Clone(an.all)})
	})
	return out
}

// scan calls fn for every word of text that gives terms.
func (a *Analyzer) scan(text string, fn func(start, end int, an *analysis)) {
	var buf []byte
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		s := start
		start = -1
		buf = normalize(buf[:0], text[s:end])
		if len(buf) == 0 {
			return
		}
		if an := a.analyse(buf); an != nil {
			fn(s, end, an)
		}
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				if start < 0 {
					start = i
				}
			} else if c == '\'' && start >= 0 && i+1 < len(text) && isASCIILetter(text[i+1]) {
				// auto's, OTS'en: the apostrophe stays inside the word.
			} else {
				flush(i)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if start < 0 {
				start = i
			}
		} else if r == '’' && start >= 0 && i+size < len(text) && isASCIILetter(text[i+size]) {
			// a typographic apostrophe inside the word
		} else {
			flush(i)
		}
		i += size
	}
	flush(len(text))
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// analyse gives the terms of one normalised word, or nil for a function
// word.
func (a *Analyzer) analyse(w []byte) *analysis {
	if v, ok := a.cache.Load(string(w)); ok {
		return v.(*analysis)
	}
	word := string(w)
	an := a.lex.analyseWord(word)
	if a.cacheSize.Load() < cacheLimit {
		a.cache.Store(word, an)
		a.cacheSize.Add(1)
	}
	return an
}

// IndexTerms returns the distinct terms a document is stored under.
func (a *Analyzer) IndexTerms(text string) []string {
	seen := make(map[string]struct{}, 64)
	out := make([]string, 0, 64)
	a.scan(text, func(_, _ int, an *analysis) {
		for _, term := range an.all {
			if _, ok := seen[term]; !ok {
				seen[term] = struct{}{}
				out = append(out, term)
			}
		}
	})
	return out
}

// Query is what a search asks: every clause must match.
type Query struct {
	Clauses []Clause
}

// Clause matches when any of its alternatives matches.
type Clause []Alternative

// Alternative matches a document that holds all of its terms.
type Alternative []string

// Empty reports whether the query asks for nothing.
func (q Query) Empty() bool { return len(q.Clauses) == 0 }

// Matches reports whether a document stored under terms answers the query:
// every clause has an alternative whose terms are all among them.
func (q Query) Matches(terms []string) bool {
	if q.Empty() {
		return false
	}
	have := make(map[string]struct{}, len(terms))
	for _, t := range terms {
		have[t] = struct{}{}
	}
	for _, c := range q.Clauses {
		ok := false
		for _, alt := range c {
			all := len(alt) > 0
			for _, t := range alt {
				if _, in := have[t]; !in {
					all = false
					break
				}
			}
			if all {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// Query analyses what a user typed. Each word becomes a clause; a compound
// word may also be found by all of its parts; a word or phrase that is an
// expression of a synonym group becomes one clause of the group's
// expressions.
func (a *Analyzer) Query(text string) Query {
	var q Query
	var toks []*analysis
	a.scan(text, func(_, _ int, an *analysis) { toks = append(toks, an) })
	for i := 0; i < len(toks); {
		// The longest synonym expressions starting here, if any.
		best, groups := 0, []int(nil)
		for _, e := range a.syn[toks[i].main] {
			n := len(e.terms)
			if n < best || i+n > len(toks) {
				continue
			}
			match := true
			for k := 1; k < n; k++ {
				if toks[i+k].main != e.terms[k] {
					match = false
					break
				}
			}
			if match {
				if n > best {
					best, groups = n, groups[:0]
				}
				groups = append(groups, e.group)
			}
		}
		var c Clause
		if len(groups) > 0 {
			if best == 1 {
				c = wordAlternatives(c, toks[i])
			}
			for _, g := range groups {
				for _, alt := range a.groups[g] {
					c = addAlternative(c, alt)
				}
			}
			i += best
		} else {
			c = wordAlternatives(c, toks[i])
			i++
		}
		q.Clauses = append(q.Clauses, c)
	}
	return q
}

// wordAlternatives adds a word's own term and, for a compound, the
// alternative of all its parts.
func wordAlternatives(c Clause, an *analysis) Clause {
	c = addAlternative(c, Alternative{an.main})
	if len(an.parts) > 1 {
		c = addAlternative(c, Alternative(slices.Clone(an.parts)))
	}
	return c
}

func addAlternative(c Clause, alt Alternative) Clause {
	for _, have := range c {
		if equalTerms(have, alt) {
			return c
		}
	}
	return append(c, slices.Clone(alt))
}

func equalTerms(x, y Alternative) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// Span is a stretch of a text that matched a query, in byte offsets.
type Span struct{ Start, End int }

// Highlight returns the words of text that match any term of the query.
func (a *Analyzer) Highlight(text string, q Query) []Span {
	want := map[string]bool{}
	for _, c := range q.Clauses {
		for _, alt := range c {
			for _, term := range alt {
				want[term] = true
			}
		}
	}
	var out []Span
	for _, t := range a.Tokens(text) {
		for _, term := range t.Terms {
			if want[term] {
				out = append(out, Span{t.Start, t.End})
				break
			}
		}
	}
	return out
}

// normalize appends the lower-cased, accent-folded form of word to dst,
// without apostrophes and without a trailing "'s"/"'en" ending.
func normalize(dst []byte, word string) []byte {
	if i := strings.IndexAny(word, "'’"); i > 0 {
		word = word[:i]
	}
	for i := 0; i < len(word); {
		c := word[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(word[i:])
		i += size
		if f, ok := fold[r]; ok {
			dst = append(dst, f...)
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue // a combining accent
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

var fold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ä': "a", 'ã': "a", 'å': "a",
	'À': "a", 'Á': "a", 'Â': "a", 'Ä': "a", 'Ã': "a", 'Å': "a",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'È': "e", 'É': "e", 'Ê': "e", 'Ë': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'Ì': "i", 'Í': "i", 'Î': "i", 'Ï': "i",
	'ò': "o", 'ó': "o", 'ô': "o", 'ö': "o", 'õ': "o", 'Ò': "o", 'Ó': "o", 'Ô': "o", 'Ö': "o", 'Õ': "o",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'Ù': "u", 'Ú': "u", 'Û': "u", 'Ü': "u",
	'ý': "y", 'ÿ': "y", 'Ý': "y", 'ç': "c", 'Ç': "c", 'ñ': "n", 'Ñ': "n",
	'ĳ': "ij", 'Ĳ': "ij", 'ß': "ss", 'ø': "o", 'Ø': "o", 'æ': "ae", 'Æ': "ae",
}
