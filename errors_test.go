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
			if err != nil || !errKey.MatchString(s) {
				return true
			}
			used++
			for _, lang := range i18n.Langs {
				if !cat.Has(lang, s) && !(cat.Has(lang, s+".one") && cat.Has(lang, s+".other")) {
					t.Errorf("%s: error key %q missing in %s.json", path, s, lang)
				}
			}
			return true
		})
	}
	if used < 300 {
		t.Fatalf("found only %d error keys in the code; is the scan broken?", used)
	}
	for _, k := range cat.Keys("nl") {
		if !strings.HasPrefix(k, "err.") || !cat.Has("en", k) {
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
