package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestPublicAddress(t *testing.T) {
	for _, tc := range []struct {
		ip     string
		public bool
	}{
		{"93.184.215.14", true},
		{"145.220.0.1", true},
		{"2a00:1450:400e:80f::200e", true},
		{"127.0.0.1", false},
		{"127.8.9.10", false},
		{"::1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"172.31.255.255", false},
		{"172.32.0.1", true},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // cloud metadata
		{"fe80::1", false},
		{"fc00::1", false},
		{"fd12:3456::1", false},
		{"0.0.0.0", false},
		{"::", false},
		{"100.64.0.1", false},
		{"192.0.2.1", false},
		{"198.18.0.1", false},
		{"224.0.0.1", false},
		{"255.255.255.255", false},
		{"ff02::1", false},
		{"::ffff:127.0.0.1", false}, // IPv4-mapped loopback
		{"::ffff:10.0.0.1", false},
		{"::ffff:93.184.215.14", true},
		{"64:ff9b::a00:1", false}, // NAT64 of 10.0.0.1
		{"64:ff9b::5db8:d70e", true},
		{"2002:7f00:1::", false}, // 6to4 of 127.0.0.1
		{"2001:db8::1", false},
	} {
		if got := publicAddress(netip.MustParseAddr(tc.ip)); got != tc.public {
			t.Errorf("publicAddress(%s) = %v, want %v", tc.ip, got, tc.public)
		}
	}
	if publicAddress(netip.Addr{}) {
		t.Error("the zero address is public")
	}
}

func TestCheckIssuerURL(t *testing.T) {
	for _, tc := range []struct {
		issuer       string
		allowPrivate bool
		ok           bool
	}{
		{"https://login.voorbeeld.nl/realms/jeugd", false, true},
		{"https://93.184.215.14", false, true},
		{"http://login.voorbeeld.nl", false, false},
		{"https://localhost:8443", false, false},
		{"https://idp.localhost", false, false},
		{"https://127.0.0.1", false, false},
		{"https://[::1]:8443", false, false},
		{"https://[::ffff:127.0.0.1]", false, false},
		{"https://10.0.0.5/realm", false, false},
		{"https://192.168.10.2", false, false},
		{"https://169.254.169.254/latest", false, false},
		{"https://intranet", false, false},
		{"https://intranet.", false, false},
		// On premises, with the operator's permission.
		{"https://10.0.0.5/realm", true, true},
		{"http://127.0.0.1:5556", true, true},
		{"https://intranet", true, true},
	} {
		err := checkIssuerURL(tc.issuer, tc.allowPrivate)
		if (err == nil) != tc.ok {
			t.Errorf("checkIssuerURL(%q, %v) = %v, want ok %v", tc.issuer, tc.allowPrivate, err, tc.ok)
		}
	}
}

// The address is checked at the connection, on the resolved address: a
// name that resolves to loopback is refused like the literal address.
func TestSSOClientRefusesLoopbackAtDialTime(t *testing.T) {
	asked := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { asked++ }))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	for _, u := range []string{srv.URL, "http://localhost:" + port} {
		res, err := newSSOClient(false, 2*time.Second).Get(u)
		var addr *errSSOAddress
		if err == nil {
			res.Body.Close()
		}
		if !errors.As(err, &addr) {
			t.Errorf("%s: %v, want an address refusal", u, err)
		}
	}
	if asked != 0 {
		t.Errorf("the loopback server was asked %d times", asked)
	}
	res, err := newSSOClient(true, 2*time.Second).Get(srv.URL)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("allowed private: %v", err)
	}
	res.Body.Close()
	// discover itself, without the permission.
	_, err = discover(context.Background(), newSSOClient(false, 2*time.Second), srv.URL)
	if err == nil || !strings.Contains(err.Error(), "is not public") {
		t.Errorf("discover of a loopback issuer: %v", err)
	}
}

// discoveryDoc is a valid discovery document for the server at base.
func discoveryDoc(base string) map[string]any {
	return map[string]any{"issuer": base, "authorization_endpoint": base + "/authorize", "token_endpoint": base + "/token",
		"jwks_uri": base + "/jwks", "id_token_signing_alg_values_supported": []string{"RS256"}}
}

// A provider that answers too much, too slowly or with an error is refused,
// quickly, and nothing it sent ends up in the error (and so in the log).
func TestDiscoveryRefusesOversizedSlowAndHostileAnswers(t *testing.T) {
	const marker = "GEHEIME-TEKST-VAN-DE-AANBIEDER"
	var base string
	mux := http.NewServeMux()
	mux.HandleFunc("/groot/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		// Streamed without a length, valid JSON until the limit is long passed.
		doc := discoveryDoc(base + "/groot")
		doc["padding"] = strings.Repeat(marker, 2*ssoMaxBody/len(marker))
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(doc)
	})
	mux.HandleFunc("/lang/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(10*ssoMaxBody))
		w.WriteHeader(200)
	})
	mux.HandleFunc("/traag/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/druppel/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"issuer": "`)
		for range 50 {
			w.(http.Flusher).Flush()
			select {
			case <-time.After(100 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
			fmt.Fprint(w, "x")
		}
	})
	mux.HandleFunc("/fout/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, marker, http.StatusInternalServerError)
	})
	mux.HandleFunc("/onzin/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html>"+marker+"</html>")
	})
	mux.HandleFunc("/goed/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(discoveryDoc(base + "/goed"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL

	client := newSSOClient(true, 500*time.Millisecond)
	if _, err := discover(context.Background(), client, base+"/goed"); err != nil {
		t.Fatalf("a good provider: %v", err)
	}
	for _, tc := range []struct{ path, want string }{
		{"/groot", "larger than the limit"},
		{"/lang", "larger than the limit"},
		{"/traag", "no answer in time"},
		{"/druppel", "no answer in time"},
		{"/fout", "500"},
		{"/onzin", "discovery"},
	} {
		start := time.Now()
		_, err := discover(context.Background(), client, base+tc.path)
		if took := time.Since(start); took > 4*time.Second {
			t.Errorf("%s took %s", tc.path, took)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), marker) {
			t.Errorf("%s: %v, want an error with %q and without the answer", tc.path, err, tc.want)
		}
	}
	// go-oidc quotes a key set it cannot decode; that quote is dropped.
	jsonErr := json.Unmarshal([]byte("x"), &struct{}{})
	err := ssoError("id token", fmt.Errorf("fetching keys oidc: failed to decode keys: %v %s", jsonErr, marker))
	if strings.Contains(err.Error(), marker) || !strings.Contains(err.Error(), "failed to decode") {
		t.Errorf("key set error: %v", err)
	}
}
