// Package i18n holds every sentence of the interface in Dutch (the default)
// and English. Keys are looked up at render time; a test fails when a key is
// missing in either language or used but not defined.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

//go:embed locales/*.json
var files embed.FS

// Langs are the supported languages; the first is the default.
var Langs = []string{"nl", "en"}

// Catalog maps language → key → text.
type Catalog struct {
	msgs map[string]map[string]string
}

// Load reads the embedded catalogues.
func Load() (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]string{}}
	for _, lang := range Langs {
		b, err := files.ReadFile("locales/" + lang + ".json")
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s.json: %w", lang, err)
		}
		c.msgs[lang] = m
	}
	return c, nil
}

// Keys returns the sorted keys of one language.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.msgs[lang]))
	for k := range c.msgs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether key exists in lang.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.msgs[lang][key]
	return ok
}

// T returns the text for key in lang, formatted with args. A missing key
// falls back to Dutch, then shows the key itself so the gap is visible (and
// the catalogue test catches it before release).
func (c *Catalog) T(lang, key string, args ...any) string {
	s, ok := c.msgs[lang][key]
	if !ok {
		s, ok = c.msgs[Langs[0]][key]
	}
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Localizer is a catalogue bound to one language, handed to templates.
type Localizer struct {
	Lang string
	c    *Catalog
}

// For returns a Localizer for lang (unknown languages get Dutch).
func (c *Catalog) For(lang string) Localizer {
	if _, ok := c.msgs[lang]; !ok {
		lang = Langs[0]
	}
	return Localizer{Lang: lang, c: c}
}

// T translates key.
func (l Localizer) T(key string, args ...any) string { return l.c.T(l.Lang, key, args...) }

// Match picks the best supported language from an Accept-Language header.
// Dutch wins unless English is preferred over it.
func Match(acceptLanguage string) string {
	best, bestQ := Langs[0], -1.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if _, err := fmt.Sscanf(v, "%g", &q); err != nil {
				continue
			}
		}
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		for _, l := range Langs {
			if base == l && q > bestQ {
				best, bestQ = l, q
			}
		}
	}
	return best
}
