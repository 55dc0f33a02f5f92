package timeline

import (
	"strings"
	"testing"
)

// Every kind and source has a name in both languages in the catalogue; an
// unknown one shows as it is.
func TestLabelsComeFromTheCatalogue(t *testing.T) {
	for _, lang := range []string{"nl", "en"} {
		for _, k := range Kinds {
			if l := k.Label(lang); l == "" || strings.HasPrefix(l, "timeline.") {
				t.Errorf("kind %s in %s: %q", k, lang, l)
			}
		}
		for _, s := range []Source{SourceDossier, SourceFamily, SourceProfessional} {
			if l := s.Label(lang); l == "" || strings.HasPrefix(l, "timeline.") {
				t.Errorf("source %s in %s: %q", s, lang, l)
			}
		}
	}
	for _, c := range []struct{ got, want string }{
		{KindDecision.Label("nl"), "Beslismoment"}, {KindDecision.Label("en"), "Decision moment"},
		{SourceFamily.Label("nl"), "gezinslid"}, {SourceFamily.Label("en"), "family member"},
		{Kind("anders").Label("en"), "anders"}, {Source("brief").Label("nl"), "brief"},
	} {
		if c.got != c.want {
			t.Errorf("label %q, want %q", c.got, c.want)
		}
	}
}
