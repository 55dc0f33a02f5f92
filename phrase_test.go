package rotonde

import "testing"

func TestPhraseSaysItselfInBothLanguages(t *testing.T) {
	one := SayCount("err.genogram.and_more_problems", 1)
	many := SayCount("err.genogram.and_more_problems", 3)
	if one.Message("nl") == many.Message("nl") || one.Message("en") == many.Message("en") {
		t.Fatalf("plural forms not chosen: %q / %q", one.Message("nl"), many.Message("nl"))
	}
	if one.Message("nl") == one.Message("en") {
		t.Fatalf("Dutch and English are the same: %q", one.Message("nl"))
	}
	// A phrase and an error of the same key say the same.
	if got, want := many.Message("en"), ECount(EInvalid, "err.genogram.and_more_problems", 3).Message("en"); got != want {
		t.Fatalf("phrase %q, error %q", got, want)
	}
	j := Joined{Parts: []Localized{one, many}, Sep: " "}
	if got := j.Message("en"); got != one.Message("en")+" "+many.Message("en") {
		t.Fatalf("joined: %q", got)
	}
	if (Phrase{}).Message("nl") != "" {
		t.Fatal("an empty phrase says nothing")
	}
}
