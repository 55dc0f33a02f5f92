// Package svg writes SVG drawings: one append-only writer with one escaper,
// used by every picture Rotonde draws (timeline, geno-sociogram, force
// field, tension-field strip plots, signal sparklines). fmt is too slow for
// thousands of symbols, and every text a user typed must pass one escaper.
package svg

import (
	"io"
	"math"
	"strconv"
	"unicode/utf8"
)

// Writer buffers a drawing and writes it out in large pieces.
type Writer struct {
	b   []byte
	w   io.Writer
	err error
}

// NewWriter returns a writer to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w, b: make([]byte, 0, 64<<10)} }

// Raw writes markup as it is; never pass user text to it. The buffer is
// written out whenever it has grown large.
func (s *Writer) Raw(v string) *Writer {
	if len(s.b) >= 64<<10 {
		s.Flush(false)
	}
	s.b = append(s.b, v...)
	return s
}

// Num writes a coordinate with at most one decimal.
func (s *Writer) Num(v float64) *Writer {
	s.b = AppendNum(s.b, v)
	return s
}

// Int writes an integer.
func (s *Writer) Int(v int) *Writer { s.b = strconv.AppendInt(s.b, int64(v), 10); return s }

// Point writes "x,y".
func (s *Writer) Point(x, y float64) *Writer {
	s.Num(x)
	s.b = append(s.b, ',')
	return s.Num(y)
}

// Attr writes ` name="value"` with value escaped.
func (s *Writer) Attr(name, value string) *Writer {
	s.b = append(s.b, ' ')
	s.b = append(s.b, name...)
	s.b = append(s.b, '=', '"')
	s.b = AppendEscaped(s.b, value)
	s.b = append(s.b, '"')
	return s
}

// NumAttr writes ` name="v"` with v as a coordinate.
func (s *Writer) NumAttr(name string, v float64) *Writer {
	s.b = append(s.b, ' ')
	s.b = append(s.b, name...)
	s.b = append(s.b, '=', '"')
	s.Num(v)
	s.b = append(s.b, '"')
	return s
}

// Text writes v escaped for XML text and attribute values.
func (s *Writer) Text(v string) *Writer { s.b = AppendEscaped(s.b, v); return s }

// Flush writes out the buffer once it has grown large; force writes it
// out whatever its size.
func (s *Writer) Flush(force bool) {
	if s.err != nil || (!force && len(s.b) < 64<<10) {
		return
	}
	_, s.err = s.w.Write(s.b)
	s.b = s.b[:0]
}

// Close writes out what is buffered and returns the first write error.
func (s *Writer) Close() error {
	s.Flush(true)
	return s.err
}

// AppendNum appends v rounded to at most one decimal ("12", "12.5").
func AppendNum(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	r := math.Round(v*10) / 10
	if r == math.Trunc(r) {
		return strconv.AppendInt(b, int64(r), 10)
	}
	return strconv.AppendFloat(b, r, 'f', 1, 64)
}

// Escape returns v escaped for XML text and attribute values (see AppendEscaped).
func Escape(v string) string { return string(AppendEscaped(nil, v)) }

// AppendEscaped appends v escaped for XML content and attributes. Line
// breaks and tabs become spaces; characters XML cannot hold at all (other
// control characters, invalid UTF-8, non-characters) are dropped or
// replaced, so that the drawing is safe inline in HTML and standalone.
func AppendEscaped(b []byte, v string) []byte {
	start := 0
	for i := 0; i < len(v); {
		c := v[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'' && c != 0x7f {
			i++
			continue
		}
		b = append(b, v[start:i]...)
		size := 1
		switch {
		case c == '&':
			b = append(b, "&amp;"...)
		case c == '<':
			b = append(b, "&lt;"...)
		case c == '>':
			b = append(b, "&gt;"...)
		case c == '"':
			b = append(b, "&#34;"...)
		case c == '\'':
			b = append(b, "&#39;"...)
		case c == '\t' || c == '\n' || c == '\r':
			b = append(b, ' ')
		case c < utf8.RuneSelf:
			// other control characters: XML cannot hold them
		default:
			var r rune
			r, size = utf8.DecodeRuneInString(v[i:])
			if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF || (r >= 0x80 && r <= 0x9f) {
				b = append(b, "\uFFFD"...)
			} else {
				b = append(b, v[i:i+size]...)
			}
		}
		i += size
		start = i
	}
	return append(b, v[start:]...)
}
