// Package password hashes passwords with argon2id (RFC 9106) in the PHC
// string format, so parameters can be raised later without breaking old hashes.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost settings.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // iterations
	Threads uint8
	KeyLen  uint32
	SaltLen uint32
}

// Default follows OWASP's second recommended argon2id configuration
// (m=19 MiB, t=2, p=1): about 25–40 ms on a 2-core server, small enough that
// a burst of logins does not exhaust memory.
var Default = Params{Memory: 19 * 1024, Time: 2, Threads: 1, KeyLen: 32, SaltLen: 16}

// ErrMalformed means a stored hash cannot be read.
var ErrMalformed = errors.New("password: malformed hash")

var b64 = base64.RawStdEncoding

// Hash returns the PHC string for pw, e.g. $argon2id$v=19$m=19456,t=2,p=1$salt$key.
func Hash(pw string, p Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether pw matches the PHC hash, comparing in constant time.
func Verify(hash, pw string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrMalformed
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrMalformed
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false, ErrMalformed
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, ErrMalformed
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 || p.Memory == 0 || p.Time == 0 || p.Threads == 0 {
		return false, ErrMalformed
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// Generate returns a random password of about 120 bits for one-time use
// (accounts created at the command line, resets).
func Generate() string {
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// DummyHash is verified when an account does not exist, so that the answer
// takes as long as for a real account. It is a hash of a random, discarded
// password with the Default parameters, fixed here so that starting the
// server costs no hashing (and no 19 MiB of memory).
const DummyHash = "$argon2id$v=19$m=19456,t=2,p=1$K8M0q3bL1cfqJ5iXU0hXvA$0oSClmV+Vw5X7C0t0L4mRDrQ7OMiyLI1Xr2n8tpF9Ag"

// VerifyAndRelease is Verify for a long-running server: argon2id's 19 MiB
// work area becomes garbage after each check, and logins are rare, so the
// memory is handed back to the system at once instead of lingering in an
// idle process.
func VerifyAndRelease(hash, pw string) (bool, error) {
	ok, err := Verify(hash, pw)
	debug.FreeOSMemory()
	return ok, err
}
