package rotonde

import (
	"strings"

	"github.com/rotonde-jeugd/rotonde/i18n"
)

// Phrase is a text a user may read that is not an error: a catalogue key
// with the arguments that fill it, said in the reader's language when it is
// shown. Domain packages describe what they found with phrases, so no text
// exists in one language only.
type Phrase struct {
	Key  string
	Args []any
}

// Say builds a phrase from a catalogue key and its arguments.
func Say(key string, args ...any) Phrase { return Phrase{Key: key, Args: args} }

// SayCount builds a phrase from a plural catalogue key ("key.one"/"key.other")
// chosen by n; with no args, n fills the text.
func SayCount(key string, n int, args ...any) Phrase {
	if len(args) == 0 {
		args = []any{n}
	}
	return Phrase{Key: i18n.PluralKey(key, n), Args: args}
}

// Message returns the text in lang ("en", or Dutch for anything else).
func (p Phrase) Message(lang string) string {
	if lang != "en" {
		lang = "nl"
	}
	if p.Key == "" {
		return ""
	}
	return i18n.Default().T(lang, p.Key, LocalizeArgs(lang, p.Args)...)
}

// Joined is a series of texts joined by Sep in the language of the text
// they fill, such as the sentences of one explanation (Sep " ").
type Joined struct {
	Parts []Localized
	Sep   string
}

func (j Joined) Message(lang string) string {
	parts := make([]string, len(j.Parts))
	for i, t := range j.Parts {
		parts[i] = t.Message(lang)
	}
	return strings.Join(parts, j.Sep)
}
