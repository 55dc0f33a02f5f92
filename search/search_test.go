package search

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rotonde-jeugd/rotonde/dutch"
)

// A snippet escapes the text and marks only the matches; a long text is cut
// around the first match, on rune boundaries.
func TestSnippet(t *testing.T) {
	a := dutch.New(nil)
	s := MakeSnippet(a, "Moeder <b>boos</b> & vader\nboos", a.Query("boos"))
	if got := string(s.HTML()); got != "Moeder &lt;b&gt;<mark>boos</mark>&lt;/b&gt; &amp; vader <mark>boos</mark>" {
		t.Errorf("html: %s", got)
	}
	long := strings.Repeat("één kind wacht ", 60) + "uithuisplaatsing " + strings.Repeat("daarna ", 60)
	s = MakeSnippet(a, long, a.Query("uithuisplaatsing"))
	if n := utf8.RuneCountInString(s.Text); n > SnippetRunes+2 || !utf8.ValidString(s.Text) || !strings.HasPrefix(s.Text, "…") || !strings.HasSuffix(s.Text, "…") {
		t.Errorf("cut: %d runes %q", n, s.Text)
	}
	if len(s.Spans) != 1 || s.Text[s.Spans[0].Start:s.Spans[0].End] != "uithuisplaatsing" {
		t.Errorf("spans: %v in %q", s.Spans, s.Text)
	}
}

func TestParseSynonymGroupAndKind(t *testing.T) {
	got, err := ParseSynonymGroup(" OTS ,ondertoezichtstelling, ots,  gecertificeerde   instelling ")
	if err != nil || strings.Join(got, "|") != "OTS|ondertoezichtstelling|gecertificeerde instelling" {
		t.Errorf("group: %q %v", got, err)
	}
	for _, bad := range []string{"", "OTS", "OTS, ots", strings.Repeat("a", MaxSynonymRunes+1) + ", b"} {
		if _, err := ParseSynonymGroup(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if k, err := ParseKind(" event "); err != nil || k != KindEvent {
		t.Errorf("kind: %q %v", k, err)
	}
	if _, err := ParseKind("elders"); err == nil {
		t.Error("unknown kind accepted")
	}
}
