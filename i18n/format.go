package i18n

import (
	"strconv"
	"strings"
	"time"
)

// Decimal formats x for lang with at most digits decimals, trailing zeros
// dropped; Dutch writes a decimal comma.
func Decimal(lang string, x float64, digits int) string {
	s := strconv.FormatFloat(x, 'f', digits, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Thousands writes a whole number with a thousands separator: "500.000" in
// Dutch, "500,000" in English.
func Thousands(lang string, n int) string {
	s := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	sep := "."
	if lang == "en" {
		sep = ","
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return sign + s
}

// Date writes a day for a reader of lang, in t's location: "04-12-2026" in
// Dutch, "4 December 2026" in English.
func Date(lang string, t time.Time) string {
	if lang == "en" {
		return t.Format("2 January 2006")
	}
	return t.Format("02-01-2006")
}

// DateTime writes a day and time for a reader of lang, in t's location:
// "04-12-2026 15:04" in Dutch, "4 December 2026, 15:04" in English.
func DateTime(lang string, t time.Time) string {
	if lang == "en" {
		return t.Format("2 January 2006, 15:04")
	}
	return t.Format("02-01-2006 15:04")
}
