package runes_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rotonde-jeugd/rotonde/runes"
)

// Names of the field's families: Turkish, Polish and Dutch letters that
// take two bytes each.
var names = []string{"Ayşe Öztürk-Çelik", "Łukasz Wiśniewski", "Zoë van der Ĳssel", "Ğ", ""}

func TestCutKeepsWholeCharacters(t *testing.T) {
	for _, s := range names {
		for n := 0; n <= utf8.RuneCountInString(s)+1; n++ {
			got := runes.Cut(s, n)
			if !utf8.ValidString(got) || utf8.RuneCountInString(got) != min(n, utf8.RuneCountInString(s)) || !strings.HasPrefix(s, got) {
				t.Errorf("Cut(%q, %d) = %q", s, n, got)
			}
		}
	}
	if got := runes.Cut("Ayşe", -1); got != "" {
		t.Errorf("Cut with a negative length: %q", got)
	}
}

func TestEllipsisAndExcerpt(t *testing.T) {
	for _, c := range []struct {
		name string
		fn   func(string, int) string
		s    string
		n    int
		want string
	}{
		{"Ellipsis", runes.Ellipsis, "Ayşe Öztürk", 4, "Ayşe…"},
		{"Ellipsis", runes.Ellipsis, "Ayşe", 4, "Ayşe"},
		{"Ellipsis", runes.Ellipsis, "Łukasz", 1, "Ł…"},
		{"Ellipsis", runes.Ellipsis, "", 3, ""},
		{"Excerpt", runes.Excerpt, "Gesprek  met\nŁukasz over school", 80, "Gesprek met Łukasz over school"},
		{"Excerpt", runes.Excerpt, "Gesprek met Łukasz over schoolverzuim", 20, "Gesprek met Łukasz…"}, // at the word boundary
		{"Excerpt", runes.Excerpt, "Ondertoezichtstellingverlenging", 10, "Ondertoezi…"},               // no boundary: cut
		{"Excerpt", runes.Excerpt, "Zoë ondertoezichtstellingverlenging", 12, "Zoë ondertoe…"},         // boundary in the first half: cut
	} {
		if got := c.fn(c.s, c.n); got != c.want || !utf8.ValidString(got) {
			t.Errorf("%s(%q, %d) = %q, want %q", c.name, c.s, c.n, got, c.want)
		}
	}
}
