package timeline

import (
	"strings"
	"unicode"
)

// InferTags guesses categories from Dutch words in a description, for files
// without a "kenmerken" column. Every returned tag has Inferred set: it is a
// reading of the words, shown as such, and a person can correct it.
//
// The rules are deliberately conservative: a request, application or
// waiting list ("aangevraagd", "aanmelding", "wachtlijst") is never read as a
// move, so the carousel is not inflated by plans that did not happen.
func InferTags(description string) []Tag {
	d := strings.ToLower(description)
	if d == "" {
		return nil
	}
	words := wordSet(d)
	var tags []Tag
	add := func(c Category, v string) { tags = append(tags, Tag{Category: c, Value: v, Inferred: true}) }

	closed := hasAny(d, "gesloten jeugdzorg", "jeugdzorgplus", "jeugdzorg plus", "gesloten plaatsing",
		"gesloten machtiging", "machtiging gesloten", "gesloten groep", "gesloten setting", "gesloten instelling")
	intent := hasAny(d, "aangevraagd", "aanvraag", "aangemeld", "aanmelding", "verzoek", "wachtlijst",
		"overwogen", "besproken", "advies", "afgewezen", "geweigerd", "machtiging", "gepland", "zoekt")
	moveWord := hasAny(d, "geplaatst", "plaatsing", "overplaatsing", "overgeplaatst", "verhuist", "verhuisd",
		"gaat wonen", "woont voortaan", "terug naar huis", "terug thuis", "weer thuis", "thuisplaatsing",
		"terugplaatsing", "opgenomen", "opname", "naar crisisopvang", "in crisisopvang")
	waiting := hasAny(d, "wachtlijst", "wacht op", "wachttijd")
	measure := words["ots"] || hasAny(d, "ondertoezichtstelling", "onder toezicht gesteld", "voogdij",
		"kinderbeschermingsmaatregel", "jeugdbeschermingsmaatregel", "gezagsbeëindig", "machtiging uithuisplaatsing")

	if closed {
		add(CatClosed, "")
	}
	if measure {
		add(CatMeasure, "")
	}
	help := inferHelp(d, words)
	if waiting {
		add(CatWaiting, help)
	}
	// A move is only read when the place is recognised: "vader verhuist
	// naar een andere stad" is not a placement of the child.
	if moveWord && !intent {
		if place, temporary := inferPlace(d, closed); place != "" {
			add(CatMove, place)
			if temporary {
				add(CatTemporary, "")
			}
		}
	}
	if help != "" && !waiting && !intent {
		switch {
		case hasAny(d, "gestopt", "stopt", "beëindigd", "beeindigd", "afgesloten", "afgerond", "voortijdig", "einde"):
			add(CatEnd, help)
		case hasAny(d, "start", "gestart", "begint", "begonnen", "ingezet", "opgestart", "van start"):
			add(CatStart, help)
		}
	}
	return tags
}

func inferPlace(d string, closed bool) (place string, temporary bool) {
	temporary = hasAny(d, "logeer", "overbrugging", "tijdelijk", "noodplek")
	switch {
	case closed:
		return "gesloten jeugdzorg", temporary
	case hasAny(d, "crisisopvang", "crisisplek", "crisisplaatsing", "crisisgezin", "crisispleeg"):
		return "crisisopvang", true
	case hasAny(d, "pleeggezin", "pleegouder", "pleegzorg"):
		return "pleeggezin", temporary
	case hasAny(d, "gezinshuis"):
		return "gezinshuis", temporary
	case hasAny(d, "residenti", "leefgroep", "behandelgroep", "woongroep", "instelling"):
		return "residentiele groep", temporary
	case hasAny(d, "kamertraining", "zelfstandig wonen"):
		return "kamertraining", temporary
	case hasAny(d, "thuis", "naar huis", "bij moeder", "bij vader", "terugplaatsing"):
		return "thuis", temporary
	}
	return "", temporary
}

// helpWords maps words in descriptions to a canonical name of a form of
// help, longest phrases first so "ambulante gezinsbehandeling" wins over
// "gezinsbehandeling".
var helpWords = [...][2]string{
	{"intensieve ambulante gezinsbegeleiding", "IAG"},
	{"ambulante gezinsbehandeling", "gezinsbehandeling"},
	{"multisysteemtherapie", "MST"},
	{"schoolmaatschappelijk werk", "schoolmaatschappelijk werk"},
	{"praktische gezinsondersteuning", "PGO"},
	{"opvoedondersteuning", "opvoedondersteuning"},
	{"ambulante begeleiding", "ambulante begeleiding"},
	{"gezinsbehandeling", "gezinsbehandeling"},
	{"traumabehandeling", "traumabehandeling"},
	{"ggz-behandeling", "GGZ-behandeling"},
	{"ggz behandeling", "GGZ-behandeling"},
	{"dagbehandeling", "dagbehandeling"},
	{"systeemtherapie", "systeemtherapie"},
	{"speltherapie", "speltherapie"},
	{"agressieregulatie", "agressieregulatie"},
	{"jeugdreclassering", "jeugdreclassering"},
	{"vaktherapie", "vaktherapie"},
}

// helpAcronyms are matched as whole words only ("mst" inside a word is not MST).
var helpAcronyms = [...][2]string{{"mst", "MST"}, {"fft", "FFT"}, {"emdr", "EMDR"}, {"iag", "IAG"}, {"pgo", "PGO"}, {"pmt", "PMT"}}

func inferHelp(d string, words map[string]bool) string {
	for _, hw := range helpWords {
		if strings.Contains(d, hw[0]) {
			return hw[1]
		}
	}
	for _, a := range helpAcronyms {
		if words[a[0]] {
			return a[1]
		}
	}
	return ""
}

func hasAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

func wordSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		m[w] = true
	}
	return m
}
