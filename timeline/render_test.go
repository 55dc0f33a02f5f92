package timeline

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/internal/testtool"
)

func render(t testing.TB, evs []Event, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, evs, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRenderDemo(t *testing.T) {
	demo := NoorFixture()
	svg := render(t, demo, Options{})
	els := testtool.SVGElements(t, svg)
	if els[0].Name.Local != "svg" || testtool.Attr(els[0], "role") != "img" || !strings.Contains(testtool.Attr(els[0], "aria-labelledby"), "desc") {
		t.Errorf("root element %+v", els[0])
	}
	ids := map[string]bool{}
	var gaps int
	for _, se := range els {
		if se.Name.Local == "g" && testtool.Attr(se, "class") == "event" {
			ids[testtool.Attr(se, "data-event-id")] = true
			if testtool.Attr(se, "data-kind") == "" || testtool.Attr(se, "data-lane") == "" {
				t.Errorf("event without kind or lane: %+v", se)
			}
		}
		if se.Name.Local == "g" && testtool.Attr(se, "class") == "cluster" {
			t.Errorf("demo should not need clusters at default width: %+v", se)
		}
		if se.Name.Local == "g" && testtool.Attr(se, "class") == "gap" {
			gaps++
			if testtool.Attr(se, "data-months") != "13" {
				t.Errorf("gap months = %s, want 13", testtool.Attr(se, "data-months"))
			}
		}
	}
	for _, e := range demo {
		if !ids[e.ID] {
			t.Errorf("event %s not drawn", e.ID)
		}
	}
	if gaps != 1 {
		t.Errorf("gaps drawn = %d, want 1 (the year without information)", gaps)
	}
	if !bytes.Contains(svg, []byte(`-h-beleving)"`)) {
		t.Error("approximate date not drawn hatched")
	}
	if os.Getenv("TIMELINE_SVG_OUT") != "" {
		os.WriteFile(os.Getenv("TIMELINE_SVG_OUT"), svg, 0o644)
	}
}

func TestRenderEscapes(t *testing.T) {
	evs := []Event{{ID: `x"><script>`, Date: Day(2019, 1, 1), Kind: KindContact, Lane: LaneProfessional,
		Description: "<script>alert('x')</script> & \x01\x00 \xff", Persons: []string{"<b>"}}}
	svg := render(t, evs, Options{Title: "</title><script>"})
	testtool.SVGElements(t, svg)
	if bytes.Contains(svg, []byte("<script")) {
		t.Errorf("unescaped text in SVG: %s", svg)
	}
}

func TestRenderClustersFilterZoom(t *testing.T) {
	var evs []Event
	for i := range 400 {
		evs = append(evs, Event{ID: fmt.Sprint("e", i), Date: Day(2019, 1+i%12, 1+i%28), Kind: Kinds[i%5],
			Lane: Kinds[i%5].DefaultLane(), Description: fmt.Sprint("gebeurtenis ", i),
			Persons: []string{fmt.Sprint("p", i%3)}, Organisations: []string{fmt.Sprint("org", i%4)}})
	}
	els := testtool.SVGElements(t, render(t, evs, Options{}))
	total, clusters := 0, 0
	for _, se := range els {
		if se.Name.Local == "g" && testtool.Attr(se, "class") == "event" {
			total++
		}
		if se.Name.Local == "g" && testtool.Attr(se, "class") == "cluster" {
			clusters++
			var n int
			fmt.Sscan(testtool.Attr(se, "data-count"), &n)
			total += n
		}
		if se.Name.Local == "a" && !strings.HasPrefix(testtool.Attr(se, "href"), "?from=2019-") {
			t.Errorf("cluster link %q", testtool.Attr(se, "href"))
		}
	}
	if clusters == 0 || total != len(evs) {
		t.Errorf("clusters=%d, events accounted for=%d, want %d", clusters, total, len(evs))
	}

	count := func(opt Options) int {
		n := 0
		for _, se := range testtool.SVGElements(t, render(t, evs, opt)) {
			if testtool.Attr(se, "class") == "event" {
				n++
			}
			if testtool.Attr(se, "class") == "cluster" {
				var c int
				fmt.Sscan(testtool.Attr(se, "data-count"), &c)
				n += c
			}
		}
		return n
	}
	if got := count(Options{Person: "P1", Organisation: "org2"}); got != 33 {
		// i%3==1 and i%4==2: i ≡ 10 mod 12, 33 of 400
		t.Errorf("filtered events = %d, want 33", got)
	}
	if got := count(Options{From: MonthOf(2019, 3), To: MonthOf(2019, 3)}); got != 34 {
		t.Errorf("zoomed events = %d, want 34 (March)", got)
	}
	if got := count(Options{Person: "nobody"}); got != 0 {
		t.Errorf("no match: %d", got)
	}
}

func TestGaps(t *testing.T) {
	evs := []Event{
		{ID: "a", Date: Day(2019, 1, 1)},
		{ID: "b", Date: YearOf(2019)}, // covers all of 2019: no gap inside 2019
		{ID: "c", Date: Day(2020, 9, 1)},
		{ID: "d", Date: Day(2020, 10, 1)},
	}
	g := Gaps(evs, GapDays(6))
	if len(g) != 1 || g[0].Before != "b" || g[0].After != "c" || g[0].From != Day(2020, 1, 1).Start() || g[0].To != Day(2020, 8, 31).Start() {
		t.Fatalf("gaps = %+v", g)
	}
	if len(Gaps(evs, GapDays(9))) != 0 {
		t.Error("8-month gap reported at a 9-month threshold")
	}
}
