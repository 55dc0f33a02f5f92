// Package runes shortens text by characters, never by bytes: a cut in the
// middle of a character ("ł", "ğ", "ë") would leave text that is not
// UTF-8, which PostgreSQL refuses and a page shows as "�".
package runes

import (
	"strings"
	"unicode/utf8"
)

// Cut returns s's first n characters.
func Cut(s string, n int) string {
	if n <= 0 {
		return ""
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// Ellipsis returns s's first n characters followed by "…" when s is longer.
func Ellipsis(s string, n int) string {
	if cut := Cut(s, n); len(cut) < len(s) {
		return cut + "…"
	}
	return s
}

// Excerpt folds s's white space and shortens it to n characters, at a word
// boundary when one lies in the second half, followed by "…".
func Excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := Cut(s, n)
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		return cut[:i] + "…"
	}
	return cut + "…"
}
