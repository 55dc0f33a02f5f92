package figure_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/pdf/figure"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

func TestTimelineNumbersDatedEventsOnly(t *testing.T) {
	events := []timeline.Event{
		{Date: timeline.MonthOf(2021, 5), Description: "later", Lane: timeline.LaneFamily},
		{Description: "zonder datum"},
		{Date: timeline.MonthOf(2019, 2), Description: "eerder", Persons: []string{"moeder"}},
	}
	before := slices.Clone(events)
	tl := figure.NewTimeline(events, "nl", 400)
	if !slices.EqualFunc(events, before, func(a, b timeline.Event) bool { return a.Description == b.Description }) {
		t.Error("NewTimeline reordered the caller's events")
	}
	legend := tl.Legend()
	if len(legend) != 2 || !strings.HasPrefix(legend[0], "1. ") || !strings.Contains(legend[0], "eerder") ||
		!strings.Contains(legend[0], "(moeder)") || !strings.Contains(legend[1], "later") {
		t.Errorf("legend %q", legend)
	}
	if empty := figure.NewTimeline([]timeline.Event{{Description: "zonder datum"}}, "nl", 400); len(empty.Events) != 0 {
		t.Errorf("undated events on the line: %+v", empty.Events)
	}
}

func TestGenogramFitsItsBox(t *testing.T) {
	g := figure.NewGenogram(genogram.DemoStepfamily(), "nl", 300, 150)
	if g.Empty() || g.Height() <= 0 || g.Height() > 150 {
		t.Errorf("height %.1f for a box 150 high", g.Height())
	}
	if !figure.NewGenogram(nil, "nl", 300, 150).Empty() || !figure.NewGenogram(&genogram.Genogram{}, "nl", 300, 150).Empty() {
		t.Error("an empty genogram is not empty")
	}
}
