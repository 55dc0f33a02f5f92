package web

import (
	"regexp"
	"testing"

	"github.com/rotonde-jeugd/rotonde/i18n"
)

// TestPluralKeysDefined: every key used with N (templates and handlers) has
// its ".one" and ".other" forms in both languages.
func TestPluralKeysDefined(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	used := templateMatches(t, regexp.MustCompile(`\.N "([a-z0-9_.\-]+)"`))
	used = append(used, sourceMatches(regexp.MustCompile(`\.N\("([a-z0-9_.\-]+)"`))...)
	if len(used) < 10 {
		t.Fatalf("found only %d plural keys in use; is the scan broken?", len(used))
	}
	for _, k := range used {
		for _, lang := range i18n.Langs {
			for _, form := range []int{1, 2} {
				if key := i18n.PluralKey(k, form); !cat.Has(lang, key) {
					t.Errorf("plural key %q used but %q missing in %s", k, key, lang)
				}
			}
		}
	}
}
