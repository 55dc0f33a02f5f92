package main

import (
	"os"
	"strings"
	"testing"
)

func TestSSOAllowPrivateIssuersSetting(t *testing.T) {
	t.Setenv("ROTONDE_SSO_ALLOW_PRIVATE_ISSUERS", "")
	if _, err := parseServe(t); err == nil || !strings.Contains(err.Error(), "ROTONDE_SSO_ALLOW_PRIVATE_ISSUERS") {
		t.Errorf("empty variable accepted: %v", err)
	}
	t.Setenv("ROTONDE_SSO_ALLOW_PRIVATE_ISSUERS", "true")
	if c, err := parseServe(t); err != nil || !c.ssoAllowPrivateIssuers {
		t.Errorf("variable true: %+v %v", c, err)
	}
	if c, err := parseServe(t, "--sso-allow-private-issuers", "false"); err != nil || c.ssoAllowPrivateIssuers {
		t.Errorf("flag false over the variable: %+v %v", c, err)
	}
	if _, err := parseServe(t, "--sso-allow-private-issuers", "soms"); err == nil || !strings.Contains(err.Error(), "kies true of false") {
		t.Errorf("bad value: %v", err)
	}
}

func TestSSOAllowPrivateIssuersDefaultsToFalse(t *testing.T) {
	t.Setenv("ROTONDE_SSO_ALLOW_PRIVATE_ISSUERS", "") // restored after the test
	os.Unsetenv("ROTONDE_SSO_ALLOW_PRIVATE_ISSUERS")
	c, err := parseServe(t)
	if err != nil || c.ssoAllowPrivateIssuers {
		t.Errorf("default: %+v %v", c, err)
	}
}
