package signal

import (
	"strings"
	"testing"
)

// TestRecentAgrees: the sentence about last year's events agrees with both
// counts and never says "waarvan 0".
func TestRecentAgrees(t *testing.T) {
	for _, c := range []struct {
		all, family int
		nl, en      string
	}{
		{0, 0, "In het laatste jaar staat er niets op de tijdlijn.", "In the last year the timeline holds nothing."},
		{1, 0, "In het laatste jaar staat 1 gebeurtenis op de tijdlijn, niet vanuit het gezin zelf.", "In the last year the timeline holds 1 event, not from the family itself."},
		{1, 1, "In het laatste jaar staat 1 gebeurtenis op de tijdlijn, vanuit het gezin zelf.", "In the last year the timeline holds 1 event, from the family itself."},
		{2, 0, "In het laatste jaar staan 2 gebeurtenissen op de tijdlijn, geen daarvan vanuit het gezin zelf.", "In the last year the timeline holds 2 events, none of them from the family itself."},
		{2, 1, "In het laatste jaar staan 2 gebeurtenissen op de tijdlijn, waarvan 1 vanuit het gezin zelf.", "In the last year the timeline holds 2 events, 1 of them from the family itself."},
		{2, 2, "In het laatste jaar staan 2 gebeurtenissen op de tijdlijn, allemaal vanuit het gezin zelf.", "In the last year the timeline holds 2 events, all of them from the family itself."},
	} {
		if got := lastYear(c.all, c.family).Message("nl"); got != c.nl {
			t.Errorf("nl %d/%d: %q", c.family, c.all, got)
		}
		if got := lastYear(c.all, c.family).Message("en"); got != c.en {
			t.Errorf("en %d/%d: %q", c.family, c.all, got)
		}
		if strings.Contains(lastYear(c.all, c.family).Message("nl"), "waarvan 0") {
			t.Errorf("waarvan 0")
		}
	}
}
