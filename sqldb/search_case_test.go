package sqldb_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A case's title and reason are searched: whatever changes them must index
// the case again in the same transaction (Tx.indexCase). The store has no
// such change yet; this test holds the one that comes to the rule: every
// function of package sqldb whose SQL updates cases.title or cases.reason
// also calls indexCase (or rebuilds the case's whole index).
func TestCaseTextChangesAreIndexed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	update := regexp.MustCompile(`(?is)UPDATE\s+cases\s+SET\b.*?\b(title|reason)\s*=`)
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			changes, indexes := false, false
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.BasicLit:
					if n.Kind == token.STRING && update.MatchString(n.Value) {
						changes = true
					}
				case *ast.SelectorExpr:
					if n.Sel.Name == "indexCase" || n.Sel.Name == "indexCaseContent" {
						indexes = true
					}
				}
				return true
			})
			checked++
			if changes && !indexes {
				t.Errorf("%s: %s changes a case's title or reason without indexing the case again (tx.indexCase)", fset.Position(fn.Pos()), fn.Name.Name)
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d functions read: wrong directory?", checked)
	}
	// The rule itself: a change of the title is recognised.
	if !update.MatchString("`UPDATE cases SET reason = ?, updated_at = ? WHERE id = ?`") || update.MatchString("`UPDATE cases SET updated_at = ? WHERE id = ?`") {
		t.Error("the pattern does not tell a change of the case's texts")
	}
}
