package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/runes"
)

// TOTP follows RFC 6238 with the parameters every authenticator app
// understands: HMAC-SHA1, 6 digits, 30-second steps, a 160-bit secret.
const (
	totpPeriod = 30
	totpDigits = 6
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns a random 160-bit secret in base32, as apps expect it.
func NewTOTPSecret() string {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return b32.EncodeToString(b)
}

// TOTPStep returns the time step of t.
func TOTPStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// TOTPCode returns the code of secret for time step step (RFC 4226 truncation).
func TOTPCode(secret string, step int64) (string, error) {
	key, err := b32.DecodeString(strings.ToUpper(strings.TrimRight(secret, "=")))
	if err != nil {
		return "", fmt.Errorf("totp secret: %w", err)
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(step))
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", v%1_000_000), nil
}

// verifyTOTP returns the step whose code matches (one step of clock drift
// either way is allowed), or 0.
func verifyTOTP(secret, code string, now time.Time) int64 {
	if len(code) != totpDigits {
		return 0
	}
	cur := TOTPStep(now)
	for _, step := range []int64{cur - 1, cur, cur + 1} {
		want, err := TOTPCode(secret, step)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step
		}
	}
	return 0
}

// totpURI is what an authenticator app reads from the QR code.
func totpURI(secret, email string) string {
	label := url.PathEscape("Rotonde:" + email)
	q := url.Values{"secret": {secret}, "issuer": {"Rotonde"}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}
	return "otpauth://totp/" + label + "?" + q.Encode()
}

// totpQR draws the address an authenticator app reads as a QR code.
func totpQR(uri string) (template.HTML, error) {
	return qrSVG(uri, qrLook{class: "qr", size: 220, titleID: "qr-title", title: "QR"})
}

// Recovery codes: 10 codes of 80 random bits, shown once as xxxx-xxxx-xxxx-xxxx
// and stored as SHA-256 (their entropy makes a slow hash unnecessary).
const recoveryCodeCount = 10

var recoveryAlphabet = base32.NewEncoding("abcdefghijkmnpqrstuvwxyz23456789").WithPadding(base32.NoPadding)

func newRecoveryCodes() (codes, hashes []string) {
	for range recoveryCodeCount {
		b := make([]byte, 10)
		if _, err := rand.Read(b); err != nil {
			panic(err)
		}
		raw := recoveryAlphabet.EncodeToString(b) // 16 characters
		codes = append(codes, raw[0:4]+"-"+raw[4:8]+"-"+raw[8:12]+"-"+raw[12:16])
		hashes = append(hashes, hashRecoveryCode(raw))
	}
	return codes, hashes
}

// normalizeCode drops spaces and dashes and lower-cases, so codes may be typed loosely.
func normalizeCode(s string) string {
	return strings.ToLower(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(strings.TrimSpace(s)))
}

func hashRecoveryCode(normalized string) string {
	h := sha256.Sum256([]byte("rotonde-recovery:" + normalized))
	return hex.EncodeToString(h[:])
}

// --- the second step of logging in ---

// pendingTTL is how long the second step may take.
const pendingTTL = 5 * time.Minute

func (s *Server) pendingCookieName() string {
	if s.cfg.SecureCookies {
		return "__Host-rotonde_pending"
	}
	return "rotonde_pending"
}

func (s *Server) setPendingCookie(w http.ResponseWriter, token string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: s.pendingCookieName(), Value: token, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// beginSecondStep records a login whose password was right and sends the
// browser to the second step.
func (s *Server) beginSecondStep(w http.ResponseWriter, r *http.Request, u *rotonde.User, next string) error {
	token, hash := NewToken("")
	now := s.now()
	p := &rotonde.PendingLogin{UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(pendingTTL), Next: next,
		UserAgent: runes.Cut(r.UserAgent(), 300), Address: clientAddress(r)}
	if err := s.store.Identity.CreatePendingLogin(r.Context(), p, hash); err != nil {
		return err
	}
	s.setPendingCookie(w, token, int(pendingTTL.Seconds()))
	http.Redirect(w, r, "/login/tweede-stap", http.StatusSeeOther)
	return nil
}

// pendingLoginUser is the pending login of this browser and its account.
func (s *Server) pendingLoginUser(r *http.Request) (*rotonde.PendingLogin, *rotonde.User, error) {
	p, _, err := s.pendingLogin(r)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.store.Users.User(r.Context(), p.UserID)
	return p, u, err
}

// secondStepFailed counts a wrong second factor against the account and
// the pending login; it returns how many tries the pending login has left.
func (s *Server) secondStepFailed(ctx context.Context, acct rotonde.ThrottleKey, p *rotonde.PendingLogin) (int, error) {
	s.recordFailure(ctx, acct, rotonde.AccountThrottle)
	return s.store.Identity.FailPendingLogin(ctx, p.ID)
}

// finishSecondStep ends the pending login p that u completed, clears the
// account's failed attempts and starts the session.
func (s *Server) finishSecondStep(w http.ResponseWriter, r *http.Request, p *rotonde.PendingLogin, u *rotonde.User, acct rotonde.ThrottleKey) error {
	if err := s.store.Identity.DeletePendingLogin(r.Context(), p.ID); err != nil {
		return err
	}
	s.resetThrottle(r.Context(), acct)
	s.setPendingCookie(w, "", -1)
	return s.startSession(w, r, u)
}

// recordFailure counts a failed attempt under key; a failure to count is
// logged, not shown.
func (s *Server) recordFailure(ctx context.Context, key rotonde.ThrottleKey, policy rotonde.ThrottlePolicy) {
	if err := s.store.Identity.RecordLoginFailure(ctx, key, policy, s.now()); err != nil {
		s.log.ErrorContext(ctx, "record login failure", "err", err)
	}
}

// resetThrottle forgets the failed attempts under key after a success.
func (s *Server) resetThrottle(ctx context.Context, key rotonde.ThrottleKey) {
	if err := s.store.Identity.ResetLoginThrottle(ctx, key); err != nil {
		s.log.ErrorContext(ctx, "reset login throttle", "err", err)
	}
}

// lockedOut returns an error of code with the minutes to wait while one of
// keys is locked after too many failed attempts, or the check's own error.
func (s *Server) lockedOut(ctx context.Context, code rotonde.ErrorCode, keys ...rotonde.ThrottleKey) error {
	d, err := s.store.Identity.LoginLockedFor(ctx, keys, s.now())
	if err != nil || d <= 0 {
		return err
	}
	return rotonde.ECount(code, "err.web.too_many_failed_attempts_wait_minutes", int((d+time.Minute-1)/time.Minute))
}

func (s *Server) pendingLogin(r *http.Request) (*rotonde.PendingLogin, []byte, error) {
	c, err := r.Cookie(s.pendingCookieName())
	if err != nil || c.Value == "" {
		return nil, nil, rotonde.E(rotonde.EUnauthorized, "err.sqldb.your_login_attempt_has_expired_please")
	}
	hash := HashToken(c.Value)
	p, err := s.store.Identity.PendingLogin(r.Context(), hash, s.now())
	return p, hash, err
}

type secondStepView struct {
	Factors rotonde.SecondFactors
}

func (s *Server) handleSecondStepForm(w http.ResponseWriter, r *http.Request) {
	p, _, err := s.pendingLogin(r)
	if err != nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	f, err := s.store.Identity.SecondFactors(r.Context(), p.UserID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "login_second", "login.second.title", secondStepView{Factors: f})
}

var errBadCode = rotonde.E(rotonde.EUnauthorized, "err.web.this_code_is_not_right")

func (s *Server) handleSecondStep(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	ctx := r.Context()
	p, _, err := s.pendingLogin(r)
	if err != nil {
		s.setPendingCookie(w, "", -1)
		s.renderFormError(w, r, "login", "login.title", loginView{Next: "/", Demo: s.cfg.Demo}, err)
		return
	}
	u, err := s.store.Users.User(ctx, p.UserID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	f, err := s.store.Identity.SecondFactors(ctx, u.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	view := secondStepView{Factors: f}
	acct := rotonde.EmailThrottleKey(u.Email)
	if s.answeredThrottled(w, r, []rotonde.ThrottleKey{acct}, "login_second", "login.second.title", view) {
		return
	}
	code := normalizeCode(r.PostForm.Get("code"))
	if code == "" {
		s.renderFormError(w, r, "login_second", "login.second.title", view, rotonde.E(rotonde.EInvalid, "err.web.fill_in_code_from_your_app"))
		return
	}
	err = s.checkSecondFactor(r, u.ID, code)
	if err != nil {
		if rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			s.renderError(w, r, err)
			return
		}
		left, ferr := s.secondStepFailed(ctx, acct, p)
		if ferr != nil {
			s.renderError(w, r, ferr)
			return
		}
		s.log.InfoContext(ctx, "second factor failed", "user", u.ID, "address", clientAddress(r))
		s.cfg.Metrics.loginFailed("second")
		if left == 0 {
			s.setPendingCookie(w, "", -1)
			s.renderFormError(w, r, "login", "login.title", loginView{Next: p.Next, Demo: s.cfg.Demo}, rotonde.E(rotonde.EUnauthorized, "err.web.wrong_code_too_often_please_log"))
			return
		}
		s.renderFormError(w, r, "login_second", "login.second.title", view, err)
		return
	}
	if err := s.finishSecondStep(w, r, p, u, acct); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, safeNext(p.Next), http.StatusSeeOther)
}

// checkSecondFactor accepts a current TOTP code (once) or an unused recovery code.
func (s *Server) checkSecondFactor(r *http.Request, userID int64, code string) error {
	ctx := r.Context()
	if len(code) == totpDigits && strings.Trim(code, "0123456789") == "" {
		secret, confirmed, err := s.store.Identity.TOTPSecret(ctx, userID)
		if rotonde.ErrorCodeOf(err) == rotonde.ENotFound || (err == nil && !confirmed) {
			return errBadCode
		}
		if err != nil {
			return err
		}
		step := verifyTOTP(secret, code, s.now())
		if step == 0 {
			return errBadCode
		}
		return s.store.Identity.UseTOTPStep(ctx, userID, step)
	}
	if err := s.store.Identity.UseRecoveryCode(ctx, userID, hashRecoveryCode(code), s.now()); err != nil {
		if rotonde.ErrorCodeOf(err) == rotonde.EUnauthorized {
			return errBadCode
		}
		return err
	}
	s.log.InfoContext(ctx, "recovery code used", "user", userID)
	return nil
}

// renderThrottled answers 429 with the same words for every account, known or not.
// answeredThrottled checks keys before a form is handled: when one is
// locked it shows the form page with the wait (429), when the check fails
// an error page; it reports whether it answered.
func (s *Server) answeredThrottled(w http.ResponseWriter, r *http.Request, keys []rotonde.ThrottleKey, page, titleKey string, data any) bool {
	d, err := s.store.Identity.LoginLockedFor(r.Context(), keys, s.now())
	switch {
	case err != nil:
		s.renderError(w, r, err)
	case d > 0:
		s.log.InfoContext(r.Context(), "throttled", "page", page, "address", clientAddress(r))
		s.cfg.Metrics.loginThrottled()
		s.renderThrottled(w, r, page, titleKey, data, d)
	default:
		return false
	}
	return true
}

func (s *Server) renderThrottled(w http.ResponseWriter, r *http.Request, page, titleKey string, data any, d time.Duration) {
	mins := int((d + time.Minute - 1) / time.Minute)
	w.Header().Set("Retry-After", fmt.Sprint(int(d.Seconds()+0.999)))
	v := s.newView(r, titleKey, data)
	v.Error = rotonde.UserMessage(rotonde.ECount(rotonde.EUnauthorized, "err.web.too_many_failed_attempts_wait_minutes", mins), langFrom(r.Context()))
	s.renderView(w, r, http.StatusTooManyRequests, page, v)
}

// --- enrolment is required before anything else ---

// enrolmentPaths stay reachable for a user who must still set up a second factor.
func enrolmentPath(r *http.Request) bool {
	p := r.URL.Path
	switch {
	case p == "/account/tweede-factor", p == "/account/herbevestigen", strings.HasPrefix(p, "/account/totp/"),
		p == "/account/passkeys", strings.HasPrefix(p, "/account/passkeys/"),
		p == "/uitloggen", p == "/taal", p == "/logout", p == "/lang", p == "/login", p == "/login/tweede-stap", p == "/healthz", strings.HasPrefix(p, "/static/"):
		return true
	}
	return false
}

// enforceSecondFactor sends a logged-in user without a second factor to the
// enrolment page when the server requires one. Personal access tokens are
// not affected: making one already required the enrolment.
func (s *Server) enforceSecondFactor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := userFrom(r.Context())
		if u == nil || !s.cfg.RequireSecondFactor || enrolmentPath(r) {
			next.ServeHTTP(w, r)
			return
		}
		f, err := s.store.Identity.SecondFactors(r.Context(), u.ID)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if f.Any() {
			next.ServeHTTP(w, r)
			return
		}
		if r.Method == http.MethodGet && !strings.HasPrefix(r.URL.Path, "/api/") {
			http.Redirect(w, r, "/account/tweede-factor", http.StatusSeeOther)
			return
		}
		err = rotonde.E(rotonde.EForbidden, "err.web.set_up_second_factor_first_at")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			s.apiError(w, r, err)
			return
		}
		s.renderError(w, r, err)
	})
}
