package genogram

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// TestLargeDrawingStaysLight bounds the elements of a 2,000-person family:
// shrunk to a page (984 px) a symbol would be half a pixel wide, so the
// page gets the overview: no text, no element per person, the marks and
// lines of the whole family in a dozen paths on whole pixels, and every
// person once in the data a tap is looked up in. Before, the same drawing
// had 4,025 elements (14,600 before that).
func TestLargeDrawingStaysLight(t *testing.T) {
	g := SyntheticFamily(2000, 1)
	data := render(t, g, Options{FitWidth: 984})
	nodes := parseSVG(t, data)
	count := map[string]int{}
	for _, n := range nodes {
		count[n.name]++
	}
	if len(nodes) > 16 || count["text"] > 0 || count["path"] > 12 {
		t.Errorf("%d elements (%d text, %d path), want at most 16, no text, at most 12 paths", len(nodes), count["text"], count["path"])
	}
	if len(data) > 120<<10 {
		t.Errorf("%d KiB, want at most 120", len(data)>>10)
	}
	svgNode := nodes[0]
	if svgNode.attrs["width"] != "984" || !strings.Contains(svgNode.attrs["class"], "genogram-overview") {
		t.Errorf("the overview is not drawn at the page's width: %v", svgNode.attrs)
	}
	hit := strings.Split(svgNode.attrs["data-hit"], ";")
	found := map[string]bool{}
	for _, e := range hit {
		if f := strings.Fields(e); len(f) == 3 {
			found[f[2]] = true
		}
	}
	if len(found) != 2000 || len(hit) != 2000 {
		t.Errorf("%d persons to tap (%d entries), want 2000", len(found), len(hit))
	}
	if !strings.Contains(string(data), `class="index"`) {
		t.Error("the child of the case is not marked")
	}
	// A family that fits keeps its symbols and labels.
	small := parseSVG(t, render(t, StepfamilyFixture(), Options{FitWidth: 984}))
	if small[0].attrs["data-hit"] != "" || !strings.Contains(small[0].attrs["class"], "genogram") {
		t.Error("a small family is drawn as an overview")
	}
	// Drawn at its own size (a file), everything is there, still light.
	nodes = parseSVG(t, render(t, g, Options{}))
	texts := 0
	for _, n := range nodes {
		if n.name == "text" {
			texts++
		}
	}
	if texts < 2000 || len(nodes) > 12000 {
		t.Errorf("the file: %d elements, %d texts", len(nodes), texts)
	}
}

// TestFocusedDrawingTextIsReadable: at focusScale every text of the
// focused view is drawn at 12 px or more.
func TestFocusedDrawingTextIsReadable(t *testing.T) {
	data := string(render(t, StepfamilyFixture().Kin("noor", 2), Options{Scale: 4.0 / 3, Professionals: true, PersonHref: func(id string) string { return "#p-" + id }}))
	for _, n := range parseSVG(t, []byte(data)) {
		if size := n.attrs["font-size"]; size != "" && n.name != "svg" && n.name != "g" {
			var v float64
			for _, c := range size {
				v = v*10 + float64(c-'0')
			}
			if v*4/3 < 11.99 {
				t.Errorf("<%s> of %s units: %.1f px", n.name, size, v*4/3)
			}
		}
	}
	if !strings.Contains(data, `role="group"`) || !strings.Contains(data, `<a href="#p-noor">`) {
		t.Error("the persons do not link to their details")
	}
}

func ids(g *Genogram) []string {
	var out []string
	for _, p := range g.Persons {
		out = append(out, p.ID)
	}
	slices.Sort(out)
	return out
}

// TestKinHoldsExactlyTwoGenerations builds a family that reaches three
// generations up and down from the child, with in-laws and their own
// relatives, and checks the focused view holds exactly those within two
// generations: ancestors to the grandparents, their descendants down to
// the child's grandchildren, the partners of all these and the children
// of a stepparent — not great-grandparents, great-grandchildren, or the
// relatives of someone who married in.
func TestKinHoldsExactlyTwoGenerations(t *testing.T) {
	p := func(id string) Person { return Person{ID: id, Alias: id, Sex: SexFemale} }
	g := &Genogram{}
	for _, id := range []string{"overgrootvader", "opa", "oma", "vader", "moeder", "stiefvader", "stiefzus", "stiefvaders-moeder",
		"oom", "tante-aangetrouwd", "neef", "tantes-broer", "kind", "broer", "halfzus", "partner", "partners-vader",
		"zoon", "kleinkind", "achterkleinkind", "schoonzoon"} {
		g.Persons = append(g.Persons, p(id))
	}
	g.Persons = append(g.Persons, Person{ID: "jb", Alias: "jeugdbeschermer", Professional: true})
	pt := func(id, a, b string) {
		g.Partnerships = append(g.Partnerships, Partnership{ID: id, A: a, B: b, Kind: Married})
	}
	pt("grootouders", "opa", "oma")
	pt("ouders", "vader", "moeder")
	pt("nieuw", "moeder", "stiefvader")
	pt("oom-tante", "oom", "tante-aangetrouwd")
	pt("stel", "kind", "partner")
	pt("zoon-stel", "zoon", "schoonzoon")
	ch := func(child, partnership, parent string) {
		g.Children = append(g.Children, ParentChild{Child: child, Partnership: partnership, Parent1: parent})
	}
	ch("opa", "", "overgrootvader")
	ch("vader", "grootouders", "")
	ch("oom", "grootouders", "")
	ch("neef", "oom-tante", "")
	ch("kind", "ouders", "")
	ch("broer", "ouders", "")
	ch("halfzus", "nieuw", "")
	ch("stiefzus", "", "stiefvader")
	ch("stiefvader", "", "stiefvaders-moeder")
	ch("zoon", "stel", "")
	ch("kleinkind", "zoon-stel", "")
	ch("achterkleinkind", "", "kleinkind")
	ch("partner", "", "partners-vader")
	// the aunt's brother: a sibling of someone who married in
	g.Persons = append(g.Persons, p("tantes-moeder"))
	ch("tante-aangetrouwd", "", "tantes-moeder")
	ch("tantes-broer", "", "tantes-moeder")

	got := ids(g.Kin("kind", 2))
	want := []string{"broer", "halfzus", "jb", "kind", "kleinkind", "moeder", "neef", "oma", "oom", "opa", "partner",
		"schoonzoon", "stiefvader", "stiefzus", "tante-aangetrouwd", "vader", "zoon"}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("two generations around the child:\n got %v\nwant %v", got, want)
	}
	one := ids(g.Kin("kind", 1))
	wantOne := []string{"broer", "halfzus", "jb", "kind", "moeder", "partner", "schoonzoon", "stiefvader", "stiefzus", "vader", "zoon"}
	slices.Sort(wantOne)
	if !slices.Equal(one, wantOne) {
		t.Errorf("one generation around the child:\n got %v\nwant %v", one, wantOne)
	}
	if errs, _ := g.Kin("kind", 2).Check(); len(errs) > 0 {
		t.Errorf("the focused view is not a valid genogram: %v", errs)
	}
	if g.Kin("niemand", 2) != g {
		t.Error("an unknown focus should give the whole genogram")
	}
	var buf bytes.Buffer
	if err := Render(&buf, g.Kin("kind", 2), Options{}); err != nil || !strings.Contains(buf.String(), `data-person-id="kind"`) {
		t.Errorf("render the focused view: %v", err)
	}
}
