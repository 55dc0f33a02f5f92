package web

import (
	"net/url"
	"strings"
)

// maxNextLen bounds a redirect target; longer ones are not links people follow.
const maxNextLen = 2048

// safeNext is the one check for every user-supplied redirect target ("next"
// after password, single sign-on and passkey login): it returns p when p is
// a path on this site and "/" otherwise.
//
// Browsers are lenient where an attacker wants them to be: they drop tabs
// and newlines inside a URL, read a backslash as a slash, and "//host" or
// "/\host" as another site. So p must be printable ASCII, start with one
// "/", and neither p nor any percent-decoding of it (up to three layers,
// for "%2509" and the like) may hold a control character, a backslash or,
// in the path, "//".
func safeNext(p string) string {
	if !isSafeNext(p) {
		return "/"
	}
	return p
}

func isSafeNext(p string) bool {
	if len(p) == 0 || len(p) > maxNextLen || p[0] != '/' {
		return false
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; c <= ' ' || c >= 0x7f {
			return false
		}
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return false
	}
	layer := p
	for range 4 {
		if strings.ContainsAny(layer, "\\\x7f") || strings.IndexFunc(layer, func(r rune) bool { return r < ' ' }) >= 0 {
			return false
		}
		path := layer
		if i := strings.IndexAny(path, "?#"); i >= 0 {
			path = path[:i]
		}
		if !strings.HasPrefix(path, "/") || strings.Contains(path, "//") {
			return false
		}
		next, err := url.PathUnescape(layer)
		if err != nil {
			return false
		}
		if next == layer {
			return true
		}
		layer = next
	}
	// Still changing after four decodings: nobody links like that.
	return false
}
