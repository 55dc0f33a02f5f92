package timeline

import (
	"slices"
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
	}{
		{"2019-03-14", Day(2019, 3, 14)},
		{"2019-3-4", Day(2019, 3, 4)},
		{"2019/03/14", Day(2019, 3, 14)},
		{"14-03-2019", Day(2019, 3, 14)},
		{"14/3/2019", Day(2019, 3, 14)},
		{"14.03.2019", Day(2019, 3, 14)},
		{" 2019-03 ", MonthOf(2019, 3)},
		{"03-2019", MonthOf(2019, 3)},
		{"3/2019", MonthOf(2019, 3)},
		{"2019", YearOf(2019)},
		{"ca. 2019", About(2019)},
		{"ca 2019", About(2019)},
		{"CA. 2019", About(2019)},
		{"circa 2019", About(2019)},
		{"±2019", About(2019)},
		{"± 2019", About(2019)},
		{"~2019", About(2019)},
		{"ca. 2019-03", Date{Year: 2019, Month: 3, Precision: PrecisionApprox}},
		{"2020-02-29", Day(2020, 2, 29)},
	}
	for _, tt := range tests {
		got, ok := ParseDate(tt.in)
		if !ok || got != tt.want {
			t.Errorf("ParseDate(%q) = %+v, %v; want %+v", tt.in, got, ok, tt.want)
		}
	}
	for _, bad := range []string{"", "2019-13-40", "2019-13", "2019-02-30", "2019-02-29", "0000", "0000-01-01",
		"19", "2019-03-14-01", "2019-03/14", "14-3-19", "ca.", "ca. 14-03-2019", "cape 2019", "maart 2019",
		"2019-00", "00-00-2019", "12345", "2019 ", "-2019", "2019--03"} {
		if bad == "2019 " {
			continue // trailing space is trimmed; covered above
		}
		if d, ok := ParseDate(bad); ok {
			t.Errorf("ParseDate(%q) = %+v, want rejection", bad, d)
		}
	}
}

func TestDateStringRoundTrip(t *testing.T) {
	for _, d := range []Date{Day(2019, 3, 14), MonthOf(2019, 3), YearOf(2019), About(2019), {Year: 2019, Month: 3, Precision: PrecisionApprox}} {
		got, ok := ParseDate(d.String())
		if !ok || got != d {
			t.Errorf("round trip %q: got %+v", d.String(), got)
		}
	}
	if got := Day(2019, 3, 4).Label("nl"); got != "4 maart 2019" {
		t.Errorf("Label nl = %q", got)
	}
	if got := About(2019).Label("en"); got != "c. 2019" {
		t.Errorf("Label en = %q", got)
	}
}

func TestDateRangeAndOrder(t *testing.T) {
	y := YearOf(2019)
	if y.Start() != Day(2019, 1, 1).Start() || y.End() != Day(2019, 12, 31).Start() {
		t.Errorf("year range wrong")
	}
	m := MonthOf(2020, 2)
	if m.End() != Day(2020, 2, 29).Start() {
		t.Errorf("month end of Feb 2020 wrong")
	}
	ds := []Date{YearOf(2019), Day(2018, 12, 31), MonthOf(2019, 1), Day(2019, 1, 1), About(2019), Day(2019, 6, 1)}
	slices.SortStableFunc(ds, Date.Compare)
	want := []Date{Day(2018, 12, 31), Day(2019, 1, 1), MonthOf(2019, 1), YearOf(2019), About(2019), Day(2019, 6, 1)}
	if !slices.Equal(ds, want) {
		t.Errorf("sorted = %v, want %v", ds, want)
	}
}
