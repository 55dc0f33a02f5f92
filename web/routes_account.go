package web

// accountRoutes: logging in (password, second step, passkeys, single sign-on),
// choosing a new password, and the account's own page with its factors,
// sessions and tokens.
func (s *Server) accountRoutes(r *router) {
	r.public("GET /login", s.handleLoginForm)
	r.public("POST /login", s.handleLogin)
	r.public("POST /uitloggen", s.handleLogout)
	r.public("GET /login/sso", s.handleSSOChoose)
	r.public("GET /login/sso/{org}", s.handleSSOStart)
	r.public("GET /login/sso/callback", s.handleSSOCallback)
	r.public("GET /login/tweede-stap", s.handleSecondStepForm)
	r.public("POST /login/tweede-stap", s.handleSecondStep)
	r.login("GET /account", signedIn, s.handleAccount)
	r.login("POST /account/herbevestigen", signedIn, s.handleReauth)
	r.login("POST /account/wachtwoord", signedIn, s.handleChangePassword)
	r.login("POST /account/e-mail", signedIn, s.handleChangeEmail)
	r.login("POST /account/sessies/{id}/beeindigen", accountOwner, s.handleEndSession)
	r.login("POST /account/sessies/andere-beeindigen", signedIn, s.handleEndOtherSessions)
	r.login("POST /account/tokens", signedIn, s.handleCreateToken)
	r.login("POST /account/tokens/{id}/intrekken", accountOwner, s.handleRevokeToken)
	r.login("GET /account/tweede-factor", signedIn, s.handleFactors)
	r.login("POST /account/totp/nieuw", signedIn, s.handleTOTPNew)
	r.login("POST /account/totp/bevestigen", signedIn, s.handleTOTPConfirm)
	r.login("POST /account/totp/verwijderen", signedIn, s.handleTOTPRemove)
	r.login("POST /account/totp/herstelcodes", signedIn, s.handleRecoveryCodes)
	r.public("GET /wachtwoord-kiezen", s.handleResetForm)
	r.public("POST /wachtwoord-kiezen", s.handleResetChoose)
	r.login("POST /account/passkeys/opties", signedIn, s.handlePasskeyRegisterOptions)
	r.login("POST /account/passkeys", signedIn, s.handlePasskeyRegister)
	r.login("POST /account/passkeys/{id}/verwijderen", accountOwner, s.handlePasskeyRemove)
	r.public("POST /login/tweede-stap/passkey/opties", s.handleSecondStepPasskeyOptions)
	r.public("POST /login/tweede-stap/passkey", s.handleSecondStepPasskey)
	r.public("POST /login/passkey/opties", s.handlePasskeyLoginOptions)
	r.public("POST /login/passkey", s.handlePasskeyLogin)
}
