package main

import (
	"flag"
	"strings"
	"testing"
)

func TestRequireSecondFactorSetting(t *testing.T) {
	t.Setenv("ROTONDE_REQUIRE_SECOND_FACTOR", "")
	if c, err := parseServe(t); err == nil || !strings.Contains(err.Error(), "ROTONDE_REQUIRE_SECOND_FACTOR") {
		t.Errorf("empty variable accepted: %+v %v", c, err)
	}
	if c, err := parseServe(t, "--require-second-factor", "false"); err != nil || c.requireSecondFactor {
		t.Errorf("explicit false: %+v %v", c, err)
	}
	if _, err := parseServe(t, "--require-second-factor", "misschien"); err == nil || !strings.Contains(err.Error(), "kies true of false") {
		t.Errorf("bad value: %v", err)
	}
}

func TestRequireSecondFactorDefaultsToTrue(t *testing.T) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var s settings
	s.register(fs, "127.0.0.1:8080")
	_ = fs.Parse([]string{"--database-url", "sqlite:x.db"})
	c, err := s.check()
	if err != nil || !c.requireSecondFactor {
		t.Errorf("default: %+v %v", c, err)
	}
}
