package sqldb

// SetProbeBelow sets the ratio that picks a search's plan (searchplan.go)
// and returns a function that restores it.
func SetProbeBelow(n int64) (restore func()) {
	old := probeBelow
	probeBelow = n
	return func() { probeBelow = old }
}

// SetWindowSpan makes every search first read the newest n ids of the
// reader's cases (-1: never) and returns a function that restores it.
func SetWindowSpan(n int64) (restore func()) {
	old := windowSpan
	windowSpan = n
	return func() { windowSpan = old }
}
