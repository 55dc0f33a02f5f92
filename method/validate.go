package method

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rotonde-jeugd/rotonde"
)

// problem is one validation finding in both languages.
type problem struct{ nl, en string }

type problems []problem

func (p *problems) add(nl, en string, args ...any) {
	*p = append(*p, problem{fmt.Sprintf(nl, args...), fmt.Sprintf(en, args...)})
}

// err joins the findings into one user-facing error, or returns nil.
func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	const max = 10 // a long list helps nobody; the first few point the way
	nl, en := make([]string, 0, max), make([]string, 0, max)
	for i, q := range p {
		if i == max {
			nl = append(nl, fmt.Sprintf("en nog %d", len(p)-max))
			en = append(en, fmt.Sprintf("and %d more", len(p)-max))
			break
		}
		nl, en = append(nl, q.nl), append(en, q.en)
	}
	return &rotonde.Error{
		Code: rotonde.EInvalid,
		NL:   "De methodebibliotheek klopt niet: " + strings.Join(nl, "; ") + ".",
		EN:   "The method library is not valid: " + strings.Join(en, "; ") + ".",
	}
}

// Validate checks that the library is complete and consistent: every text
// in both languages, keys present, well-formed and unique, card numbers
// unique, every step timed, sources known.
func (l *Library) Validate() error {
	var p problems

	// Texts: every Text value must have both languages; optional texts are
	// pointers and are checked only when present.
	l.walkTexts(func(path string, t *Text) {
		switch {
		case strings.TrimSpace(t.NL) == "" && strings.TrimSpace(t.EN) == "":
			p.add("tekst ontbreekt bij %s", "text missing at %s", path)
		case strings.TrimSpace(t.NL) == "":
			p.add("Nederlandse tekst ontbreekt bij %s", "Dutch text missing at %s", path)
		case strings.TrimSpace(t.EN) == "":
			p.add("Engelse tekst ontbreekt bij %s", "English text missing at %s", path)
		}
	})

	sources := map[string]bool{}
	for i, s := range l.Sources {
		at := fmt.Sprintf("sources[%d]", i)
		checkKey(&p, at, s.Key)
		if sources[s.Key] {
			p.add("bron %q komt twee keer voor", "source %q occurs twice", s.Key)
		}
		sources[s.Key] = true
		if strings.TrimSpace(s.Title) == "" || strings.TrimSpace(s.Publisher) == "" || s.Year <= 0 {
			p.add("bron %q mist titel, uitgever of jaar", "source %q lacks title, publisher or year", s.Key)
		}
	}
	source := func(at, key string) {
		if !sources[key] {
			p.add("onbekende bron %q bij %s", "unknown source %q at %s", key, at)
		}
	}

	// Cards.
	keys, numbers := map[string]bool{}, map[int]bool{}
	for i, c := range l.Cards {
		at := fmt.Sprintf("cards[%s]", c.Key)
		checkKey(&p, fmt.Sprintf("cards[%d]", i), c.Key)
		unique(&p, keys, "werkkaart", "work card", c.Key)
		if c.Number <= 0 || numbers[c.Number] {
			p.add("werkkaart %q heeft geen uniek nummer", "work card %q has no unique number", c.Key)
		}
		numbers[c.Number] = true
		if len(c.Steps) == 0 && len(c.Variants) == 0 {
			p.add("werkkaart %q heeft geen stappen", "work card %q has no steps", c.Key)
		}
		checkSteps(&p, at, c.Steps)
		vkeys := map[string]bool{}
		for _, v := range c.Variants {
			vat := at + ".variants[" + v.Key + "]"
			checkKey(&p, vat, v.Key)
			unique(&p, vkeys, "werkvorm in "+c.Key, "variant in "+c.Key, v.Key)
			if len(v.Steps) == 0 {
				p.add("werkvorm %s heeft geen stappen", "variant %s has no steps", vat)
			}
			checkSteps(&p, vat, v.Steps)
		}
		if c.GroupSize.Min < 1 || c.GroupSize.Max < c.GroupSize.Min {
			p.add("werkkaart %q heeft een onmogelijke groepsgrootte", "work card %q has an impossible group size", c.Key)
		}
		checkQuestions(&p, at+".preparation", c.Preparation)
		source(at, c.Source)
	}

	// Fields.
	keys, numbers = map[string]bool{}, map[int]bool{}
	for i, f := range l.Fields {
		at := fmt.Sprintf("fields[%s]", f.Key)
		checkKey(&p, fmt.Sprintf("fields[%d]", i), f.Key)
		unique(&p, keys, "spanningsveld", "tension field", f.Key)
		checkKey(&p, at+".set", f.Set)
		if len(f.Questions) == 0 {
			p.add("spanningsveld %q heeft geen reflectievragen", "tension field %q has no reflection questions", f.Key)
		}
		checkQuestions(&p, at+".questions", f.Questions)
		checkQuestions(&p, at+".familyQuestions", f.FamilyQuestions)
		source(at, f.Source)
	}
	checkQuestions(&p, "stagnationQuestions", l.StagnationQuestions.Questions)
	source("stagnationQuestions", l.StagnationQuestions.Source)

	// Cycle, phases, verbs, orders, levels, components: keyed and numbered.
	keys = map[string]bool{}
	for _, s := range l.Cycle.Steps {
		checkKey(&p, "cycle.steps", s.Key)
		unique(&p, keys, "stap van de leercyclus", "learning-cycle step", s.Key)
	}
	source("cycle", l.Cycle.Source)
	keys = map[string]bool{}
	for _, x := range l.Phases {
		checkKey(&p, "phases", x.Key)
		unique(&p, keys, "fase", "phase", x.Key)
		if len(x.Quotes) == 0 {
			p.add("fase %q heeft geen citaten", "phase %q has no quotes", x.Key)
		}
		source("phases["+x.Key+"]", x.Source)
	}
	keys = map[string]bool{}
	for _, x := range l.Verbs {
		checkKey(&p, "verbs", x.Key)
		unique(&p, keys, "werkwoord", "verb", x.Key)
		source("verbs["+x.Key+"]", x.Source)
	}
	keys = map[string]bool{}
	for _, x := range l.Orders {
		checkKey(&p, "orders", x.Key)
		unique(&p, keys, "orde van leren", "order of learning", x.Key)
		source("orders["+x.Key+"]", x.Source)
	}
	keys = map[string]bool{}
	for _, x := range l.Levels {
		checkKey(&p, "levels", x.Key)
		unique(&p, keys, "niveau", "level", x.Key)
		source("levels["+x.Key+"]", x.Source)
	}
	keys = map[string]bool{}
	for _, x := range l.SuccessComponents {
		checkKey(&p, "successComponents", x.Key)
		unique(&p, keys, "succescomponent", "success component", x.Key)
		source("successComponents["+x.Key+"]", x.Source)
	}

	// Dream questions share one key space so answers cannot collide.
	keys = map[string]bool{}
	for _, q := range append(append([]Question(nil), l.Dream.Child...), l.Dream.Professional...) {
		checkKey(&p, "dream", q.Key)
		unique(&p, keys, "droomvraag", "dream question", q.Key)
	}
	source("dream", l.Dream.Source)

	keys = map[string]bool{}
	for _, e := range l.Emotions {
		checkKey(&p, "emotions", e.Key)
		unique(&p, keys, "emotie", "emotion", e.Key)
		switch e.Valence {
		case ValencePleasant, ValenceUnpleasant, ValenceMixed:
		default:
			p.add("emotie %q heeft een onbekende lading %q", "emotion %q has an unknown valence %q", e.Key, e.Valence)
		}
		source("emotions["+e.Key+"]", e.Source)
	}
	return p.err()
}

func unique(p *problems, seen map[string]bool, nl, en, key string) {
	if key == "" {
		return
	}
	if seen[key] {
		*p = append(*p, problem{
			fmt.Sprintf("%s %q komt twee keer voor", nl, key),
			fmt.Sprintf("%s %q occurs twice", en, key),
		})
	}
	seen[key] = true
}

func checkSteps(p *problems, at string, steps []Step) {
	seen := map[string]bool{}
	for _, s := range steps {
		checkKey(p, at+".steps", s.Key)
		unique(p, seen, "stap in "+at, "step in "+at, s.Key)
		if s.Minutes <= 0 {
			p.add("stap %s.%s heeft geen positieve duur", "step %s.%s has no positive duration", at, s.Key)
		}
	}
}

func checkQuestions(p *problems, at string, qs []Question) {
	seen := map[string]bool{}
	for _, q := range qs {
		checkKey(p, at, q.Key)
		unique(p, seen, "vraag in "+at, "question in "+at, q.Key)
	}
}

// checkKey requires a short lower-case slug: keys end up in URLs, stored
// answers and exports, so they must be stable and plain.
func checkKey(p *problems, at, key string) {
	if key == "" {
		p.add("sleutel ontbreekt bij %s", "key missing at %s", at)
		return
	}
	if len(key) > 64 {
		p.add("sleutel %q bij %s is te lang", "key %q at %s is too long", key, at)
		return
	}
	for _, r := range key {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			p.add("sleutel %q bij %s mag alleen kleine letters, cijfers en '-' bevatten",
				"key %q at %s may contain only lower-case letters, digits and '-'", key, at)
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
				return rotonde.Errorf(rotonde.EInvalid,
					"Voor het woord %q ontbreekt de vervanging.", "The replacement for the word %q is missing.", t.From.NL)
			}
			nl = append(nl, wordSwap{t.From.NL, t.To.NL})
		}
		if strings.TrimSpace(t.From.EN) != "" {
			if strings.TrimSpace(t.To.EN) == "" {
				return rotonde.Errorf(rotonde.EInvalid,
					"Voor het woord %q ontbreekt de vervanging.", "The replacement for the word %q is missing.", t.From.EN)
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
