package method

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rotonde-jeugd/rotonde"
)

// problems are the validation findings, by catalogue key.
type problems rotonde.List

func (p *problems) add(key string, args ...any) {
	*p = append(*p, rotonde.E(rotonde.EInvalid, key, args...))
}

// err joins the findings into one user-facing error, or returns nil.
func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	const max = 10 // a long list helps nobody; the first few point the way
	list := rotonde.List(p)
	if len(p) > max {
		list = append(list[:max:max], rotonde.E(rotonde.EInvalid, "err.method.and_more", len(p)-max))
	}
	return rotonde.E(rotonde.EInvalid, "err.method.library_not_valid", list)
}

// Validate checks that the library is complete and consistent: every text
// in both languages, keys present, well-formed and unique, card numbers
// unique, every step timed, sources known.
func (l *Library) Validate() error {
	v := &libValidator{sources: map[string]bool{}}
	v.texts(l)
	v.checkSources(l.Sources)
	v.cards(l.Cards)
	v.fields(l.Fields)
	checkQuestions(&v.p, "stagnationQuestions", l.StagnationQuestions.Questions)
	v.source("stagnationQuestions", l.StagnationQuestions.Source)

	// Cycle, phases, verbs, orders, levels, components: keyed and numbered.
	keys := map[string]bool{}
	for _, s := range l.Cycle.Steps {
		checkKey(&v.p, "cycle.steps", s.Key)
		unique(&v.p, keys, rotonde.E(rotonde.EInvalid, "err.method.thing.learning_cycle_step"), s.Key)
	}
	v.source("cycle", l.Cycle.Source)
	checkKeyed(v, "phases", "err.method.thing.phase", l.Phases, func(x Phase) (string, string) { return x.Key, x.Source }, func(x Phase) {
		if len(x.Quotes) == 0 {
			v.p.add("err.method.phase_has_no_quotes", x.Key)
		}
	})
	checkKeyed(v, "verbs", "err.method.thing.verb", l.Verbs, func(x Verb) (string, string) { return x.Key, x.Source }, nil)
	checkKeyed(v, "orders", "err.method.thing.order_of_learning", l.Orders, func(x Order) (string, string) { return x.Key, x.Source }, nil)
	checkKeyed(v, "levels", "err.method.thing.level", l.Levels, func(x Level) (string, string) { return x.Key, x.Source }, nil)
	checkKeyed(v, "successComponents", "err.method.thing.success_component", l.SuccessComponents, func(x Component) (string, string) { return x.Key, x.Source }, nil)

	// Dream questions share one key space so answers cannot collide.
	keys = map[string]bool{}
	for _, q := range append(append([]Question(nil), l.Dream.Child...), l.Dream.Professional...) {
		checkKey(&v.p, "dream", q.Key)
		unique(&v.p, keys, rotonde.E(rotonde.EInvalid, "err.method.thing.dream_question"), q.Key)
	}
	v.source("dream", l.Dream.Source)

	checkKeyed(v, "emotions", "err.method.thing.emotion", l.Emotions, func(e Emotion) (string, string) { return e.Key, e.Source }, func(e Emotion) {
		switch e.Valence {
		case ValencePleasant, ValenceUnpleasant, ValenceMixed:
		default:
			v.p.add("err.method.emotion_has_unknown_valence", e.Key, e.Valence)
		}
	})
	return v.p.err()
}

// libValidator collects what Validate finds, with the keys of the known
// sources.
type libValidator struct {
	p       problems
	sources map[string]bool
}

// source requires that key names a known source.
func (v *libValidator) source(at, key string) {
	if !v.sources[key] {
		v.p.add("err.method.unknown_source_at", key, at)
	}
}

// texts requires both languages of every Text value; optional texts are
// pointers and are checked only when present.
func (v *libValidator) texts(l *Library) {
	l.walkTexts(func(path string, t *Text) {
		switch {
		case strings.TrimSpace(t.NL) == "" && strings.TrimSpace(t.EN) == "":
			v.p.add("err.method.text_missing_at", path)
		case strings.TrimSpace(t.NL) == "":
			v.p.add("err.method.dutch_text_missing_at", path)
		case strings.TrimSpace(t.EN) == "":
			v.p.add("err.method.english_text_missing_at", path)
		}
	})
}

// checkSources checks the sources' keys and details, and notes them as
// known.
func (v *libValidator) checkSources(sources []Source) {
	for i, s := range sources {
		at := fmt.Sprintf("sources[%d]", i)
		checkKey(&v.p, at, s.Key)
		if v.sources[s.Key] {
			v.p.add("err.method.source_occurs_twice", s.Key)
		}
		v.sources[s.Key] = true
		if strings.TrimSpace(s.Title) == "" || strings.TrimSpace(s.Publisher) == "" || s.Year <= 0 {
			v.p.add("err.method.source_lacks_title_publisher_or_year", s.Key)
		}
	}
}

// cards checks the work cards: keys, numbers, steps, variants, group
// size, preparation and source.
func (v *libValidator) cards(cards []Card) {
	p := &v.p
	keys, numbers := map[string]bool{}, map[int]bool{}
	for i, c := range cards {
		at := fmt.Sprintf("cards[%s]", c.Key)
		checkKey(p, fmt.Sprintf("cards[%d]", i), c.Key)
		unique(p, keys, rotonde.E(rotonde.EInvalid, "err.method.thing.work_card"), c.Key)
		if c.Number <= 0 || numbers[c.Number] {
			p.add("err.method.work_card_has_no_unique_number", c.Key)
		}
		numbers[c.Number] = true
		if len(c.Steps) == 0 && len(c.Variants) == 0 {
			p.add("err.method.work_card_has_no_steps", c.Key)
		}
		checkSteps(p, at, c.Steps)
		vkeys := map[string]bool{}
		for _, vr := range c.Variants {
			vat := at + ".variants[" + vr.Key + "]"
			checkKey(p, vat, vr.Key)
			unique(p, vkeys, rotonde.E(rotonde.EInvalid, "err.method.thing.variant_in", c.Key), vr.Key)
			if len(vr.Steps) == 0 {
				p.add("err.method.variant_has_no_steps", vat)
			}
			checkSteps(p, vat, vr.Steps)
		}
		if c.GroupSize.Min < 1 || c.GroupSize.Max < c.GroupSize.Min {
			p.add("err.method.work_card_has_impossible_group_size", c.Key)
		}
		checkQuestions(p, at+".preparation", c.Preparation)
		v.source(at, c.Source)
	}
}

// fields checks the tension fields: keys, set, questions and source.
func (v *libValidator) fields(fields []Field) {
	p := &v.p
	keys := map[string]bool{}
	for i, f := range fields {
		at := fmt.Sprintf("fields[%s]", f.Key)
		checkKey(p, fmt.Sprintf("fields[%d]", i), f.Key)
		unique(p, keys, rotonde.E(rotonde.EInvalid, "err.method.thing.tension_field"), f.Key)
		checkKey(p, at+".set", f.Set)
		if len(f.Questions) == 0 {
			p.add("err.method.tension_field_has_no_reflection_questions", f.Key)
		}
		checkQuestions(p, at+".questions", f.Questions)
		checkQuestions(p, at+".familyQuestions", f.FamilyQuestions)
		v.source(at, f.Source)
	}
}

// checkKeyed checks a list of keyed things that each name their source:
// keys well-formed and unique, then what extra checks (when not nil),
// then the source.
func checkKeyed[T any](v *libValidator, list, thing string, xs []T, keySource func(T) (key, source string), extra func(T)) {
	keys := map[string]bool{}
	for _, x := range xs {
		key, src := keySource(x)
		checkKey(&v.p, list, key)
		unique(&v.p, keys, rotonde.E(rotonde.EInvalid, thing), key)
		if extra != nil {
			extra(x)
		}
		v.source(list+"["+key+"]", src)
	}
}

func unique(p *problems, seen map[string]bool, thing *rotonde.Error, key string) {
	if key == "" {
		return
	}
	if seen[key] {
		p.add("err.method.occurs_twice", thing, key)
	}
	seen[key] = true
}

func checkSteps(p *problems, at string, steps []Step) {
	seen := map[string]bool{}
	for _, s := range steps {
		checkKey(p, at+".steps", s.Key)
		unique(p, seen, rotonde.E(rotonde.EInvalid, "err.method.thing.step_in", at), s.Key)
		if s.Minutes <= 0 {
			p.add("err.method.step_has_no_positive_duration", at, s.Key)
		}
	}
}

func checkQuestions(p *problems, at string, qs []Question) {
	seen := map[string]bool{}
	for _, q := range qs {
		checkKey(p, at, q.Key)
		unique(p, seen, rotonde.E(rotonde.EInvalid, "err.method.thing.question_in", at), q.Key)
	}
}

// checkKey requires a short lower-case slug: keys end up in URLs, stored
// answers and exports, so they must be stable and plain.
func checkKey(p *problems, at, key string) {
	if key == "" {
		p.add("err.method.key_missing_at", at)
		return
	}
	if len(key) > 64 {
		p.add("err.method.key_at_is_too_long", key, at)
		return
	}
	for _, r := range key {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			p.add("err.method.key_at_may_contain_only_lower", key, at)
			return
		}
	}
}

var textType = reflect.TypeFor[Text]()

// walkTexts calls fn for every Text in the library (nil optional texts are
// skipped), with a readable path such as "cards[timeline].steps[draw].title".
func (l *Library) walkTexts(fn func(path string, t *Text)) {
	walk(reflect.ValueOf(l).Elem(), "", fn)
}

func walk(v reflect.Value, path string, fn func(string, *Text)) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			walk(v.Elem(), path, fn)
		}
	case reflect.Struct:
		if v.Type() == textType {
			fn(path, v.Addr().Interface().(*Text))
			return
		}
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := strings.Split(f.Tag.Get("json"), ",")[0]
			if name == "" {
				name = f.Name
			}
			walk(v.Field(i), join(path, name), fn)
		}
	case reflect.Slice:
		for i := range v.Len() {
			e := v.Index(i)
			label := fmt.Sprint(i)
			if e.Kind() == reflect.Struct {
				if k := e.FieldByName("Key"); k.IsValid() && k.Kind() == reflect.String && k.String() != "" {
					label = k.String()
				}
			}
			walk(e, path+"["+label+"]", fn)
		}
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// replaceTerms applies an organisation's vocabulary to every text.
func (l *Library) replaceTerms(terms []Term) error {
	if len(terms) == 0 {
		return nil
	}
	var nl, en []wordSwap
	for _, t := range terms {
		if strings.TrimSpace(t.From.NL) != "" {
			if strings.TrimSpace(t.To.NL) == "" {
				return rotonde.E(rotonde.EInvalid, "err.method.replacement_for_word_is_missing", t.From.NL)
			}
			nl = append(nl, wordSwap{t.From.NL, t.To.NL})
		}
		if strings.TrimSpace(t.From.EN) != "" {
			if strings.TrimSpace(t.To.EN) == "" {
				return rotonde.E(rotonde.EInvalid, "err.method.replacement_for_word_is_missing", t.From.EN)
			}
			en = append(en, wordSwap{t.From.EN, t.To.EN})
		}
	}
	// Longest first, so "betrokkenen" wins over "betrokkene".
	byLength := func(s []wordSwap) {
		for i := 1; i < len(s); i++ {
			for j := i; j > 0 && len(s[j].from) > len(s[j-1].from); j-- {
				s[j], s[j-1] = s[j-1], s[j]
			}
		}
	}
	byLength(nl)
	byLength(en)
	l.walkTexts(func(_ string, t *Text) {
		t.NL = swapWords(t.NL, nl)
		t.EN = swapWords(t.EN, en)
	})
	return nil
}

type wordSwap struct{ from, to string }

// swapWords replaces whole-word occurrences in one left-to-right pass, so a
// replacement is never replaced again.
func swapWords(s string, swaps []wordSwap) string {
	if len(swaps) == 0 || s == "" {
		return s
	}
	var b strings.Builder
	prevWord := false // was the previous rune part of a word?
	for i := 0; i < len(s); {
		if !prevWord {
			if sw, n, ok := matchAt(s, i, swaps); ok {
				b.WriteString(matchCase(s[i:i+n], sw.to))
				i += n
				prevWord = true
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+size])
		prevWord = isWordRune(r)
		i += size
	}
	return b.String()
}

func matchAt(s string, i int, swaps []wordSwap) (wordSwap, int, bool) {
	for _, sw := range swaps {
		n := len(sw.from)
		if i+n > len(s) || !strings.EqualFold(s[i:i+n], sw.from) {
			continue
		}
		if next, _ := utf8.DecodeRuneInString(s[i+n:]); i+n < len(s) && isWordRune(next) {
			continue
		}
		return sw, n, true
	}
	return wordSwap{}, 0, false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// matchCase capitalises the replacement when the replaced word started with
// a capital, so a sentence still starts with one.
func matchCase(found, repl string) string {
	f, _ := utf8.DecodeRuneInString(found)
	if !unicode.IsUpper(f) {
		return repl
	}
	r, size := utf8.DecodeRuneInString(repl)
	return string(unicode.ToUpper(r)) + repl[size:]
}
