package timeline

import (
	"bufio"
	"bytes"
	"errors"
	"html"
	"io"
)

// xmlScanner is a small, fast reader for the SpreadsheetML parts Rotonde
// needs (the worksheet and the shared strings): it reports start and end
// tags with their local name and the text between tags, and skips
// comments, processing instructions and declarations. It is not a
// validating XML parser: a crafted file can make it read nonsense, which
// the importer then rejects, but never make it hold more than one tag or
// text run (bounded by maxXMLRun) in memory. encoding/xml is about ten
// times slower, which matters when a worksheet holds millions of cells.
type xmlScanner struct {
	br    *bufio.Reader
	text  []byte // text before the current tag, when wanted
	tag   []byte // the current tag without < and >
	name  []byte // local name of the current tag
	end   bool   // </name>
	empty bool   // <name/>
}

var errXMLSyntax = errors.New("xlsx: malformed XML")

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{br: bufio.NewReaderSize(r, 64<<10)}
}

// next reads up to and including the next tag. With keepText the text
// before the tag is kept in s.text (entities decoded, CDATA included);
// otherwise dropped.
func (s *xmlScanner) next(keepText bool) error {
	s.text = s.text[:0]
	for {
		seg := len(s.text)
		for {
			chunk, err := s.br.ReadSlice('<')
			if keepText {
				s.text = append(s.text, chunk...)
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil {
				return err
			}
			break
		}
		if keepText {
			s.text = s.text[:len(s.text)-1]
			if bytes.IndexByte(s.text[seg:], '&') >= 0 {
				s.text = append(s.text[:seg], html.UnescapeString(string(s.text[seg:]))...)
			}
		}
		s.tag = s.tag[:0]
		for {
			chunk, err := s.br.ReadSlice('>')
			s.tag = append(s.tag, chunk...)
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil {
				if err == io.EOF {
					return errXMLSyntax
				}
				return err
			}
			// Comments and CDATA may hold '>' before their real end.
			if bytes.HasPrefix(s.tag, []byte("!--")) && !bytes.HasSuffix(s.tag, []byte("-->")) ||
				bytes.HasPrefix(s.tag, []byte("![CDATA[")) && !bytes.HasSuffix(s.tag, []byte("]]>")) {
				continue
			}
			break
		}
		s.tag = s.tag[:len(s.tag)-1]
		s.end, s.empty, s.name = false, false, nil
		switch {
		case len(s.tag) == 0:
			return errXMLSyntax
		case bytes.HasPrefix(s.tag, []byte("![CDATA[")):
			if keepText {
				s.text = append(s.text, s.tag[len("![CDATA["):len(s.tag)-2]...)
			}
			continue
		case s.tag[0] == '?' || s.tag[0] == '!':
			continue // declaration, comment, DOCTYPE
		case s.tag[0] == '/':
			s.end = true
			s.name = localName(s.tag[1:])
		default:
			if s.tag[len(s.tag)-1] == '/' {
				s.empty = true
			}
			s.name = localName(s.tag)
		}
		return nil
	}
}

// localName is the tag's name without a namespace prefix.
func localName(tag []byte) []byte {
	end := 0
	for end < len(tag) {
		if c := tag[end]; c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' {
			break
		}
		end++
	}
	n := tag[:end]
	if i := bytes.IndexByte(n, ':'); i >= 0 {
		n = n[i+1:]
	}
	return n
}

// is reports whether the current tag's local name is n.
func (s *xmlScanner) is(n string) bool { return string(s.name) == n }

// attr returns the value of the current tag's attribute with local name n.
func (s *xmlScanner) attr(n string) string {
	t := s.tag
	if i := bytes.IndexAny(t, " \t\r\n"); i >= 0 {
		t = t[i:]
	} else {
		return ""
	}
	for len(t) > 0 {
		t = bytes.TrimLeft(t, " \t\r\n")
		eq := bytes.IndexByte(t, '=')
		if eq < 0 {
			return ""
		}
		name := bytes.TrimSpace(t[:eq])
		if i := bytes.IndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		t = bytes.TrimLeft(t[eq+1:], " \t\r\n")
		if len(t) == 0 || (t[0] != '"' && t[0] != '\'') {
			return ""
		}
		q := t[0]
		close := bytes.IndexByte(t[1:], q)
		if close < 0 {
			return ""
		}
		val := t[1 : 1+close]
		t = t[close+2:]
		if string(name) == n {
			if bytes.IndexByte(val, '&') >= 0 {
				return html.UnescapeString(string(val))
			}
			return string(val)
		}
	}
	return ""
}
