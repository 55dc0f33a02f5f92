package rotonde_test

import (
	"testing"

	"github.com/rotonde-jeugd/rotonde"
)

func TestNeutraliseCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=HYPERLINK(\"http://evil.example\")", "'=HYPERLINK(\"http://evil.example\")"},
		{"+31 6 1234 cmd|' /C calc'!A0", "'+31 6 1234 cmd|' /C calc'!A0"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(1+1)", "'@SUM(1+1)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"'=1+1", "''=1+1"},
		{"''@x", "'''@x"},
		{"-3", "-3"},
		{"+31", "+31"},
		{"-2,5", "-2,5"},
		{"-", "'-"},
		{"'s-Hertogenbosch", "'s-Hertogenbosch"},
		{"moeder; vader", "moeder; vader"},
		{"", ""},
		{"2019-03-14", "2019-03-14"},
	} {
		got := rotonde.NeutraliseCell(tc.in)
		if got != tc.want {
			t.Errorf("NeutraliseCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if back := rotonde.RestoreCell(got); back != tc.in {
			t.Errorf("RestoreCell(%q) = %q, want %q", got, back, tc.in)
		}
	}
}

func FuzzCellRoundTrip(f *testing.F) {
	for _, s := range []string{"=1", "'=1", "-3", "'-3", "''", "'s", "@", "\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := rotonde.NeutraliseCell(s)
		if n != "" && n[0] != '\'' && len(n) > 0 && (n[0] == '=' || n[0] == '@' || n[0] == '\t' || n[0] == '\r') {
			t.Errorf("NeutraliseCell(%q) = %q starts a formula", s, n)
		}
		if back := rotonde.RestoreCell(n); back != s {
			t.Errorf("round trip of %q: %q", s, back)
		}
	})
}
