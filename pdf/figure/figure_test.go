package figure_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/demo"
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
	g := figure.NewGenogram(demo.Stepfamily(), "nl", 300, 150)
	if g.Empty() || g.Height() <= 0 {
		t.Errorf("height %.1f", g.Height())
	}
	for _, tile := range g.Tiles() {
		if tile.Height() > 150 || tile.Width() > 300 {
			t.Errorf("tile %.1f × %.1f for a box 300 × 150", tile.Width(), tile.Height())
		}
	}
	if !figure.NewGenogram(nil, "nl", 300, 150).Empty() || !figure.NewGenogram(&genogram.Genogram{}, "nl", 300, 150).Empty() {
		t.Error("an empty genogram is not empty")
	}
}

// TestLargeGenogramIsTiledNotShrunk: a family far too large for one page
// is printed in overlapping tiles at a readable scale that together cover
// the whole drawing; a small family stays one piece.
func TestLargeGenogramIsTiledNotShrunk(t *testing.T) {
	small := figure.NewGenogram(demo.Stepfamily(), "nl", 495, 520)
	if tiles := small.Tiles(); len(tiles) != 1 || tiles[0].Caption("nl") != "" {
		t.Fatalf("the demo family is split into %d tiles", len(tiles))
	}
	g := figure.NewGenogram(genogram.SyntheticFamily(120, 1), "nl", 495, 520)
	tiles := g.Tiles()
	if len(tiles) < 2 {
		t.Fatalf("120 persons on %d tile(s)", len(tiles))
	}
	last := tiles[len(tiles)-1]
	if last.Row != last.Rows || last.Col != last.Cols || len(tiles) != last.Rows*last.Cols {
		t.Errorf("tiles do not form a grid: last %+v of %d", last, len(tiles))
	}
	for _, tile := range tiles {
		if tile.Width() > 495+0.5 || tile.Height() > 520+0.5 {
			t.Errorf("tile %d,%d is %.0f × %.0f", tile.Row, tile.Col, tile.Width(), tile.Height())
		}
	}
	if c := tiles[1].Caption("nl"); !strings.Contains(c, "deel 2 van") {
		t.Errorf("caption %q", c)
	}
	if c := tiles[1].Caption("en"); !strings.Contains(c, "part 2 of") {
		t.Errorf("caption %q", c)
	}
	// The tiles together cover the scaled drawing.
	covered := float64(last.Cols)*last.Width() - float64(last.Cols-1)*40
	if full := g.Height() / 520; covered+0.5 < 495 && last.Cols > 1 || full > float64(last.Rows) {
		t.Errorf("tiles cover %.0f wide, %d rows for a drawing %.0f high", covered, last.Rows, g.Height())
	}
}
