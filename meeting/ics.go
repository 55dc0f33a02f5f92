package meeting

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ICS writes a planned meeting as an iCalendar file (RFC 5545) with one
// event, so participants can put it in their own calendar. Times are in
// UTC; calendars show them in the reader's own zone. minutes is the
// agenda's length (two hours when it is still empty); link is where to
// join. ok is false when the meeting is not planned.
//
// The UID is the same for every download of the same meeting, so that a
// calendar replaces the event instead of adding a second one: it is made
// of the meeting's stored id and creation time, and domain (the host of
// the public URL; never the Host a request happened to carry). SEQUENCE
// grows with every change to the meeting (seconds from its creation to
// its last update), so a rescheduled meeting replaces the old time.
func ICS(m *Meeting, minutes int, link, domain string, now time.Time) (data []byte, ok bool) {
	if m.PlannedAt.IsZero() {
		return nil, false
	}
	if minutes <= 0 {
		minutes = 120
	}
	const stamp = "20060102T150405Z"
	var b strings.Builder
	line := func(s string) { b.WriteString(foldICS(s)); b.WriteString("\r\n") }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Rotonde//Leerbijeenkomst//NL")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("BEGIN:VEVENT")
	if domain == "" {
		domain = "rotonde"
	}
	line(fmt.Sprintf("UID:bijeenkomst-%d-%d@%s", m.ID, m.CreatedAt.Unix(), domain))
	line("DTSTAMP:" + now.UTC().Format(stamp))
	line(fmt.Sprintf("SEQUENCE:%d", Sequence(m)))
	if !m.UpdatedAt.IsZero() {
		line("LAST-MODIFIED:" + m.UpdatedAt.UTC().Format(stamp))
	}
	line("DTSTART:" + m.PlannedAt.UTC().Format(stamp))
	line("DTEND:" + m.PlannedAt.Add(time.Duration(minutes)*time.Minute).UTC().Format(stamp))
	line("SUMMARY:" + escapeICS(m.Title))
	if m.Place != "" {
		line("LOCATION:" + escapeICS(m.Place))
	}
	desc := "Leerbijeenkomst in Rotonde / learning meeting in Rotonde"
	if m.CaseTitle != "" {
		desc = m.CaseTitle + " — " + desc
	}
	line("DESCRIPTION:" + escapeICS(desc+"\n"+link))
	line("URL:" + escapeICS(link))
	line("END:VEVENT")
	line("END:VCALENDAR")
	return []byte(b.String()), true
}

// Sequence is the iCalendar SEQUENCE of m: the whole seconds between its
// creation and its last update, which only grows.
func Sequence(m *Meeting) int64 {
	if m.UpdatedAt.Before(m.CreatedAt) {
		return 0
	}
	return int64(m.UpdatedAt.Sub(m.CreatedAt) / time.Second)
}

// escapeICS escapes a TEXT value: backslash, semicolon, comma and newlines.
func escapeICS(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// foldICS folds a content line at 75 octets without splitting a UTF-8
// character; continuation lines start with a space.
func foldICS(s string) string {
	if len(s) <= 75 {
		return s
	}
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	return b.String()
}
