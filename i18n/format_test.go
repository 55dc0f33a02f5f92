package i18n

import (
	"testing"
	"time"
)

func TestNumbersAndDatesPerLanguage(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Thousands("nl", 500000), "500.000"},
		{Thousands("en", 500000), "500,000"},
		{Thousands("nl", 999), "999"},
		{Thousands("nl", 1000), "1.000"},
		{Thousands("en", -1234567), "-1,234,567"},
		{Thousands("nl", 0), "0"},
		{Decimal("nl", 27.5, 1), "27,5"},
		{Decimal("en", 27.5, 1), "27.5"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	at := time.Date(2026, 12, 4, 9, 5, 0, 0, time.UTC)
	for _, c := range []struct{ got, want string }{
		{Date("nl", at), "04-12-2026"},
		{Date("en", at), "4 December 2026"},
		{DateTime("nl", at), "04-12-2026 09:05"},
		{DateTime("en", at), "4 December 2026, 09:05"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
