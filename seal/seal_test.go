package seal_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/seal"
)

func TestSealOpen(t *testing.T) {
	s, err := seal.New(seal.GenerateKey())
	if err != nil {
		t.Fatal(err)
	}
	a := s.Seal("JBSWY3DPEHPK3PXP", "totp_secrets.secret/user_id=1")
	b := s.Seal("JBSWY3DPEHPK3PXP", "totp_secrets.secret/user_id=1")
	if !seal.IsSealed(a) || strings.Contains(a, "JBSWY3DPEHPK3PXP") {
		t.Fatalf("sealed value %q", a)
	}
	if a == b {
		t.Error("two seals of one value are equal: the nonce is not random")
	}
	if got, err := s.Open(a, "totp_secrets.secret/user_id=1"); err != nil || got != "JBSWY3DPEHPK3PXP" {
		t.Errorf("open: %q %v", got, err)
	}
	// Another row, another key, a damaged value, a plain value.
	if _, err := s.Open(a, "totp_secrets.secret/user_id=2"); !errors.Is(err, seal.ErrOpen) {
		t.Errorf("other row: %v", err)
	}
	other, _ := seal.New(seal.GenerateKey())
	if _, err := other.Open(a, "totp_secrets.secret/user_id=1"); !errors.Is(err, seal.ErrOpen) {
		t.Errorf("other key: %v", err)
	}
	if _, err := s.Open(a[:len(a)-4]+"AAAA", "totp_secrets.secret/user_id=1"); !errors.Is(err, seal.ErrOpen) {
		t.Errorf("damaged: %v", err)
	}
	if _, err := s.Open("v1:%%%", "x"); !errors.Is(err, seal.ErrOpen) {
		t.Errorf("bad base64: %v", err)
	}
	if _, err := s.Open("JBSWY3DPEHPK3PXP", "x"); !errors.Is(err, seal.ErrNotSealed) {
		t.Errorf("plain: %v", err)
	}
	if _, err := seal.New(make([]byte, 16)); !errors.Is(err, seal.ErrKeyFormat) {
		t.Errorf("16-byte key accepted: %v", err)
	}
}

func TestParseKey(t *testing.T) {
	key := seal.GenerateKey()
	for _, text := range []string{seal.EncodeKey(key), seal.EncodeKey(key) + "\n", "  " + hex.EncodeToString(key) + "\r\n",
		strings.ToUpper(hex.EncodeToString(key)), strings.TrimRight(seal.EncodeKey(key), "=")} {
		got, err := seal.ParseKey([]byte(text))
		if err != nil || !bytes.Equal(got, key) {
			t.Errorf("ParseKey(%q) = %x, %v", text, got, err)
		}
	}
	for _, text := range []string{"", "kort", seal.EncodeKey(key[:16]), hex.EncodeToString(key[:31]), seal.EncodeKey(append(key, 1))} {
		if _, err := seal.ParseKey([]byte(text)); !errors.Is(err, seal.ErrKeyFormat) {
			t.Errorf("ParseKey(%q): %v, want ErrKeyFormat", text, err)
		}
	}
}
