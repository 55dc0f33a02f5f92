//go:build !unix

package sqlite

import "math"

// FreeBytes is not measured on this system; it reports plenty.
func FreeBytes(string) (uint64, error) { return math.MaxUint64, nil }
