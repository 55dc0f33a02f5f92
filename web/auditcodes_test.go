package web_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
)

// auditPartCodes reads the module's Go source (tests left out) and returns
// every part code it can write into the access log: string constants given
// as the argument of a parameter named part, and Part fields of audit
// entries. A part given on from a variable is followed to its callers by the
// same rule. A comma-separated list counts as its codes.
func auditCodes(t *testing.T, param, field string, skip ...string) []string {
	t.Helper()
	files := parseModule(t)
	consts, partAt := codeDeclarations(files, param, skip)
	set := map[string]bool{}
	add := func(e ast.Expr) {
		var s string
		switch e := e.(type) {
		case *ast.BasicLit:
			if e.Kind != token.STRING {
				return
			}
			s, _ = strconv.Unquote(e.Value)
		case *ast.Ident:
			v, ok := consts[e.Name]
			if !ok {
				return // a variable: its values are found at its callers
			}
			s = v
		default:
			return
		}
		for _, c := range strings.Split(s, ",") {
			set[strings.TrimSpace(c)] = true
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := calledName(n.Fun)
				if slices.Contains(skip, name) {
					return false
				}
				if i, ok := partAt[name]; ok && i < len(n.Args) {
					add(n.Args[i])
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == field {
					add(n.Value)
				}
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == field && i < len(n.Rhs) {
						add(n.Rhs[i])
					}
				}
			}
			return true
		})
	}
	var out []string
	for c := range set {
		if c != "" {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// parseModule parses the module's Go files, tests and testdata left out.
func parseModule(t *testing.T) []*ast.File {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// codeDeclarations gives the string constants by name, and the position of
// a parameter named param by function name (functions in skip left out).
func codeDeclarations(files []*ast.File, param string, skip []string) (consts map[string]string, paramAt map[string]int) {
	consts, paramAt = map[string]string{}, map[string]int{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if i < len(n.Values) {
						if lit, ok := n.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							consts[name.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			case *ast.FuncDecl:
				i := 0
				for _, field := range n.Type.Params.List {
					for _, name := range field.Names {
						if name.Name == param && !slices.Contains(skip, n.Name.Name) {
							paramAt[n.Name.Name] = i
						}
						i++
					}
					if len(field.Names) == 0 {
						i++
					}
				}
			}
			return true
		})
	}
	return consts, paramAt
}

// calledName is the name of the function a call calls, generic ones included.
func calledName(fun ast.Expr) string {
	switch fn := fun.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		return fn.Sel.Name
	case *ast.IndexExpr:
		if id, ok := fn.X.(*ast.Ident); ok {
			return id.Name
		}
	case *ast.IndexListExpr:
		if id, ok := fn.X.(*ast.Ident); ok {
			return id.Name
		}
	}
	return ""
}

// TestAuditCodesHaveLabels: every code the code base can write into the
// access log (parts, details, grounds, roles) has a label in Dutch and in
// English, so the log page never shows a raw code.
func TestAuditCodesHaveLabels(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	key := func(prefix, code string) string { return prefix + strings.ReplaceAll(code, " ", "-") }
	var keys []string
	parts := auditCodes(t, "part", "Part")
	if len(parts) < 30 || !slices.Contains(parts, "toegangslog") || !slices.Contains(parts, "kleine stappen") {
		t.Fatalf("the source scan found too few part codes: %v", parts)
	}
	for _, c := range parts {
		keys = append(keys, key("audit.part.", c))
	}
	// Security events have a log of their own (the security log); their
	// details are sentences, not codes.
	for _, c := range auditCodes(t, "detail", "Detail", "securityEvent", "logSecurity", "appendSecurityEvent") {
		// A detail of several pieces is shown piece by piece (auditDetailText).
		for _, piece := range strings.Split(c, "; ") {
			if strings.ContainsFunc(piece, unicode.IsLetter) {
				keys = append(keys, key("audit.detail.", piece))
			}
		}
	}
	keys = append(keys, "audit.detail.bijeenkomst", "audit.detail.gast", "audit.detail.geweigerd")
	// Grounds: the membership grounds of sqldb/trust.go, shared ones with
	// each kind of sharing ground, emergency access, and literal ones.
	bases := []string{"lidmaatschap/eigen-organisatie", "lidmaatschap/gezin", "lidmaatschap/gedeeld", "noodtoegang"}
	for _, g := range []rotonde.GroundKind{rotonde.GroundConsent, rotonde.GroundLegal} {
		bases = append(bases, "lidmaatschap/gedeeld/"+string(g))
	}
	for _, c := range append(bases, auditCodes(t, "basis", "Basis")...) {
		keys = append(keys, key("audit.basis.", c))
	}
	for _, r := range []rotonde.Role{rotonde.RoleProfessional, rotonde.RoleFacilitator, rotonde.RoleAdministrator,
		rotonde.RolePolicyOfficer, rotonde.RoleResearcher, rotonde.RoleFamily, rotonde.RoleSysAdmin} {
		keys = append(keys, "role."+string(r))
	}
	for _, r := range append(slices.Clone(rotonde.MemberRoles), rotonde.MemberOwner, rotonde.MemberEmergency) {
		keys = append(keys, "member.role."+string(r))
	}
	for _, a := range []rotonde.AuditAction{rotonde.AuditCreate, rotonde.AuditRead, rotonde.AuditUpdate, rotonde.AuditDelete, rotonde.AuditExport, rotonde.AuditSearch} {
		keys = append(keys, "audit.action."+string(a))
	}
	for _, k := range keys {
		for _, lang := range []string{"nl", "en"} {
			if !cat.Has(lang, k) {
				t.Errorf("no %s label for the access log code %q", lang, k)
			}
		}
	}
}
