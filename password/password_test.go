package password

import (
	"fmt"
	"strings"
	"testing"
)

var fast = Params{Memory: 1024, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

func TestHashVerify(t *testing.T) {
	h, err := Hash("correct horse battery", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("unexpected PHC string %q", h)
	}
	if ok, err := Verify(h, "correct horse battery"); err != nil || !ok {
		t.Fatalf("right password rejected: %v %v", ok, err)
	}
	if ok, _ := Verify(h, "correct horse batterY"); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := Hash("correct horse battery", fast)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt not random")
	}
}

func TestDefaultIsArgon2idWithOWASPParams(t *testing.T) {
	h, err := Hash("x", Default)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("default params changed: %q", h)
	}
}

func TestVerifyMalformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=x$AAAA$AAAA", "$argon2id$v=19$m=0,t=1,p=1$AAAA$AAAA"} {
		if _, err := Verify(h, "pw"); err == nil {
			t.Errorf("Verify(%q) gave no error", h)
		}
	}
}

func TestGenerate(t *testing.T) {
	a, b := Generate(), Generate()
	if a == b || len(a) < 20 {
		t.Fatalf("weak generated passwords %q %q", a, b)
	}
}

func TestDummyHashHasDefaultCost(t *testing.T) {
	// The dummy must cost what a real check costs, or timing tells which accounts exist.
	want := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$", Default.Memory, Default.Time, Default.Threads)
	if !strings.HasPrefix(DummyHash, want) {
		t.Fatalf("DummyHash %q does not use the default parameters %q", DummyHash, want)
	}
	if ok, err := VerifyAndRelease(DummyHash, "rotonde-dummy-password"); err != nil || ok {
		t.Fatalf("dummy hash: ok=%v err=%v", ok, err)
	}
}
