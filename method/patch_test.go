package method

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"reflect"
	"testing"
)

// mergedJSON merges raw onto base and returns the library as JSON, or the
// error text.
func mergedJSON(t *testing.T, base *Library, raw json.RawMessage) string {
	t.Helper()
	lib, err := Merge(base, Override{Patch: raw})
	if err != nil {
		return "error: " + err.Error()
	}
	b, err := json.Marshal(lib)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func generic(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestPatchRoundTripMergesTheSame reads patches (the library's own data
// files, which use every member, and hand-written edge cases) into the
// typed Patch, writes them again and checks that both merge to the same
// library, or are refused alike.
func TestPatchRoundTripMergesTheSame(t *testing.T) {
	base := load(t)
	patches := map[string]string{
		"reword":        `{"cards":[{"key":"timeline","title":{"nl":"Patient journey"}}]}`,
		"hide":          `{"fields":[{"key":"makeable","hidden":true}],"cards":[{"key":"timeline","hidden":false}]}`,
		"hidden null":   `{"cards":[{"key":"timeline","hidden":null}]}`,
		"step minutes":  `{"cards":[{"key":"timeline","steps":[{"key":"draw","minutes":25}]}]}`,
		"group size":    `{"cards":[{"key":"timeline","groupSize":{"min":3}}]}`,
		"materials":     `{"cards":[{"key":"timeline","materials":[]}]}`,
		"misspelt":      `{"cards":[{"key":"timeline","titel":{"nl":"x"}}]}`,
		"capitalised":   `{"cards":[{"key":"timeline","Title":{"nl":"Hoofdletter"}}]}`,
		"empty title":   `{"cards":[{"key":"timeline","title":{"nl":""}}]}`,
		"other members": `{"fieldsIntro":{"nl":"Lees zo."},"dream":{"title":{"en":"Dream"}}}`,
		"question hint": `{"fields":[{"key":"makeable","questions":[{"key":"q1","hint":{"nl":"Denk na.","en":"Think."}}]}]}`,
		"text extra":    `{"cards":[{"key":"timeline","title":{"nl":"X","xx":1}}]}`,
		"own source":    `{"sources":[{"key":"eigen","title":"Wijkteam","publisher":"Wijkteam","year":2026,"note":{"nl":"n","en":"n"}}]}`,
		"empty":         `{}`,
	}
	files, err := fs.Glob(dataFS, "data/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("data files: %v %v", files, err)
	}
	for _, name := range files {
		b, err := dataFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		patches[name] = string(b)
	}
	for name, raw := range patches {
		p, err := ParsePatch(json.RawMessage(raw))
		if err != nil {
			t.Errorf("%s: parse: %v", name, err)
			continue
		}
		again, err := p.JSON()
		if err != nil {
			t.Errorf("%s: write: %v", name, err)
			continue
		}
		// The same document, member for member.
		if !reflect.DeepEqual(generic(t, []byte(raw)), generic(t, again)) {
			t.Errorf("%s: not the same document after a round trip\nwritten: %s", name, again)
		}
		if want, got := mergedJSON(t, base, json.RawMessage(raw)), mergedJSON(t, base, again); want != got {
			t.Errorf("%s: merges differently after a round trip\nwritten: %s", name, again)
		}
		// Written once, the text is stable.
		p2, err := ParsePatch(again)
		if err != nil {
			t.Fatalf("%s: parse again: %v", name, err)
		}
		if third, _ := p2.JSON(); !bytes.Equal(third, again) {
			t.Errorf("%s: not stable:\n%s\n%s", name, again, third)
		}
	}
}

func TestPatchJSONShape(t *testing.T) {
	p, err := ParsePatch(json.RawMessage(`{"cards":[{"title":{"nl":"A"},"key":"timeline","zz":[1]}],"aa":true}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.Cards[0].Title == nil || *p.Cards[0].Title.NL != "A" || p.Cards[0].Title.EN != nil || string(p.Cards[0].Rest["zz"]) != "[1]" || string(p.Rest["aa"]) != "true" {
		t.Errorf("parsed: %+v", p)
	}
	got, _ := p.JSON()
	if want := `{"aa":true,"cards":[{"key":"timeline","title":{"nl":"A"},"zz":[1]}]}`; string(got) != want {
		t.Errorf("written %s, want %s", got, want)
	}
	for _, raw := range []string{``, ` `, `null`} {
		if p, err := ParsePatch(json.RawMessage(raw)); err != nil || !p.IsEmpty() {
			t.Errorf("%q: %+v %v", raw, p, err)
		}
	}
	for _, raw := range []string{`[1,2]`, `{"cards":[`, `{"cards":{"key":"x"}}`, `"x"`} {
		if _, err := ParsePatch(json.RawMessage(raw)); err == nil {
			t.Errorf("%q parsed", raw)
		}
	}
	if b, _ := (Patch{}).JSON(); string(b) != "{}" {
		t.Errorf("empty patch: %s", b)
	}
}

func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

func TestRewordHideAndPrune(t *testing.T) {
	std := Text{NL: "Tijdlijn", EN: "Timeline"}
	for _, tc := range []struct {
		typed, current Text
		own            bool
		nl, en         string // "<nil>" when absent; both "" for no change
	}{
		{Text{"Tijdlijn", "Timeline"}, std, false, "", ""},
		{Text{"", ""}, std, false, "", ""},
		{Text{"Levenslijn", "Timeline"}, std, false, "Levenslijn", "<nil>"},
		{Text{"Tijdlijn", "Life line"}, std, false, "<nil>", "Life line"},
		{Text{"Eigen", ""}, Text{"Oud", "Old"}, true, "Eigen", "Eigen"},
		{Text{"", "Own"}, Text{"Oud", "Old"}, true, "Own", "Own"},
		{Text{"", ""}, Text{"Oud", "Old"}, true, "Oud", "Old"},
	} {
		got := Reword(tc.typed, std, tc.current, tc.own)
		if tc.nl == "" && tc.en == "" {
			if got != nil {
				t.Errorf("%+v: %s/%s, want no change", tc, str(got.NL), str(got.EN))
			}
			continue
		}
		if got == nil || str(got.NL) != tc.nl || str(got.EN) != tc.en {
			t.Errorf("%+v: %v", tc, got)
		}
	}
	for _, tc := range []struct{ hidden, std, own bool }{{false, false, false}, {true, false, false}, {false, true, false}, {true, true, false}, {false, false, true}, {true, false, true}} {
		got := Hide(tc.hidden, tc.std, tc.own)
		change := tc.own && tc.hidden || !tc.own && tc.hidden != tc.std
		if (got != nil) != change || got != nil && *got != tc.hidden {
			t.Errorf("Hide%+v = %v", tc, got)
		}
	}

	var p Patch
	p.Card("a").Hidden = Hide(true, false, false)
	p.Card("b")
	if c := p.Card("a"); c.Hidden == nil || len(p.Cards) != 2 {
		t.Fatalf("Card does not find its item: %+v", p.Cards)
	}
	p.PruneCard("a")
	p.PruneCard("b")
	if len(p.Cards) != 1 || p.Cards[0].Key != "a" {
		t.Errorf("prune: %+v", p.Cards)
	}
	p.Card("a").Hidden = nil
	p.PruneCard("a")
	p.Field("f").Rest = map[string]json.RawMessage{"set": json.RawMessage(`null`)}
	p.PruneField("f")
	if p.Cards != nil || len(p.Fields) != 1 {
		t.Errorf("prune: %+v", p)
	}
	b, _ := p.JSON()
	if string(b) != `{"fields":[{"key":"f","set":null}]}` {
		t.Errorf("written %s", b)
	}
}
