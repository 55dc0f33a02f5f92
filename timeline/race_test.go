//go:build race

package timeline

// raceEnabled: the race detector makes code several times slower, so
// time bounds in tests are widened.
const raceEnabled = true
