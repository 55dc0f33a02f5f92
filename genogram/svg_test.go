package genogram

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

type svgNode struct {
	name  string
	attrs map[string]string
}

// parseSVG checks well-formedness and returns the elements.
func parseSVG(t *testing.T, data []byte) []svgNode {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var out []svgNode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			n := svgNode{name: se.Name.Local, attrs: map[string]string{}}
			for _, a := range se.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			out = append(out, n)
		}
	}
}

func render(t *testing.T, g *Genogram, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, g, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRenderDataBoxesMatchLayout(t *testing.T) {
	g := StepfamilyFixture()
	opts := Options{Professionals: true}
	data := render(t, g, opts)
	l := ComputeLayout(g, opts)
	nodes := parseSVG(t, data)
	if nodes[0].name != "svg" || nodes[0].attrs["role"] != "img" {
		t.Fatalf("root = %+v", nodes[0])
	}
	if nodes[1].name != "title" || nodes[2].name != "desc" {
		t.Errorf("title and desc must come first, got %s, %s", nodes[1].name, nodes[2].name)
	}
	seen := 0
	for _, n := range nodes {
		if n.name != "g" || !strings.Contains(" "+n.attrs["class"]+" ", " person ") {
			continue
		}
		seen++
		id := n.attrs["data-person-id"]
		b, ok := l.Boxes[id]
		if !ok {
			t.Fatalf("unknown person %q in SVG", id)
		}
		for k, want := range map[string]float64{"data-x": b.X, "data-y": b.Y, "data-w": b.W, "data-h": b.H} {
			got, err := strconv.ParseFloat(n.attrs[k], 64)
			if err != nil || got-want > 0.051 || want-got > 0.051 {
				t.Errorf("%s %s = %q, layout says %v", id, k, n.attrs[k], want)
			}
		}
	}
	if seen != len(g.Persons) {
		t.Errorf("%d person groups, want %d", seen, len(g.Persons))
	}
}

func TestRenderNotation(t *testing.T) {
	data := string(render(t, StepfamilyFixture(), Options{Professionals: true}))
	for _, want := range []string{
		`class="partner partner-divorced"`, `class="partner partner-living_together"`,
		`class="child child-foster" stroke-dasharray="7 4"`, `class="child child-step" stroke-dasharray="9 3 2 3"`,
		`class="tie tie-conflict"`, `class="tie tie-hostile"`, `class="tie tie-cutoff"`, `class="tie tie-close"`,
		`class="tie tie-fused"`, `class="tie tie-distant"`, `class="tie tie-informal_care"`, `class="tie-arrow"`,
		`class="household household-index"`, `class="person index"`, `class="person deceased"`,
		`class="person professional"`, `class="cross"`, `>Legenda<`, `>gescheiden<`, `>pleegkind<`, `°1952`, `†2019`, `>Noor (15)<`,
	} {
		if !strings.Contains(data, want) {
			t.Errorf("SVG lacks %s", want)
		}
	}
	en := string(render(t, StepfamilyFixture(), Options{Lang: "en", Professionals: true}))
	for _, want := range []string{">Legend<", ">divorced<", ">foster child<", "the child the case is about"} {
		if !strings.Contains(en, want) {
			t.Errorf("English SVG lacks %s", want)
		}
	}
	if strings.Contains(string(render(t, StepfamilyFixture(), Options{NoLegend: true})), `class="legend"`) {
		t.Error("legend drawn with NoLegend")
	}
}

func TestRenderEscapesText(t *testing.T) {
	evil := `<script>alert("x")</script>&'` + "\x00\x1b"
	g := &Genogram{
		Persons: []Person{
			{ID: `a"><script>`, Alias: evil, Sex: SexMale, Index: true},
			{ID: "b", Alias: "b", Sex: SexFemale, Professional: true, Organisation: evil},
		},
		Households: []Household{{Label: evil, Members: []string{`a"><script>`}, Index: true}},
		Events:     []LifeEvent{{Person: `a"><script>`, Kind: EventOther, Note: evil}},
	}
	data := render(t, g, Options{Professionals: true, Title: evil})
	parseSVG(t, data)
	s := string(data)
	if strings.Contains(s, "<script") || strings.Contains(s, "\x00") || strings.Contains(s, "\x1b") {
		t.Errorf("unescaped text in SVG:\n%s", s)
	}
	if !strings.Contains(s, "&lt;script&gt;") {
		t.Error("escaped text missing")
	}
}

func TestRenderLargeIsWellFormed(t *testing.T) {
	g := SyntheticFamily(2000, 4)
	data := render(t, g, Options{})
	nodes := parseSVG(t, data)
	persons := 0
	for _, n := range nodes {
		if n.attrs["data-person-id"] != "" {
			persons++
		}
	}
	if persons != 2000 {
		t.Errorf("%d persons drawn, want 2000", persons)
	}
}

func TestRenderEmpty(t *testing.T) {
	parseSVG(t, render(t, &Genogram{}, Options{}))
}

// TestLargeDrawingFitsLibrsvg: a family far wider than 32,767 pixels is
// drawn whole (its viewBox is the full layout) but asks for at most
// MaxSVGSide pixels a side, which librsvg and the viewers built on it open.
func TestLargeDrawingFitsLibrsvg(t *testing.T) {
	g := SyntheticFamily(2000, 1)
	l := ComputeLayout(g, Options{})
	if l.Width < 40000 {
		t.Fatalf("the test family is only %.0f wide", l.Width)
	}
	var buf bytes.Buffer
	if err := l.Render(&buf, g, Options{}); err != nil {
		t.Fatal(err)
	}
	head := buf.String()[:strings.Index(buf.String(), ">")]
	m := regexp.MustCompile(`viewBox="([-0-9.]+) ([-0-9.]+) ([0-9.]+) ([0-9.]+)" width="([0-9.]+)" height="([0-9.]+)"`).FindStringSubmatch(head)
	if m == nil {
		t.Fatalf("no size in %q", head)
	}
	vw, _ := strconv.ParseFloat(m[3], 64)
	vh, _ := strconv.ParseFloat(m[4], 64)
	w, _ := strconv.ParseFloat(m[5], 64)
	h, _ := strconv.ParseFloat(m[6], 64)
	if w > 32767 || h > 32767 || w < 30000 {
		t.Errorf("asks for %.0f × %.0f pixels", w, h)
	}
	if vw < l.Width || math.Abs(vw/vh-w/h) > 0.01 {
		t.Errorf("viewBox %.0f × %.0f for a layout %.0f wide drawn at %.0f × %.0f", vw, vh, l.Width, w, h)
	}
	// a small family keeps its natural size
	var small bytes.Buffer
	_ = Render(&small, StepfamilyFixture(), Options{})
	if !strings.Contains(small.String()[:300], `width="`) || strings.Contains(small.String()[:300], `width="32000"`) {
		t.Errorf("demo size changed: %s", small.String()[:300])
	}
}
