package web

import (
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/rotonde-jeugd/rotonde/live"
	"github.com/rotonde-jeugd/rotonde/meeting"
)

// TestMeetingScriptHandlesEveryEvent: every event kind the server sends on
// a meeting's stream has a listener in the page's script, and the script
// listens for no kind the server never sends. The kinds come from the typed
// payloads (meeting.EventKinds) and the stream's own events, so a new kind
// fails here until the script handles it.
func TestMeetingScriptHandlesEveryEvent(t *testing.T) {
	js, err := os.ReadFile("static/meeting.js")
	if err != nil {
		t.Fatal(err)
	}
	var handled []string
	for _, m := range regexp.MustCompile(`es\.addEventListener\('([a-z-]+)'`).FindAllSubmatch(js, -1) {
		handled = append(handled, string(m[1]))
	}
	sent := append(meeting.EventKinds(), live.StreamEvents()...)
	for _, k := range sent {
		if !slices.Contains(handled, k) {
			t.Errorf("the server sends %q events; static/meeting.js has no listener for them", k)
		}
	}
	for _, k := range handled {
		if !slices.Contains(sent, k) {
			t.Errorf("static/meeting.js listens for %q, which the server never sends", k)
		}
	}
}
