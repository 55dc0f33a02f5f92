// Package testtool finds outside programs that tests need.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// RequireTool returns the path of an outside program a test needs (such as
// pdftoppm from poppler-utils). Without it the test skips locally and fails
// under CI=true, where .ci/run installs it: CI never passes by skipping.
func RequireTool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is not installed (CI=true, so this is a failure, not a skip)", name)
		}
		tb.Skipf("%s is not installed", name)
	}
	return p
}
