package rotonde_test

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
)

// goFiles parses every Go file of the module.
func goFiles(t *testing.T) (*token.FileSet, map[string]*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files[path] = f
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 100 {
		t.Fatalf("found only %d Go files; is the walk broken?", len(files))
	}
	return fset, files
}

var errKey = regexp.MustCompile(`^err\.[a-z0-9_]+\.[a-z0-9_.]+$`)

// verbs lists the fmt verbs of a catalogue text, in order.
func verbs(s string) []string {
	return regexp.MustCompile(`%(\[\d+\])?[-+# 0-9.*]*[a-zA-Z%]`).FindAllString(s, -1)
}

// TestErrorKeysDefined fails when the code names an error key ("err.…")
// that the catalogue lacks in either language, or when the Dutch and English
// texts of an error key take different arguments.
func TestErrorKeysDefined(t *testing.T) {
	checkKeysDefined(t, "error", errKey, "err.", 300)
}

// phraseKey matches the keys of phrases that are not errors: stagnation
// signals and the problems found in an imported timeline.
var phraseKey = regexp.MustCompile(`^(signal|timeline\.import)\.[a-z0-9_]+(\.[a-z0-9_]+)*$`)

// TestPhraseKeysDefined fails when the code names a phrase key
// ("signal.…", "timeline.import.…") that the catalogue lacks in either
// language, or when its Dutch and English texts take different arguments.
func TestPhraseKeysDefined(t *testing.T) {
	checkKeysDefined(t, "phrase", phraseKey, "", 80)
}

// checkKeysDefined scans the string literals of the module for keys
// matching re: each must exist in every language (as itself or as
// ".one"/".other" forms), and there must be at least min of them. The
// catalogue keys with prefix (or, when prefix is empty, matching re) must
// take the same fmt verbs in Dutch and English.
func checkKeysDefined(t *testing.T, what string, re *regexp.Regexp, prefix string, min int) {
	t.Helper()
	cat := i18n.Default()
	_, files := goFiles(t)
	used := 0
	for path, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !re.MatchString(s) {
				return true
			}
			used++
			for _, lang := range i18n.Langs {
				if !cat.Has(lang, s) && !(cat.Has(lang, s+".one") && cat.Has(lang, s+".other")) {
					t.Errorf("%s: %s key %q missing in %s.json", path, what, s, lang)
				}
			}
			return true
		})
	}
	if used < min {
		t.Fatalf("found only %d %s keys in the code; is the scan broken?", used, what)
	}
	for _, k := range cat.Keys("nl") {
		if (prefix != "" && !strings.HasPrefix(k, prefix)) || (prefix == "" && !re.MatchString(k)) || !cat.Has("en", k) {
			continue
		}
		nl, en := verbs(cat.T("nl", k)), verbs(cat.T("en", k))
		slices.Sort(nl)
		slices.Sort(en)
		if !slices.Equal(nl, en) {
			t.Errorf("%s: Dutch takes %v, English %v", k, nl, en)
		}
	}
}

// bilingualExceptions names the struct types that may hold a Dutch and an
// English string side by side, and why.
var bilingualExceptions = map[string]string{
	"method.Text": "bilingual method content read from JSON, not a user message",
	// The method editor shows and takes method.Text in both languages at
	// once: content an author writes, not a message to the user.
	"web.textPair":     "one method.Text in the method editor",
	"web.termRow":      "a word pair of method content being edited in both languages",
	"web.newFieldForm": "the questions of a new method field, written in both languages by its author",
}

// TestNoBilingualStringFields fails when a struct type outside the tests
// declares a Dutch and an English string field side by side (XNL and XEN,
// or NL and EN): user texts carry a catalogue key and arguments
// (rotonde.Phrase, rotonde.Error) and the catalogue says them in each
// language.
func TestNoBilingualStringFields(t *testing.T) {
	fset, files := goFiles(t)
	for path, f := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		// Named struct types are checked under their name (exceptions are by
		// name); anonymous ones, such as a table's element type, as such.
		named := map[*ast.StructType]string{}
		ast.Inspect(f, func(n ast.Node) bool {
			if spec, ok := n.(*ast.TypeSpec); ok {
				if st, ok := spec.Type.(*ast.StructType); ok {
					named[st] = f.Name.Name + "." + spec.Name.Name
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			name, ok := named[st]
			if !ok {
				name = f.Name.Name + " (anonymous struct)"
			}
			if _, ok := bilingualExceptions[name]; ok {
				return true
			}
			strs := map[string]bool{}
			for _, field := range st.Fields.List {
				if id, ok := field.Type.(*ast.Ident); ok && id.Name == "string" {
					for _, n := range field.Names {
						strs[n.Name] = true
					}
				}
			}
			for fname := range strs {
				for _, pair := range [][2]string{{"NL", "EN"}, {"nl", "en"}} {
					if base, ok := strings.CutSuffix(fname, pair[0]); ok && strs[base+pair[1]] {
						t.Errorf("%s: %s has %s and %s%s; give it one rotonde.Localized or a catalogue key", fset.Position(st.Pos()), name, fname, base, pair[1])
					}
				}
			}
			return true
		})
	}
}

// TestNoInlineErrorTexts fails while code still writes an error's Dutch and
// English side by side: a call of the deprecated Errorf or an Error literal
// with NL/EN fields. The errkeys tool moves such texts into the catalogue.
func TestNoInlineErrorTexts(t *testing.T) {
	fset, files := goFiles(t)
	for path, f := range files {
		rot := "-"
		if f.Name.Name == "rotonde" {
			rot = ""
		}
		for _, imp := range f.Imports {
			if imp.Path.Value == `"github.com/rotonde-jeugd/rotonde"` {
				rot = "rotonde"
				if imp.Name != nil {
					rot = imp.Name.Name
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			switch fun := call.Fun.(type) {
			case *ast.SelectorExpr:
				if id, ok := fun.X.(*ast.Ident); ok && id.Name == rot && fun.Sel.Name == "Errorf" {
					t.Errorf("%s: rotonde.Errorf with inline texts; give it a catalogue key (run errkeys)", fset.Position(call.Pos()))
				}
			case *ast.Ident:
				if rot == "" && fun.Name == "Errorf" && path != "errors.go" {
					t.Errorf("%s: Errorf with inline texts; give it a catalogue key (run errkeys)", fset.Position(call.Pos()))
				}
			}
			return true
		})
	}
}

func TestErrorRendersInBothLanguages(t *testing.T) {
	inner := rotonde.E(rotonde.EInvalid, "err.rotonde.unknown_status", "x")
	e := rotonde.E(rotonde.EInvalid, "err.genogram.gedcom_line", 12, inner).Wrap(errors.New("cause"))
	if got := e.Message("nl"); got != `GEDCOM regel 12: Onbekende status "x".` {
		t.Errorf("nl: %q", got)
	}
	if got := e.Message("en"); got != `GEDCOM line 12: Unknown status "x".` {
		t.Errorf("en: %q", got)
	}
	if got := e.Message("de"); got != e.Message("nl") {
		t.Errorf("unknown language: %q", got)
	}
	if got := e.Error(); got != `invalid: GEDCOM line 12: Unknown status "x".: cause` {
		t.Errorf("Error(): %q", got)
	}
	list := rotonde.E(rotonde.EInvalid, "err.genogram.not_valid", rotonde.List{inner, rotonde.UserText(errors.New("secret"))})
	if got := list.Message("en"); got != `The geno-sociogram is not valid: Unknown status "x".; Something went wrong. Please try again; if it keeps happening, tell your administrator.` {
		t.Errorf("list: %q", got)
	}
	if got := rotonde.UserMessage(errors.New("secret"), "nl"); strings.Contains(got, "secret") || !strings.HasPrefix(got, "Er ging iets mis") {
		t.Errorf("internal: %q", got)
	}
	if got := rotonde.UserMessage(rotonde.E(rotonde.EInvalid, "err.sqldb.name_is_too_long"), "en"); got != "The name is too long." {
		t.Errorf("no arguments: %q", got)
	}
}
