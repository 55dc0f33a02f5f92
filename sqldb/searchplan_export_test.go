package sqldb

// SetProbeBelow sets the ratio that picks a search's plan (searchplan.go)
// and returns a function that restores it.
func SetProbeBelow(n int64) (restore func()) {
	old := probeBelow
	probeBelow = n
	return func() { probeBelow = old }
}
