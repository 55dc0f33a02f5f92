package web

import (
	"net/netip"
	"testing"
)

func TestForwardedClient(t *testing.T) {
	lb := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8:1::/48")}
	for _, tc := range []struct {
		name    string
		remote  string
		xff     []string
		trusted []netip.Prefix
		want    string
	}{
		{"no proxies configured: header ignored", "192.0.2.1:4000", []string{"203.0.113.9"}, nil, "192.0.2.1"},
		{"untrusted peer: header ignored", "192.0.2.1:4000", []string{"203.0.113.9"}, lb, "192.0.2.1"},
		{"trusted peer: forwarded client", "10.0.0.5:4000", []string{"203.0.113.9"}, lb, "203.0.113.9"},
		{"forged left part is not used", "10.0.0.5:4000", []string{"1.2.3.4, 203.0.113.9"}, lb, "203.0.113.9"},
		{"chain of trusted proxies", "10.0.0.5:4000", []string{"203.0.113.9, 10.1.1.1", "10.2.2.2"}, lb, "203.0.113.9"},
		{"only trusted addresses: the left-most proxy", "10.0.0.5:4000", []string{"10.1.1.1"}, lb, "10.1.1.1"},
		{"no header from a trusted peer", "10.0.0.5:4000", nil, lb, "10.0.0.5"},
		{"garbage in the header: the peer", "10.0.0.5:4000", []string{"203.0.113.9, niet-een-adres"}, lb, "10.0.0.5"},
		{"IPv6 peer and client", "[2001:db8:1::7]:443", []string{"2001:db8:9::1"}, lb, "2001:db8:9::1"},
		{"IPv4-mapped peer", "[::ffff:10.0.0.5]:443", []string{"203.0.113.9"}, lb, "203.0.113.9"},
	} {
		if got := forwardedClient(tc.remote, tc.xff, tc.trusted); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
