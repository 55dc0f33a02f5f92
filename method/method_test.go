package method

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testtool"
)

func load(t testing.TB) *Library {
	t.Helper()
	lib, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return lib
}

func TestLoadCounts(t *testing.T) {
	lib := load(t)
	if got := len(lib.Cards); got != 8 {
		t.Errorf("cards = %d, want 8", got)
	}
	for n := 1; n <= 8; n++ {
		if _, ok := lib.CardByNumber(n); !ok {
			t.Errorf("no card number %d", n)
		}
	}
	if got := len(lib.FieldsInSet(SetCore)); got != 6 {
		t.Errorf("core fields = %d, want 6", got)
	}
	if got := len(lib.FieldsInSet(SetBestuurlijk)); got != 2 {
		t.Errorf("bestuurlijk fields = %d, want 2", got)
	}
	if got := len(lib.Cycle.Steps); got != 4 {
		t.Errorf("cycle steps = %d, want 4", got)
	}
	if got := len(lib.Phases); got != 3 {
		t.Errorf("phases = %d, want 3", got)
	}
	for _, p := range lib.Phases {
		if n := len(p.Quotes); n < 3 || n > 4 {
			t.Errorf("phase %s has %d quotes, want 3–4", p.Key, n)
		}
	}
	if got := len(lib.Verbs); got != 9 {
		t.Errorf("verbs = %d, want 9", got)
	}
	if got := len(lib.Orders); got != 3 {
		t.Errorf("orders = %d, want 3", got)
	}
	if got := len(lib.Levels); got != 3 {
		t.Errorf("levels = %d, want 3", got)
	}
	if got := len(lib.SuccessComponents); got != 3 {
		t.Errorf("success components = %d, want 3", got)
	}
	if got := len(lib.Emotions); got < 20 || got > 30 {
		t.Errorf("emotions = %d, want about 24", got)
	}
	if got := len(lib.StagnationQuestions.Questions); got < 5 {
		t.Errorf("stagnation questions = %d", got)
	}
}

// The nine verbs as chapter 3 lists them, in order.
func TestVerbsMatchChapter3(t *testing.T) {
	want := []string{"Verbinden", "Vertrouwen", "Verdiepen", "Verantwoordelijkheid nemen",
		"Vertragen", "Verdragen", "Vieren", "Volhouden", "Voordoen"}
	lib := load(t)
	for i, v := range lib.Verbs {
		if v.Title.NL != want[i] || v.Number != i+1 {
			t.Errorf("verb %d = %q (#%d), want %q", i, v.Title.NL, v.Number, want[i])
		}
	}
}

func TestRequiredContent(t *testing.T) {
	lib := load(t)
	card1, ok := lib.Card("facilitator")
	if !ok || card1.Number != 1 {
		t.Fatal("card 1 facilitator missing")
	}
	for _, k := range []string{"values", "missing-perspectives", "what-touches-me", "expected-themes", "co-facilitator"} {
		if !hasQuestion(card1.Preparation, k) {
			t.Errorf("card 1 lacks preparation question %q", k)
		}
	}
	for _, k := range []string{"dreams", "important-people", "in-the-way", "next-step"} {
		if !hasQuestion(lib.Dream.Child, k) {
			t.Errorf("dream lacks child question %q", k)
		}
	}
	for _, k := range []string{"asks-of-me", "stay-when-tense", "core-values"} {
		if !hasQuestion(lib.Dream.Professional, k) {
			t.Errorf("dream lacks professional question %q", k)
		}
	}
	if q, ok := lib.DreamQuestion("stay-when-tense"); !ok || q.Text.NL == "" {
		t.Error("DreamQuestion lookup failed")
	}
	for i, key := range []string{"connect", "analyse", "apply-knowledge", "monitor"} {
		s, ok := lib.CycleStep(key)
		if !ok || s.Number != i+1 {
			t.Errorf("cycle step %q missing or misnumbered", key)
		}
	}
	for i, key := range []string{"urgency", "pause", "design"} {
		if p, ok := lib.Phase(key); !ok || p.Number != i+1 {
			t.Errorf("phase %q missing or misnumbered", key)
		}
	}
	for _, key := range []string{"personal", "organisation", "network"} {
		if _, ok := lib.Level(key); !ok {
			t.Errorf("level %q missing", key)
		}
	}
	for _, key := range []string{"family-at-table", "clear-roles", "serving-operations"} {
		if _, ok := lib.SuccessComponent(key); !ok {
			t.Errorf("success component %q missing", key)
		}
	}
	for _, key := range []string{"cause-effect", "control-outcome"} {
		f, ok := lib.Field(key)
		if !ok || f.Set != SetBestuurlijk || f.Source != "kenis-cambre-2019" {
			t.Errorf("field %q: %+v", key, f)
		}
	}
	// The two-group perspective switch writes for 15 minutes (werkkaart 5).
	c5, _ := lib.Card("perspective-switch")
	if v, ok := c5.Variant("two-groups"); !ok || stepMinutes(v.Steps, "write") != 15 {
		t.Error("two-group format should write for 15 minutes")
	}
	if v, ok := c5.Variant("backpack"); !ok || v.Online {
		t.Error("the backpack needs a physical room")
	}
	if !strings.Contains(lib.Cycle.SkipPattern.NL, "eerste stap") {
		t.Error("skip-pattern message should point back to the first step")
	}
}

func hasQuestion(qs []Question, key string) bool {
	for _, q := range qs {
		if q.Key == key && q.Text.NL != "" && q.Text.EN != "" {
			return true
		}
	}
	return false
}

func stepMinutes(steps []Step, key string) int {
	for _, s := range steps {
		if s.Key == key {
			return s.Minutes
		}
	}
	return 0
}

func TestEveryTextBilingual(t *testing.T) {
	lib := load(t)
	n := 0
	lib.walkTexts(func(path string, x *Text) {
		n++
		if strings.TrimSpace(x.NL) == "" || strings.TrimSpace(x.EN) == "" {
			t.Errorf("%s: NL=%q EN=%q", path, x.NL, x.EN)
		}
	})
	if n < 300 {
		t.Errorf("walked only %d texts; the walker misses parts of the library", n)
	}
}

// The walker must reach texts in every kind of container, or the bilingual
// check and term replacement silently skip them.
func TestWalkerReachesNestedTexts(t *testing.T) {
	lib := load(t)
	seen := map[string]bool{}
	lib.walkTexts(func(path string, _ *Text) { seen[path] = true })
	for _, p := range []string{
		"cards[facilitator].preparation[values].hint",
		"cards[perspective-switch].variants[two-groups].steps[write].title",
		"cards[timeline].materials[0]",
		"fields[slow-down].questions[waiting-lists].text",
		"stagnationQuestions.questions[notice].text",
		"cycle.skipPattern",
		"phases[pause].quotes[2]",
		"dream.professional[core-values].text",
		"sources[nji-2022].note",
		"emotions[radeloos].word",
	} {
		if !seen[p] {
			t.Errorf("walker did not visit %s", p)
		}
	}
}

func TestKeysUniqueAndStepsTimed(t *testing.T) {
	lib := load(t)
	sections := map[string][]string{}
	for _, c := range lib.Cards {
		sections["cards"] = append(sections["cards"], c.Key)
		if c.Minutes("") <= 0 {
			t.Errorf("card %s has no duration", c.Key)
		}
		routes := [][]Step{c.Steps}
		for _, v := range c.Variants {
			routes = append(routes, v.Steps)
		}
		for _, steps := range routes {
			seen := map[string]bool{}
			for _, s := range steps {
				if s.Minutes <= 0 {
					t.Errorf("card %s step %s: minutes %d", c.Key, s.Key, s.Minutes)
				}
				if seen[s.Key] {
					t.Errorf("card %s: duplicate step %s", c.Key, s.Key)
				}
				seen[s.Key] = true
			}
		}
		if c.GroupSize.Min < 1 || c.GroupSize.Max < c.GroupSize.Min {
			t.Errorf("card %s group size %+v", c.Key, c.GroupSize)
		}
		if c.Source == "" {
			t.Errorf("card %s lacks attribution", c.Key)
		}
	}
	for _, f := range lib.Fields {
		sections["fields"] = append(sections["fields"], f.Key)
	}
	for _, v := range lib.Verbs {
		sections["verbs"] = append(sections["verbs"], v.Key)
	}
	for _, e := range lib.Emotions {
		sections["emotions"] = append(sections["emotions"], e.Key)
	}
	for _, q := range append(append([]Question(nil), lib.Dream.Child...), lib.Dream.Professional...) {
		sections["dream"] = append(sections["dream"], q.Key)
	}
	for name, keys := range sections {
		seen := map[string]bool{}
		for _, k := range keys {
			if k == "" || seen[k] {
				t.Errorf("%s: empty or duplicate key %q", name, k)
			}
			seen[k] = true
		}
	}
}

func TestEveryItemAttributed(t *testing.T) {
	lib := load(t)
	for _, s := range lib.Sources {
		c := s.Citation()
		if !strings.Contains(c, s.Title) || !strings.Contains(c, s.Publisher) {
			t.Errorf("citation %q lacks title or publisher", c)
		}
	}
	src, ok := lib.Source("nji-2022")
	if !ok || src.Year != 2022 || !strings.Contains(src.Publisher, "Nederlands Jeugdinstituut") {
		t.Errorf("nji-2022 source: %+v", src)
	}
	// Validate already refuses unknown source keys; prove it does.
	lib.Cards[0].Source = "nowhere"
	if err := lib.Validate(); err == nil || !strings.Contains(err.Error(), "nowhere") {
		t.Errorf("unknown source not refused: %v", err)
	}
}

func TestTextIn(t *testing.T) {
	x := Text{NL: "tijdlijn", EN: "timeline"}
	for lang, want := range map[string]string{"nl": "tijdlijn", "": "tijdlijn", "en": "timeline", "en-GB": "timeline", "de": "tijdlijn"} {
		if got := x.In(lang); got != want {
			t.Errorf("In(%q) = %q, want %q", lang, got, want)
		}
	}
	if got := (Text{NL: "alleen nl"}).In("en"); got != "alleen nl" {
		t.Errorf("missing EN should fall back to NL, got %q", got)
	}
	if got := (Text{EN: "only en"}).In("nl"); got != "only en" {
		t.Errorf("missing NL should fall back to EN, got %q", got)
	}
}

func TestLoadReturnsIndependentCopies(t *testing.T) {
	a, b := load(t), load(t)
	a.Cards[0].Title.NL = "changed"
	if b.Cards[0].Title.NL == "changed" {
		t.Fatal("Load shares state between calls")
	}
}

func TestMergeOverride(t *testing.T) {
	base := load(t)
	baseTitle := base.Cards[2].Title // timeline
	lib, err := Merge(base, exampleOverride())
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	checkMergedCards(t, base, lib, baseTitle)
	checkMergedFields(t, lib)
	checkMergedTerms(t, lib)
}

// exampleOverride is an organisation's override: two terms, and a patch
// that rewords, retimes, hides and adds cards and fields.
func exampleOverride() Override {
	return Override{
		Name: "Jeugdzorg Voorbeeld",
		Terms: []Term{
			{From: Text{NL: "betrokkenen"}, To: Text{NL: "stakeholders"}},
			{From: Text{NL: "betrokkene"}, To: Text{NL: "stakeholder"}},
		},
		Patch: json.RawMessage(`{
		  "cards": [
		    {"key": "timeline", "title": {"nl": "Patient journey"},
		     "steps": [{"key": "draw", "minutes": 45},
		               {"key": "photo", "minutes": 5, "title": {"nl": "Foto maken", "en": "Take a photo"},
		                "description": {"nl": "Fotografeer het vel.", "en": "Photograph the sheet."}}]},
		    {"key": "art", "hidden": true},
		    {"key": "walk-and-talk", "number": 9, "title": {"nl": "Wandelgesprek", "en": "Walk and talk"},
		     "purpose": {"nl": "Lopend praten.", "en": "Talking while walking."},
		     "whenToUse": {"nl": "Als zitten niet werkt.", "en": "When sitting does not work."},
		     "steps": [{"key": "walk", "minutes": 30, "title": {"nl": "Lopen", "en": "Walk"},
		                "description": {"nl": "Samen lopen.", "en": "Walk together."}}],
		     "groupSize": {"min": 2, "max": 3}, "online": false,
		     "onlineNote": {"nl": "Niet online.", "en": "Not online."},
		     "materials": [{"nl": "Schoenen", "en": "Shoes"}], "source": "rotonde"}
		  ],
		  "fields": [
		    {"key": "makeable", "description": {"nl": "Onze eigen omschrijving."}},
		    {"key": "budget-care", "number": 1, "set": "eigen",
		     "title": {"nl": "Tussen budget en zorg", "en": "Between budget and care"},
		     "left": {"nl": "Budget", "en": "Budget"}, "right": {"nl": "Zorg", "en": "Care"},
		     "description": {"nl": "Eigen veld.", "en": "Own field."},
		     "questions": [{"key": "where", "text": {"nl": "Waar sta jij?", "en": "Where do you stand?"}}],
		     "source": "rotonde"}
		  ]
		}`),
	}
}

// checkMergedCards checks the cards of exampleOverride merged into base:
// reworded, retimed, hidden and added, and base untouched.
func checkMergedCards(t *testing.T, base, lib *Library, baseTitle Text) {
	t.Helper()
	tl, _ := lib.Card("timeline")
	if tl.Title.NL != "Patient journey" || tl.Title.EN != baseTitle.EN {
		t.Errorf("reworded title = %+v; NL should change, EN stay %q", tl.Title, baseTitle.EN)
	}
	if got := stepMinutes(tl.Steps, "draw"); got != 45 {
		t.Errorf("draw minutes = %d, want 45", got)
	}
	if len(tl.Steps) != len(base.Cards[2].Steps)+1 || tl.Steps[len(tl.Steps)-1].Key != "photo" {
		t.Errorf("new step not appended: %+v", tl.Steps)
	}
	if d, _ := base.Card("timeline"); stepMinutes(d.Steps, "draw") == 45 || d.Title.NL == "Patient journey" {
		t.Error("Merge modified the base library")
	}

	if _, ok := lib.Card("art"); !ok {
		t.Error("hidden card must stay resolvable")
	}
	active := lib.ActiveCards()
	if len(active) != 8 { // 8 - art + walk-and-talk
		t.Errorf("active cards = %d, want 8", len(active))
	}
	for _, c := range active {
		if c.Key == "art" {
			t.Error("hidden card offered for new agendas")
		}
	}
	if active[len(active)-1].Key != "walk-and-talk" {
		t.Errorf("extra card not last by number: %s", active[len(active)-1].Key)
	}
}

// checkMergedFields checks the fields of exampleOverride: patched and
// added in their own set, the core set whole.
func checkMergedFields(t *testing.T, lib *Library) {
	t.Helper()
	mk, _ := lib.Field("makeable")
	if mk.Description.NL != "Onze eigen omschrijving." || mk.Left.NL == "" {
		t.Errorf("field patch: %+v", mk)
	}
	if own := lib.FieldsInSet("eigen"); len(own) != 1 || own[0].Key != "budget-care" {
		t.Errorf("own set: %+v", own)
	}
	if len(lib.FieldsInSet(SetCore)) != 6 {
		t.Error("core fields lost by merge")
	}
}

// checkMergedTerms checks the terms of exampleOverride: whole words,
// plural before singular, capital kept, English untouched.
func checkMergedTerms(t *testing.T, lib *Library) {
	t.Helper()
	var sawPlural, sawOld bool
	lib.walkTexts(func(path string, x *Text) {
		if strings.Contains(x.NL, "stakeholders") || strings.Contains(x.NL, "Stakeholders") {
			sawPlural = true
		}
		if containsWord(x.NL, "betrokkenen") || containsWord(x.NL, "betrokkene") {
			sawOld = true
			t.Errorf("term not replaced at %s: %q", path, x.NL)
		}
	})
	if !sawPlural || sawOld {
		t.Errorf("term replacement: plural seen %v, old seen %v", sawPlural, sawOld)
	}
	c5, _ := lib.Card("perspective-switch")
	if !strings.Contains(c5.Variants[0].Steps[0].Title.NL, "Stakeholders") {
		t.Errorf("leading capital not kept: %q", c5.Variants[0].Steps[0].Title.NL)
	}
	if !strings.Contains(c5.Variants[0].Steps[0].Title.EN, "stakeholders") {
		t.Errorf("EN changed unexpectedly: %q", c5.Variants[0].Steps[0].Title.EN)
	}
}

func containsWord(s, w string) bool {
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if f == w {
			return true
		}
	}
	return false
}

func TestMergeRefusesBrokenOverrides(t *testing.T) {
	base := load(t)
	for name, patch := range map[string]string{
		"unknown field":     `{"cards":[{"key":"timeline","titel":{"nl":"x"}}]}`,
		"zero minutes":      `{"cards":[{"key":"timeline","steps":[{"key":"draw","minutes":0}]}]}`,
		"empty dutch":       `{"verbs":[{"key":"vieren","title":{"nl":""}}]}`,
		"half new card":     `{"cards":[{"key":"new","number":20,"title":{"nl":"Nieuw","en":"New"}}]}`,
		"duplicate number":  `{"cards":[{"key":"timeline","number":1}]}`,
		"bad key":           `{"fields":[{"key":"Mijn Veld"}]}`,
		"not an object":     `[1,2]`,
		"unknown source":    `{"verbs":[{"key":"vieren","source":"elders"}]}`,
		"wrong type":        `{"cards":[{"key":"timeline","number":"drie"}]}`,
		"impossible groups": `{"cards":[{"key":"timeline","groupSize":{"min":5,"max":2}}]}`,
	} {
		_, err := Merge(base, Override{Name: "x", Patch: json.RawMessage(patch)})
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		var re *rotonde.Error
		if !errors.As(err, &re) || re.Code != rotonde.EInvalid || re.Message("nl") == "" || re.Message("en") == "" {
			t.Errorf("%s: want bilingual EInvalid, got %#v", name, err)
		}
	}
	if _, err := Merge(base, Override{Terms: []Term{{From: Text{NL: "tijdlijn"}}}}); err == nil {
		t.Error("term without replacement accepted")
	}
	if _, err := Merge(nil); err == nil {
		t.Error("nil base accepted")
	}
}

func TestMergeOrderAndNoop(t *testing.T) {
	base := load(t)
	same, err := Merge(base)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(base)
	b, _ := json.Marshal(same)
	if string(a) != string(b) {
		t.Error("merge without overrides changed the library")
	}
	first := Override{Patch: json.RawMessage(`{"verbs":[{"key":"vieren","title":{"nl":"Eerst"}}]}`)}
	second := Override{Patch: json.RawMessage(`{"verbs":[{"key":"vieren","title":{"nl":"Daarna"}}]}`)}
	lib, err := Merge(base, first, second)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := lib.Verb("vieren"); v.Title.NL != "Daarna" {
		t.Errorf("later override should win, got %q", v.Title.NL)
	}
}

func TestSwapWords(t *testing.T) {
	swaps := []wordSwap{{"betrokkenen", "stakeholders"}, {"tijdlijn", "patient journey"}}
	for in, want := range map[string]string{
		"Alle betrokkenen.":          "Alle stakeholders.",
		"Betrokkenen en tijdlijn":    "Stakeholders en patient journey",
		"tijdlijnverhaal blijft":     "tijdlijnverhaal blijft",
		"de tijdlijn, de tijdlijn!":  "de patient journey, de patient journey!",
		"ongeïnteresseerde tijdlijn": "ongeïnteresseerde patient journey",
		"":                           "",
	} {
		if got := swapWords(in, swaps); got != want {
			t.Errorf("swapWords(%q) = %q, want %q", in, got, want)
		}
	}
	// No chaining: a replacement is never replaced again.
	if got := swapWords("a b", []wordSwap{{"a", "b"}, {"b", "c"}}); got != "b c" {
		t.Errorf("chained replacement: %q", got)
	}
}

func TestStepsFor(t *testing.T) {
	lib := load(t)
	c6, _ := lib.Card("other-language")
	if len(c6.Steps) != 0 || len(c6.StepsFor("")) == 0 {
		t.Fatal("variant-only card should fall back to its first variant")
	}
	if c6.Minutes("movement") != 3+2+5+15 {
		t.Errorf("movement minutes = %d", c6.Minutes("movement"))
	}
	c3, _ := lib.Card("timeline")
	if c3.Minutes("does-not-exist") != c3.Minutes("") {
		t.Error("unknown variant should give the main route")
	}
}

// seedDir locates shared/seeds beside the repository.
func seedDir() string {
	return filepath.Dir(testtool.SharedPath("seeds/001_a023e182ea899639.txt"))
}

// The check must actually catch a copied sentence.
func TestVerbatimCheckCatchesCopy(t *testing.T) {
	src := "Het doel is niet om de tijdlijn zo compleet mogelijk te maken qua feiten, zegt men."
	copyText := "Let op: het doel is niet om de tijdlijn zo compleet mogelijk te maken qua feiten."
	a, b := normWords(src), normWords(copyText)
	windows := map[string]bool{}
	for i := 0; i+12 <= len(a); i++ {
		windows[strings.Join(a[i:i+12], " ")] = true
	}
	found := false
	for i := 0; i+12 <= len(b); i++ {
		found = found || windows[strings.Join(b[i:i+12], " ")]
	}
	if !found {
		t.Error("normWords hides an obvious copy")
	}
}

// normWords lower-cases and keeps letters and digits only, so punctuation,
// quotes and line breaks cannot hide a copied sentence.
func normWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMerge(b *testing.B) {
	base := load(b)
	o := Override{
		Terms: []Term{{From: Text{NL: "betrokkenen"}, To: Text{NL: "stakeholders"}}},
		Patch: json.RawMessage(`{"cards":[{"key":"timeline","title":{"nl":"Patient journey"}}]}`),
	}
	for b.Loop() {
		if _, err := Merge(base, o); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCycleAdvice(t *testing.T) {
	c := load(t).Cycle
	for _, tc := range []struct {
		history []string
		want    bool
	}{
		{nil, false},
		{[]string{"connect", "analyse", "apply-knowledge", "monitor", "apply-knowledge", "monitor"}, false},
		{[]string{"apply-knowledge", "monitor", "apply-knowledge"}, true},
		{[]string{"connect", "apply-knowledge", "monitor"}, true}, // step 2 skipped
		{[]string{"apply-knowledge"}, false},                      // once is not bouncing
		{[]string{"monitor", "apply-knowledge", "connect", "analyse", "apply-knowledge"}, false},
		{[]string{"connect", "analyse", "monitor", "connect", "apply-knowledge", "monitor"}, true},
	} {
		msg, got := c.Advice(tc.history)
		if got != tc.want {
			t.Errorf("Advice(%v) = %v, want %v", tc.history, got, tc.want)
		}
		if got && msg != c.SkipPattern {
			t.Errorf("Advice(%v) returned the wrong message", tc.history)
		}
	}
}

func TestLookupsAndSets(t *testing.T) {
	lib := load(t)
	if got := lib.FieldSets(); len(got) != 2 || got[0] != SetCore || got[1] != SetBestuurlijk {
		t.Errorf("FieldSets = %v", got)
	}
	if o, ok := lib.Order("third"); !ok || o.Kind.NL != "Kunst" {
		t.Errorf("Order(third) = %+v", o)
	}
	if e, ok := lib.Emotion("radeloos"); !ok || e.Valence != ValenceUnpleasant || e.Word.EN == "" {
		t.Errorf("Emotion(radeloos) = %+v", e)
	}
	for name, ok := range map[string]bool{
		"card":  func() bool { _, ok := lib.Card("nope"); return ok }(),
		"num":   func() bool { _, ok := lib.CardByNumber(99); return ok }(),
		"field": func() bool { _, ok := lib.Field("nope"); return ok }(),
		"verb":  func() bool { _, ok := lib.Verb("nope"); return ok }(),
		"dream": func() bool { _, ok := lib.DreamQuestion("nope"); return ok }(),
		"src":   func() bool { _, ok := lib.Source("nope"); return ok }(),
	} {
		if ok {
			t.Errorf("%s lookup of a missing key succeeded", name)
		}
	}
}

func TestValidateReportsDuplicatesBilingually(t *testing.T) {
	lib := load(t)
	lib.Verbs[1].Key = lib.Verbs[0].Key
	err := lib.Validate()
	var re *rotonde.Error
	if !errors.As(err, &re) {
		t.Fatalf("want *rotonde.Error, got %v", err)
	}
	if !strings.Contains(re.Message("nl"), "werkwoord \"verbinden\" komt twee keer voor") ||
		!strings.Contains(re.Message("en"), "verb \"verbinden\" occurs twice") {
		t.Errorf("NL=%q EN=%q", re.Message("nl"), re.Message("en"))
	}
	// Many problems are summarised, not dumped.
	lib = load(t)
	for i := range lib.Emotions {
		lib.Emotions[i].Valence = "?"
	}
	err = lib.Validate()
	if !errors.As(err, &re) || !strings.Contains(re.Message("nl"), "en nog ") || !strings.Contains(re.Message("en"), "and ") {
		t.Errorf("long problem list not summarised: %v", err)
	}
}
