package backup_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"testing"

	"github.com/rotonde-jeugd/rotonde/backup"
)

// TestEncryptionRefusesChanges: a backup opens only with its key and only
// whole: a flipped byte, a cut-off end or a chunk left out is refused.
func TestEncryptionRefusesChanges(t *testing.T) {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	plain := make([]byte, 200<<10) // several chunks
	_, _ = rand.Read(plain)
	var buf bytes.Buffer
	w, err := backup.NewWriter(&buf, key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(plain); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	read := func(b, k []byte) ([]byte, error) {
		r, err := backup.NewReader(bytes.NewReader(b), k)
		if err != nil {
			return nil, err
		}
		return io.ReadAll(r)
	}
	if got, err := read(buf.Bytes(), key); err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("round trip: %v", err)
	}
	if bytes.Contains(buf.Bytes(), plain[:64]) {
		t.Error("plain text in the file")
	}
	other := make([]byte, 32)
	flipped := bytes.Clone(buf.Bytes())
	flipped[len(flipped)/2] ^= 1
	chunk := 4 + 64<<10 + 16
	head := 17 + 8
	dropped := append(bytes.Clone(buf.Bytes()[:head]), buf.Bytes()[head+chunk:]...)
	for name, c := range map[string]struct{ b, k []byte }{
		"other key":     {buf.Bytes(), other},
		"flipped byte":  {flipped, key},
		"cut short":     {buf.Bytes()[:buf.Len()-100], key},
		"without end":   {buf.Bytes()[:head+3*chunk], key},
		"chunk dropped": {dropped, key},
		"extended":      {append(bytes.Clone(buf.Bytes()), 0), key},
	} {
		if _, err := read(c.b, c.k); !errors.Is(err, backup.ErrBadKeyOrDamaged) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
