package web

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"time"
)

// This file is a small OpenID Connect relying party: discovery, JWKS and ID
// token verification with the standard library. go-oidc would do the same,
// but its JOSE dependency is not in go.sum; the checks below follow OpenID
// Connect Core 1.0 §3.1.3.7 and accept only asymmetric signatures.

// oidcMeta is the part of a provider's discovery document Rotonde uses.
type oidcMeta struct {
	Issuer                string   `json:"issuer"`
	AuthorizationEndpoint string   `json:"authorization_endpoint"`
	TokenEndpoint         string   `json:"token_endpoint"`
	JWKSURI               string   `json:"jwks_uri"`
	TokenAuthMethods      []string `json:"token_endpoint_auth_methods_supported"`
	CodeChallengeMethods  []string `json:"code_challenge_methods_supported"`
}

const oidcMaxBody = 1 << 20

func getJSON(ctx context.Context, client *http.Client, url string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", url, res.StatusCode)
	}
	return json.NewDecoder(io.LimitReader(res.Body, oidcMaxBody)).Decode(v)
}

// discover fetches and checks the discovery document of issuer.
func discover(ctx context.Context, client *http.Client, issuer string) (*oidcMeta, error) {
	var m oidcMeta
	if err := getJSON(ctx, client, strings.TrimRight(issuer, "/")+"/.well-known/openid-configuration", &m); err != nil {
		return nil, fmt.Errorf("discovery: %w", err)
	}
	// The document must speak for exactly the configured issuer, or tokens
	// from one tenant could pass as another's.
	if strings.TrimRight(m.Issuer, "/") != strings.TrimRight(issuer, "/") {
		return nil, fmt.Errorf("discovery: issuer %q, want %q", m.Issuer, issuer)
	}
	if m.AuthorizationEndpoint == "" || m.TokenEndpoint == "" || m.JWKSURI == "" {
		return nil, errors.New("discovery: endpoints missing")
	}
	return &m, nil
}

type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

func b64(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

func (k jwk) publicKey() (crypto.PublicKey, error) {
	switch k.Kty {
	case "RSA":
		n, err1 := b64(k.N)
		e, err2 := b64(k.E)
		if err1 != nil || err2 != nil || len(n) < 256 || len(e) == 0 || len(e) > 4 {
			return nil, errors.New("bad RSA key")
		}
		var ev int
		for _, b := range e {
			ev = ev<<8 | int(b)
		}
		return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: ev}, nil
	case "EC":
		if k.Crv != "P-256" {
			return nil, fmt.Errorf("curve %q not supported", k.Crv)
		}
		x, err1 := b64(k.X)
		y, err2 := b64(k.Y)
		if err1 != nil || err2 != nil || len(x) != 32 || len(y) != 32 {
			return nil, errors.New("bad EC key")
		}
		uncompressed := append(append([]byte{4}, x...), y...)
		pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), uncompressed)
		if err != nil {
			return nil, err
		}
		return pub, nil
	}
	return nil, fmt.Errorf("key type %q not supported", k.Kty)
}

// idClaims are the ID token claims Rotonde reads.
type idClaims struct {
	Issuer        string       `json:"iss"`
	Subject       string       `json:"sub"`
	Audience      audience     `json:"aud"`
	AuthorizedBy  string       `json:"azp"`
	Expiry        int64        `json:"exp"`
	IssuedAt      int64        `json:"iat"`
	Nonce         string       `json:"nonce"`
	Email         string       `json:"email"`
	EmailVerified flexibleBool `json:"email_verified"`
	Name          string       `json:"name"`
	AMR           []string     `json:"amr"`
}

// audience is a string or an array of strings.
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*a = audience{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*a = many
	return nil
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

const clockSkew = 2 * time.Minute

// verifyIDToken checks signature, issuer, audience, expiry and nonce.
func verifyIDToken(ctx context.Context, client *http.Client, meta *oidcMeta, issuer, clientID, raw, nonce string, now time.Time) (*idClaims, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, errors.New("id token: not a JWS compact serialization")
	}
	hb, err := b64(parts[0])
	if err != nil {
		return nil, fmt.Errorf("id token header: %w", err)
	}
	var header struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
		Typ string `json:"typ"`
	}
	if err := json.Unmarshal(hb, &header); err != nil {
		return nil, fmt.Errorf("id token header: %w", err)
	}
	sig, err := b64(parts[2])
	if err != nil {
		return nil, fmt.Errorf("id token signature: %w", err)
	}
	var keys struct {
		Keys []jwk `json:"keys"`
	}
	if err := getJSON(ctx, client, meta.JWKSURI, &keys); err != nil {
		return nil, fmt.Errorf("jwks: %w", err)
	}
	signed := []byte(parts[0] + "." + parts[1])
	verified := false
	for _, k := range keys.Keys {
		if (header.Kid != "" && k.Kid != header.Kid) || (k.Use != "" && k.Use != "sig") || (k.Alg != "" && k.Alg != header.Alg) {
			continue
		}
		pub, err := k.publicKey()
		if err != nil {
			continue
		}
		if verifySignature(header.Alg, pub, signed, sig) {
			verified = true
			break
		}
	}
	if !verified {
		return nil, fmt.Errorf("id token: no key verifies the %q signature", header.Alg)
	}
	pb, err := b64(parts[1])
	if err != nil {
		return nil, fmt.Errorf("id token payload: %w", err)
	}
	var c idClaims
	if err := json.Unmarshal(pb, &c); err != nil {
		return nil, fmt.Errorf("id token payload: %w", err)
	}
	if strings.TrimRight(c.Issuer, "/") != strings.TrimRight(issuer, "/") {
		return nil, fmt.Errorf("id token: issuer %q", c.Issuer)
	}
	found := false
	for _, a := range c.Audience {
		found = found || a == clientID
	}
	if !found || (len(c.Audience) > 1 && c.AuthorizedBy != clientID) {
		return nil, fmt.Errorf("id token: audience %v", []string(c.Audience))
	}
	if c.Expiry == 0 || now.After(time.Unix(c.Expiry, 0).Add(clockSkew)) {
		return nil, errors.New("id token: expired")
	}
	if c.IssuedAt != 0 && time.Unix(c.IssuedAt, 0).After(now.Add(clockSkew)) {
		return nil, errors.New("id token: issued in the future")
	}
	if nonce == "" || c.Nonce != nonce {
		return nil, errors.New("id token: nonce mismatch")
	}
	if c.Subject == "" {
		return nil, errors.New("id token: no subject")
	}
	return &c, nil
}

// verifySignature accepts RS256/384/512, PS256 and ES256; never "none" or HMAC.
func verifySignature(alg string, pub crypto.PublicKey, signed, sig []byte) bool {
	switch alg {
	case "RS256", "RS384", "RS512", "PS256":
		k, ok := pub.(*rsa.PublicKey)
		if !ok || k.N.BitLen() < 2048 {
			return false
		}
		var h crypto.Hash
		var sum []byte
		switch alg {
		case "RS384":
			s := sha512.Sum384(signed)
			h, sum = crypto.SHA384, s[:]
		case "RS512":
			s := sha512.Sum512(signed)
			h, sum = crypto.SHA512, s[:]
		default:
			s := sha256.Sum256(signed)
			h, sum = crypto.SHA256, s[:]
		}
		if alg == "PS256" {
			return rsa.VerifyPSS(k, h, sum, sig, nil) == nil
		}
		return rsa.VerifyPKCS1v15(k, h, sum, sig) == nil
	case "ES256":
		k, ok := pub.(*ecdsa.PublicKey)
		if !ok || len(sig) != 64 {
			return false
		}
		s := sha256.Sum256(signed)
		r, ss := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
		return ecdsa.Verify(k, s[:], r, ss)
	}
	return false
}
