package pgtest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestShouldSkip(t *testing.T) {
	wrapped := fmt.Errorf("x: %w", errNoServer)
	other := errors.New("initdb failed")
	for _, c := range []struct {
		err  error
		ci   string
		skip bool
	}{
		{errNoServer, "", true},
		{wrapped, "false", true},
		{errNoServer, "true", false}, // CI must fail, not skip
		{other, "", false},           // a broken server is a failure anywhere
		{other, "true", false},
	} {
		if got := shouldSkip(c.err, c.ci); got != c.skip {
			t.Errorf("shouldSkip(%v, CI=%q) = %v, want %v", c.err, c.ci, got, c.skip)
		}
	}
}

func TestDBName(t *testing.T) {
	long := "TestSomething/with spaces & ÜNICODE/" + strings.Repeat("x", 100)
	a, b := dbName(long), dbName(long)
	if a == b {
		t.Fatalf("dbName not unique: %s", a)
	}
	for _, n := range []string{a, b, dbName("T")} {
		if len(n) > 63 {
			t.Errorf("%s is %d bytes; PostgreSQL truncates names over 63", n, len(n))
		}
		if strings.Trim(n, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
			t.Errorf("%s has characters outside [a-z0-9_]", n)
		}
	}
	if !strings.HasPrefix(a, "pgtest_testsomething_with_spaces_") {
		t.Errorf("name %s does not say which test made it", a)
	}
}

func TestWithDBName(t *testing.T) {
	got, err := withDBName("postgres://u:secret@h:5/postgres?sslmode=disable", "pgtest_x")
	if err != nil || got != "postgres://u:secret@h:5/pgtest_x?sslmode=disable" {
		t.Errorf("withDBName = %q, %v", got, err)
	}
	_, err = withDBName("host=h user=u password=secret", "x")
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Fatalf("key=value DSN: err = %v (must fail and not show the password)", err)
	}
	if _, err := withDBName("mysql://u:secret@h/x", "x"); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("wrong scheme: err = %v (must fail and not show the password)", err)
	}
}
