package web_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	drawnEvent   = regexp.MustCompile(`<a class="event-link" href="#ev-([^"]+)"><g class="event"`)
	drawnCluster = regexp.MustCompile(`<g class="cluster" data-count="(\d+)"`)
	listedEvent  = regexp.MustCompile(`<li id="ev-([^"]+)" class="event`)
	eventsHead   = regexp.MustCompile(`<h2 id="gebeurtenissen">[^<(]*\((\d+)\)</h2>`)
)

// TestTimelineDrawingAndListAgree: the demo timeline draws exactly the
// events it lists (interview answers included), the heading counts them
// all, every marker links to its entry, and the legend stands beside the
// drawing as a list, not inside the wide drawing.
func TestTimelineDrawingAndListAgree(t *testing.T) {
	e, id, _ := newDemoCase(t)
	c := e.login("facilitator@demo.test")
	res, page := e.get(c, "/casussen/"+itoa(id)+"/tijdlijn")
	if res.StatusCode != 200 {
		t.Fatalf("timeline page %d", res.StatusCode)
	}
	start := strings.Index(page, `class="timeline">`)
	if start < 0 {
		t.Fatal("no drawing")
	}
	drawing := page[start : start+strings.Index(page[start:], "</svg>")]
	drawn := 0
	links := map[string]bool{}
	for _, m := range drawnEvent.FindAllStringSubmatch(drawing, -1) {
		drawn++
		links[m[1]] = true
	}
	for _, m := range drawnCluster.FindAllStringSubmatch(drawing, -1) {
		n, _ := strconv.Atoi(m[1])
		drawn += n
	}
	listed := map[string]bool{}
	interviews := 0
	for _, m := range listedEvent.FindAllStringSubmatch(page, -1) {
		listed[m[1]] = true
		if strings.HasPrefix(m[1], "gesprek-") {
			interviews++
		}
	}
	head := eventsHead.FindStringSubmatch(page)
	if head == nil {
		t.Fatal("no count in the heading of the list")
	}
	total, _ := strconv.Atoi(head[1])
	if drawn == 0 || drawn != len(listed) || total != drawn {
		t.Errorf("%d events drawn, %d listed, the heading says %d", drawn, len(listed), total)
	}
	if interviews == 0 {
		t.Error("the interview answers drawn on the timeline are not listed")
	}
	for ref := range links {
		if !listed[ref] {
			t.Errorf("the marker of event %s links to no entry in the list", ref)
		}
	}
	if strings.Contains(drawing, `<g class="legend">`) || !strings.Contains(page, `<ul class="timeline-legend"`) {
		t.Error("the legend is drawn inside the wide drawing instead of beside it")
	}
	// The exported file keeps its own legend and has no links to the page.
	_, file := e.get(c, "/casussen/"+itoa(id)+"/tijdlijn.svg")
	if !strings.Contains(file, `<g class="legend">`) || strings.Contains(file, `class="event-link"`) {
		t.Error("the exported SVG lost its legend or links to the page")
	}
}
