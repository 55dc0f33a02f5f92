package timeline

// NoorFixture gives the tests the demo's history of Noor: more than sixty
// events of every kind, lane and source. Package demo holds it and imports
// timeline, so fixture_link_test.go (package timeline_test) sets it before
// any test runs instead of this package importing demo.
var NoorFixture func() []Event
