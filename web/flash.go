package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/rotonde-jeugd/rotonde/i18n"
)

// A flash is a notice for the next page a browser shows after a change
// ("Je wachtwoord is gewijzigd."), instead of a notice in the query string
// that a reload, a bookmark or a shared link would show again. It travels
// in a short-lived cookie (HttpOnly, SameSite=Lax) that is signed with the
// browser's own session token, so nobody else can make one; the view
// builder (renderView) shows it once and clears it.
type flash struct {
	Key string `json:"k"` // catalogue key of the message
	// Args fill the message's %d.
	Args []int `json:"n,omitempty"`
	// Detail is shown after the message: what it is about, e.g. a step's title.
	Detail string `json:"d,omitempty"`
	// Undo is the address a button after the message posts to, to undo
	// what was just done (put a deleted item back from the trash).
	Undo string `json:"un,omitempty"`
	// Until is when the flash lapses (Unix seconds).
	Until int64 `json:"u"`
}

// flashLife is how long a flash waits for its page: a redirect is followed
// at once, so this only limits what a cookie left behind can do.
const flashLife = time.Minute

func (s *Server) flashCookieName() string {
	if s.cfg.SecureCookies {
		return "__Host-rotonde_melding"
	}
	return "rotonde_melding"
}

// flashMAC signs a flash with the session token of the browser it is for.
func flashMAC(sessionToken string, payload []byte) []byte {
	m := hmac.New(sha256.New, []byte(sessionToken))
	m.Write([]byte("rotonde flash\x00"))
	m.Write(payload)
	return m.Sum(nil)
}

// setFlash keeps a notice for the next page. Without a session there is no
// key to sign with, and the notice is left out.
func (s *Server) setFlash(w http.ResponseWriter, r *http.Request, f flash) {
	token := s.flashKey(w, r)
	if token == "" {
		return
	}
	f.Until = s.now().Add(flashLife).Unix()
	payload, err := json.Marshal(f)
	if err != nil {
		return
	}
	value := base64.RawURLEncoding.EncodeToString(payload) + "." + base64.RawURLEncoding.EncodeToString(flashMAC(token, payload))
	http.SetCookie(w, &http.Cookie{Name: s.flashCookieName(), Value: value, Path: "/", MaxAge: int(flashLife.Seconds()),
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// flashKey is the session token a flash for this browser is signed with:
// the one this response starts (a password change starts a new session),
// else the one the request came with.
func (s *Server) flashKey(w http.ResponseWriter, r *http.Request) string {
	for _, line := range w.Header().Values("Set-Cookie") {
		if c, err := http.ParseSetCookie(line); err == nil && c.Name == s.sessionCookieName() && c.MaxAge >= 0 {
			return c.Value
		}
	}
	if c, err := r.Cookie(s.sessionCookieName()); err == nil {
		return c.Value
	}
	return ""
}

// takeFlash returns the message of a waiting flash in the page's language,
// and its undo address, and clears it; "" when there is none, or it is not
// this session's, or lapsed.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request, l i18n.Localizer) (string, string) {
	c, err := r.Cookie(s.flashCookieName())
	if err != nil {
		return "", ""
	}
	http.SetCookie(w, &http.Cookie{Name: s.flashCookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	sc, err := r.Cookie(s.sessionCookieName())
	if err != nil || sc.Value == "" {
		return "", ""
	}
	p, m, ok := strings.Cut(c.Value, ".")
	if !ok {
		return "", ""
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p)
	mac, err2 := base64.RawURLEncoding.DecodeString(m)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, flashMAC(sc.Value, payload)) {
		return "", ""
	}
	var f flash
	if json.Unmarshal(payload, &f) != nil || s.now().Unix() > f.Until || f.Key == "" {
		return "", ""
	}
	args := make([]any, len(f.Args))
	for i, n := range f.Args {
		args[i] = n
	}
	var text string
	if len(args) > 0 && l.Has(f.Key+".one") {
		text = l.N(f.Key, f.Args[0], args...) // a count: "1 gebeurtenis", "2 gebeurtenissen"
	} else {
		text = l.T(f.Key, args...)
	}
	if f.Detail != "" {
		text += " " + f.Detail
	}
	return text, f.Undo
}
