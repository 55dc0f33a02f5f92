package web_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// testOP is a real, minimal OpenID Connect provider: discovery, JWKS with an
// RSA key, an authorization endpoint that approves the configured user at
// once, and a token endpoint that checks the client secret and the PKCE verifier.
type testOP struct {
	t        *testing.T
	srv      *httptest.Server
	key      *rsa.PrivateKey
	clientID string
	secret   string

	mu            sync.Mutex
	email         string
	emailVerified any
	deny          bool   // answer error=access_denied
	wrongNonce    bool   // put another nonce in the ID token
	wrongKey      bool   // sign with a key not in the JWKS
	audience      string // override aud
	codes         map[string]opCode
	tokenRequests int
	discoveries   int
}

type opCode struct {
	challenge, nonce, redirect string
}

func newTestOP(t *testing.T) *testOP {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	op := &testOP{t: t, key: key, clientID: "rotonde-test", secret: "geheim-van-de-client", emailVerified: true, codes: map[string]opCode{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", op.discovery)
	mux.HandleFunc("GET /jwks", op.jwks)
	mux.HandleFunc("GET /authorize", op.authorize)
	mux.HandleFunc("POST /token", op.token)
	op.srv = httptest.NewServer(mux)
	t.Cleanup(op.srv.Close)
	return op
}

func (op *testOP) set(f func(op *testOP)) {
	op.mu.Lock()
	defer op.mu.Unlock()
	f(op)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (op *testOP) discovery(w http.ResponseWriter, r *http.Request) {
	op.mu.Lock()
	op.discoveries++
	op.mu.Unlock()
	u := op.srv.URL
	writeJSON(w, 200, map[string]any{
		"issuer": u, "authorization_endpoint": u + "/authorize", "token_endpoint": u + "/token", "jwks_uri": u + "/jwks",
		"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"}, "code_challenge_methods_supported": []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic"},
	})
}

func (op *testOP) jwks(w http.ResponseWriter, r *http.Request) {
	pub := op.key.PublicKey
	writeJSON(w, 200, map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
		"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}}})
}

func (op *testOP) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || q.Get("client_id") != op.clientID || q.Get("response_type") != "code" ||
		q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" ||
		!strings.Contains(" "+q.Get("scope")+" ", " openid ") {
		http.Error(w, "bad authorization request", http.StatusBadRequest)
		return
	}
	op.mu.Lock()
	defer op.mu.Unlock()
	rq := redirect.Query()
	rq.Set("state", q.Get("state"))
	if op.deny {
		rq.Set("error", "access_denied")
	} else {
		code := rand.Text()
		op.codes[code] = opCode{challenge: q.Get("code_challenge"), nonce: q.Get("nonce"), redirect: q.Get("redirect_uri")}
		rq.Set("code", code)
	}
	redirect.RawQuery = rq.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func (op *testOP) token(w http.ResponseWriter, r *http.Request) {
	op.mu.Lock()
	defer op.mu.Unlock()
	op.tokenRequests++
	id, secret, ok := r.BasicAuth()
	if !ok || id != op.clientID || secret != op.secret {
		writeJSON(w, 401, map[string]string{"error": "invalid_client"})
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "authorization_code" {
		writeJSON(w, 400, map[string]string{"error": "invalid_request"})
		return
	}
	code, found := op.codes[r.PostForm.Get("code")]
	delete(op.codes, r.PostForm.Get("code")) // a code works once
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if !found || code.redirect != r.PostForm.Get("redirect_uri") ||
		base64.RawURLEncoding.EncodeToString(sum[:]) != code.challenge {
		writeJSON(w, 400, map[string]string{"error": "invalid_grant"})
		return
	}
	nonce := code.nonce
	if op.wrongNonce {
		nonce = "een-andere-nonce"
	}
	aud := op.clientID
	if op.audience != "" {
		aud = op.audience
	}
	now := time.Now()
	claims := map[string]any{"iss": op.srv.URL, "sub": "sub-" + op.email, "aud": aud, "exp": now.Add(5 * time.Minute).Unix(),
		"iat": now.Unix(), "nonce": nonce, "email": op.email, "email_verified": op.emailVerified}
	key := op.key
	if op.wrongKey {
		key, _ = rsa.GenerateKey(rand.Reader, 2048)
	}
	writeJSON(w, 200, map[string]any{"access_token": "at-" + rand.Text(), "token_type": "Bearer", "expires_in": 300,
		"id_token": signJWT(op.t, key, claims)})
}

func signJWT(t *testing.T, key *rsa.PrivateKey, claims map[string]any) string {
	h, _ := json.Marshal(map[string]string{"alg": "RS256", "kid": "k1", "typ": "JWT"})
	c, _ := json.Marshal(claims)
	signed := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	sum := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return signed + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// ssoSetup turns on single sign-on for the demo wijkteam with a fresh
// provider; the server allows private issuers, as the provider runs on 127.0.0.1.
func ssoSetup(t *testing.T) (*env, *testOP, int64) {
	e := newSSOEnv(t, true)
	op := newTestOP(t)
	ctx := context.Background()
	u, _, err := e.db.Users.UserByEmail(ctx, "hulpverlener@demo.test")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.SSO.SaveSSOConfig(ctx, nil, &rotonde.SSOConfig{OrgID: u.OrgID, Issuer: op.srv.URL, ClientID: op.clientID,
		ClientSecret: op.secret, Enabled: true, EnforcesMFA: true}); err != nil {
		t.Fatal(err)
	}
	op.email = "hulpverlener@demo.test"
	return e, op, u.OrgID
}

// ssoAuthorize starts the flow in c and lets the provider answer; it returns
// the callback URL the provider sent the browser to. tamper may change the
// authorization request first.
func (e *env) ssoAuthorize(c *http.Client, orgID int64, tamper func(url.Values)) string {
	e.t.Helper()
	res, _ := e.get(c, "/login/sso/"+itoa(orgID)+"?next=/")
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("start: %d", res.StatusCode)
	}
	authURL, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		e.t.Fatal(err)
	}
	q := authURL.Query()
	if tamper != nil {
		tamper(q)
		authURL.RawQuery = q.Encode()
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	pres, err := noFollow.Get(authURL.String())
	if err != nil {
		e.t.Fatal(err)
	}
	pres.Body.Close()
	if pres.StatusCode != http.StatusFound {
		e.t.Fatalf("provider authorize: %d", pres.StatusCode)
	}
	cb := pres.Header.Get("Location")
	if !strings.HasPrefix(cb, e.srv.URL+"/login/sso/callback?") {
		e.t.Fatalf("provider sent the browser to %q", cb)
	}
	return strings.TrimPrefix(cb, e.srv.URL)
}

func hasSessionCookie(res *http.Response) bool {
	for _, c := range res.Cookies() {
		if strings.Contains(c.Name, "rotonde_session") && c.Value != "" && c.MaxAge >= 0 {
			return true
		}
	}
	return false
}

func TestSSOLoginHappyPathAndReplay(t *testing.T) {
	e, _, orgID := ssoSetup(t)
	// The login page offers the choice; the choice page lists the organisation.
	anon := e.client()
	if _, page := e.get(anon, "/login"); !strings.Contains(page, `href="/login/sso?next=`) {
		t.Error("login page lacks the single sign-on link")
	}
	if res, page := e.get(anon, "/login/sso"); res.StatusCode != 200 || !strings.Contains(page, "Wijkteam Lindeveld-Noord") || strings.Contains(page, "De Linde Jeugdhulp") {
		t.Errorf("choice page: %d", res.StatusCode)
	}
	if res, _ := e.get(anon, "/login/sso?org="+itoa(orgID)+"&next=/"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login/sso/"+itoa(orgID)+"?next=%2F" {
		t.Errorf("choice redirect: %d %s", res.StatusCode, res.Header.Get("Location"))
	}

	c := e.client()
	cb := e.ssoAuthorize(c, orgID, nil)
	res, _ := e.get(c, cb)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" || !hasSessionCookie(res) {
		t.Fatalf("callback: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res, page := e.get(c, "/")
	if res.StatusCode != 200 || !strings.Contains(page, "Noor (15)") || !strings.Contains(page, "Sanne Bakker") {
		t.Errorf("after SSO login the start page is %d without the user's case", res.StatusCode)
	}
	// The same callback again (replay, same browser): refused, and the session stays the one it was.
	res, page = e.get(c, cb)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(page, "Deze inlogpoging is verlopen, al gebruikt") || hasSessionCookie(res) {
		t.Errorf("replayed callback: %d", res.StatusCode)
	}
	// The same callback in another browser: refused, no session.
	other := e.client()
	res, _ = e.get(other, cb)
	if res.StatusCode != http.StatusForbidden || hasSessionCookie(res) {
		t.Errorf("callback in another browser: %d", res.StatusCode)
	}
	if r, _ := e.get(other, "/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("other browser is logged in: %d", r.StatusCode)
	}
	if strings.Contains(e.log.String(), "hulpverlener@demo.test") {
		t.Error("e-mail address in the log")
	}
}

func TestSSOBadStateRefused(t *testing.T) {
	e, _, orgID := ssoSetup(t)
	c := e.client()
	cb := e.ssoAuthorize(c, orgID, nil)
	u, _ := url.Parse(cb)
	q := u.Query()
	q.Set("state", q.Get("state")+"x")
	u.RawQuery = q.Encode()
	res, page := e.get(c, u.String())
	if res.StatusCode != http.StatusForbidden || !strings.Contains(page, "Begin opnieuw") || hasSessionCookie(res) {
		t.Errorf("bad state: %d", res.StatusCode)
	}
	// No state at all.
	res, _ = e.get(e.client(), "/login/sso/callback?code=abc")
	if res.StatusCode != http.StatusForbidden || hasSessionCookie(res) {
		t.Errorf("no state: %d", res.StatusCode)
	}
}

func TestSSORefusals(t *testing.T) {
	e, op, orgID := ssoSetup(t)
	ctx := context.Background()
	hv := e.user("hulpverlener@demo.test")
	before, _ := e.db.Users.Users(ctx, nil)
	cases := []struct {
		name   string
		setup  func(op *testOP)
		tamper func(url.Values)
		status int
		want   string
	}{
		{"other organisation's user", func(op *testOP) { op.email = "bestuurder@demo.test" }, nil, 403,
			"Er is in Rotonde geen actief account van Wijkteam Lindeveld-Noord met het e-mailadres bestuurder@demo.test"},
		{"unknown user", func(op *testOP) { op.email = "nieuw@wijkteam.test" }, nil, 403, "Er is niets aangemaakt"},
		{"family account (no organisation)", func(op *testOP) { op.email = "ouder@demo.test" }, nil, 403, "geen actief account"},
		{"unverified e-mail", func(op *testOP) { op.emailVerified = false }, nil, 403, "geen bevestigd e-mailadres"},
		{"e-mail verified as a string false", func(op *testOP) { op.emailVerified = "false" }, nil, 403, "geen bevestigd e-mailadres"},
		{"provider refuses", func(op *testOP) { op.deny = true }, nil, 403, "Je organisatie heeft het inloggen geweigerd"},
		{"PKCE verifier mismatch", nil, func(q url.Values) {
			sum := sha256.Sum256([]byte("een verifier van een aanvaller"))
			q.Set("code_challenge", base64.RawURLEncoding.EncodeToString(sum[:]))
		}, 401, "accepteerde deze inlogpoging niet"},
		{"nonce mismatch", func(op *testOP) { op.wrongNonce = true }, nil, 401, "kon niet worden gecontroleerd"},
		{"signature by an unknown key", func(op *testOP) { op.wrongKey = true }, nil, 401, "kon niet worden gecontroleerd"},
		{"token for another client", func(op *testOP) { op.audience = "andere-client" }, nil, 401, "kon niet worden gecontroleerd"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			op.set(func(op *testOP) {
				op.email, op.emailVerified, op.deny, op.wrongNonce, op.wrongKey, op.audience = "hulpverlener@demo.test", true, false, false, false, ""
				if tc.setup != nil {
					tc.setup(op)
				}
			})
			c := e.client()
			res, page := e.get(c, e.ssoAuthorize(c, orgID, tc.tamper))
			if res.StatusCode != tc.status || !strings.Contains(page, tc.want) || hasSessionCookie(res) {
				t.Errorf("status %d (want %d), message found: %v", res.StatusCode, tc.status, strings.Contains(page, tc.want))
			}
			if r, _ := e.get(c, "/"); r.StatusCode != http.StatusSeeOther {
				t.Errorf("logged in after refusal: %d", r.StatusCode)
			}
		})
	}
	if after, _ := e.db.Users.Users(ctx, nil); len(after) != len(before) {
		t.Errorf("refused logins created accounts: %d → %d", len(before), len(after))
	}

	// A disabled account is refused even with a valid provider answer.
	op.set(func(op *testOP) {
		op.email, op.emailVerified, op.deny, op.wrongNonce, op.wrongKey, op.audience = "hulpverlener@demo.test", true, false, false, false, ""
	})
	if err := e.db.Users.SetDisabled(ctx, nil, hv.ID, true); err != nil {
		t.Fatal(err)
	}
	c := e.client()
	if res, page := e.get(c, e.ssoAuthorize(c, orgID, nil)); res.StatusCode != 403 || !strings.Contains(page, "geen actief account") || hasSessionCookie(res) {
		t.Errorf("disabled user: %d", res.StatusCode)
	}
	// Allowed domains limit who may log in.
	if err := e.db.Users.SetDisabled(ctx, nil, hv.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := e.db.SSO.SaveSSOConfig(ctx, nil, &rotonde.SSOConfig{OrgID: orgID, Issuer: op.srv.URL, ClientID: op.clientID,
		AllowedDomains: []string{"wijkteam.example"}, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	c = e.client()
	if res, _ := e.get(c, e.ssoAuthorize(c, orgID, nil)); res.StatusCode != 403 {
		t.Errorf("address outside the allowed domains: %d", res.StatusCode)
	}
	// Switched off: the flow does not start.
	if err := e.db.SSO.SaveSSOConfig(ctx, nil, &rotonde.SSOConfig{OrgID: orgID, Issuer: op.srv.URL, ClientID: op.clientID, Enabled: false}); err != nil {
		t.Fatal(err)
	}
	if res, _ := e.get(e.client(), "/login/sso/"+itoa(orgID)); res.StatusCode != 404 {
		t.Errorf("disabled SSO starts: %d", res.StatusCode)
	}
}

func TestSSOConfigPage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := e.user("bestuurder@demo.test")
	hv := e.user("hulpverlener@demo.test")
	path := "/beheer/organisaties/" + itoa(admin.OrgID) + "/sso"
	form := url.Values{"issuer": {"https://login.delinde.example/realm/"}, "client_id": {"rotonde"}, "client_secret": {"s3cr3t-waarde"},
		"domains": {"delinde.example, @Jeugd.Delinde.Example"}, "enabled": {"on"}, "enforces_mfa": {"on"}}

	// Who may: the organisation's administrator and the system administrator; not others.
	for _, who := range []string{"hulpverlener@demo.test", "beleid@demo.test", "ouder@demo.test"} {
		c := e.login(who)
		if res, _ := e.get(c, path); res.StatusCode != 403 {
			t.Errorf("%s GET: %d", who, res.StatusCode)
		}
		if res := e.post(c, path, form); res.StatusCode != 403 {
			t.Errorf("%s POST: %d", who, res.StatusCode)
		}
	}
	a := e.login("bestuurder@demo.test")
	if res, _ := e.get(a, "/beheer/organisaties/"+itoa(hv.OrgID)+"/sso"); res.StatusCode != 403 {
		t.Errorf("administrator of another organisation: %d", res.StatusCode)
	}
	// Bad input: a clear message, nothing stored, the secret not echoed.
	bad := url.Values{"issuer": {"http://login.delinde.example"}, "client_id": {"rotonde"}, "client_secret": {"s3cr3t-waarde"}}
	res := e.post(a, path, bad)
	if page := body(t, res); res.StatusCode != 422 || !strings.Contains(page, "https://") || strings.Contains(page, "s3cr3t-waarde") {
		t.Errorf("http issuer: %d", res.StatusCode)
	}
	if _, err := e.db.SSO.SSOConfig(ctx, admin, admin.OrgID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("bad input stored something: %v", err)
	}
	if res := e.post(a, path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	res, page := e.get(a, path)
	if res.StatusCode != 200 || !strings.Contains(page, "login.delinde.example/realm") || strings.Contains(page, "s3cr3t-waarde") ||
		!strings.Contains(page, "jeugd.delinde.example") || !strings.Contains(page, "/login/sso/callback") {
		t.Errorf("config page after save: %d", res.StatusCode)
	}
	// Saving again with an empty secret keeps the stored one.
	form.Set("client_secret", "")
	form.Del("enforces_mfa")
	if res := e.post(e.login("beheer@demo.test"), path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sysadmin save: %d", res.StatusCode)
	}
	cfg, err := e.db.SSO.SSOLoginConfig(ctx, admin.OrgID)
	if err != nil || cfg.ClientSecret != "s3cr3t-waarde" || cfg.EnforcesMFA || cfg.Issuer != "https://login.delinde.example/realm" ||
		len(cfg.AllowedDomains) != 2 {
		t.Errorf("stored config %+v %v", cfg, err)
	}
}
