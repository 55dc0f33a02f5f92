package genogram

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde"
)

func TestForceFieldLayout(t *testing.T) {
	f := ForceFieldFixture()
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	// many stakeholders per column still never overlap
	for i := 0; i < 40; i++ {
		f.Stakeholders = append(f.Stakeholders, Stakeholder{ID: "x" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Name: "x", Influence: 1 + i%5, Stance: i%5 - 2})
	}
	boxes := ForceFieldLayout(f)
	if len(boxes) != len(f.Stakeholders) {
		t.Fatalf("%d boxes for %d stakeholders", len(boxes), len(f.Stakeholders))
	}
	goal := Box{-ffGoalR, -ffGoalR, 2 * ffGoalR, 2 * ffGoalR}
	for id, a := range boxes {
		if a.Overlaps(goal) {
			t.Errorf("%s overlaps the goal", id)
		}
		for id2, b := range boxes {
			if id < id2 && a.Overlaps(b) {
				t.Errorf("%s overlaps %s", id, id2)
			}
		}
	}
	// stance decides the side, influence the size
	if !(boxes["gemeente"].X < boxes["moeder"].X && boxes["moeder"].X < boxes["vader"].X && boxes["vader"].X < boxes["pleeg"].X && boxes["pleeg"].X < boxes["noor"].X) {
		t.Error("stakeholders not ordered by stance from left (opposed) to right (supportive)")
	}
	if !(boxes["jb"].W > boxes["vader"].W) {
		t.Error("influence 5 not drawn larger than influence 2")
	}
}

func TestRenderForceField(t *testing.T) {
	f := ForceFieldFixture()
	f.Goal = `<b>doel</b> & meer`
	var buf bytes.Buffer
	if err := RenderForceField(&buf, f, Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	nodes := parseSVG(t, buf.Bytes())
	n := 0
	boxes := ForceFieldLayout(f)
	for _, nd := range nodes {
		if nd.attrs["class"] == "stakeholder" {
			n++
			if _, ok := boxes[nd.attrs["data-stakeholder-id"]]; !ok || nd.attrs["data-w"] == "" {
				t.Errorf("bad stakeholder group %+v", nd.attrs)
			}
		}
	}
	if n != len(f.Stakeholders) {
		t.Errorf("%d stakeholder groups, want %d", n, len(f.Stakeholders))
	}
	s := buf.String()
	if strings.Contains(s, "<b>") || !strings.Contains(s, "driving / supportive") || !strings.Contains(s, `role="img"`) {
		t.Error("escaping, English headings or role missing")
	}
}

func TestForceFieldValidate(t *testing.T) {
	f := &ForceField{Stakeholders: []Stakeholder{{ID: "a", Influence: 0, Stance: 3}, {ID: "a", Influence: 2}}, Ties: []Tie{{A: "a", B: "q", Kind: TieClose}}}
	err := f.Validate()
	var re *rotonde.Error
	if !errors.As(err, &re) {
		t.Fatalf("want *rotonde.Error, got %v", err)
	}
	for _, want := range []string{"influence of \"a\" must be 1 to 5", "stance of \"a\" must be -2 to 2", "occurs twice", "unknown stakeholder"} {
		if !strings.Contains(re.Message("en"), want) {
			t.Errorf("missing %q in %q", want, re.Message("en"))
		}
	}
	for in, want := range map[string]int{"voor": 1, "tegen": -1, "neutral": 0, "-2": -2, "sterk voor": 2} {
		if got, err := ParseStance(in); err != nil || got != want {
			t.Errorf("ParseStance(%q) = %d, %v", in, got, err)
		}
	}
	if _, err := ParseStance("7"); err == nil {
		t.Error("stance 7 accepted")
	}
}
