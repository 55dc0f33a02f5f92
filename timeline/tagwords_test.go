package timeline

import "testing"

func TestTagWordsInBothLanguages(t *testing.T) {
	for _, c := range []struct {
		tag    Tag
		nl, en string
	}{
		{Tag{Category: CatStart, Value: "opvoedondersteuning"}, "Hulp begint: opvoedondersteuning", "Help starts: opvoedondersteuning"},
		{Tag{Category: CatWaiting}, "Op de wachtlijst", "On the waiting list"},
		{Tag{Category: CatMove}, "Nieuwe woonplek", "New place to live"},
	} {
		if got := c.tag.Words("nl"); got != c.nl {
			t.Errorf("nl: %q, want %q", got, c.nl)
		}
		if got := c.tag.Words("en"); got != c.en {
			t.Errorf("en: %q, want %q", got, c.en)
		}
	}
	for cat := range tagWords {
		if w := (Tag{Category: cat}).Words("en"); w == (Tag{Category: cat}).Words("nl") || w == tagWords[cat] {
			t.Errorf("%s: no English words (%q)", cat, w)
		}
	}
}
