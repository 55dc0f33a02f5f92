package genogram

import (
	"cmp"
	"fmt"
	"slices"
	"testing"
)

// overlapping returns a pair of persons whose symbols overlap, or "".
// Sweep over x so that 2,000 persons stay cheap.
func overlapping(l *Layout) string {
	ids := make([]string, 0, len(l.Boxes))
	for id := range l.Boxes {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(l.Boxes[a].X, l.Boxes[b].X) })
	for i, a := range ids {
		ba := l.Boxes[a]
		for _, b := range ids[i+1:] {
			bb := l.Boxes[b]
			if bb.X >= ba.X+ba.W {
				break
			}
			if ba.Overlaps(bb) {
				return fmt.Sprintf("%s %+v and %s %+v", a, ba, b, bb)
			}
		}
	}
	return ""
}

func TestLayoutNoOverlapRandomFamilies(t *testing.T) {
	for _, n := range []int{1, 2, 7, 50, 300, 2000} {
		for seed := uint64(1); seed <= 3; seed++ {
			g := SyntheticFamily(n, seed)
			l := ComputeLayout(g, Options{})
			if len(l.Boxes) != len(g.Persons) {
				t.Fatalf("n=%d: %d boxes for %d persons", n, len(l.Boxes), len(g.Persons))
			}
			if o := overlapping(l); o != "" {
				t.Fatalf("n=%d seed=%d: overlap: %s", n, seed, o)
			}
		}
	}
}

func TestSyntheticFamilyHasLoopsAndRemarriage(t *testing.T) {
	g := SyntheticFamily(2000, 1)
	if errs, _ := g.Check(); len(errs) > 0 {
		t.Fatalf("synthetic family invalid: %v", errs[0])
	}
	// a pedigree loop: a partnership whose partners share an ancestor
	parents := map[string][]string{}
	parts := map[string]*Partnership{}
	for i := range g.Partnerships {
		parts[g.Partnerships[i].ID] = &g.Partnerships[i]
	}
	for _, pc := range g.Children {
		a, b := parentsOf(pc, parts)
		parents[pc.Child] = append(parents[pc.Child], a, b)
	}
	ancestors := func(id string) map[string]bool {
		seen := map[string]bool{}
		stack := []string{id}
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, p := range parents[x] {
				if p != "" && !seen[p] {
					seen[p] = true
					stack = append(stack, p)
				}
			}
		}
		return seen
	}
	loops, partnersOf := 0, map[string]int{}
	for _, pt := range g.Partnerships {
		partnersOf[pt.A]++
		partnersOf[pt.B]++
		aa, bb := ancestors(pt.A), ancestors(pt.B)
		for x := range aa {
			if bb[x] {
				loops++
				break
			}
		}
	}
	remarried := 0
	for _, n := range partnersOf {
		if n > 1 {
			remarried++
		}
	}
	if loops == 0 || remarried == 0 {
		t.Fatalf("loops=%d remarried=%d; the test family should contain both", loops, remarried)
	}
}

func TestLayoutGenerations(t *testing.T) {
	g := StepfamilyFixture()
	l := ComputeLayout(g, Options{Professionals: true})
	y := func(id string) float64 { return l.Boxes[id].Y }
	same := [][]string{
		{"opa-v", "oma-v", "opa-m", "oma-m"},
		{"vader", "moeder", "sandra", "stiefvader", "tante", "oom", "pleegvader", "pleegmoeder"},
		{"noor", "daan", "lieke", "sem", "milan", "jesse"},
	}
	for r, ids := range same {
		for _, id := range ids {
			if y(id) != y(ids[0]) {
				t.Errorf("%s not in row %d with %s", id, r, ids[0])
			}
		}
		if r > 0 && !(y(ids[0]) > y(same[r-1][0])) {
			t.Errorf("row %d not below row %d", r, r-1)
		}
	}
	// partners side by side: the divorced parents stand next to each other
	// with the new partners on the outside
	x := func(id string) float64 { return l.Boxes[id].X }
	if !(x("sandra") < x("vader") && x("vader") < x("moeder") && x("moeder") < x("stiefvader")) {
		t.Errorf("remarriage chain order wrong: sandra %v vader %v moeder %v stiefvader %v", x("sandra"), x("vader"), x("moeder"), x("stiefvader"))
	}
	if x("moeder")-x("vader") != SlotWidth {
		t.Errorf("partners not adjacent")
	}
	// professionals in a band below the family
	for _, p := range g.Persons {
		if p.Professional && !(y(p.ID) > y("noor")+SymbolSize) {
			t.Errorf("professional %s not below the family", p.ID)
		}
	}
	if o := overlapping(l); o != "" {
		t.Error(o)
	}
	// children centred under their parents where nothing is in the way
	cx := func(id string) float64 { return l.Boxes[id].X + SymbolSize/2 }
	mid := (cx("opa-v") + cx("oma-v")) / 2
	if kids := (cx("vader") + cx("tante")) / 2; kids-mid > 1 || mid-kids > 1 {
		t.Errorf("paternal grandparents (mid %v) not centred over their children (mid %v)", mid, kids)
	}
}

func TestLayoutWithoutProfessionals(t *testing.T) {
	l := ComputeLayout(StepfamilyFixture(), Options{})
	if _, ok := l.Boxes["jb"]; ok {
		t.Error("professional drawn without the overlay option")
	}
	if _, ok := l.Boxes["noor"]; !ok {
		t.Error("family missing")
	}
}

func TestLayoutPinned(t *testing.T) {
	g := SyntheticFamily(300, 3)
	base := ComputeLayout(g, Options{})
	// pin a few persons right on top of others, and two pins on one spot
	g.Pinned = map[string]Point{}
	ids := []string{"P5", "P40", "P41", "P200"}
	for i, id := range ids {
		target := base.Boxes[g.Persons[i*7+1].ID].Centre()
		g.Pinned[id] = target
	}
	g.Pinned["P250"] = g.Pinned["P200"]
	l := ComputeLayout(g, Options{})
	for _, id := range ids {
		c := l.Boxes[id].Centre()
		if c != g.Pinned[id] {
			t.Errorf("%s at %v, pinned at %v", id, c, g.Pinned[id])
		}
	}
	if l.Boxes["P250"].Centre() == g.Pinned["P250"] {
		t.Errorf("second pin on the same spot should have been moved (rule: later ID moves right)")
	}
	if o := overlapping(l); o != "" {
		t.Fatalf("overlap with pins: %s", o)
	}
	// unpinned persons only move right, never left
	for id, b := range l.Boxes {
		if _, pinned := g.Pinned[id]; !pinned && b.X < base.Boxes[id].X-0.01 {
			t.Errorf("%s moved left", id)
		}
	}
}

func TestNeighbourhood(t *testing.T) {
	g := StepfamilyFixture()
	sub := g.Neighbourhood("noor", 1)
	has := map[string]bool{}
	for _, p := range sub.Persons {
		has[p.ID] = true
	}
	for _, id := range []string{"noor", "vader", "moeder", "daan", "lieke", "sem", "pleegmoeder", "sandra", "stiefvader", "jesse", "milan", "jb"} {
		if !has[id] {
			t.Errorf("%s missing within 1 generation of Noor", id)
		}
	}
	for _, id := range []string{"opa-v", "oma-m", "tante", "oom"} {
		if has[id] {
			t.Errorf("%s included but is 2 generations or a grandparent's child away", id)
		}
	}
	if errs, _ := sub.Check(); len(errs) > 0 {
		t.Errorf("subset is not valid: %v", errs)
	}
	two := g.Neighbourhood("noor", 2)
	if len(two.Persons) != len(g.Persons) {
		t.Errorf("2 generations should include everyone: %d of %d", len(two.Persons), len(g.Persons))
	}
	l := ComputeLayout(g, Options{Focus: "noor", Generations: 1})
	if _, ok := l.Boxes["opa-v"]; ok {
		t.Error("layout with focus drew a grandparent")
	}
	if same := g.Neighbourhood("nobody", 1); same != g {
		t.Error("unknown focus should return the genogram unchanged")
	}
}

func FuzzLayoutNoOverlap(f *testing.F) {
	f.Add(uint16(30), uint64(1), uint8(0), int16(0), int16(0))
	f.Add(uint16(400), uint64(9), uint8(3), int16(300), int16(250))
	f.Add(uint16(5), uint64(2), uint8(5), int16(-20), int16(90))
	f.Fuzz(func(t *testing.T, n uint16, seed uint64, pins uint8, px, py int16) {
		g := SyntheticFamily(int(n%600), seed)
		if len(g.Persons) > 0 && pins > 0 {
			g.Pinned = map[string]Point{}
			for k := 0; k < int(pins%8); k++ {
				id := g.Persons[(int(seed)+k*31)%len(g.Persons)].ID
				g.Pinned[id] = Point{float64(px) + float64(k*17), float64(py) - float64(k*5)}
			}
		}
		l := ComputeLayout(g, Options{})
		if o := overlapping(l); o != "" {
			t.Fatalf("overlap: %s", o)
		}
	})
}
