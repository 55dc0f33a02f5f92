package web

import (
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// TestNewPasswordTypedTwice covers the rule both password forms (the
// account page and the reset page) apply to the new password.
func TestNewPasswordTypedTwice(t *testing.T) {
	good := strings.Repeat("paardenbloem", 2)
	for _, c := range []struct {
		pw, again, want string
	}{
		{good, good, ""},
		{good, good + "x", "De twee nieuwe wachtwoorden zijn niet gelijk."},
		{"kort", "kort", "Kies een wachtwoord van minstens"},
	} {
		err := newPassword(c.pw, c.again)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%q/%q: %v", c.pw, c.again, err)
		case c.want != "" && (err == nil || !strings.HasPrefix(rotonde.UserMessage(err, "nl"), c.want)):
			t.Errorf("%q/%q: got %v, want %q", c.pw, c.again, err, c.want)
		}
	}
}
