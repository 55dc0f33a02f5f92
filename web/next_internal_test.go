package web

import "testing"

// TestSafeNextKeepsRedirectsOnThisSite feeds the one redirect check the
// values browsers turn into another site.
func TestSafeNextKeepsRedirectsOnThisSite(t *testing.T) {
	for _, ok := range []string{
		"/",
		"/casussen/12",
		"/casussen/12/tijdlijn?baan=gezin&van=2019",
		"/bijeenkomsten/3/live#stap-2",
		"/zoeken?q=a%20b",
		"/casussen/12/%C3%A9",
	} {
		if got := safeNext(ok); got != ok {
			t.Errorf("safeNext(%q) = %q, want it kept", ok, got)
		}
	}
	for _, bad := range []string{
		"",
		"cases/12",
		"https://evil.example/",
		"http:/evil.example",
		"javascript:alert(1)",
		"//evil.example",
		"///evil.example",
		"/\\evil.example",
		"\\\\evil.example",
		"/\t/evil.example",
		"/\n/evil.example",
		"/\r\n/evil.example",
		"/%09/evil.example",
		"/%0a/evil.example",
		"/%0D%0A/evil.example",
		"/%5c/evil.example",
		"/%5C%5Cevil.example",
		"/%2f/evil.example",
		"/%2F%2Fevil.example",
		"/%252f%252fevil.example",
		"/%2509/evil.example",
		"/%25252f%25252fevil.example",
		"/x//evil.example",
		"/ /evil.example",
		"/\x00/evil.example",
		"/\u3000evil.example",
		"/%zz",
		"/?next=%0a",
		"/" + string(make([]byte, maxNextLen)),
	} {
		if got := safeNext(bad); got != "/" {
			t.Errorf("safeNext(%q) = %q, want \"/\"", bad, got)
		}
	}
}
