//go:build unix

package sqlite

import (
	"fmt"
	"path/filepath"
	"syscall"
)

// FreeBytes returns the space left for an unprivileged writer on the file
// system that holds the database file at path.
func FreeBytes(path string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(filepath.Dir(path), &st); err != nil {
		return 0, fmt.Errorf("sqlite: free space beside %s: %w", path, err)
	}
	return uint64(st.Bavail) * uint64(st.Bsize), nil
}
