package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// Passkeys (WebAuthn) with github.com/go-webauthn/webauthn. Every ceremony
// has two requests: the options (a fresh challenge), then the browser's
// signed answer. The library's session data stays in the database
// (webauthn_ceremonies) under the hash of a token in a short-lived cookie,
// is taken once, and says what the ceremony is for (kind, user) — nothing
// the browser sends decides that. The browser side is web/static/passkey.js.

const ceremonyTTL = 5 * time.Minute

// maxCredentialBytes bounds a WebAuthn answer (attestation objects are small).
const maxCredentialBytes = 64 << 10

// passkeyUser is an account as the WebAuthn library sees it.
type passkeyUser struct {
	id    int64
	email string
	name  string
	// handle is the random user handle; creds the stored credential records.
	handle []byte
	creds  []webauthn.Credential
}

func (u *passkeyUser) WebAuthnID() []byte                         { return u.handle }
func (u *passkeyUser) WebAuthnName() string                       { return u.email }
func (u *passkeyUser) WebAuthnDisplayName() string                { return u.name }
func (u *passkeyUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

// passkeyParty is the account u as the WebAuthn library sees it, with the
// relying party of this request's origin.
func (s *Server) passkeyParty(r *http.Request, u *rotonde.User) (*passkeyUser, *webauthn.WebAuthn, error) {
	pu, err := s.loadPasskeyUser(r.Context(), u)
	if err != nil {
		return nil, nil, err
	}
	wa, err := s.relyingParty(r)
	return pu, wa, err
}

func (s *Server) loadPasskeyUser(ctx context.Context, u *rotonde.User) (*passkeyUser, error) {
	handle, err := s.store.Passkeys.WebAuthnHandle(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	pks, err := s.store.Passkeys.Passkeys(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	pu := &passkeyUser{id: u.ID, email: u.Email, name: u.Name, handle: handle}
	for _, p := range pks {
		var c webauthn.Credential
		if err := json.Unmarshal([]byte(p.Data), &c); err != nil {
			return nil, err
		}
		pu.creds = append(pu.creds, c)
	}
	return pu, nil
}

// publicOrigin is the origin browsers see: the configured public URL, else
// this request's scheme and host.
func (s *Server) publicOrigin(r *http.Request) string {
	if s.cfg.PublicURL != "" {
		return strings.TrimRight(s.cfg.PublicURL, "/")
	}
	scheme := "http"
	if s.cfg.SecureCookies || r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// relyingParty builds the WebAuthn relying party for the origin of r: its
// ID is the host name (passkeys are bound to it), its only origin that origin.
func (s *Server) relyingParty(r *http.Request) (*webauthn.WebAuthn, error) {
	origin := s.publicOrigin(r)
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return nil, errors.New("passkeys: bad origin " + origin)
	}
	host := u.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if protocol.ValidateRPID(host) != nil || net.ParseIP(strings.Trim(host, "[]")) != nil {
		return nil, rotonde.E(rotonde.EConflict, "err.web.passkeys_only_work_at_address_with")
	}
	timeout := webauthn.TimeoutConfig{Enforce: true, Timeout: ceremonyTTL, TimeoutUVD: ceremonyTTL}
	return webauthn.New(&webauthn.Config{
		RPID: host, RPDisplayName: "Rotonde", RPOrigins: []string{origin},
		Timeouts: webauthn.TimeoutsConfig{Login: timeout, Registration: timeout},
	})
}

func (s *Server) ceremonyCookieName() string {
	if s.cfg.SecureCookies {
		return "__Host-rotonde_webauthn"
	}
	return "rotonde_webauthn"
}

// ceremonyState is what is kept server-side between options and answer.
type ceremonyState struct {
	Name    string               `json:"name,omitempty"` // register: the passkey's name
	Next    string               `json:"next,omitempty"` // login: where to go afterwards
	Session webauthn.SessionData `json:"session"`
}

func (s *Server) beginCeremony(w http.ResponseWriter, r *http.Request, kind string, userID int64, st ceremonyState) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	token, hash := NewToken("")
	now := s.now()
	c := &rotonde.WebAuthnCeremony{Kind: kind, UserID: userID, Session: string(b), ExpiresAt: now.Add(ceremonyTTL)}
	if err := s.store.Passkeys.CreateWebAuthnCeremony(r.Context(), c, hash, now); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: s.ceremonyCookieName(), Value: token, Path: "/", MaxAge: int(ceremonyTTL.Seconds()),
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteStrictMode})
	return nil
}

// answerCeremony keeps the session of a ceremony whose options were made
// (err: why they were not) for this browser, and sends it the options.
func (s *Server) answerCeremony(w http.ResponseWriter, r *http.Request, kind string, userID int64, st ceremonyState, opts any, session *webauthn.SessionData, err error) {
	if err == nil {
		st.Session = *session
		err = s.beginCeremony(w, r, kind, userID, st)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, opts)
}

var errCeremony = rotonde.E(rotonde.EUnauthorized, "err.sqldb.this_passkey_attempt_has_expired_or")

// takeCeremony ends the ceremony of this browser (whatever happens next, its
// challenge is spent) and returns its state when it is of kind and user.
func (s *Server) takeCeremony(w http.ResponseWriter, r *http.Request, kind string, userID int64) (*ceremonyState, error) {
	http.SetCookie(w, &http.Cookie{Name: s.ceremonyCookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteStrictMode})
	c, err := r.Cookie(s.ceremonyCookieName())
	if err != nil || c.Value == "" {
		return nil, errCeremony
	}
	cer, err := s.store.Passkeys.TakeWebAuthnCeremony(r.Context(), HashToken(c.Value), kind, s.now())
	if err != nil {
		return nil, err
	}
	if cer.UserID != userID {
		return nil, errCeremony
	}
	var st ceremonyState
	if err := json.Unmarshal([]byte(cer.Session), &st); err != nil {
		return nil, err
	}
	return &st, nil
}

// userCeremony is a ceremony taken for a user, with the user and the
// relying party as the WebAuthn library sees them.
type userCeremony struct {
	state *ceremonyState
	user  *passkeyUser
	party *webauthn.WebAuthn
}

// takeCeremonyOf takes this browser's ceremony of kind for u once the
// request's earlier steps passed (err is nil). When they or the taking
// failed it has answered the error and ok is false.
func (s *Server) takeCeremonyOf(w http.ResponseWriter, r *http.Request, err error, kind string, u *rotonde.User) (c userCeremony, ok bool) {
	if err == nil {
		c.state, err = s.takeCeremony(w, r, kind, u.ID)
	}
	if err == nil {
		c.user, c.party, err = s.passkeyParty(r, u)
	}
	if err != nil {
		s.apiError(w, r, err)
		return c, false
	}
	return c, true
}

// readCredential reads the browser's answer (JSON) with a size limit.
func readCredential(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCredentialBytes))
	if err != nil {
		return nil, rotonde.E(rotonde.ETooLarge, "err.web.passkey_answer_is_too_large")
	}
	return b, nil
}

var errPasskeyFailed = rotonde.E(rotonde.EUnauthorized, "err.web.passkey_could_not_be_verified_try")

var errPasskeyUnreadable = rotonde.E(rotonde.EInvalid, "err.web.passkey_answer_could_not_be_read")

var errPasskeyNeedsScript = rotonde.E(rotonde.EInvalid, "err.web.passkeys_need_javascript_in_your_browser")

// passkeyAcceptsJSON tells a request from passkey.js from a plain form post.
func passkeyAcceptsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

type passkeyDone struct {
	Redirect string `json:"redirect"`
}

// --- registration on /account/tweede-factor ---

func (s *Server) handlePasskeyRegisterOptions(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.apiError(w, r, err)
		return
	}
	if !passkeyAcceptsJSON(r) {
		s.factorFail(w, r, errPasskeyNeedsScript)
		return
	}
	u := userFrom(r.Context())
	name := strings.TrimSpace(r.PostForm.Get("name"))
	err := s.reauthenticated(r)
	if err == nil {
		check := rotonde.Passkey{Name: name, CredentialID: "-", Data: "-"}
		err = check.Validate()
	}
	var pu *passkeyUser
	var wa *webauthn.WebAuthn
	if err == nil {
		pu, wa, err = s.passkeyParty(r, u)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var exclude []protocol.CredentialDescriptor
	for _, c := range pu.creds {
		exclude = append(exclude, c.Descriptor())
	}
	opts, session, err := wa.BeginRegistration(pu,
		webauthn.WithExclusions(exclude),
		webauthn.WithAuthenticatorSelection(protocol.AuthenticatorSelection{
			ResidentKey: protocol.ResidentKeyRequirementPreferred, UserVerification: protocol.VerificationPreferred}))
	s.answerCeremony(w, r, rotonde.CeremonyRegister, u.ID, ceremonyState{Name: name}, opts, session, err)
}

func (s *Server) handlePasskeyRegister(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := userFrom(ctx)
	var body []byte
	err := s.reauthenticated(r)
	if err == nil {
		body, err = readCredential(w, r)
	}
	var parsed *protocol.ParsedCredentialCreationData
	if err == nil {
		if parsed, err = protocol.ParseCredentialCreationResponseBytes(body); err != nil {
			err = errPasskeyUnreadable
		}
	}
	c, ok := s.takeCeremonyOf(w, r, err, rotonde.CeremonyRegister, u)
	if !ok {
		return
	}
	cred, err := c.party.CreateCredential(c.user, c.state.Session, parsed)
	if err != nil {
		s.log.InfoContext(ctx, "passkey registration refused", "user", u.ID, "err", err)
		s.apiError(w, r, rotonde.E(rotonde.EInvalid, "err.web.passkey_could_not_be_registered_please"))
		return
	}
	data, err := json.Marshal(cred)
	if err == nil {
		err = s.store.Passkeys.AddPasskey(ctx, &rotonde.Passkey{UserID: u.ID, CredentialID: base64.RawURLEncoding.EncodeToString(cred.ID),
			Name: c.state.Name, Data: string(data), CreatedAt: s.now()})
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.log.InfoContext(ctx, "passkey registered", "user", u.ID)
	s.logSecurity(r, rotonde.AuditCreate, rotonde.SecuritySecondFactor, u, "passkey toegevoegd")
	s.setFlash(w, r, flash{Key: "passkey.done.passkey"})
	writeJSON(w, http.StatusCreated, passkeyDone{Redirect: "/account/tweede-factor#passkeys"})
}

func (s *Server) handlePasskeyRemove(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDPage(w, r, "id")
	if !ok {
		return
	}
	s.removeFactor(w, r, factorRemoval{confirmKey: "passkey.remove", logMsg: "passkey removed", event: "passkey verwijderd",
		doneKey: "passkey.done.passkey-weg", to: "/account/tweede-factor#passkeys"},
		func(ctx context.Context, userID int64) error { return s.store.Passkeys.RemovePasskey(ctx, userID, id) })
}

// --- a passkey as the second step of a password login ---

func (s *Server) handleSecondStepPasskeyOptions(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	_, u, err := s.pendingLoginUser(r)
	if err == nil {
		err = s.lockedOut(ctx, rotonde.EUnauthorized, rotonde.EmailThrottleKey(u.Email))
	}
	var pu *passkeyUser
	var wa *webauthn.WebAuthn
	if err == nil {
		pu, wa, err = s.passkeyParty(r, u)
	}
	if err == nil && len(pu.creds) == 0 {
		err = rotonde.E(rotonde.ENotFound, "err.web.you_have_no_passkey_use_code")
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	opts, session, err := wa.BeginLogin(pu, webauthn.WithUserVerification(protocol.VerificationPreferred))
	s.answerCeremony(w, r, rotonde.CeremonySecondStep, u.ID, ceremonyState{}, opts, session, err)
}

func (s *Server) handleSecondStepPasskey(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	body, err := readCredential(w, r)
	var p *rotonde.PendingLogin
	var u *rotonde.User
	if err == nil {
		p, u, err = s.pendingLoginUser(r)
	}
	c, ok := s.takeCeremonyOf(w, r, err, rotonde.CeremonySecondStep, u)
	if !ok {
		return
	}
	acct := rotonde.EmailThrottleKey(u.Email)
	parsed, err := protocol.ParseCredentialRequestResponseBytes(body)
	var cred *webauthn.Credential
	if err == nil {
		cred, err = c.party.ValidateLogin(c.user, c.state.Session, parsed)
	}
	if err != nil {
		s.log.InfoContext(ctx, "second factor failed", "user", u.ID, "factor", "passkey", "address", clientAddress(r))
		left, ferr := s.secondStepFailed(ctx, acct, p)
		if ferr == nil && left == 0 {
			s.setPendingCookie(w, "", -1)
			writeJSON(w, http.StatusUnauthorized, passkeyDone{Redirect: "/login"})
			return
		}
		s.apiError(w, r, errPasskeyFailed)
		return
	}
	err = s.passkeyUsed(ctx, u.ID, cred)
	if err == nil {
		err = s.finishSecondStep(w, r, p, u, acct)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, passkeyDone{Redirect: safeNext(p.Next)})
}

// passkeyUsed stores the record after a login: its sign counter and flags
// moved on, and a cloned authenticator shows itself by a counter that did not.
func (s *Server) passkeyUsed(ctx context.Context, userID int64, cred *webauthn.Credential) error {
	if cred.Authenticator.CloneWarning {
		s.log.WarnContext(ctx, "passkey sign counter went back: possible clone", "user", userID)
	}
	data, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	return s.store.Passkeys.PasskeyUsed(ctx, userID, base64.RawURLEncoding.EncodeToString(cred.ID), string(data), s.now())
}

// --- a discoverable passkey as the whole login ("Inloggen met een passkey") ---

func (s *Server) handlePasskeyLoginOptions(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.apiError(w, r, err)
		return
	}
	if !passkeyAcceptsJSON(r) {
		s.renderFormError(w, r, "login", "login.title", loginView{Next: "/", Demo: s.cfg.Demo}, errPasskeyNeedsScript)
		return
	}
	ctx := r.Context()
	addr := rotonde.AddressThrottleKey(clientAddress(r))
	err := s.lockedOut(ctx, rotonde.EUnauthorized, addr)
	var wa *webauthn.WebAuthn
	if err == nil {
		wa, err = s.relyingParty(r)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	// User verification is required: the passkey alone is then two factors
	// (the device, and the PIN or biometric that unlocks it).
	opts, session, err := wa.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationRequired))
	s.answerCeremony(w, r, rotonde.CeremonyLogin, 0, ceremonyState{Next: safeNext(r.PostForm.Get("next"))}, opts, session, err)
}

func (s *Server) handlePasskeyLogin(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	body, err := readCredential(w, r)
	var st *ceremonyState
	if err == nil {
		st, err = s.takeCeremony(w, r, rotonde.CeremonyLogin, 0)
	}
	var wa *webauthn.WebAuthn
	if err == nil {
		wa, err = s.relyingParty(r)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var found *rotonde.User
	handler := func(rawID, userHandle []byte) (webauthn.User, error) {
		id, err := s.store.Passkeys.UserByWebAuthnHandle(ctx, userHandle)
		if err != nil {
			return nil, err
		}
		u, err := s.store.Users.User(ctx, id)
		if err != nil {
			return nil, err
		}
		if u.Disabled {
			return nil, errors.New("account disabled")
		}
		found = u
		return s.loadPasskeyUser(ctx, u)
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(body)
	var cred *webauthn.Credential
	if err == nil {
		_, cred, err = wa.ValidatePasskeyLogin(handler, st.Session, parsed)
	}
	if err != nil || found == nil {
		s.log.InfoContext(ctx, "passkey login failed", "address", clientAddress(r))
		s.recordFailure(ctx, rotonde.AddressThrottleKey(clientAddress(r)), rotonde.AddressThrottle)
		s.apiError(w, r, rotonde.E(rotonde.EUnauthorized, "err.web.you_could_not_be_logged_in"))
		return
	}
	err = s.passkeyUsed(ctx, found.ID, cred)
	if err == nil {
		s.resetThrottle(ctx, rotonde.EmailThrottleKey(found.Email))
		err = s.startSession(w, r, found)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, passkeyDone{Redirect: safeNext(st.Next)})
}
