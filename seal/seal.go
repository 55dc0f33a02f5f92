// Package seal encrypts the few secrets Rotonde must be able to read back —
// TOTP secrets and single sign-on client secrets — before they are stored.
//
// A Sealer holds one 256-bit key and uses AES-256-GCM with a random 96-bit
// nonce per value. Every value is sealed with additional data naming the row
// it belongs to (for example "totp_secrets.secret/user_id=42"), so a
// ciphertext copied into another row does not open there. Sealed values are
// text: "v1:" followed by base64(nonce | ciphertext | tag); the version
// prefix leaves room for another scheme or key later.
//
// The package does no file or database work; the key is passed in
// explicitly (see cmd/rotonde for key files, sqldb for the columns).
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the key length in bytes (AES-256).
const KeySize = 32

// prefix marks a value sealed with scheme v1 (AES-256-GCM, random nonce).
const prefix = "v1:"

var (
	// ErrKeyFormat: a key is not 32 bytes written as base64 or hex.
	ErrKeyFormat = errors.New("a key is 32 random bytes written as base64 or hex")
	// ErrOpen: a value does not open with this key and additional data
	// (another key, another row, or damaged).
	ErrOpen = errors.New("sealed value does not open with this key for this row")
	// ErrNotSealed: a value lacks the version prefix.
	ErrNotSealed = errors.New("value is not sealed")
)

// Sealer seals and opens values with one key. It is safe for concurrent use.
type Sealer struct {
	aead cipher.AEAD
}

// New returns a Sealer for a 32-byte key.
func New(key []byte) (*Sealer, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("%w (got %d bytes)", ErrKeyFormat, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts plain, bound to ad (the row's identity).
func (s *Sealer) Seal(plain, ad string) string {
	ct := s.aead.Seal(nil, nil, []byte(plain), []byte(ad))
	return prefix + base64.StdEncoding.EncodeToString(ct)
}

// Open decrypts a value made by Seal with the same key and ad.
func (s *Sealer) Open(sealed, ad string) (string, error) {
	body, ok := strings.CutPrefix(sealed, prefix)
	if !ok {
		return "", ErrNotSealed
	}
	ct, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		return "", ErrOpen
	}
	plain, err := s.aead.Open(nil, nil, ct, []byte(ad))
	if err != nil {
		return "", ErrOpen
	}
	return string(plain), nil
}

// IsSealed reports whether v carries a version prefix this package writes.
func IsSealed(v string) bool { return strings.HasPrefix(v, prefix) }

// GenerateKey returns a new random key.
func GenerateKey() []byte {
	key := make([]byte, KeySize)
	rand.Read(key) // never fails (crypto/rand crashes the program instead)
	return key
}

// EncodeKey writes a key as base64, the form key files hold.
func EncodeKey(key []byte) string { return base64.StdEncoding.EncodeToString(key) }

// ParseKey reads a key written as base64 (standard or URL alphabet, padded
// or not) or as hex; surrounding white space is ignored.
func ParseKey(text []byte) ([]byte, error) {
	s := strings.TrimSpace(string(text))
	if len(s) == 2*KeySize {
		if key, err := hex.DecodeString(s); err == nil {
			return key, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if key, err := enc.DecodeString(s); err == nil {
			if len(key) != KeySize {
				return nil, fmt.Errorf("%w (got %d bytes)", ErrKeyFormat, len(key))
			}
			return key, nil
		}
	}
	return nil, ErrKeyFormat
}
