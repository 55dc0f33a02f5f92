package rotonde_test

import (
	"go/ast"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// languagePairExceptions are the files whose code may still write Dutch
// and English side by side, each with its reason.
var languagePairExceptions = map[string]string{}

// TestNoInlineLanguagePairs fails while code outside tests writes a text's
// Dutch and English side by side instead of naming a catalogue key: a
// function (declared, literal or as a parameter's type) that takes two
// string parameters nl and en, or a method.Text literal whose NL and EN are
// string literals. Such texts belong in i18n/locales (see i18n.Default().T).
// The method package itself is not held to the second rule (it names its
// type Text, unqualified): its content is read from JSON, and
// method.Catalogued gives other packages a catalogue key's text in both
// languages where content is stored bilingually.
func TestNoInlineLanguagePairs(t *testing.T) {
	fset, files := goFiles(t)
	checked := 0
	for path, f := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		if _, ok := languagePairExceptions[filepath.ToSlash(path)]; ok {
			continue
		}
		checked++
		mtext := importName(f, "github.com/rotonde-jeugd/rotonde/method", "method")
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncType:
				if takesLanguagePair(n.Params) {
					t.Errorf("%s: a function takes (nl, en string); give the text a catalogue key", fset.Position(n.Pos()))
				}
			case *ast.CompositeLit:
				for _, lit := range inlineTexts(n, mtext) {
					t.Errorf("%s: method.Text literal with inline Dutch and English; give the text a catalogue key", fset.Position(lit.Pos()))
				}
			}
			return true
		})
	}
	if checked < 100 {
		t.Fatalf("checked only %d files; is the walk broken?", checked)
	}
}

// importName is the name under which f imports path ("" when it does not).
func importName(f *ast.File, path, name string) string {
	for _, imp := range f.Imports {
		if imp.Path.Value == strconv.Quote(path) {
			if imp.Name != nil {
				return imp.Name.Name
			}
			return name
		}
	}
	return ""
}

// takesLanguagePair reports whether a parameter list has a string parameter
// nl directly followed by a string parameter en (or eng).
func takesLanguagePair(params *ast.FieldList) bool {
	var names []string
	for _, field := range params.List {
		id, ok := field.Type.(*ast.Ident)
		isString := ok && id.Name == "string"
		if len(field.Names) == 0 {
			names = append(names, "")
		}
		for _, name := range field.Names {
			if isString {
				names = append(names, name.Name)
			} else {
				names = append(names, "")
			}
		}
	}
	for i := 1; i < len(names); i++ {
		if names[i-1] == "nl" && (names[i] == "en" || names[i] == "eng") {
			return true
		}
	}
	return false
}

// inlineTexts returns the method.Text literals in lit whose NL and EN are
// string literals: lit itself when it is one, or its elements when it is a
// slice, array or map of method.Text written with the type left out.
func inlineTexts(lit *ast.CompositeLit, mtext string) []*ast.CompositeLit {
	if mtext == "" {
		return nil
	}
	if isMethodText(lit.Type, mtext) {
		if hasLiteralPair(lit) {
			return []*ast.CompositeLit{lit}
		}
		return nil
	}
	var elem ast.Expr
	switch typ := lit.Type.(type) {
	case *ast.ArrayType:
		elem = typ.Elt
	case *ast.MapType:
		elem = typ.Value
	}
	if !isMethodText(elem, mtext) {
		return nil
	}
	var out []*ast.CompositeLit
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			e = kv.Value
		}
		if inner, ok := e.(*ast.CompositeLit); ok && inner.Type == nil && hasLiteralPair(inner) {
			out = append(out, inner)
		}
	}
	return out
}

// isMethodText reports whether typ is method.Text, the package imported as
// mtext.
func isMethodText(typ ast.Expr, mtext string) bool {
	sel, ok := typ.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Text" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == mtext
}

// hasLiteralPair reports whether a Text literal sets NL and EN, both to
// string literals.
func hasLiteralPair(lit *ast.CompositeLit) bool {
	found := map[string]bool{}
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, ok := kv.Key.(*ast.Ident)
		val, isLit := kv.Value.(*ast.BasicLit)
		if ok && isLit && val.Kind == token.STRING {
			found[key.Name] = true
		}
	}
	return found["NL"] && found["EN"]
}
