package dutch

import (
	"bufio"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// pair is one line of a test set: a query, a document, and whether the
// query must find the document.
type pair struct {
	line      int
	a, b      string
	op        string // "=" both ways, ">" a finds b, "~" neither finds the other
	wantMatch bool
}

func readPairs(t testing.TB, path string) []pair {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []pair
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, rest, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("%s:%d: no kind", path, n)
		}
		var p pair
		for _, op := range []string{"=", ">", "~"} {
			if a, b, ok := strings.Cut(rest, " "+op+" "); ok {
				p = pair{line: n, a: strings.TrimSpace(a), b: strings.TrimSpace(b), op: op}
				break
			}
		}
		switch {
		case p.op == "":
			t.Fatalf("%s:%d: no operator", path, n)
		case kind == "family" && p.op != "~":
			p.wantMatch = true
		case kind == "lookalike" && p.op == "~":
		default:
			t.Fatalf("%s:%d: %q does not go with %q", path, n, kind, p.op)
		}
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func finds(a *Analyzer, query, doc string) bool {
	return a.Query(query).Matches(a.IndexTerms(doc))
}

// findCase says whether the query should find the document.
type findCase struct {
	query, doc string
	want       bool
}

// checkFinds checks every case against a.
func checkFinds(t *testing.T, a *Analyzer, cases []findCase) {
	t.Helper()
	for _, c := range cases {
		if got := finds(a, c.query, c.doc); got != c.want {
			t.Errorf("%q in %q: %v, want %v (query %v, terms %v)", c.query, c.doc, got, c.want, a.Query(c.query), a.IndexTerms(c.doc))
		}
	}
}

// matched reports whether a pair matched as its operator asks: both ways
// for "=", one way for ">", and either way for "~" (a false match).
func (p pair) matched(a *Analyzer) bool {
	switch p.op {
	case "=":
		return finds(a, p.a, p.b) && finds(a, p.b, p.a)
	case ">":
		return finds(a, p.a, p.b)
	default:
		return finds(a, p.a, p.b) || finds(a, p.b, p.a)
	}
}

// score counts the families found and the look-alikes falsely matched.
func score(t *testing.T, a *Analyzer, pairs []pair) (found, families, falses, lookalikes int) {
	for _, p := range pairs {
		m := p.matched(a)
		if p.wantMatch {
			families++
			if m {
				found++
			} else {
				t.Logf("line %d: %q does not find %q (%v / %v)", p.line, p.a, p.b, a.IndexTerms(p.a), a.IndexTerms(p.b))
			}
			continue
		}
		lookalikes++
		if m {
			falses++
			t.Logf("line %d: look-alikes %q and %q match (%v / %v)", p.line, p.a, p.b, a.IndexTerms(p.a), a.IndexTerms(p.b))
		}
	}
	return
}

// TestHeldOut measures the analyzer on a set it was not tuned against.
func TestHeldOut(t *testing.T) {
	a := New(nil)
	pairs := readPairs(t, "testdata/heldout.txt")
	found, families, falses, lookalikes := score(t, a, pairs)
	t.Logf("held-out: %d of %d families found, %d of %d look-alikes falsely matched", found, families, falses, lookalikes)
	if families != 40 || lookalikes != 15 {
		t.Fatalf("the held-out set has %d families and %d look-alikes, want 40 and 15", families, lookalikes)
	}
	// Measured when the analyzer was first run on it: 39 of 40, 0 of 15.
	if found < 34 || falses > 1 {
		t.Errorf("held-out: %d/40 families found (want ≥ 34), %d/15 false matches (want ≤ 1)", found, falses)
	}
}

// TestPairs holds the analyzer to its own test set of the field's
// vocabulary.
func TestPairs(t *testing.T) {
	a := New(nil)
	pairs := readPairs(t, "testdata/pairs.txt")
	found, families, falses, lookalikes := score(t, a, pairs)
	t.Logf("pairs: %d of %d families found, %d of %d look-alikes falsely matched", found, families, falses, lookalikes)
	if families < 300 || lookalikes < 60 {
		t.Fatalf("the test set has %d families and %d look-alikes, want at least 300 and 60", families, lookalikes)
	}
	// The figures when the set was made: 492 of 493 families, 0 of 70
	// look-alikes. Hold on to at least 99% and at most 1 false match.
	if found*100 < families*99 || falses > 1 {
		t.Errorf("pairs: %d/%d families found (want ≥ 99%%), %d/%d false matches (want ≤ 1)", found, families, falses, lookalikes)
	}
}

func TestExamplesOfTheIssue(t *testing.T) {
	a := New(nil)
	checkFinds(t, a, []findCase{
		{"uithuisplaatsing", "Het kind is vorige week uithuisgeplaatst.", true},
		{"uithuisgeplaatst", "De uithuisplaatsing duurt voort.", true},
		{"kind", "De kinderen wonen bij oma.", true},
		{"kinderen", "Het kind slaapt slecht.", true},
		{"plaatsing", "Zij is geplaatst in een gezinshuis.", true},
		{"kind", "Het kindje huilt veel.", true},
		{"gezin", "Het gezinnetje is verhuisd.", true},
		{"jeugdhulp", "De jeugdhulpverlener komt dinsdag.", true},
		{"gezin", "De gezinsvoogd belde.", true},
		{"voogd", "De gezinsvoogd belde.", true},
		{"gezinsvoogd", "De voogd van het gezin belde.", true},
		{"financieel", "Er zijn financiële zorgen.", true},
		{"FINANCIËLE", "financieel overzicht", true},
		{"gezin", "Dat hebben we gezien.", false},
		{"kind", "Wat kinderachtig.", false},
		{"zorg", "Zij werkt zorgvuldig.", false},
		{"plaats", "De plaatselijke krant.", false},
		{"hulp", "Hij voelde zich hulpeloos.", false},
		{"voogd", "De voogdij ligt bij de GI.", false},
	})
}

func TestSynonyms(t *testing.T) {
	a := New(Synonyms{{"KOPP-groep", "steungroep"}, {"wijkcoach", "buurtcoach"}, {"gezinsvoogd", "GV"}})
	checkFinds(t, a, []findCase{
		{"OTS", "De ondertoezichtstelling is verlengd.", true},
		{"ondertoezichtstelling", "De OTS is verlengd.", true},
		{"ondertoezichtstellingen", "Twee OTS'en lopen nog.", true},
		{"GI", "De gecertificeerde instelling neemt contact op.", true},
		{"gecertificeerde instelling", "De GI neemt contact op.", true},
		{"RvdK", "De Raad voor de Kinderbescherming doet onderzoek.", true},
		{"Raad voor de Kinderbescherming", "Melding bij de RvdK.", true},
		{"BJZ", "Vroeger ging dit via Bureau Jeugdzorg.", true},
		{"PGB", "Zij krijgen een persoonsgebonden budget.", true},
		{"LVB", "Moeder heeft een licht verstandelijke beperking.", true},
		{"MDO", "Het multidisciplinair overleg is op vrijdag.", true},
		{"ggz", "Hij is bekend bij de geestelijke gezondheidszorg.", true},
		{"JB", "Jeugdbescherming is betrokken.", true},
		{"steungroep", "Zij gaat naar de KOPP-groep.", true},
		{"wijkcoach", "De buurtcoach belde.", true},
		// a word in two groups has the expressions of both; synonymy is
		// not carried from one group to another
		{"GV", "De jeugdbeschermer belde.", false},
		{"jeugdbeschermer", "De GV belde.", false},
		{"gezinsvoogd", "De GV belde.", true},
		{"gezinsvoogd", "De jeugdbeschermer belde.", true},
		// a compound synonym is also found by its parts
		{"jeugdzorg", "De jeugdhulpverlener belde.", true},
		// a word of a multi-word expression alone is no synonym
		{"instelling", "De GI neemt contact op.", false},
		{"GI", "De instelling neemt contact op.", false},
		// an unknown organisation's group is not in another analyzer
	})
	if finds(New(nil), "wijkcoach", "De buurtcoach belde.") {
		t.Error("an organisation's own synonyms leak into another analyzer")
	}
}

func TestQuerySemantics(t *testing.T) {
	a := New(nil)
	if q := a.Query(""); !q.Empty() {
		t.Errorf("empty text gives %v", q)
	}
	if q := a.Query("de het een van"); !q.Empty() {
		t.Errorf("function words give %v", q)
	}
	// Every clause must match.
	q := a.Query("kinderen school")
	if len(q.Clauses) != 2 {
		t.Fatalf("two words give %d clauses: %v", len(q.Clauses), q)
	}
	if !q.Matches(a.IndexTerms("Het kind gaat naar school.")) {
		t.Error("both words present, no match")
	}
	if q.Matches(a.IndexTerms("Het kind blijft thuis.")) {
		t.Error("one word present, yet a match")
	}
	// A compound asks for itself or all its parts.
	q = a.Query("gezinsvoogd")
	if len(q.Clauses) != 1 || len(q.Clauses[0]) < 2 {
		t.Fatalf("a compound gives %v, want one clause of at least two alternatives", q)
	}
	if !reflect.DeepEqual(q.Clauses[0][0], Alternative{"gezinsvoogd"}) || !reflect.DeepEqual(q.Clauses[0][1], Alternative{"gezin", "voogd"}) {
		t.Errorf("the alternatives are %v, want the whole word and then its parts", q.Clauses[0])
	}
	if q.Matches(a.IndexTerms("De voogd belde.")) {
		t.Error("one part of a compound query matched")
	}
	// A multi-word synonym is one clause with an alternative of several terms.
	q = a.Query("RvdK")
	if len(q.Clauses) != 1 {
		t.Fatalf("RvdK gives %v", q)
	}
	several := false
	for _, alt := range q.Clauses[0] {
		if len(alt) > 1 {
			several = true
		}
	}
	if !several {
		t.Errorf("RvdK has no multi-term alternative: %v", q)
	}
	// What a caller does with the terms it gets does not change the analyzer.
	toks := a.Tokens("gezinsvoogd")
	toks[0].Terms[0] = "x"
	q.Clauses[0][0][0] = "x"
	if got := a.IndexTerms("gezinsvoogd"); got[0] != "gezinsvoogd" {
		t.Errorf("after a caller changed its copy, IndexTerms = %v", got)
	}
	if got := a.Query("RvdK"); got.Clauses[0][0][0] == "x" {
		t.Errorf("after a caller changed its copy, Query = %v", got)
	}
	// IndexTerms are distinct.
	terms := a.IndexTerms("kind kinderen kindje Kind KINDEREN")
	if !reflect.DeepEqual(terms, []string{"kind"}) {
		t.Errorf("IndexTerms = %v, want [kind]", terms)
	}
	var empty Query
	if empty.Matches([]string{"kind"}) {
		t.Error("the empty query matches")
	}
}

func TestTokensAndHighlight(t *testing.T) {
	a := New(nil)
	text := "De kinderen en hun gezinsvoogd bespraken de financiële zorgen; geen zorgvuldig plan."
	toks := a.Tokens(text)
	var words []string
	for _, tk := range toks {
		words = append(words, text[tk.Start:tk.End])
		if len(tk.Terms) == 0 {
			t.Errorf("token %q without terms", text[tk.Start:tk.End])
		}
	}
	want := []string{"kinderen", "gezinsvoogd", "bespraken", "financiële", "zorgen", "zorgvuldig", "plan"}
	if !reflect.DeepEqual(words, want) {
		t.Errorf("words %v, want %v", words, want)
	}
	spans := a.Highlight(text, a.Query("kind voogd zorg"))
	var hl []string
	for _, s := range spans {
		hl = append(hl, text[s.Start:s.End])
	}
	if want := []string{"kinderen", "gezinsvoogd", "zorgen"}; !reflect.DeepEqual(hl, want) {
		t.Errorf("highlighted %v, want %v", hl, want)
	}
	if spans := a.Highlight("Niets hier.", a.Query("kind")); len(spans) != 0 {
		t.Errorf("highlighted %v in a text without the word", spans)
	}
}

func TestFolding(t *testing.T) {
	a := New(nil)
	for _, c := range [][2]string{
		{"financiële", "financieel"}, {"Geïnformeerd", "informeren"}, {"coördinator", "coordinatie"},
		{"CAFÉ", "café"}, {"auto's", "auto"}, {"baby’s", "baby"},
	} {
		if !finds(a, c[0], c[1]) || !finds(a, c[1], c[0]) {
			t.Errorf("%q and %q do not meet: %v / %v", c[0], c[1], a.IndexTerms(c[0]), a.IndexTerms(c[1]))
		}
	}
}

// TestExplain prints the terms of the words in $DUTCH_WORDS, to look at the
// analyzer by hand: DUTCH_WORDS="kinderen gezinsvoogd" go test -run Explain -v
func TestExplain(t *testing.T) {
	words := os.Getenv("DUTCH_WORDS")
	if words == "" {
		return
	}
	a := New(nil)
	for _, w := range strings.Fields(words) {
		t.Logf("%s → %v  query %v", w, a.IndexTerms(w), a.Query(w))
	}
}

const meetingNote = `Overleg met moeder en de gezinsvoogd over de voortgang van het
perspectiefplan. De kinderen wonen sinds de uithuisplaatsing in een pleeggezin; de jongste
gaat weer naar school en heeft een mentor. Moeder maakt zich zorgen over de financiële situatie
en de schulden, het PGB is nog niet toegekend. Afgesproken dat de jeugdhulpverlener een
huisbezoek plant en dat de GI de verlenging van de OTS voorbereidt. Vader was niet aanwezig,
hij wordt geïnformeerd door het wijkteam. Volgende evaluatie over zes weken.`

func BenchmarkIndexTerms(b *testing.B) {
	a := New(nil)
	b.SetBytes(int64(len(meetingNote)))
	for b.Loop() {
		a.IndexTerms(meetingNote)
	}
}

// BenchmarkIndexTermsCold analyses every word afresh, as for a text whose
// words the analyzer has not seen before.
func BenchmarkIndexTermsCold(b *testing.B) {
	for b.Loop() {
		a := &Analyzer{lex: builtinLexicon()}
		a.IndexTerms(meetingNote)
	}
}

// TestLexiconListsEachFormOnce guards the lexicon against a word listed in
// two families, where the second listing would silently lose.
func TestLexiconListsEachFormOnce(t *testing.T) {
	family := map[string]string{}
	forms := 0
	for n, line := range strings.Split(lexiconText, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) > 0 && f[0] == "!" {
			f = f[1:]
		} else if len(f) > 0 && (f[0] == "." || f[0] == "-") {
			continue
		}
		if len(f) == 0 {
			continue
		}
		key := string(normalize(nil, f[0]))
		for _, w := range f {
			w = string(normalize(nil, w))
			if k, ok := family[w]; ok && k != key {
				t.Errorf("lexicon line %d: %q is in family %q and in %q", n+1, w, k, key)
			}
			family[w] = key
			forms++
		}
	}
	l := builtinLexicon()
	t.Logf("lexicon: %d forms listed, %d forms in all with the derived verb stems", forms, len(l.forms))
	if len(l.forms) < 2000 {
		t.Errorf("the lexicon knows %d forms, want at least 2000", len(l.forms))
	}
}

// TestLongWords: a text of one endless word is analysed in linear time.
func TestLongWords(t *testing.T) {
	a := New(nil)
	long := strings.Repeat("kinderbescherming", 6000) // 100 kB, one word
	start := time.Now()
	terms := a.IndexTerms(long + " " + long[:60])
	if len(terms) != 2 {
		t.Errorf("two long words give %d terms", len(terms))
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a long word took %v", d)
	}
}

func TestVersion(t *testing.T) {
	v := Version()
	if len(v) != 12 || v != Version() {
		t.Errorf("Version() = %q, want 12 stable hex digits", v)
	}
}

// TestConcurrentUse analyses from several goroutines at once (run with -race).
func TestConcurrentUse(t *testing.T) {
	a := New(Synonyms{{"KOPP", "kinderen van ouders met psychische problemen"}})
	want := a.IndexTerms(meetingNote)
	done := make(chan []string)
	for range 4 {
		go func() {
			var got []string
			for range 20 {
				got = a.IndexTerms(meetingNote)
				a.Query("gezinsvoogd RvdK kinderen")
			}
			done <- got
		}()
	}
	for range 4 {
		if got := <-done; !reflect.DeepEqual(got, want) {
			t.Errorf("concurrent IndexTerms = %v, want %v", got, want)
		}
	}
}

// FuzzTerms checks that any text gives valid UTF-8 terms and spans inside
// the text, on word boundaries.
func FuzzTerms(f *testing.F) {
	for _, s := range []string{
		meetingNote, "Łódź ĳĳsje Ærø ﬁets", "😀 kind 😀", "Αθήνα القاهرة", "a'b ''s 's", "ëëëëën", "\xff\xfekind",
		"geïnformeerd, coördinatie; financiële", "2026-12-03 14:00", "OTS'en auto’s baby's",
	} {
		f.Add(s)
	}
	a := New(nil)
	f.Fuzz(func(t *testing.T, text string) {
		for _, tk := range a.Tokens(text) {
			if tk.Start < 0 || tk.End > len(text) || tk.Start >= tk.End {
				t.Fatalf("token %d..%d outside %q", tk.Start, tk.End, text)
			}
			for _, term := range tk.Terms {
				if term == "" || !utf8.ValidString(term) && utf8.ValidString(text) {
					t.Fatalf("term %q of %q", term, text)
				}
			}
		}
		q := a.Query(text)
		for _, s := range a.Highlight(text, q) {
			if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
				t.Fatalf("span %v outside %q", s, text)
			}
		}
		if terms := a.IndexTerms(text); !q.Empty() && !q.Matches(terms) {
			t.Fatalf("%q does not find itself: %v in %v", text, q, terms)
		}
	})
}

// TestBlind reports how the analyzer does on testdata/blind.txt, a set
// written after tuning, and holds on to that first result.
func TestBlind(t *testing.T) {
	a := New(nil)
	found, families, falses, lookalikes := score(t, a, readPairs(t, "testdata/blind.txt"))
	t.Logf("blind: %d of %d families found, %d of %d look-alikes falsely matched", found, families, falses, lookalikes)
	// The first run, blind: 24 of 35, 0 of 13. The misses were strong verbs
	// missing from the table (bijten, dwingen, sluiten, springen, zwijgen,
	// schelden), participles of unlisted verbs whose stem ends in -t or
	// starts with be- (gevlucht, beloofd), and compounds with unlisted first
	// parts (half-, vervolg-). The strong verb table was completed after
	// that (29 of 35), so the set is no longer blind for strong verbs.
	if families != 35 || lookalikes != 13 {
		t.Fatalf("the blind set has %d families and %d look-alikes, want 35 and 13", families, lookalikes)
	}
	if found < 29 || falses > 0 {
		t.Errorf("blind: %d/35 families found (want ≥ 29), %d/13 false matches (want 0)", found, falses)
	}
}
