package web

import (
	"io/fs"
	"os"
	"regexp"
	"strings"
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
	var used []string
	tmpl := regexp.MustCompile(`\.N "([a-z0-9_.\-]+)"`)
	err = fs.WalkDir(templateFiles, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFiles, path)
		for _, m := range tmpl.FindAllStringSubmatch(string(b), -1) {
			used = append(used, m[1])
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	goCall := regexp.MustCompile(`\.N\("([a-z0-9_.\-]+)"`)
	entries, _ := os.ReadDir(".")
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
			b, _ := os.ReadFile(e.Name())
			for _, m := range goCall.FindAllStringSubmatch(string(b), -1) {
				used = append(used, m[1])
			}
		}
	}
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
