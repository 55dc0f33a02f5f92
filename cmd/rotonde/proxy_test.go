package main

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func parseServe(t *testing.T, args ...string) (checkedSettings, error) {
	t.Helper()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var s settings
	s.register(fs, "127.0.0.1:8080")
	if err := fs.Parse(append([]string{"--database-url", "sqlite:x.db"}, args...)); err != nil {
		t.Fatal(err)
	}
	return s.check()
}

func TestPublicURLAndTrustedProxiesSettings(t *testing.T) {
	t.Setenv("ROTONDE_PUBLIC_URL", "")
	t.Setenv("ROTONDE_TRUSTED_PROXIES", "")
	c, err := parseServe(t)
	if err != nil || c.publicURL != "" || len(c.trustedProxies) != 0 {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	c, err = parseServe(t, "--public-url", "https://Rotonde.Example.nl/", "--trusted-proxies", " 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32")
	if err != nil || c.publicURL != "https://rotonde.example.nl" {
		t.Fatalf("public url: %+v %v", c, err)
	}
	want := []string{"10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32"}
	if len(c.trustedProxies) != len(want) {
		t.Fatalf("proxies %v", c.trustedProxies)
	}
	for i, p := range c.trustedProxies {
		if p.String() != want[i] {
			t.Errorf("proxy %d: %s, want %s", i, p, want[i])
		}
	}
	for _, bad := range []string{"rotonde.example.nl", "ftp://x.nl", "https://x.nl/pad", "https://u:p@x.nl", "https://x.nl?a=b"} {
		if _, err := parseServe(t, "--public-url", bad); err == nil || !strings.Contains(err.Error(), "ROTONDE_PUBLIC_URL") {
			t.Errorf("public url %q accepted: %v", bad, err)
		}
	}
	t.Setenv("ROTONDE_TRUSTED_PROXIES", "10.0.0.0/8,loadbalancer")
	if _, err := parseServe(t); err == nil || !strings.Contains(err.Error(), "ROTONDE_TRUSTED_PROXIES") || !strings.Contains(err.Error(), "loadbalancer") {
		t.Errorf("bad proxy accepted: %v", err)
	}
}
