package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/smtptest"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/internal/wire"
	"github.com/rotonde-jeugd/rotonde/seal"
)

func TestMailSettings(t *testing.T) {
	for _, v := range []string{"ROTONDE_SMTP_URL", "ROTONDE_MAIL_FROM"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	if c, err := parseServe(t); err != nil || c.mail != nil {
		t.Errorf("default: mail %v, %v; want none", c.mail, err)
	}
	if _, err := parseServe(t, "--smtp-url", "smtp://u:geheim@mail.example.nl:587"); err == nil || !strings.Contains(err.Error(), "--mail-from") {
		t.Errorf("no from-address: %v", err)
	}
	if _, err := parseServe(t, "--mail-from", "rotonde@example.nl"); err == nil || !strings.Contains(err.Error(), "--smtp-url") {
		t.Errorf("no server: %v", err)
	}
	_, err := parseServe(t, "--smtp-url", "http://u:geheim@mail.example.nl", "--mail-from", "rotonde@example.nl")
	if err == nil || !strings.Contains(err.Error(), "ROTONDE_SMTP_URL") || strings.Contains(err.Error(), "geheim") {
		t.Errorf("bad URL: %v", err)
	}
	t.Setenv("ROTONDE_SMTP_URL", "smtps://u:geheim@mail.example.nl")
	t.Setenv("ROTONDE_MAIL_FROM", "Rotonde <rotonde@example.nl>")
	if c, err := parseServe(t); err != nil || c.mail == nil || c.mail.Server() != "mail.example.nl:465" {
		t.Errorf("from the environment: %v, %v", c.mail, err)
	}
}

var retryForm = regexp.MustCompile(`action="/e-mail/(\d+)/opnieuw"`)

// TestServeDeliversMail runs `serve` with --smtp-url against a real SMTP
// server: an invitation arrives without waiting for the poll; while the
// server refuses, the message stays queued (rotonde_mail_queue), the
// author's page says so, and a retry delivers it.
func TestServeDeliversMail(t *testing.T) {
	smtp := smtptest.Start(t)
	dir := t.TempDir()
	dbURL := "sqlite:" + filepath.Join(dir, "rotonde.db")
	keyFile := filepath.Join(dir, "rotonde.key")
	if err := os.WriteFile(keyFile, []byte(seal.EncodeKey(testenv.Key)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := openURL(t, dbURL)
	hash, _ := testenv.HashPassword(demo.Password)
	if _, err := demo.Seed(context.Background(), wire.Demo(db), hash); err != nil {
		t.Fatal(err)
	}
	fac, _, _ := db.Users.UserByEmail(context.Background(), "facilitator@demo.test")
	cases, _ := db.Cases.Cases(context.Background(), fac)
	db.Close()

	maddr := freeAddr(t)
	base, stop := serveAt(t, "--database-url", dbURL, "--key-file", keyFile, "--require-second-factor", "false",
		"--smtp-url", smtp.URL(), "--mail-from", "Rotonde <rotonde@demo.test>", "--metrics-addr", maddr,
		"--public-url", "https://rotonde.example.nl")
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 20 * time.Second}
	if res, err := c.PostForm(base+"/login", url.Values{"email": {fac.Email}, "password": {demo.Password}}); err != nil {
		t.Fatal(err)
	} else {
		res.Body.Close()
	}
	invite := func(name, email string) {
		t.Helper()
		res, err := c.PostForm(fmt.Sprintf("%s/casussen/%d/uitnodigingen", base, cases[0].ID), url.Values{"name": {name},
			"email": {email}, "role": {"family"}, "days": {"7"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 201 {
			t.Fatalf("invite: %d", res.StatusCode)
		}
	}
	invite("Opa", "opa@example.nl")
	got := smtp.WaitMessages(t, 1, 5*time.Second) // well before the 10-second poll
	if got[0].Rcpt[0] != "opa@example.nl" || got[0].Subject != "Uitnodiging voor Rotonde" {
		t.Errorf("received %q to %v", got[0].Subject, got[0].Rcpt)
	}

	smtp.SetMode(t, "refuse")
	invite("Oma", "oma@example.nl")
	var page string
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		_, metrics := getStatus(t, "http://"+maddr+"/metrics")
		res, err := c.Get(base + "/")
		if err != nil {
			t.Fatal(err)
		}
		page = readAll(res)
		if metricValue(metrics, "rotonde_mail_queue") == 1 && strings.Contains(page, "E-mail niet verzonden") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no failure shown; queue %v\n%s", metricValue(metrics, "rotonde_mail_queue"), page)
		}
	}
	m := retryForm.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no retry button:\n%s", page)
	}
	smtp.SetMode(t, "accept")
	res, err := c.PostForm(base+"/e-mail/"+m[1]+"/opnieuw", url.Values{"next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	got = smtp.WaitMessages(t, 2, 5*time.Second)
	if got[1].Rcpt[0] != "oma@example.nl" {
		t.Errorf("retried message to %v", got[1].Rcpt)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		_, metrics := getStatus(t, "http://"+maddr+"/metrics")
		if metricValue(metrics, "rotonde_mail_queue") == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("queue not empty after delivery")
		}
	}
	if code := stop(); code != 0 {
		t.Errorf("serve exited with %d", code)
	}
}

func readAll(res *http.Response) string {
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}
