package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/runes"
)

// Rotonde calls an organisation's identity provider from inside its own
// network: discovery, keys and the token endpoint. The issuer is typed by an
// organisation's administrator, so without care it would let them make the
// server fetch from the loopback interface, the cloud metadata address or
// the internal network. Unless the operator allows private issuers (for an
// identity provider on premises), every connection is checked at dial time,
// on the address the name resolved to, so a name that resolves (or later
// re-resolves) to an internal address is refused too.

const (
	// ssoTimeout bounds one call to a provider, body included.
	ssoTimeout = 10 * time.Second
	// ssoMaxBody bounds one answer of a provider; discovery documents and
	// key sets are a few kilobytes.
	ssoMaxBody = 256 << 10
)

// errSSOAddress is the refusal of a provider address; it names the address
// (Rotonde's own text), never anything the provider sent.
type errSSOAddress struct{ addr string }

func (e *errSSOAddress) Error() string {
	return fmt.Sprintf("address %s is not public; allow private issuers to use it", e.addr)
}

var errSSOTooLarge = errors.New("provider answer larger than the limit")

// publicAddress reports whether ip is an address on the public internet: not
// loopback, private (RFC 1918, fc00::/7), link-local (169.254/16 with the
// cloud metadata address, fe80::/10), shared (100.64/10), unspecified,
// multicast, broadcast, or reserved for documentation and benchmarks.
// IPv4-mapped and NAT64 IPv6 addresses are judged by the IPv4 address inside.
func publicAddress(ip netip.Addr) bool {
	if !ip.IsValid() {
		return false
	}
	ip = ip.Unmap()
	if ip.Is6() && nat64.Contains(ip) {
		b := ip.As16()
		return publicAddress(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	}
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// nonPublic are the ranges the netip predicates do not cover.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // shared address space (carrier-grade NAT)
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and the broadcast address
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("100::/64"),        // discard only
	netip.MustParsePrefix("2001::/23"),       // IETF protocol assignments (Teredo, ORCHID, …)
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("2002::/16"),       // 6to4, which tunnels to any IPv4 address
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
}

// checkIssuerURL is the check at save time: with private issuers refused,
// the issuer must be https and must not name a non-public address or a
// local name. Names are checked again, resolved, at every connection.
func checkIssuerURL(issuer string, allowPrivate bool) error {
	u, err := url.Parse(strings.TrimSpace(issuer))
	if err != nil || u.Host == "" {
		return nil // Validate gives the message for a malformed URL
	}
	if allowPrivate {
		return nil
	}
	if u.Scheme != "https" {
		return rotonde.E(rotonde.EInvalid, "err.rotonde.issuer_url_must_start_with_https")
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	ip, err := netip.ParseAddr(host)
	local := host == "localhost" || strings.HasSuffix(host, ".localhost") || !strings.Contains(host, ".") && err != nil
	if local || (err == nil && !publicAddress(ip)) {
		return rotonde.E(rotonde.EInvalid, "err.web.identity_provider_must_be_on_public",
			u.Hostname())
	}
	return nil
}

// newSSOClient talks to identity providers: a provider that hangs must not
// hang a login (timeout covers the whole call, body included), a large
// answer must not fill the memory, and unless allowPrivate, no connection
// goes to a non-public address. Proxies from the environment are not used:
// the address check must see the real peer.
func newSSOClient(allowPrivate bool, timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	if !allowPrivate {
		dialer.Control = func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil || !publicAddress(ap.Addr()) {
				return &errSSOAddress{addr: address}
			}
			return nil
		}
	}
	tr := &http.Transport{
		DialContext:            dialer.DialContext,
		TLSHandshakeTimeout:    5 * time.Second,
		ResponseHeaderTimeout:  timeout,
		MaxResponseHeaderBytes: 64 << 10,
		ForceAttemptHTTP2:      true,
		DisableKeepAlives:      true,
	}
	return &http.Client{Timeout: timeout, Transport: limitedTransport{tr}}
}

// limitedTransport caps every answer at ssoMaxBody and drops the body of an
// answer that is not a success: the libraries put such bodies into their
// error texts, and whatever a provider sends must not reach the log.
type limitedTransport struct{ rt http.RoundTripper }

func (t limitedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := t.rt.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	if res.ContentLength > ssoMaxBody {
		res.Body.Close()
		return nil, errSSOTooLarge
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		// The status is enough to tell what went wrong; oauth2 still
		// answers a RetrieveError for it.
		res.Body.Close()
		res.Body = io.NopCloser(strings.NewReader(""))
		res.ContentLength = 0
		return res, nil
	}
	res.Body = &limitedBody{r: res.Body, left: ssoMaxBody}
	return res, nil
}

type limitedBody struct {
	r    io.ReadCloser
	left int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more than allowed means the answer is too large.
		var one [1]byte
		n, err := b.r.Read(one[:])
		if n > 0 {
			return 0, errSSOTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.r.Close() }

// ssoError describes a failed call to a provider for the application log
// with Rotonde's own words only: what went wrong, never what was sent.
func ssoError(step string, err error) error {
	var addr *errSSOAddress
	var nerr net.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &addr):
		return fmt.Errorf("%s: %w", step, addr)
	case errors.Is(err, errSSOTooLarge):
		return fmt.Errorf("%s: %w", step, errSSOTooLarge)
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &nerr) && nerr.Timeout():
		return fmt.Errorf("%s: no answer in time", step)
	}
	msg := err.Error()
	// go-oidc wraps some causes as text only.
	if strings.Contains(msg, context.DeadlineExceeded.Error()) || strings.Contains(msg, "Client.Timeout") {
		return fmt.Errorf("%s: no answer in time", step)
	}
	if strings.Contains(msg, errSSOTooLarge.Error()) {
		return fmt.Errorf("%s: %w", step, errSSOTooLarge)
	}
	// go-oidc quotes an answer it cannot decode after its own words.
	if i := strings.Index(msg, "failed to decode"); i >= 0 {
		msg = msg[:i] + "failed to decode the answer"
	}
	return fmt.Errorf("%s: %s", step, runes.Cut(strings.Join(strings.Fields(msg), " "), 160))
}
