package rotonde_test

import (
	"go/ast"
	"path/filepath"
	"strings"
	"testing"
)

// tableData names the functions that are long because they hold data
// (rows of the demo), not logic.
var tableData = map[string]bool{"demo/noor.go noorRows": true}

// TestCodeShape keeps the limits the code was reshaped to: no function
// over 100 lines except table data, and no exported type with more than
// 40 exported methods (a larger one is a service to split per area).
func TestCodeShape(t *testing.T) {
	fset, files := goFiles(t)
	methods := map[string]int{}
	for path, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			lines := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1
			if lines > 100 && !tableData[filepath.ToSlash(path)+" "+fd.Name.Name] {
				t.Errorf("%s: %s has %d lines (at most 100)", fset.Position(fd.Pos()), fd.Name.Name, lines)
			}
			if fd.Recv == nil || !fd.Name.IsExported() || strings.HasSuffix(path, "_test.go") {
				continue
			}
			recv := fd.Recv.List[0].Type
			if star, ok := recv.(*ast.StarExpr); ok {
				recv = star.X
			}
			if id, ok := recv.(*ast.Ident); ok && id.IsExported() {
				methods[filepath.Dir(path)+"."+id.Name]++
			}
		}
	}
	if len(methods) < 20 {
		t.Fatalf("found only %d exported types with methods; is the count broken?", len(methods))
	}
	for typ, n := range methods {
		if n > 40 {
			t.Errorf("%s has %d exported methods (at most 40)", typ, n)
		}
	}
}
