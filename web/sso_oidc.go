package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
)

// The OpenID Connect relying party side: discovery, keys and ID token
// verification are github.com/coreos/go-oidc's; Rotonde adds the nonce, the
// authorized party and the e-mail claims it maps onto accounts.

// oidcProvider is a discovered provider and the token endpoint
// authentication methods it announces (for the oauth2 client).
type oidcProvider struct {
	*oidc.Provider
	authMethods []string
}

// discover fetches the discovery document of issuer. Stored issuers have no
// trailing slash; a provider whose document names the issuer with one
// (and signs its tokens so) is the same issuer, and is taken as announced.
func discover(ctx context.Context, client *http.Client, issuer string) (*oidcProvider, error) {
	cctx := oidc.ClientContext(ctx, client)
	p, err := oidc.NewProvider(cctx, issuer)
	var mismatch *oidc.IssuerMismatchError
	if errors.As(err, &mismatch) && strings.TrimRight(mismatch.Discovered, "/") == strings.TrimRight(issuer, "/") {
		p, err = oidc.NewProvider(oidc.InsecureIssuerURLContext(cctx, mismatch.Discovered), issuer)
	}
	if err != nil {
		return nil, ssoError("discovery", err)
	}
	var meta struct {
		TokenAuthMethods []string `json:"token_endpoint_auth_methods_supported"`
		JWKSURI          string   `json:"jwks_uri"`
	}
	if err := p.Claims(&meta); err != nil {
		return nil, fmt.Errorf("discovery: %w", err)
	}
	if ep := p.Endpoint(); ep.AuthURL == "" || ep.TokenURL == "" || meta.JWKSURI == "" {
		return nil, errors.New("discovery: endpoints missing")
	}
	return &oidcProvider{Provider: p, authMethods: meta.TokenAuthMethods}, nil
}

// idClaims are the ID token claims Rotonde reads.
type idClaims struct {
	Subject       string
	Email         string       `json:"email"`
	EmailVerified flexibleBool `json:"email_verified"`
	AuthorizedBy  string       `json:"azp"`
}

// flexibleBool accepts true and "true": some providers send the string.
type flexibleBool bool

func (f *flexibleBool) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "true", `"true"`:
		*f = true
	default:
		*f = false
	}
	return nil
}

// verifyIDToken checks signature (asymmetric algorithms the provider
// announces; never "none" or HMAC), issuer, audience and expiry with go-oidc,
// then the nonce of this flow and, with several audiences, the authorized party.
func (s *Server) verifyIDToken(ctx context.Context, client *http.Client, p *oidcProvider, clientID, raw, nonce string) (*idClaims, error) {
	tok, err := p.Verifier(&oidc.Config{ClientID: clientID, Now: s.now}).Verify(oidc.ClientContext(ctx, client), raw)
	if err != nil {
		return nil, ssoError("id token", err)
	}
	if nonce == "" || tok.Nonce != nonce {
		return nil, errors.New("id token: nonce mismatch")
	}
	var c idClaims
	if err := tok.Claims(&c); err != nil {
		return nil, fmt.Errorf("id token claims: %w", err)
	}
	if len(tok.Audience) > 1 && c.AuthorizedBy != clientID {
		return nil, fmt.Errorf("id token: audience %v without azp %q", tok.Audience, clientID)
	}
	if tok.Subject == "" {
		return nil, errors.New("id token: no subject")
	}
	c.Subject = tok.Subject
	return &c, nil
}

// tokenAuthStyleBasic reports whether the provider takes client_secret_basic
// (the OpenID Connect default when it announces nothing).
func (p *oidcProvider) tokenAuthStyleBasic() bool {
	return len(p.authMethods) == 0 || slices.Contains(p.authMethods, "client_secret_basic")
}
