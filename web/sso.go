package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
	"github.com/rotonde-jeugd/rotonde/runes"
)

// Single sign-on per organisation with OpenID Connect: authorization code
// flow with PKCE (S256), state and nonce. The flow (nonce, verifier) is kept
// server-side under the hash of the state; the state itself also sits in a
// short-lived cookie, so that a callback only works in the browser that
// started it (no login CSRF) and only once (the flow is deleted when taken).

const ssoFlowTTL = 10 * time.Minute

func (s *Server) sso() (rotonde.SSOService, error) {
	return s.store.SSO, nil
}

func (s *Server) ssoCookieName() string {
	if s.cfg.SecureCookies {
		return "__Host-rotonde_sso"
	}
	return "rotonde_sso"
}

// ssoHTTPClient talks to identity providers (see ssonet.go).
func (s *Server) ssoHTTPClient() *http.Client {
	return newSSOClient(s.cfg.SSOAllowPrivateIssuers, ssoTimeout)
}

// baseURL is this site's origin as the browser sees it, for the redirect URI.
func (s *Server) baseURL(r *http.Request) string { return s.publicOrigin(r) }

func ssoCallbackURL(base string) string { return base + "/login/sso/callback" }

type ssoChooseView struct {
	Organisations []rotonde.Organisation
	Next          string
}

// handleSSOChoose lists the organisations with single sign-on; choosing one
// (a GET form, so it works without script) goes on to /login/sso/{org}.
func (s *Server) handleSSOChoose(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if org := r.URL.Query().Get("org"); org != "" {
		id, err := strconv.ParseInt(org, 10, 64)
		if err != nil || id <= 0 {
			s.renderError(w, r, rotonde.E(rotonde.EInvalid, "err.web.choose_your_organisation_from_list"))
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/login/sso/%d?next=%s", id, url.QueryEscape(next)), http.StatusSeeOther)
		return
	}
	st, err := s.sso()
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	orgs, err := st.SSOOrganisations(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "sso_choose", "sso.title", ssoChooseView{Organisations: orgs, Next: next})
}

func errSSOProvider(err error) error {
	return &rotonde.Error{Code: rotonde.EInternal,
		Key: "err.web.your_organisation_identity_provider_did_not",
		Err: err}
}

func oauthConfig(cfg *rotonde.SSOConfig, p *oidcProvider, redirectURI string) *oauth2.Config {
	style := oauth2.AuthStyleInParams
	if p.tokenAuthStyleBasic() {
		style = oauth2.AuthStyleInHeader
	}
	ep := p.Endpoint()
	return &oauth2.Config{
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		Endpoint:     oauth2.Endpoint{AuthURL: ep.AuthURL, TokenURL: ep.TokenURL, AuthStyle: style},
		RedirectURL:  redirectURI,
		Scopes:       []string{"openid", "email", "profile"},
	}
}

// handleSSOStart sends the browser to the organisation's provider.
func (s *Server) handleSSOStart(w http.ResponseWriter, r *http.Request) {
	orgID, ok := s.pathIDPage(w, r, "org")
	if !ok {
		return
	}
	st, err := s.sso()
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	cfg, err := st.SSOLoginConfig(r.Context(), orgID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	client := s.ssoHTTPClient()
	prov, err := discover(r.Context(), client, cfg.Issuer)
	if err != nil {
		s.renderError(w, r, errSSOProvider(err))
		return
	}
	state, stateHash := NewToken("")
	nonce, _ := NewToken("")
	verifier := oauth2.GenerateVerifier()
	redirectURI := ssoCallbackURL(s.baseURL(r))
	flow := &rotonde.SSOFlow{OrgID: orgID, Nonce: nonce, Verifier: verifier, RedirectURI: redirectURI,
		Next: safeNext(r.URL.Query().Get("next")), ExpiresAt: s.now().Add(ssoFlowTTL)}
	if err := st.CreateSSOFlow(r.Context(), flow, stateHash); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: s.ssoCookieName(), Value: state, Path: "/", MaxAge: int(ssoFlowTTL.Seconds()),
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	target := oauthConfig(cfg, prov, redirectURI).AuthCodeURL(state,
		oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("nonce", nonce))
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (s *Server) clearSSOCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.ssoCookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

var errSSOState = rotonde.E(rotonde.EForbidden, "err.web.this_login_attempt_has_expired_was")

// providerError turns an error answer of the provider into a message. The
// error code is shown only when it is a plain token (it comes from the URL).
func providerError(code string) error {
	if code == "access_denied" {
		return rotonde.E(rotonde.EForbidden, "err.web.your_organisation_refused_login_or_you")
	}
	clean := len(code) <= 40
	for _, c := range code {
		clean = clean && (c == '_' || c >= 'a' && c <= 'z')
	}
	if !clean {
		code = "?"
	}
	return rotonde.E(rotonde.EUnauthorized, "err.web.your_organisation_identity_provider_reported_err", code)
}

// handleSSOCallback finishes the flow: state, code exchange with the PKCE
// verifier, ID token checks, then the mapping onto an existing account.
func (s *Server) handleSSOCallback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	state := q.Get("state")
	cookie, _ := r.Cookie(s.ssoCookieName())
	s.clearSSOCookie(w)
	if state == "" || cookie == nil || subtle.ConstantTimeCompare([]byte(cookie.Value), []byte(state)) != 1 {
		s.log.InfoContext(ctx, "sso refused", "reason", "state mismatch", "address", clientAddress(r))
		s.renderError(w, r, errSSOState)
		return
	}
	st, err := s.sso()
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	flow, err := st.TakeSSOFlow(ctx, HashToken(state), s.now())
	if err != nil {
		if rotonde.ErrorCodeOf(err) == rotonde.EForbidden {
			s.log.InfoContext(ctx, "sso refused", "reason", "unknown, used or expired state", "address", clientAddress(r))
			err = errSSOState
		}
		s.renderError(w, r, err)
		return
	}
	if code := q.Get("error"); code != "" {
		s.log.InfoContext(ctx, "sso refused", "reason", "provider error", "org", flow.OrgID)
		s.renderError(w, r, providerError(code))
		return
	}
	u, mfa, err := s.ssoUser(ctx, st, flow, q.Get("code"))
	if err != nil {
		if rotonde.ErrorCodeOf(err) != rotonde.EInternal {
			s.log.InfoContext(ctx, "sso refused", "org", flow.OrgID, "reason", err.Error())
		}
		s.renderError(w, r, err)
		return
	}
	// The provider vouches for the person's e-mail address, not for their
	// second factor: an account that has one is asked for it, unless the
	// system administrator marked this provider as enforcing its own.
	if !mfa {
		f, err := s.store.Identity.SecondFactors(ctx, u.ID)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if f.Any() {
			if err := s.beginSecondStep(w, r, u, safeNext(flow.Next)); err != nil {
				s.renderError(w, r, err)
			}
			return
		}
	}
	if err := s.startSession(w, r, u); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, safeNext(flow.Next), http.StatusSeeOther)
}

// retrieveError says which status the token endpoint answered, and nothing of its body.
func retrieveError(re *oauth2.RetrieveError) error {
	if re.Response == nil {
		return errors.New("token: refused")
	}
	return fmt.Errorf("token: status %d", re.Response.StatusCode)
}

// ssoUser exchanges the code and maps the verified e-mail address onto an
// enabled account of the flow's organisation. Nobody is created here.
func (s *Server) ssoUser(ctx context.Context, st rotonde.SSOService, flow *rotonde.SSOFlow, code string) (*rotonde.User, bool, error) {
	if code == "" {
		return nil, false, providerError("?")
	}
	cfg, err := st.SSOLoginConfig(ctx, flow.OrgID)
	if err != nil {
		return nil, false, err
	}
	client := s.ssoHTTPClient()
	prov, err := discover(ctx, client, cfg.Issuer)
	if err != nil {
		return nil, false, errSSOProvider(err)
	}
	tok, err := oauthConfig(cfg, prov, flow.RedirectURI).Exchange(context.WithValue(ctx, oauth2.HTTPClient, client),
		code, oauth2.VerifierOption(flow.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return nil, false, &rotonde.Error{Code: rotonde.EUnauthorized,
				Key: "err.web.your_organisation_identity_provider_did_not_2",
				Err: retrieveError(re)}
		}
		return nil, false, errSSOProvider(ssoError("token", err))
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, false, errSSOProvider(errors.New("no id_token in token response"))
	}
	claims, err := s.verifyIDToken(ctx, client, prov, cfg.ClientID, raw, flow.Nonce)
	if err != nil {
		return nil, false, &rotonde.Error{Code: rotonde.EUnauthorized,
			Key: "err.web.proof_from_your_identity_provider_could",
			Err: err}
	}
	email := rotonde.NormalizeEmail(claims.Email)
	if email == "" || !bool(claims.EmailVerified) {
		return nil, false, rotonde.E(rotonde.EForbidden, "err.web.your_identity_provider_did_not_pass")
	}
	org, err := s.store.Orgs.Organisation(ctx, flow.OrgID)
	if err != nil {
		return nil, false, err
	}
	noAccount := rotonde.E(rotonde.EForbidden, "err.web.there_is_no_active_rotonde_account",
		org.Name, email)
	if !cfg.AllowsEmail(email) {
		return nil, false, noAccount
	}
	u, _, err := s.store.Users.UserByEmail(ctx, email)
	if rotonde.ErrorCodeOf(err) == rotonde.ENotFound {
		return nil, false, noAccount
	}
	if err != nil {
		return nil, false, err
	}
	// Only people of this very organisation: another organisation's provider
	// cannot vouch for them, and family accounts have no organisation at all.
	if u.OrgID != flow.OrgID || u.Disabled {
		return nil, false, noAccount
	}
	return u, cfg.EnforcesMFA, nil
}

// SSO configuration page for administrators.

type ssoConfigView struct {
	Org         *rotonde.Organisation
	Config      rotonde.SSOConfig
	Domains     string
	CallbackURL string
	// CanMarkMFA: only the system administrator vouches that a provider
	// enforces its own second factor.
	CanMarkMFA bool
	// Fresh: the password was typed within the re-authentication window;
	// otherwise the form asks for it.
	Fresh bool
}

func (s *Server) ssoConfigData(r *http.Request, orgID int64) (ssoConfigView, error) {
	actor := userFrom(r.Context())
	scope := policy.ManageUsersScope(actor)
	if !scope.All && (!scope.Allowed() || scope.OrgID != orgID) {
		return ssoConfigView{}, rotonde.E(rotonde.EForbidden, "err.sqldb.you_are_not_allowed_to_do")
	}
	st, err := s.sso()
	if err != nil {
		return ssoConfigView{}, err
	}
	org, err := s.store.Orgs.Organisation(r.Context(), orgID)
	if err != nil {
		return ssoConfigView{}, err
	}
	v := ssoConfigView{Org: org, Config: rotonde.SSOConfig{OrgID: orgID}, CallbackURL: ssoCallbackURL(s.baseURL(r)),
		CanMarkMFA: scope.All, Fresh: s.recentlyAuthenticated(r)}
	cfg, err := st.SSOConfig(r.Context(), actor, orgID)
	switch {
	case err == nil:
		v.Config = *cfg
		v.Domains = strings.Join(cfg.AllowedDomains, ", ")
	case rotonde.ErrorCodeOf(err) != rotonde.ENotFound:
		return ssoConfigView{}, err
	}
	return v, nil
}

// ssoConfigPage is the SSO settings of the organisation in the path.
func (s *Server) ssoConfigPage(r *http.Request) (ssoConfigView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return ssoConfigView{}, err
	}
	return s.ssoConfigData(r, id)
}

func (s *Server) handleSSOConfig(w http.ResponseWriter, r *http.Request) {
	showPage(s, w, r, "sso_config", "ssoconfig.title", s.ssoConfigPage)
}

func (s *Server) handleSaveSSOConfig(w http.ResponseWriter, r *http.Request) {
	data, ok := loadForm(s, w, r, s.ssoConfigPage)
	if !ok {
		return
	}
	id := data.Org.ID
	st, _ := s.sso()
	f := r.PostForm
	actor := userFrom(r.Context())
	cfg := &rotonde.SSOConfig{OrgID: id, Issuer: f.Get("issuer"), ClientID: f.Get("client_id"), ClientSecret: f.Get("client_secret"),
		AllowedDomains: rotonde.ParseDomains(f.Get("domains")), Enabled: f.Get("enabled") == "on", EnforcesMFA: f.Get("enforces_mfa") == "on"}
	if !data.CanMarkMFA {
		cfg.EnforcesMFA = data.Config.EnforcesMFA // the store keeps or clears the stored mark
	}
	// Whoever changes how an organisation's people log in types their
	// password again (within the re-authentication window), so that a
	// session left open or taken over cannot redirect every login.
	err := s.ssoReauth(r, &data)
	if err == nil {
		err = checkIssuerURL(cfg.Issuer, s.cfg.SSOAllowPrivateIssuers)
	}
	if err == nil {
		err = st.SaveSSOConfig(r.Context(), actor, cfg, rotonde.SSOChangeOrigin{Address: clientAddress(r), UserAgent: runes.Cut(r.UserAgent(), 200)})
	}
	if err != nil {
		if rotonde.ErrorCodeOf(err) == rotonde.ENotFound {
			s.renderError(w, r, err)
			return
		}
		// Show what was typed, but never the secret or the password.
		hasSecret := data.Config.HasSecret
		data.Config = *cfg
		data.Config.ClientSecret, data.Config.HasSecret = "", hasSecret
		data.Domains = f.Get("domains")
		s.renderFormError(w, r, "sso_config", "ssoconfig.title", data, err)
		return
	}
	s.log.InfoContext(r.Context(), "sso changed", "org", id, "user", actor.ID)
	s.done(w, r, "ssoconfig.saved", fmt.Sprintf("/beheer/organisaties/%d/sso", id))
}

// ssoReauth accepts a session that proved its password within the
// re-authentication window, or the password typed in the form (checked under
// the login throttle; it then counts as a re-authentication of the session).
func (s *Server) ssoReauth(r *http.Request, data *ssoConfigView) error {
	if data.Fresh {
		return nil
	}
	pw := r.PostForm.Get("password")
	sess := currentSession(r)
	if pw == "" || sess == nil {
		return errReauth
	}
	if err := s.checkPassword(r, userFrom(r.Context()), pw); err != nil {
		return err
	}
	if err := s.store.Identity.MarkReauthenticated(r.Context(), sess.ID, s.now()); err != nil {
		return err
	}
	data.Fresh = true
	return nil
}
