package rotonde_test

import (
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

func TestAuditCheckpointRules(t *testing.T) {
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i)
	}
	c, err := rotonde.NewAuditCheckpointer(key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rotonde.NewAuditCheckpointer(key[:16]); err == nil {
		t.Error("a short key was accepted")
	}
	at := time.Date(2026, 12, 2, 23, 0, 0, 0, time.UTC)
	hashes := map[int64]string{5: "h5", 8: "h8", 10: "h10"}
	hashAt := func(seq int64) (string, bool, error) { h, ok := hashes[seq]; return h, ok, nil }
	cp := c.Make(rotonde.AuditHead{Seq: 10, Hash: "h10", AnchorSeq: 4, AnchorHash: "h4"}, at)
	cases := []struct {
		name string
		head rotonde.AuditHead
		ok   bool
		want string
	}{
		{"unchanged", rotonde.AuditHead{Seq: 10, Hash: "h10", AnchorSeq: 4, AnchorHash: "h4"}, true, ""},
		{"grown", rotonde.AuditHead{Seq: 12, Hash: "h12", AnchorSeq: 4, AnchorHash: "h4"}, true, ""},
		{"truncated", rotonde.AuditHead{Seq: 8, Hash: "h8", AnchorSeq: 4, AnchorHash: "h4"}, false, "removed at the end"},
		{"anchor moved back", rotonde.AuditHead{Seq: 10, Hash: "h10", AnchorSeq: 2, AnchorHash: "h2"}, false, "rewritten"},
		{"anchor hash forged", rotonde.AuditHead{Seq: 10, Hash: "h10", AnchorSeq: 4, AnchorHash: "x"}, false, "forged"},
		{"anchor moved on without a checkpoint", rotonde.AuditHead{Seq: 10, Hash: "h10", AnchorSeq: 5, AnchorHash: "h5"}, false, "no checkpoint vouches"},
	}
	for _, tc := range cases {
		v, err := rotonde.CheckAuditCheckpoints(c, tc.head, []rotonde.AuditCheckpoint{cp}, hashAt)
		if err != nil {
			t.Fatal(err)
		}
		if (v.BrokenSeq == 0) != tc.ok || !strings.Contains(v.Reason, tc.want) {
			t.Errorf("%s: %+v", tc.name, v)
		}
	}
	// The record a checkpoint ended at was written again with other content.
	hashes[10] = "other"
	if v, _ := rotonde.CheckAuditCheckpoints(c, rotonde.AuditHead{Seq: 10, Hash: "other", AnchorSeq: 4, AnchorHash: "h4"}, []rotonde.AuditCheckpoint{cp}, hashAt); v.BrokenSeq != 10 {
		t.Errorf("rewritten record: %+v", v)
	}

	for _, bad := range []string{"", "rommel", "rotonde-audit-checkpoint v1 at=gisteren seq=1 hash=a anchor_seq=0 anchor_hash=- mac=ab",
		"rotonde-audit-checkpoint v1 at=2026-12-02T23:00:00Z seq=1 hash=a anchor_seq=0 anchor_hash=-"} {
		if _, err := rotonde.ParseAuditCheckpoint(bad); err == nil {
			t.Errorf("parsed %q", bad)
		}
	}
	empty := c.Make(rotonde.AuditHead{}, at)
	if back, err := rotonde.ParseAuditCheckpoint(empty.String()); err != nil || back != empty || !c.Authentic(back) {
		t.Errorf("empty chain round trip: %q %+v %v", empty.String(), back, err)
	}
}
