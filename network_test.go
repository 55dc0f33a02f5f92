package rotonde_test

import (
	"slices"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

func TestKnownNamesFindsWholeWordsOnly(t *testing.T) {
	names := []string{"Noor (15)", "Oma Truus", "Wijkteam Oost", "Al", "Kees", "Sanne Bakker"}
	text := "Noor woonde bij oma truus. Daarna wijkteam oost. Alle kinderen; Keesje niet. Zie ook Sanne."
	got := rotonde.KnownNames(text, names)
	want := []string{"Noor (15)", "Oma Truus", "Wijkteam Oost"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if got := rotonde.KnownNames("Toen kwam noor", names); !slices.Equal(got, []string{"Noor (15)"}) {
		t.Fatalf("alias with age: %v", got)
	}
	if got := rotonde.KnownNames("Een meisje van veertien", names); len(got) != 0 {
		t.Fatalf("anonymous text: %v", got)
	}
}

func TestBarrierAndStoryValidation(t *testing.T) {
	for _, b := range []rotonde.Barrier{
		{Kind: "geld", Explanation: "x"},
		{Kind: rotonde.BarrierWaiting, Explanation: "  "},
		{Kind: rotonde.BarrierWaiting, Explanation: string(make([]rune, rotonde.MaxBarrierExplanation+1))},
	} {
		if rotonde.ErrorCodeOf(b.Validate()) != rotonde.EInvalid {
			t.Errorf("barrier %q accepted", b.Kind)
		}
	}
	ok := rotonde.Barrier{Kind: rotonde.BarrierContracting, Explanation: " Geen contract. "}
	if err := ok.Validate(); err != nil || ok.Explanation != "Geen contract." {
		t.Fatalf("%v %q", err, ok.Explanation)
	}
	if rotonde.ErrorCodeOf((&rotonde.Story{Title: "t"}).Validate()) != rotonde.EInvalid {
		t.Error("story without text accepted")
	}
	for _, c := range []rotonde.StoryConsent{{}, {Given: true}, {GivenBy: "moeder"}} {
		if rotonde.ErrorCodeOf(c.Validate()) != rotonde.EInvalid {
			t.Errorf("consent %+v accepted", c)
		}
	}
}
