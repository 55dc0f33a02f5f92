package genogram

import (
	"io"
	"math"
	"strconv"
	"unicode/utf8"
)

// svgw is a small append-only writer: fmt is too slow for thousands of
// symbols within the time budget, and every text goes through esc.
type svgw struct {
	b   []byte
	err error
	w   io.Writer
}

func (s *svgw) str(v string) *svgw { s.b = append(s.b, v...); return s }

// num writes a coordinate with at most one decimal.
func (s *svgw) num(v float64) *svgw {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	r := math.Round(v*10) / 10
	if r == math.Trunc(r) {
		s.b = strconv.AppendInt(s.b, int64(r), 10)
	} else {
		s.b = strconv.AppendFloat(s.b, r, 'f', 1, 64)
	}
	return s
}

func (s *svgw) int(v int) *svgw { s.b = strconv.AppendInt(s.b, int64(v), 10); return s }

// attr writes ` name="value"` with value escaped.
func (s *svgw) attr(name, value string) *svgw {
	s.b = append(s.b, ' ')
	s.b = append(s.b, name...)
	s.b = append(s.b, '=', '"')
	s.esc(value)
	s.b = append(s.b, '"')
	return s
}

func (s *svgw) nattr(name string, v float64) *svgw {
	s.b = append(s.b, ' ')
	s.b = append(s.b, name...)
	s.b = append(s.b, '=', '"')
	s.num(v)
	s.b = append(s.b, '"')
	return s
}

// esc appends text escaped for XML/HTML content and attributes, dropping
// characters that are not allowed in XML at all (control characters,
// invalid UTF-8), so that the SVG is safe both inline in HTML and standalone.
func (s *svgw) esc(v string) *svgw {
	for i := 0; i < len(v); {
		c := v[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				s.b = append(s.b, "&amp;"...)
			case c == '<':
				s.b = append(s.b, "&lt;"...)
			case c == '>':
				s.b = append(s.b, "&gt;"...)
			case c == '"':
				s.b = append(s.b, "&#34;"...)
			case c == '\'':
				s.b = append(s.b, "&#39;"...)
			case c == '\t' || c == '\n' || c == '\r':
				s.b = append(s.b, ' ')
			case c < 0x20 || c == 0x7f:
			default:
				s.b = append(s.b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(v[i:])
		if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF || (r >= 0x80 && r <= 0x9f) {
			s.b = append(s.b, "\uFFFD"...)
		} else {
			s.b = append(s.b, v[i:i+size]...)
		}
		i += size
	}
	return s
}

// flush writes out the buffer when it grows large.
func (s *svgw) flush(force bool) {
	if s.err != nil || (!force && len(s.b) < 64<<10) {
		return
	}
	_, s.err = s.w.Write(s.b)
	s.b = s.b[:0]
}

// truncate shortens a label to n runes with an ellipsis.
func truncate(v string, n int) string {
	if utf8.RuneCountInString(v) <= n {
		return v
	}
	k := 0
	for i := range v {
		if k == n-1 {
			return v[:i] + "…"
		}
		k++
	}
	return v
}
