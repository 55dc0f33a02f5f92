package rotonde

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// SSOConfig is an organisation's single sign-on through OpenID Connect. Its
// people log in at their own identity provider; Rotonde maps them by their
// verified e-mail address onto existing accounts of that organisation only.
type SSOConfig struct {
	OrgID    int64
	Issuer   string // exactly as the provider's discovery document states it
	ClientID string
	// ClientSecret is write-only in the interface: reads for forms leave it
	// empty and saving an empty secret keeps the stored one.
	ClientSecret string
	// AllowedDomains limits the e-mail domains accepted (lower-case, without
	// "@"); empty accepts any domain of an account of the organisation.
	AllowedDomains []string
	Enabled        bool
	// EnforcesMFA says the organisation's provider itself demands a second
	// factor at every login. A login through it then counts as two-factor in
	// Rotonde, so Rotonde does not ask for its own second factor on top.
	EnforcesMFA bool
	// HasSecret reports, on reads, whether a client secret is stored.
	HasSecret bool
	UpdatedAt time.Time
	UpdatedBy int64
}

// Validate checks and normalises a configuration before it is stored.
// A new configuration needs a secret; keepSecret says one is already stored.
func (c *SSOConfig) Validate(keepSecret bool) error {
	c.Issuer = strings.TrimRight(strings.TrimSpace(c.Issuer), "/")
	c.ClientID = strings.TrimSpace(c.ClientID)
	c.ClientSecret = strings.TrimSpace(c.ClientSecret)
	if c.Issuer == "" {
		return E(EInvalid, "err.rotonde.fill_in_issuer_url_of_identity")
	}
	u, err := url.Parse(c.Issuer)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil || len(c.Issuer) > 500 {
		return E(EInvalid, "err.rotonde.is_not_valid_issuer_url", c.Issuer)
	}
	// Plain http only to the local machine, for development and tests.
	if u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
		return E(EInvalid, "err.rotonde.issuer_url_must_start_with_https")
	}
	if c.ClientID == "" || len(c.ClientID) > 500 {
		return E(EInvalid, "err.rotonde.fill_in_client_id_identity_provider")
	}
	if c.ClientSecret == "" && !keepSecret {
		return E(EInvalid, "err.rotonde.fill_in_client_secret")
	}
	if len(c.ClientSecret) > 2000 {
		return E(EInvalid, "err.rotonde.client_secret_is_too_long")
	}
	var domains []string
	for _, d := range c.AllowedDomains {
		d = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@"))
		if d == "" {
			continue
		}
		if strings.ContainsAny(d, " @/\\,;") || !strings.Contains(d, ".") || len(d) > 253 {
			return E(EInvalid, "err.rotonde.is_not_valid_domain", d)
		}
		domains = append(domains, d)
	}
	c.AllowedDomains = domains
	return nil
}

func isLoopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// ParseDomains splits a list of domains typed by an administrator
// (separated by commas, semicolons, spaces or new lines).
func ParseDomains(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t'
	})
}

// AllowsEmail reports whether an address falls within the allowed domains.
func (c *SSOConfig) AllowsEmail(email string) bool {
	if len(c.AllowedDomains) == 0 {
		return true
	}
	_, domain, ok := strings.Cut(NormalizeEmail(email), "@")
	if !ok {
		return false
	}
	for _, d := range c.AllowedDomains {
		if domain == d {
			return true
		}
	}
	return false
}

// SSOChangeOrigin is where a change of single sign-on came from, for the security log.
type SSOChangeOrigin struct {
	Address   string
	UserAgent string
}

// SSOFlow is one login attempt in progress, kept server-side between the
// redirect to the provider and its answer. It is found by the hash of its
// state and can be taken once.
type SSOFlow struct {
	OrgID       int64
	Nonce       string
	Verifier    string // PKCE code verifier
	RedirectURI string
	Next        string
	ExpiresAt   time.Time
}

// SSOService stores single sign-on configurations and login flows.
type SSOService interface {
	// SSOConfig returns an organisation's configuration without its secret,
	// for the actor who manages it (system administrator, or administrator of
	// that organisation; else EForbidden). No configuration gives ENotFound.
	SSOConfig(ctx context.Context, actor *User, orgID int64) (*SSOConfig, error)
	// SaveSSOConfig creates or replaces a configuration. An empty secret
	// keeps the stored one. Only the system administrator (or the operator,
	// a nil actor) sets EnforcesMFA; for anyone else the stored mark stays,
	// and is cleared when the issuer or client id changes. The change is
	// written to the security log (a "beveiliging/sso" event) in the same
	// transaction; origin, when given, adds the request's address and browser.
	SaveSSOConfig(ctx context.Context, actor *User, c *SSOConfig, origin ...SSOChangeOrigin) error
	// SSOLoginConfig returns an enabled configuration, secret included, for
	// the login flow only; disabled or missing gives ENotFound.
	SSOLoginConfig(ctx context.Context, orgID int64) (*SSOConfig, error)
	// SSOOrganisations lists the organisations whose single sign-on is enabled.
	SSOOrganisations(ctx context.Context) ([]Organisation, error)
	// CreateSSOFlow stores a flow under the hash of its state.
	CreateSSOFlow(ctx context.Context, f *SSOFlow, stateHash []byte) error
	// TakeSSOFlow returns and deletes the flow with this state hash; a
	// missing (already taken) or expired flow gives EForbidden.
	TakeSSOFlow(ctx context.Context, stateHash []byte, now time.Time) (*SSOFlow, error)
}
