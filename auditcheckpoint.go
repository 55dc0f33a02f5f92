package rotonde

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The access log's hash chain shows a changed, removed or inserted record,
// but not a chain cut short at the end (delete the last records and rewrite
// the head) or started later (delete the first records and forge the purge
// anchor): anyone who can write the database can recompute SHA-256. A
// checkpoint closes that gap from outside the database: an HMAC, keyed with
// a sub-key of the key file, over the head of the chain (last seq and hash)
// and the purge anchor. Checkpoints are written to the application log and
// printed on demand; verifying the log against earlier checkpoints finds
// records removed at the end and anchors nobody vouched for.

// AuditHead is the state of the chain: its last record and the anchor the
// first remaining record links to after a purge.
type AuditHead struct {
	Seq        int64
	Hash       string
	AnchorSeq  int64
	AnchorHash string
}

// AuditCheckpoint is a head vouched for at a moment with the key.
type AuditCheckpoint struct {
	AuditHead
	At  time.Time // UTC, to the second
	MAC string
}

// checkpointPrefix starts every checkpoint, so that checkpoints can be
// found in an application log and read back from it.
const checkpointPrefix = "rotonde-audit-checkpoint v1"

// checkpointInfo is the label that derives the checkpoint key from the key
// file's key; the same key never serves two purposes.
const checkpointInfo = "rotonde access-log checkpoint v1"

// AuditCheckpointer makes and checks checkpoints with a key derived from
// the key file's key.
type AuditCheckpointer struct {
	key []byte
}

// NewAuditCheckpointer derives the checkpoint key (HKDF-SHA256) from the
// key file's 32-byte key.
func NewAuditCheckpointer(fileKey []byte) (*AuditCheckpointer, error) {
	if len(fileKey) != 32 {
		return nil, fmt.Errorf("checkpoint key: need a 32-byte key, got %d bytes", len(fileKey))
	}
	k, err := hkdf.Key(sha256.New, fileKey, nil, checkpointInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("checkpoint key: %w", err)
	}
	return &AuditCheckpointer{key: k}, nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (c *AuditCheckpointer) mac(cp *AuditCheckpoint) string {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(strings.Join([]string{checkpointPrefix, cp.At.UTC().Format(AuditTime),
		strconv.FormatInt(cp.Seq, 10), cp.Hash, strconv.FormatInt(cp.AnchorSeq, 10), cp.AnchorHash}, "\x1f")))
	return hex.EncodeToString(m.Sum(nil))
}

// Make vouches for head at the moment at.
func (c *AuditCheckpointer) Make(head AuditHead, at time.Time) AuditCheckpoint {
	cp := AuditCheckpoint{AuditHead: head, At: at.UTC().Truncate(time.Second)}
	cp.MAC = c.mac(&cp)
	return cp
}

// Authentic tells whether cp was made with this key and is unchanged.
func (c *AuditCheckpointer) Authentic(cp AuditCheckpoint) bool {
	return hmac.Equal([]byte(c.mac(&cp)), []byte(cp.MAC))
}

// String is the checkpoint as one line of text.
func (cp AuditCheckpoint) String() string {
	return fmt.Sprintf("%s at=%s seq=%d hash=%s anchor_seq=%d anchor_hash=%s mac=%s", checkpointPrefix,
		cp.At.UTC().Format(AuditTime), cp.Seq, orDash(cp.Hash), cp.AnchorSeq, orDash(cp.AnchorHash), cp.MAC)
}

// ErrNoCheckpoint: a line holds no checkpoint.
var ErrNoCheckpoint = errors.New("no access-log checkpoint in this text")

// ParseAuditCheckpoint reads a checkpoint from a line: the text String
// writes, also when it is embedded in a line of the application log
// (quoted, with other fields around it).
func ParseAuditCheckpoint(line string) (AuditCheckpoint, error) {
	var cp AuditCheckpoint
	_, rest, ok := strings.Cut(line, checkpointPrefix)
	if !ok {
		return cp, ErrNoCheckpoint
	}
	fields := map[string]string{}
	for _, f := range strings.Fields(rest) {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			break
		}
		v = strings.TrimRight(v, `"'`)
		fields[k] = v
		if k == "mac" {
			break
		}
	}
	var err error
	bad := func(what string) (AuditCheckpoint, error) {
		return AuditCheckpoint{}, fmt.Errorf("access-log checkpoint: %s is missing or unreadable", what)
	}
	if cp.At, err = time.Parse(AuditTime, fields["at"]); err != nil {
		return bad("at")
	}
	if cp.Seq, err = strconv.ParseInt(fields["seq"], 10, 64); err != nil || cp.Seq < 0 {
		return bad("seq")
	}
	if cp.AnchorSeq, err = strconv.ParseInt(fields["anchor_seq"], 10, 64); err != nil || cp.AnchorSeq < 0 {
		return bad("anchor_seq")
	}
	for name, dst := range map[string]*string{"hash": &cp.Hash, "anchor_hash": &cp.AnchorHash} {
		v, ok := fields[name]
		if !ok {
			return bad(name)
		}
		if v != "-" {
			*dst = v
		}
	}
	if cp.MAC = fields["mac"]; cp.MAC == "" {
		return bad("mac")
	}
	return cp, nil
}

// CheckAuditCheckpoints compares the chain as it is now (head, and the
// hash of the record with a given seq, if it is still there) with earlier
// checkpoints. It returns a verification naming the first problem, or a
// zero BrokenSeq when every checkpoint fits:
//   - every checkpoint was made with this key and is unchanged;
//   - the chain reaches at least as far as every checkpoint saw it, and the
//     record a checkpoint ended at still has the hash it had (so nothing was
//     cut off the end, or cut off and written again);
//   - the purge anchor never moves back, stays what a checkpoint saw while it
//     is not moved, and the newest checkpoint vouches for the anchor as it is
//     now (serve writes a checkpoint right after each purge): an anchor
//     written by hand to hide removed records fits no checkpoint.
func CheckAuditCheckpoints(c *AuditCheckpointer, head AuditHead, cps []AuditCheckpoint, hashAt func(seq int64) (string, bool, error)) (AuditVerification, error) {
	if len(cps) == 0 {
		return AuditVerification{}, nil
	}
	broken := func(seq int64, format string, args ...any) (AuditVerification, error) {
		return AuditVerification{BrokenSeq: max(seq, 1), Reason: fmt.Sprintf(format, args...)}, nil
	}
	newest := cps[0]
	for _, cp := range cps {
		if !c.Authentic(cp) {
			return broken(cp.Seq, "checkpoint of %s (record %d) was not made with this key or was altered", cp.At.Format(AuditTime), cp.Seq)
		}
		// Anchor and head only move forward, so the newest is the furthest on.
		if cp.AnchorSeq > newest.AnchorSeq || (cp.AnchorSeq == newest.AnchorSeq && (cp.Seq > newest.Seq ||
			(cp.Seq == newest.Seq && cp.At.After(newest.At)))) {
			newest = cp
		}
	}
	for _, cp := range cps {
		switch {
		case head.Seq < cp.Seq:
			return broken(head.Seq+1, "the chain ends at record %d, but the checkpoint of %s saw it reach record %d: records were removed at the end",
				head.Seq, cp.At.Format(AuditTime), cp.Seq)
		case head.AnchorSeq < cp.AnchorSeq:
			return broken(head.AnchorSeq+1, "the purge anchor is at record %d, but the checkpoint of %s saw it at %d: the anchor was rewritten",
				head.AnchorSeq, cp.At.Format(AuditTime), cp.AnchorSeq)
		case head.AnchorSeq == cp.AnchorSeq && head.AnchorHash != cp.AnchorHash:
			return broken(head.AnchorSeq+1, "the purge anchor at record %d differs from the one the checkpoint of %s saw: the anchor was forged",
				head.AnchorSeq, cp.At.Format(AuditTime))
		case cp.Seq == 0:
		case cp.Seq == head.AnchorSeq:
			if head.AnchorHash != cp.Hash {
				return broken(cp.Seq, "record %d, now the purge anchor, had another hash at the checkpoint of %s: the anchor was forged",
					cp.Seq, cp.At.Format(AuditTime))
			}
		case cp.Seq > head.AnchorSeq:
			h, ok, err := hashAt(cp.Seq)
			if err != nil {
				return AuditVerification{}, err
			}
			if !ok {
				return broken(cp.Seq, "record %d, seen by the checkpoint of %s, is missing", cp.Seq, cp.At.Format(AuditTime))
			}
			if h != cp.Hash {
				return broken(cp.Seq, "record %d has another hash than at the checkpoint of %s: the chain was cut and written again",
					cp.Seq, cp.At.Format(AuditTime))
			}
		}
	}
	if head.AnchorSeq != newest.AnchorSeq {
		return broken(head.AnchorSeq+1, "the purge anchor (record %d) is newer than the newest checkpoint given (%s, anchor %d): "+
			"no checkpoint vouches for it; give a checkpoint written after the last purge", head.AnchorSeq, newest.At.Format(AuditTime), newest.AnchorSeq)
	}
	return AuditVerification{}, nil
}
