package web

import (
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
)

// TestCatalogueComplete fails when a key exists in one language only, is
// empty, or is used by a template or handler without being defined.
func TestCatalogueComplete(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	nl, en := cat.Keys("nl"), cat.Keys("en")
	for _, k := range nl {
		if !cat.Has("en", k) {
			t.Errorf("key %q is Dutch only", k)
		}
		if strings.TrimSpace(cat.T("nl", k)) == "" || strings.TrimSpace(cat.T("en", k)) == "" {
			t.Errorf("key %q is empty", k)
		}
	}
	for _, k := range en {
		if !cat.Has("nl", k) {
			t.Errorf("key %q is English only", k)
		}
	}
	used := templateMatches(t, regexp.MustCompile(`\.T "([a-z0-9_.\-]+)"`))
	// Keys handlers pass as titles.
	used = append(used, sourceMatches(regexp.MustCompile(`"([a-z]+\.title)"`))...)
	// Keys built from values in templates (printf "case.status.%s" …).
	for _, s := range []rotonde.CaseStatus{rotonde.CaseOpen, rotonde.CasePaused, rotonde.CaseClosed} {
		used = append(used, "case.status."+string(s))
	}
	for _, r := range rotonde.MemberRoles {
		used = append(used, "member.role."+string(r))
	}
	for _, r := range rotonde.Roles {
		used = append(used, "role."+string(r))
	}
	for _, k := range rotonde.OrgKinds {
		used = append(used, "org.kind."+string(k))
	}
	for _, a := range []rotonde.AuditAction{rotonde.AuditCreate, rotonde.AuditRead, rotonde.AuditUpdate, rotonde.AuditDelete, rotonde.AuditExport, rotonde.AuditSearch} {
		used = append(used, "audit.action."+string(a))
	}
	used = append(used, "member.role."+string(rotonde.MemberEmergency))
	for _, code := range []int{400, 401, 403, 404, 409, 413, 422, 500} {
		used = append(used, "error.status."+itoa(int64(code)))
	}
	if len(used) < 50 {
		t.Fatalf("found only %d used keys; is the scan broken?", len(used))
	}
	for _, k := range used {
		for _, lang := range i18n.Langs {
			if !cat.Has(lang, k) {
				t.Errorf("key %q used but missing in %s", k, lang)
			}
		}
	}
}

// templateMatches returns the first group of every match of re in the
// embedded templates.
func templateMatches(t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	var out []string
	err := fs.WalkDir(templateFiles, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFiles, path)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			out = append(out, m[1])
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sourceMatches returns the first group of every match of re in the
// package's Go files, tests left out.
func sourceMatches(re *regexp.Regexp) []string {
	var out []string
	entries, _ := os.ReadDir(".")
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
			b, _ := os.ReadFile(e.Name())
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				out = append(out, m[1])
			}
		}
	}
	return out
}
