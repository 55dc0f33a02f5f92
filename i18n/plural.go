package i18n

import (
	"sync"
)

// Plural keys come in pairs: "key.one" for a count of exactly 1 and
// "key.other" for every other count (0, 2, 3, …). Dutch and English share
// this rule. The count is the first argument unless others are given.
const (
	pluralOne   = ".one"
	pluralOther = ".other"
)

// PluralKey returns the key of the form that fits n.
func PluralKey(key string, n int) string {
	if n == 1 {
		return key + pluralOne
	}
	return key + pluralOther
}

// N returns the plural form of key that fits n, formatted with args; with no
// args the count itself fills the text ("%d rondes").
func (c *Catalog) N(lang, key string, n int, args ...any) string {
	if len(args) == 0 {
		args = []any{n}
	}
	return c.T(lang, PluralKey(key, n), args...)
}

// N translates a plural key for count n (see Catalog.N).
func (l Localizer) N(key string, n int, args ...any) string { return l.c.N(l.Lang, key, n, args...) }

// Decimal formats x with at most digits decimals, trailing zeros dropped:
// "27,5" in Dutch, "27.5" in English.
func (l Localizer) Decimal(x float64, digits int) string { return Decimal(l.Lang, x, digits) }

// Default returns the embedded catalogue, loaded once. The files are part of
// the binary and checked by tests, so a failure to load them is a build
// defect and panics.
var Default = sync.OnceValue(func() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
})

// Has reports whether key exists in the localizer's language.
func (l Localizer) Has(key string) bool { return l.c.Has(l.Lang, key) }
