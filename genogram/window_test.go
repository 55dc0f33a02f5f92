package genogram

import (
	"bytes"
	"regexp"
	"slices"
	"testing"
)

// The first screen of a large focused view draws the focus person and
// exactly the persons whose symbol meets the window, in the whole
// drawing's coordinates.
func TestFocusWindowDrawsExactlyThePersonsInIt(t *testing.T) {
	family := SyntheticFamily(2000, 1)
	// the person with the most kin within two generations
	focus, most := "", 0
	for _, p := range family.Persons {
		if k := len(family.Kin(p.ID, 2).Persons); k > most {
			focus, most = p.ID, k
		}
	}
	g := family.Kin(focus, 2)
	opts := Options{Scale: 4.0 / 3, PersonHref: func(id string) string { return "#p-" + id }}
	l := ComputeLayout(g, opts)
	win, ok := l.FocusWindow(focus, 1968, opts.Scale)
	if !ok {
		t.Fatal("no window around the focus person")
	}
	if l.Width*opts.Scale <= 2*1968 {
		t.Fatalf("the focused view is %.0f px wide: too narrow to test a window", l.Width*opts.Scale)
	}
	var want []string
	for id, b := range l.Boxes {
		if InWindow(win, b) {
			want = append(want, id)
		}
	}
	slices.Sort(want)
	if !slices.Contains(want, focus) {
		t.Fatalf("the window %+v misses the focus person", win)
	}
	if len(want) == 0 || len(want) >= len(l.Boxes) {
		t.Fatalf("%d of %d persons in the window", len(want), len(l.Boxes))
	}

	var whole, part bytes.Buffer
	if err := l.Render(&whole, g, opts); err != nil {
		t.Fatal(err)
	}
	opts.Window = win
	if err := l.Render(&part, g, opts); err != nil {
		t.Fatal(err)
	}
	person := regexp.MustCompile(`<g class="person[^"]*" data-person-id="([^"]+)"`)
	var got []string
	for _, m := range person.FindAllStringSubmatch(part.String(), -1) {
		got = append(got, m[1])
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("drawn %d persons %v, want the %d in the window %v", len(got), got, len(want), want)
	}
	viewBox := regexp.MustCompile(`<svg [^>]*viewBox="[^"]+" width="[^"]+" height="[^"]+"`)
	if a, b := viewBox.FindString(whole.String()), viewBox.FindString(part.String()); a == "" || a != b {
		t.Fatalf("the window changes the drawing's coordinates: %q, whole %q", b, a)
	}
	if part.Len()*4 > whole.Len() {
		t.Errorf("the window is %d bytes of the whole %d", part.Len(), whole.Len())
	}
	t.Logf("%d of %d persons, %d of %d bytes", len(got), len(l.Boxes), part.Len(), whole.Len())
}
