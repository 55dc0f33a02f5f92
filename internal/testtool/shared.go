package testtool

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// SharedPath locates a file of the shared/ folder that sits beside the
// repository (the method's publications, the REFI-QDA schema). It walks up
// from the package folder, so a test finds it wherever the clone sits next
// to shared/; a throwaway clone elsewhere (say /tmp/ci-check, cloned from a
// working copy on this disk) finds it beside the repository it was cloned
// from. rel is the path inside shared/, such as "seeds/001_….txt".
func SharedPath(rel string) string {
	starts := []string{"."}
	if out, err := exec.Command("git", "config", "--get", "remote.origin.url").Output(); err == nil {
		if origin := strings.TrimSpace(string(out)); filepath.IsAbs(origin) {
			starts = append(starts, origin)
		}
	}
	for _, start := range starts {
		dir, err := filepath.Abs(start)
		if err != nil {
			continue
		}
		for {
			candidate := filepath.Join(dir, "shared", rel)
			if _, err := os.Stat(candidate); err == nil {
				return candidate
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return filepath.Join("..", "..", "shared", rel)
}
