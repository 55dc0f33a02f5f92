package signal

import (
	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// Label returns the item's text in lang ("en" or Dutch).
func (it Item) Label(lang string) string { return it.Text.Message(lang) }

// verbatim is text taken from the timeline itself (a place, a form of help,
// a description): the same in every language.
type verbatim string

func (v verbatim) Message(string) string { return string(v) }

// dateText is a date written in the language of the text it fills.
type dateText timeline.Date

func (d dateText) Message(lang string) string { return timeline.Date(d).Label(lang) }

// andList joins texts as "a, b en c" / "a, b and c".
type andList []rotonde.Localized

func (l andList) Message(lang string) string {
	switch len(l) {
	case 0:
		return ""
	case 1:
		return l[0].Message(lang)
	}
	head := rotonde.Joined{Parts: l[:len(l)-1], Sep: ", "}
	return rotonde.Say("signal.and", head, l[len(l)-1]).Message(lang)
}

// duration is a number of days written in months and years: "1 maand",
// "7 maanden", "2 jaar en 3 maanden".
type duration int

func (d duration) Message(lang string) string {
	m := months(int(d))
	var p rotonde.Localized
	switch {
	case m == 0:
		p = rotonde.Say("signal.months.none")
	case m < 24:
		p = rotonde.SayCount("signal.months", m)
	case m%12 == 0:
		p = rotonde.SayCount("signal.years", m/12)
	default:
		p = rotonde.Say("signal.and", rotonde.SayCount("signal.years", m/12), rotonde.SayCount("signal.months", m%12))
	}
	return p.Message(lang)
}

// sentences joins the sentences of one explanation.
func sentences(parts ...rotonde.Localized) rotonde.Joined {
	return rotonde.Joined{Parts: parts, Sep: " "}
}

// dated is a text followed by its date: "pleeggezin (1 januari 2020)".
func dated(what rotonde.Localized, d timeline.Date) rotonde.Phrase {
	return rotonde.Say("signal.dated", what, dateText(d))
}

// chain joins steps with arrows: "a → b → c".
func chain(steps []rotonde.Localized) rotonde.Joined {
	return rotonde.Joined{Parts: steps, Sep: " → "}
}

// enumeration joins the entries of one enumeration with semicolons.
func enumeration(items []rotonde.Localized) rotonde.Joined {
	return rotonde.Joined{Parts: items, Sep: "; "}
}
