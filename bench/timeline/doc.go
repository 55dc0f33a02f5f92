// Package timelinebench holds the performance benchmarks of the timeline
// package: rendering 20,000 events (budget 300 ms) and importing 100,000
// CSV rows (budget 3 s). Run: go test -bench . ./bench/timeline/
package timelinebench
