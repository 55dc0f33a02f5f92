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

func TestEllipsis(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"Ayşe Öztürk", 4, "Ayşe…"},
		{"Ayşe", 4, "Ayşe"},
		{"Łukasz", 1, "Ł…"},
		{"", 3, ""},
	} {
		if got := runes.Ellipsis(c.s, c.n); got != c.want {
			t.Errorf("Ellipsis(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"Gesprek  met\nŁukasz over school", 80, "Gesprek met Łukasz over school"},
		{"Gesprek met Łukasz over schoolverzuim", 20, "Gesprek met Łukasz…"}, // at the word boundary
		{"Ondertoezichtstellingverlenging", 10, "Ondertoezi…"},               // no boundary: cut
		{"Zoë ondertoezichtstellingverlenging", 12, "Zoë ondertoe…"},         // boundary in the first half: cut
	} {
		got := runes.Excerpt(c.s, c.n)
		if got != c.want || !utf8.ValidString(got) {
			t.Errorf("Excerpt(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}
