package method

import (
	"encoding/json"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The product writes the method in its own words and credits the sources
// (seeds/README.md). These tests hold every text a user can read to that:
// the method library, both locale catalogues and the page templates are
// compared with every source publication, and a twelve-word stretch that
// matches a stretch of a source in at least ten words, in order, is a copy.
// Quotes the product presents as said in a learning meeting are the one
// exception: those must be the source's own words (TestQuotesAreTheSources).

const (
	copyWindow  = 12 // words compared at a time
	copyMatches = 10 // words of them that may not be found in order in a source
)

// sourceTexts reads every publication in the seeds folder; it fails under CI
// when the folder is missing and skips otherwise.
func sourceTexts(t *testing.T) map[string]string {
	t.Helper()
	dir := seedDir()
	names, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(names) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("source publications missing in CI: %s", dir)
		}
		t.Skipf("source publications not present in %s", dir)
	}
	out := map[string]string{}
	for _, n := range names {
		raw, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(n)] = string(raw)
	}
	return out
}

// nearCopyIndex holds, for every twelve-word window of the sources, a hash
// of each ten-word subsequence left after dropping two of its words. Two
// windows share ten words in order exactly when they share such a
// subsequence, so one lookup per subsequence of a product window finds every
// near copy, verbatim copies included.
type nearCopyIndex struct{ hashes []uint64 }

func subsequenceHashes(words []string, fn func(uint64)) {
	drop := copyWindow - copyMatches
	if drop != 2 {
		panic("subsequenceHashes drops exactly two words")
	}
	for a := 0; a < copyWindow; a++ {
		for b := a + 1; b < copyWindow; b++ {
			h := fnv.New64a()
			for i, w := range words[:copyWindow] {
				if i == a || i == b {
					continue
				}
				h.Write([]byte(w))
				h.Write([]byte{0})
			}
			fn(h.Sum64())
		}
	}
}

func newNearCopyIndex(texts map[string]string) *nearCopyIndex {
	var hs []uint64
	for _, txt := range texts {
		words := normWords(txt)
		for i := 0; i+copyWindow <= len(words); i++ {
			subsequenceHashes(words[i:], func(h uint64) { hs = append(hs, h) })
		}
	}
	slices.Sort(hs)
	return &nearCopyIndex{hashes: slices.Compact(hs)}
}

// copied returns the first window of text that nearly copies a source.
func (ix *nearCopyIndex) copied(text string) (string, bool) {
	words := normWords(text)
	for i := 0; i+copyWindow <= len(words); i++ {
		found := false
		subsequenceHashes(words[i:], func(h uint64) {
			if !found {
				_, found = slices.BinarySearch(ix.hashes, h)
			}
		})
		if found {
			return strings.Join(words[i:i+copyWindow], " "), true
		}
	}
	return "", false
}

// catalogueTexts gathers every text a user can read, by where it lives:
// the method library (quotes left out: they are checked the other way), the
// locale catalogues and the text between the tags of the page templates.
func catalogueTexts(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	lib := load(t)
	lib.walkTexts(func(path string, x *Text) {
		if isQuotePath(path) {
			return
		}
		out["method "+path+" (nl)"] = x.NL
		out["method "+path+" (en)"] = x.EN
	})
	locales, _ := filepath.Glob(filepath.Join("..", "i18n", "locales", "*.json"))
	if len(locales) == 0 {
		t.Fatal("no locale catalogues found beside the method package")
	}
	for _, p := range locales {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var walkJSON func(string, any)
		walkJSON = func(path string, v any) {
			switch v := v.(type) {
			case string:
				out[filepath.Base(p)+" "+path] = v
			case map[string]any:
				for k, x := range v {
					walkJSON(path+"."+k, x)
				}
			case []any:
				for _, x := range v {
					walkJSON(path, x)
				}
			}
		}
		walkJSON("", doc)
	}
	tmplDir := filepath.Join("..", "web", "templates")
	n := 0
	err := filepath.WalkDir(tmplDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out["template "+filepath.Base(p)] = templateText(string(raw))
		n++
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("templates not read (%d): %v", n, err)
	}
	return out
}

var (
	templateAction = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	htmlTag        = regexp.MustCompile(`(?s)<[^>]*>`)
)

// templateText keeps what a template writes itself: actions and tags become
// breaks, so words on either side of them do not run together.
func templateText(s string) string {
	s = templateAction.ReplaceAllString(s, " . ")
	return htmlTag.ReplaceAllString(s, " . ")
}

// isQuotePath reports whether a library path holds quotes from the sources.
func isQuotePath(path string) bool { return strings.Contains(path, ".quotes[") }

// TestNoVerbatimCopy guards the rule that Rotonde says the method in its own
// words: nothing in the library, the catalogues or the templates copies or
// nearly copies a source publication.
func TestNoVerbatimCopy(t *testing.T) {
	sources := sourceTexts(t)
	if len(sources) < 5 {
		t.Errorf("found %d source publications, want all five", len(sources))
	}
	ix := newNearCopyIndex(sources)
	if len(ix.hashes) < 100000 {
		t.Fatalf("only %d windows from the sources; normalisation is broken", len(ix.hashes))
	}
	texts := catalogueTexts(t)
	if len(texts) < 1000 {
		t.Fatalf("only %d texts gathered; the catalogue walk is broken", len(texts))
	}
	keys := make([]string, 0, len(texts))
	for k := range texts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if w, ok := ix.copied(texts[k]); ok {
			t.Errorf("%s copies a source (10 of 12 words in order): %q", k, w)
		}
	}
}

// The near-copy check must catch a copy with a word changed here and there,
// and leave a paraphrase alone.
func TestNearCopyCheck(t *testing.T) {
	src := map[string]string{"s": "Het doel is niet om de tijdlijn zo compleet mogelijk te maken qua feiten, zegt men."}
	ix := newNearCopyIndex(src)
	for text, want := range map[string]bool{
		"Let op: het doel is niet om de tijdlijn zo compleet mogelijk te maken qua feiten.":         true,
		"Het doel is echt niet om de tijdlijn zo volledig mogelijk te maken qua feiten.":            true,
		"Een tijdlijn hoeft niet compleet te zijn; het gaat erom wat we er samen op zien.":          false,
		"Volledigheid is niet het doel; het gaat om de vragen wat we zien en wat het met ons doet.": false,
	} {
		if _, got := ix.copied(text); got != want {
			t.Errorf("copied(%q) = %v, want %v", text, got, want)
		}
	}
}

// seedOf names the seed file of each source the library quotes from.
var seedOf = map[string]string{
	"nji-2025":    "000_27057926a83e8feb.txt",
	"nji-2022":    "001_a023e182ea899639.txt",
	"fontys-2022": "004_efa72b9b9e974b5b.txt",
}

// TestQuotesAreTheSources: what the product shows as said in a learning
// meeting was said there, word for word, as its source records it.
func TestQuotesAreTheSources(t *testing.T) {
	sources := sourceTexts(t)
	lib := load(t)
	n := 0
	for _, p := range lib.Phases {
		src := " " + strings.Join(normWords(sources[seedOf[p.Source]]), " ") + " "
		if len(src) < 1000 {
			t.Fatalf("phase %s: source %q not found among the seeds", p.Key, p.Source)
		}
		for _, q := range p.Quotes {
			n++
			if w := " " + strings.Join(normWords(q.NL), " ") + " "; !strings.Contains(src, w) {
				t.Errorf("phase %s presents as a quote what its source does not say: %q", p.Key, q.NL)
			}
		}
	}
	if n < 9 {
		t.Errorf("only %d quotes; each phase has three or four", n)
	}
}
