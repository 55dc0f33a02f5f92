package genogram

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"github.com/rotonde-jeugd/rotonde"
)

// charLine finds the header's character set: "1 CHAR ANSEL".
var charLine = regexp.MustCompile(`(?m)^[ \t]*1[ \t]+CHAR[ \t]+([A-Za-z0-9_-]+)[ \t]*\r?$`)

// DecodeGEDCOM turns a GEDCOM file into UTF-8 text: UTF-8 (with or without
// a byte-order mark) as it is, UTF-16 by its byte-order mark, and the older
// character sets a header names (CHAR ANSEL, CHAR ANSI for Windows-1252)
// converted, with a warning to check the names. The header of the text it
// returns says CHAR UTF-8, so the text can be decoded again unchanged.
func DecodeGEDCOM(data []byte) (string, []Issue, error) {
	var warns []Issue
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		big := data[0] == 0xFE
		data = data[2:]
		if len(data)%2 != 0 {
			return "", nil, rotonde.E(rotonde.EInvalid, "err.genogram.file_is_not_valid_utf_16")
		}
		u := make([]uint16, len(data)/2)
		for i := range u {
			if big {
				u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			} else {
				u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
			}
		}
		return setCharUTF8(string(utf16.Decode(u))), nil, nil
	}
	head := data[:min(len(data), 4096)]
	charset := ""
	if m := charLine.FindSubmatch(head); m != nil {
		charset = strings.ToUpper(string(m[1]))
	}
	switch charset {
	case "ANSEL":
		warns = append(warns, issue("", "err.genogram.file_is_stored_in_old_ansel"))
		return setCharUTF8(decodeANSEL(data)), warns, nil
	case "ANSI", "WINDOWS-1252", "CP1252", "IBMPC", "IBM_WINDOWS", "LATIN1", "ISO-8859-1", "ISO8859-1":
		if utf8.Valid(data) {
			break // the header says ANSI but the text is UTF-8 (common)
		}
		warns = append(warns, issue("", "err.genogram.file_is_stored_in_windows_1252", charset))
		text, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return "", nil, rotonde.E(rotonde.EInvalid, "err.genogram.file_cannot_be_read_as_windows")
		}
		return setCharUTF8(string(text)), warns, nil
	}
	if !utf8.Valid(data) {
		return "", nil, rotonde.E(rotonde.EInvalid, "err.genogram.file_is_not_utf_8_text")
	}
	return setCharUTF8(string(data)), warns, nil
}

// setCharUTF8 makes the header's CHAR line say UTF-8.
func setCharUTF8(s string) string {
	s = strings.TrimPrefix(s, "\uFEFF")
	head := s[:min(len(s), 4096)]
	if loc := charLine.FindStringSubmatchIndex(head); loc != nil {
		return s[:loc[2]] + "UTF-8" + s[loc[3]:]
	}
	return s
}

// ansel maps the spacing characters of ANSEL (ANSI/NISO Z39.47) above 0x7F.
var ansel = map[byte]rune{
	0xA1: 'Ł', 0xA2: 'Ø', 0xA3: 'Đ', 0xA4: 'Þ', 0xA5: 'Æ', 0xA6: 'Œ', 0xA7: 'ʹ', 0xA8: '·', 0xA9: '♭',
	0xAA: '®', 0xAB: '±', 0xAC: 'Ơ', 0xAD: 'Ư', 0xAE: 'ʼ', 0xB0: 'ʻ', 0xB1: 'ł', 0xB2: 'ø', 0xB3: 'đ',
	0xB4: 'þ', 0xB5: 'æ', 0xB6: 'œ', 0xB7: 'ʺ', 0xB8: 'ı', 0xB9: '£', 0xBA: 'ð', 0xBC: 'ơ', 0xBD: 'ư',
	0xC0: '°', 0xC1: 'ℓ', 0xC2: '℗', 0xC3: '©', 0xC4: '♯', 0xC5: '¿', 0xC6: '¡', 0xC7: 'ß', 0xC8: '€',
	0xCD: 'e', 0xCE: 'o', 0xCF: 'ß',
}

// anselCombining maps ANSEL's combining marks, which come before the letter
// they belong to (Unicode puts them after).
var anselCombining = map[byte]rune{
	0xE0: '\u0309', 0xE1: '\u0300', 0xE2: '\u0301', 0xE3: '\u0302', 0xE4: '\u0303', 0xE5: '\u0304',
	0xE6: '\u0306', 0xE7: '\u0307', 0xE8: '\u0308', 0xE9: '\u030C', 0xEA: '\u030A', 0xEB: '\uFE20',
	0xEC: '\uFE21', 0xED: '\u0315', 0xEE: '\u030B', 0xEF: '\u0310', 0xF0: '\u0327', 0xF1: '\u0328',
	0xF2: '\u0323', 0xF3: '\u0324', 0xF4: '\u0325', 0xF5: '\u0333', 0xF6: '\u0332', 0xF7: '\u0326',
	0xF8: '\u031C', 0xF9: '\u032E', 0xFA: '\uFE22', 0xFB: '\uFE23', 0xFE: '\u0313',
}

// decodeANSEL converts ANSEL to composed (NFC) UTF-8.
func decodeANSEL(data []byte) string {
	var b strings.Builder
	var marks []rune
	for _, c := range data {
		if m, ok := anselCombining[c]; ok {
			marks = append(marks, m)
			continue
		}
		switch r, ok := ansel[c]; {
		case c < 0x80:
			b.WriteByte(c)
		case ok:
			b.WriteRune(r)
		default:
			b.WriteRune('\uFFFD')
		}
		for _, m := range marks {
			b.WriteRune(m)
		}
		marks = marks[:0]
	}
	return norm.NFC.String(b.String())
}
