package timeline

import (
	"strconv"
	"strings"
	"time"
)

// Precision says how much of a Date is known. Files and dossiers rarely give
// exact days, and a timeline must not pretend to know more than it does.
type Precision uint8

const (
	// PrecisionDay: the exact day is known (2019-03-14).
	PrecisionDay Precision = iota + 1
	// PrecisionMonth: only year and month are known (2019-03).
	PrecisionMonth
	// PrecisionYear: only the year is known (2019).
	PrecisionYear
	// PrecisionApprox: roughly around this year (or month) ("ca. 2019").
	PrecisionApprox
)

// String returns a stable English name for logs and data attributes.
func (p Precision) String() string {
	switch p {
	case PrecisionDay:
		return "day"
	case PrecisionMonth:
		return "month"
	case PrecisionYear:
		return "year"
	case PrecisionApprox:
		return "approx"
	}
	return "unknown"
}

// Date is a calendar date with a precision. Month and Day are 0 when not
// known. For PrecisionApprox, Month may be set ("ca. 2019-03") and Day is 0.
type Date struct {
	Year, Month, Day int
	Precision        Precision
}

// Day, Month, Year and About build dates of the matching precision.
func Day(y, m, d int) Date { return Date{Year: y, Month: m, Day: d, Precision: PrecisionDay} }

// MonthOf returns the date for a whole month.
func MonthOf(y, m int) Date { return Date{Year: y, Month: m, Precision: PrecisionMonth} }

// YearOf returns the date for a whole year.
func YearOf(y int) Date { return Date{Year: y, Precision: PrecisionYear} }

// About returns an approximate date around year y.
func About(y int) Date { return Date{Year: y, Precision: PrecisionApprox} }

// FromTime returns the day-precision date of t.
func FromTime(t time.Time) Date {
	y, m, d := t.Date()
	return Day(y, int(m), d)
}

// IsZero reports whether d is the zero Date (no date at all).
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is a real calendar date of a known precision.
// It does not check ranges relative to today; the importer does that.
func (d Date) Valid() bool {
	if d.Year < 1 || d.Year > 9999 {
		return false
	}
	switch d.Precision {
	case PrecisionDay:
		if d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > daysIn(d.Year, d.Month) {
			return false
		}
	case PrecisionMonth:
		if d.Month < 1 || d.Month > 12 || d.Day != 0 {
			return false
		}
	case PrecisionYear:
		if d.Month != 0 || d.Day != 0 {
			return false
		}
	case PrecisionApprox:
		if d.Month < 0 || d.Month > 12 || d.Day != 0 {
			return false
		}
	default:
		return false
	}
	return true
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String formats d in the canonical import form: 2019-03-14, 2019-03, 2019,
// ca. 2019 or ca. 2019-03.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	var b []byte
	if d.Precision == PrecisionApprox {
		b = append(b, "ca. "...)
	}
	b = appendPad(b, d.Year, 4)
	if d.Month > 0 && d.Precision != PrecisionYear {
		b = append(b, '-')
		b = appendPad(b, d.Month, 2)
		if d.Precision == PrecisionDay {
			b = append(b, '-')
			b = appendPad(b, d.Day, 2)
		}
	}
	return string(b)
}

var monthsNL = [...]string{"", "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}
var monthsEN = [...]string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// Label formats d for people: "14 maart 2019", "maart 2019", "2019",
// "ca. 2019" in Dutch; English when lang is "en".
func (d Date) Label(lang string) string {
	if d.IsZero() || !d.Valid() {
		return ""
	}
	months := monthsNL[:]
	approx := "ca. "
	if lang == "en" {
		months = monthsEN[:]
		approx = "c. "
	}
	y := strconv.Itoa(d.Year)
	switch d.Precision {
	case PrecisionDay:
		if lang == "en" {
			return strconv.Itoa(d.Day) + " " + months[d.Month] + " " + y
		}
		return strconv.Itoa(d.Day) + " " + months[d.Month] + " " + y
	case PrecisionMonth:
		return months[d.Month] + " " + y
	case PrecisionApprox:
		if d.Month > 0 {
			return approx + months[d.Month] + " " + y
		}
		return approx + y
	}
	return y
}

func appendPad(b []byte, n, width int) []byte {
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// epochDay returns days since 1970-01-01 for y-m-d; m may run past 12 and
// d may be 0 (the last day of the previous month), as with time.Date. Pure
// arithmetic (Hinnant's days_from_civil) because sorting calls it a lot.
func epochDay(y, m, d int) int {
	m--
	y += floorDiv(m, 12)
	m = m - floorDiv(m, 12)*12 + 1
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp + 2) / 5 // day of year of the 1st, counting from March
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468 + d - 1
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// Start is the first day d may refer to, as days since 1970-01-01.
// An approximate year is taken as the year itself; the fuzz is drawn, not computed.
func (d Date) Start() int {
	switch {
	case d.Precision == PrecisionDay:
		return epochDay(d.Year, d.Month, d.Day)
	case d.Month > 0 && d.Precision != PrecisionYear:
		return epochDay(d.Year, d.Month, 1)
	}
	return epochDay(d.Year, 1, 1)
}

// End is the last day d may refer to, as days since 1970-01-01.
func (d Date) End() int {
	switch {
	case d.Precision == PrecisionDay:
		return epochDay(d.Year, d.Month, d.Day)
	case d.Month > 0 && d.Precision != PrecisionYear:
		return epochDay(d.Year, d.Month+1, 0)
	}
	return epochDay(d.Year, 12, 31)
}

// Mid is the middle of [Start, End]: where an event is drawn and counted.
func (d Date) Mid() int { return (d.Start() + d.End()) / 2 }

// Compare orders dates by start; on a tie the more precise date first, so
// that "14 March 2019" comes before "March 2019" which comes before "2019".
func (d Date) Compare(o Date) int {
	if a, b := d.Start(), o.Start(); a != b {
		if a < b {
			return -1
		}
		return 1
	}
	switch {
	case d.Precision < o.Precision:
		return -1
	case d.Precision > o.Precision:
		return 1
	}
	return 0
}

// Before reports whether d sorts before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// DayToTime converts a day number from Start/End/Mid back to a time.
func DayToTime(day int) time.Time { return time.Unix(int64(day)*86400, 0).UTC() }

// ParseDate reads the date forms accepted on import (see IMPORT.md):
//
//	2019-03-14, 2019-3-14, 2019/03/14      exact day (ISO order)
//	14-03-2019, 14/3/2019, 14.03.2019      exact day (Dutch order)
//	2019-03, 03-2019, 3/2019               month
//	2019                                   year
//	ca. 2019, ca 2019, circa 2019, ±2019, ~2019, ca. 2019-03   approximate
//
// A time after an exact day is accepted and dropped ("14-3-2019 14:30",
// "2019-03-14T14:30:00Z", as spreadsheets and dossier systems write them),
// and so is the quote with which a spreadsheet marks a date typed as text
// ("'2019-03-14") and a weekday in front ("do 14-3-2019", "Thu 2019-03-14").
//
// It returns ok=false for anything else, including impossible dates like
// 2019-13-40 and year 0.
func ParseDate(s string) (Date, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "'"))
	s = cutWeekday(s)
	timed := false
	if day, ok := cutTime(s); ok {
		s, timed = day, true
	}
	approx := false
	lower := strings.ToLower(s)
	for _, p := range []string{"circa", "ca.", "ca", "±", "~", "+/-", "c.", "approx."} {
		if strings.HasPrefix(lower, p) {
			rest := s[len(p):]
			// "ca2019" is fine, but "cape" is not a prefix match we want:
			// require what follows to start with a digit or space.
			r := strings.TrimLeft(rest, " \t")
			if r != "" && r[0] >= '0' && r[0] <= '9' {
				approx = true
				s = r
			}
			break
		}
	}
	parts := splitDate(s)
	if parts == nil {
		return Date{}, false
	}
	var d Date
	switch len(parts) {
	case 1:
		if len(parts[0]) != 4 {
			return Date{}, false
		}
		d = YearOf(atoi(parts[0]))
	case 2:
		a, b := parts[0], parts[1]
		switch {
		case len(a) == 4 && len(b) <= 2:
			d = MonthOf(atoi(a), atoi(b))
		case len(b) == 4 && len(a) <= 2:
			d = MonthOf(atoi(b), atoi(a))
		default:
			return Date{}, false
		}
	case 3:
		a, b, c := parts[0], parts[1], parts[2]
		switch {
		case len(a) == 4 && len(b) <= 2 && len(c) <= 2:
			d = Day(atoi(a), atoi(b), atoi(c))
		case len(c) == 4 && len(a) <= 2 && len(b) <= 2:
			d = Day(atoi(c), atoi(b), atoi(a))
		default:
			return Date{}, false
		}
	default:
		return Date{}, false
	}
	if timed && (approx || d.Precision != PrecisionDay) {
		return Date{}, false // a time belongs to a day, not to "2019-03 14:30"
	}
	if approx {
		if d.Precision == PrecisionDay {
			return Date{}, false // "ca. 14 March" is a contradiction; ask for a month or year
		}
		d.Precision = PrecisionApprox
	}
	if !d.Valid() {
		return Date{}, false
	}
	return d, true
}

// splitDate splits on one kind of separator (-, / or .) into digit groups.
func splitDate(s string) []string {
	if s == "" || len(s) > 10 {
		return nil
	}
	sep := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
		case c == '-' || c == '/' || c == '.':
			if sep == 0 {
				sep = c
			} else if sep != c {
				return nil
			}
		default:
			return nil
		}
	}
	var parts []string
	if sep == 0 {
		parts = []string{s}
	} else {
		parts = strings.Split(s, string(sep))
	}
	for _, p := range parts {
		if p == "" || len(p) > 4 {
			return nil
		}
	}
	return parts
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// cutTime splits "DATE TIME" or "DATETTIME" and returns DATE when TIME is
// a clock time: HH:MM, HH:MM:SS or HH:MM:SS.fff, optionally followed by Z
// or an offset (+01:00, +0100).
func cutTime(s string) (string, bool) {
	i := strings.IndexAny(s, " T")
	if i <= 0 {
		return "", false
	}
	day, clock := s[:i], strings.TrimSpace(s[i+1:])
	if clock == "" {
		return "", false
	}
	if strings.HasSuffix(clock, "Z") {
		clock = clock[:len(clock)-1]
	} else if j := strings.LastIndexAny(clock, "+-"); j > 0 {
		off := strings.ReplaceAll(clock[j+1:], ":", "")
		if len(off) != 4 || strings.Trim(off, "0123456789") != "" {
			return "", false
		}
		clock = clock[:j]
	}
	if j := strings.IndexByte(clock, '.'); j > 0 {
		frac := clock[j+1:]
		if frac == "" || len(frac) > 9 || strings.Trim(frac, "0123456789") != "" {
			return "", false
		}
		clock = clock[:j]
	}
	parts := strings.Split(clock, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return "", false
	}
	for k, p := range parts {
		if len(p) == 0 || len(p) > 2 || strings.Trim(p, "0123456789") != "" {
			return "", false
		}
		if n := atoi(p); (k == 0 && n > 23) || (k > 0 && n > 59) {
			return "", false
		}
	}
	return day, true
}

var weekdays = map[string]bool{
	"ma": true, "di": true, "wo": true, "do": true, "vr": true, "za": true, "zo": true,
	"maandag": true, "dinsdag": true, "woensdag": true, "donderdag": true, "vrijdag": true, "zaterdag": true, "zondag": true,
	"mon": true, "tue": true, "wed": true, "thu": true, "fri": true, "sat": true, "sun": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
}

// cutWeekday drops a weekday before a date written in digits.
func cutWeekday(s string) string {
	word, rest, ok := strings.Cut(s, " ")
	if !ok {
		return s
	}
	rest = strings.TrimSpace(rest)
	if rest == "" || rest[0] < '0' || rest[0] > '9' || !weekdays[strings.ToLower(strings.TrimRight(word, ".,"))] {
		return s
	}
	return rest
}
