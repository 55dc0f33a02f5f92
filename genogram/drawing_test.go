package genogram

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// TestLargeDrawingStaysLight bounds the elements of a 2,000-person family:
// shrunk to a page (984 px) the labels cannot be read and are left out,
// the symbols are one path, and each person is one box with its title;
// lines of one kind are one path. Before, the same drawing had about
// 14,600 elements.
func TestLargeDrawingStaysLight(t *testing.T) {
	g := SyntheticFamily(2000, 1)
	nodes := parseSVG(t, render(t, g, Options{FitWidth: 984}))
	count := map[string]int{}
	persons := 0
	for _, n := range nodes {
		count[n.name]++
		if n.attrs["data-person-id"] != "" {
			persons++
		}
	}
	if persons != 2000 {
		t.Errorf("%d persons, want 2000", persons)
	}
	if len(nodes) > 4100 || count["text"] > 0 || count["path"] > 40 {
		t.Errorf("%d elements (%d text, %d path), want at most 4,100, no text, at most 40 paths", len(nodes), count["text"], count["path"])
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
	data := string(render(t, DemoStepfamily().Kin("noor", 2), Options{Scale: 4.0 / 3, Professionals: true, PersonHref: func(id string) string { return "#p-" + id }}))
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
