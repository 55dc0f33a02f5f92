package i18n

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var verbRE = regexp.MustCompile(`%(\[(\d+)\])?[-+# 0-9.*]*([a-zA-Z%])`)

// testArgs builds arguments for a catalogue text: the first integer verb
// gets n (the count), other integers 7, strings "x".
func testArgs(text string, n int) []any {
	var args []any
	next, sawCount := 0, false
	for _, m := range verbRE.FindAllStringSubmatch(text, -1) {
		if m[3] == "%" {
			continue
		}
		i := next
		if m[2] != "" {
			i, _ = strconv.Atoi(m[2])
			i--
		}
		next = i + 1
		for len(args) <= i {
			args = append(args, nil)
		}
		if args[i] != nil {
			continue
		}
		switch m[3] {
		case "d":
			if !sawCount {
				args[i], sawCount = n, true
			} else {
				args[i] = 7
			}
		case "f", "g":
			args[i] = 2.5
		default:
			args[i] = "x"
		}
	}
	return args
}

// Nouns whose number must agree with the count before them (at most two
// words may stand between, as in "2 ongebruikte herstelcodes").
var (
	pluralNouns   = `gebeurtenissen|rondes|personen|generaties|minuten|dagen|plaatsingen|deelnemers|herstelcodes|problemen|waarschuwingen|rijen|tekens|professionals|events|rounds|persons|people|generations|minutes|days|placements|participants|codes|problems|warnings|rows|characters|times`
	singularNouns = `gebeurtenis|ronde|persoon|generatie|minuut|dag|plaatsing|deelnemer|herstelcode|probleem|waarschuwing|rij|teken|professional|event|round|person|generation|minute|day|placement|participant|code|problem|warning|row|character`
	// A number after one of these is a limit (a constant above one), not a count.
	limit      = `(?:hoogstens|hooguit|minstens|minder dan|meer dan|tot en met|tot|at most|at least|fewer than|more than|up to|to)`
	oneMany    = regexp.MustCompile(`(?i)(?:^|[^\w,.])(` + limit + ` )?1 (?:[\p{L}-]+ ){0,2}(?:` + pluralNouns + `)\b`)
	manyOne    = regexp.MustCompile(`\b(?:0|2|7) (?:[\p{L}-]+ ){0,2}(?:` + singularNouns + `)\b`)
	waarvanNul = regexp.MustCompile(`waarvan 0|0 of them`)
)

// neverOne lists texts with a count that cannot be one, and why.
var neverOne = map[string]string{
	"err.genogram.gedcom_problems":                       "a single problem is shown on its own, without the count",
	"err.genogram.name_of_is_too_long_characters":        "the length is above the limit of 80",
	"err.genogram.there_are_index_persons_usually_there": "said only for two or more",
}

func render(t *testing.T, c *Catalog, lang, key string, n int) string {
	t.Helper()
	text := c.msgs[lang][key]
	s := fmt.Sprintf(text, testArgs(text, n)...)
	if strings.Contains(s, "%!") {
		t.Errorf("%s %s: bad arguments: %q", lang, key, s)
	}
	return s
}

// TestCountsAgree renders every catalogue text that takes a number with the
// counts 0, 1 and 2 and checks that nouns agree with them: a text that counts
// something has a ".one" and an ".other" form and N picks the right one.
func TestCountsAgree(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	plurals := 0
	for _, lang := range Langs {
		for _, key := range c.Keys(lang) {
			text := c.msgs[lang][key]
			if !strings.Contains(text, "%") {
				continue
			}
			base, isOne := strings.CutSuffix(key, pluralOne)
			if b, isOther := strings.CutSuffix(key, pluralOther); isOther {
				if !c.Has(lang, b+pluralOne) {
					t.Errorf("%s %s: no %s form", lang, key, pluralOne)
				}
				continue // checked with its .one form
			}
			if isOne {
				plurals++
				other := base + pluralOther
				if !c.Has(lang, other) {
					t.Errorf("%s %s: no %s form", lang, key, pluralOther)
					continue
				}
				for _, n := range []int{0, 1, 2} {
					want := c.msgs[lang][PluralKey(base, n)]
					got := c.N(lang, base, n, testArgs(c.msgs[lang][other], n)...)
					if exp := fmt.Sprintf(want, testArgs(c.msgs[lang][other], n)...); got != exp {
						t.Errorf("%s %s with %d: %q, want %q", lang, base, n, got, exp)
					}
					if m := oneMany.FindStringSubmatch(got); n == 1 && m != nil && m[1] == "" {
						t.Errorf("%s %s with 1: %q", lang, base, got)
					}
					if n != 1 && manyOne.MatchString(got) {
						t.Errorf("%s %s with %d: %q", lang, base, n, got)
					}
					if waarvanNul.MatchString(got) {
						t.Errorf("%s %s with %d: %q", lang, base, n, got)
					}
				}
				// Both forms take the same arguments, so N may pass the same list.
				render(t, c, lang, key, 1)
				render(t, c, lang, other, 2)
				continue
			}
			// Not a plural: a number in it must not count a noun.
			if reason, ok := neverOne[key]; ok {
				if reason == "" {
					t.Errorf("%s: say why it never counts one", key)
				}
				continue
			}
			for _, n := range []int{0, 1, 2} {
				got := render(t, c, lang, key, n)
				if m := oneMany.FindStringSubmatch(got); n == 1 && m != nil && m[1] == "" {
					t.Errorf("%s %s counts without plural forms: %q (make %s.one and %s.other and use N)", lang, key, got, key, key)
				}
				if waarvanNul.MatchString(got) {
					t.Errorf("%s %s: %q", lang, key, got)
				}
			}
		}
	}
	if plurals < 10 {
		t.Errorf("only %d plural keys; is the scan broken?", plurals)
	}
}

func TestPluralExamples(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	nl := c.For("nl")
	for _, tc := range []struct{ got, want string }{
		{nl.N("tension.trend.label", 1, "Maakbaar", 1), "Spreiding op Maakbaar in 1 ronde door de tijd"},
		{nl.N("tension.trend.label", 2, "Maakbaar", 2), "Spreiding op Maakbaar in 2 rondes door de tijd"},
		{nl.N("timeline.import.done", 1), "1 gebeurtenis ingelezen."},
		{nl.N("timeline.import.done", 0), "0 gebeurtenissen ingelezen."},
		{c.T("nl", "geno.svg.desc", nl.N("geno.svg.persons", 1), nl.N("geno.svg.generations", 1)), "Geno-sociogram met 1 persoon over 1 generatie"},
		{c.T("en", "geno.svg.desc", c.N("en", "geno.svg.persons", 3), c.N("en", "geno.svg.generations", 2)), "Geno-sociogram with 3 persons over 2 generations"},
		{nl.N("tension.count", 1, 1, 4), "1 van 4 deelnemers heeft zich geplaatst."},
		{c.N("en", "tension.last", 1, 40, 1), "Your last placement was 40 (placed once)."},
		{nl.Decimal(27.5, 1), "27,5"},
		{c.For("en").Decimal(27.5, 1), "27.5"},
		{nl.Decimal(40, 1), "40"},
		{nl.Decimal(-0.04, 1), "0"},
	} {
		if tc.got != tc.want {
			t.Errorf("%q, want %q", tc.got, tc.want)
		}
	}
}
