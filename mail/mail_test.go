package mail_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/smtptest"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/mail"
)

func TestComposeInBothLanguages(t *testing.T) {
	d := mail.Data{Name: "Oma <Els>", From: "Fatima", Link: "https://rotonde.example.nl/uitnodiging/abc", Days: 7,
		Title: "Leerbijeenkomst", When: "14-01-2027 14:30", Place: "Wijkcentrum", Code: "ABCD-EFGH",
		Page: "https://rotonde.example.nl/wachtwoord-kiezen", Until: "15-01-2027 14:30"}
	for _, kind := range mail.Kinds {
		nlSubj, nlText, nlHTML, err := mail.Compose(kind, "nl", d)
		if err != nil {
			t.Fatal(err)
		}
		enSubj, enText, _, err := mail.Compose(kind, "en", d)
		if err != nil {
			t.Fatal(err)
		}
		if nlSubj == enSubj || nlText == enText || nlSubj == "" || strings.Contains(nlSubj, "\n") {
			t.Errorf("%s: subjects %q / %q", kind, nlSubj, enSubj)
		}
		if !strings.Contains(nlText, "Beste Oma <Els>") || !strings.Contains(enText, "Dear Oma <Els>") {
			t.Errorf("%s: greeting missing:\n%s\n%s", kind, nlText, enText)
		}
		// The HTML part escapes what people typed and links the link.
		if strings.Contains(nlHTML, "<Els>") || !strings.Contains(nlHTML, "Oma &lt;Els&gt;") || !strings.Contains(nlHTML, `<html lang="nl">`) {
			t.Errorf("%s: HTML part:\n%s", kind, nlHTML)
		}
	}
	_, text, html, _ := mail.Compose("reset", "en", d)
	if !strings.Contains(text, "ABCD-EFGH") || !strings.Contains(html, `<a href="https://rotonde.example.nl/uitnodiging/abc">`) {
		t.Errorf("reset mail:\n%s\n%s", text, html)
	}
	if _, _, _, err := mail.Compose("unknown", "nl", d); err == nil {
		t.Error("an unknown kind composed")
	}
}

func TestNewSenderChecksItsSettings(t *testing.T) {
	for _, bad := range [][2]string{
		{"http://mail.example.nl", "a@b.nl"},
		{"smtp://", "a@b.nl"},
		{"smtp://mail.example.nl/pad", "a@b.nl"},
		{"smtp://mail.example.nl", "geen adres"},
	} {
		if _, err := mail.NewSender(bad[0], bad[1]); err == nil {
			t.Errorf("NewSender(%q, %q) accepted", bad[0], bad[1])
		}
	}
	s, err := mail.NewSender("smtps://user:geheim@mail.example.nl", "Rotonde <rotonde@example.nl>")
	if err != nil || s.Server() != "mail.example.nl:465" {
		t.Errorf("smtps default port: %v %v", s, err)
	}
	s, err = mail.NewSender("smtp://mail.example.nl", "rotonde@example.nl")
	if err != nil || s.Server() != "mail.example.nl:587" {
		t.Errorf("smtp default port: %v %v", s, err)
	}
}

func message(to string) *rotonde.OutgoingMail {
	subject, text, html, _ := mail.Compose("plan", "nl", mail.Data{Name: "Jan", From: "Fatima", Title: "Leerbijeenkomst — één",
		When: "14-01-2027 14:30", Place: "Wijkcentrum", Link: "https://rotonde.example.nl/bijeenkomsten/3/live"})
	return &rotonde.OutgoingMail{Kind: rotonde.MailPlan, Ref: "meeting:3", To: to, Lang: "nl", CreatedBy: 1,
		Subject: subject, Text: text, HTML: html, AttachmentName: "bijeenkomst-3.ics",
		AttachmentType: "text/calendar; method=PUBLISH; charset=utf-8", Attachment: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}
}

// A real SMTP server receives a message with a plain-text part, an HTML part
// and the calendar file; one that refuses or does not answer gives an error
// that says so.
func TestSendThroughARealServer(t *testing.T) {
	srv := smtptest.Start(t)
	sender, err := mail.NewSender(srv.URL(), "Rotonde <rotonde@example.nl>")
	if err != nil {
		t.Fatal(err)
	}
	sender.Timeout = 3 * time.Second
	ctx := context.Background()
	if err := sender.Send(ctx, message("jan@example.nl")); err != nil {
		t.Fatal(err)
	}
	got := srv.WaitMessages(t, 1, 5*time.Second)[0]
	if len(got.Rcpt) != 1 || got.Rcpt[0] != "jan@example.nl" || !strings.HasPrefix(got.Subject, "Leerbijeenkomst \"Leerbijeenkomst — één\"") {
		t.Errorf("received rcpt %v subject %q", got.Rcpt, got.Subject)
	}
	if !strings.Contains(got.Text, "Wijkcentrum") || !strings.Contains(got.HTML, "Wijkcentrum") || string(got.Attachments["bijeenkomst-3.ics"]) != "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" {
		t.Errorf("parts: text %q html %q attachments %v", got.Text, got.HTML, got.Attachments)
	}
	if got.Header.Get("Content-Language") != "nl" || got.Header.Get("Message-Id") == "" {
		t.Errorf("headers %v", got.Header)
	}

	srv.SetMode(t, "refuse")
	if err := sender.Send(ctx, message("jan@example.nl")); err == nil || !strings.Contains(err.Error(), "550") {
		t.Errorf("refusing server: %v, want the 550", err)
	}
	srv.SetMode(t, "hang")
	start := time.Now()
	err = sender.Send(ctx, message("jan@example.nl"))
	if err == nil || !strings.Contains(err.Error(), "did not answer in time") || time.Since(start) > 10*time.Second {
		t.Errorf("hanging server: %v after %s", err, time.Since(start))
	}
}

// The outbox keeps a message through refusals and time-outs, backs off,
// and delivers it once the server accepts; a retry makes it due at once.
func TestOutboxRetriesUntilDelivered(t *testing.T) {
	srv := smtptest.Start(t)
	sender, err := mail.NewSender(srv.URL(), "rotonde@example.nl")
	if err != nil {
		t.Fatal(err)
	}
	sender.Timeout = 2 * time.Second
	db := testenv.OpenSQLite(t)
	ctx := context.Background()
	now := time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC)
	o := mail.NewOutbox(db.Mail, sender.Send, slog.New(slog.NewTextHandler(io.Discard, nil)))
	o.Now = func() time.Time { return now }
	if err := db.Mail.EnqueueMail(ctx, message("jan@example.nl")); err != nil {
		t.Fatal(err)
	}
	author := &rotonde.User{ID: 1}

	srv.SetMode(t, "refuse")
	if n := o.RunOnce(ctx); n != 0 {
		t.Fatalf("delivered %d to a refusing server", n)
	}
	pending, _ := db.Mail.OutgoingMailFor(ctx, author, "meeting:3")
	if len(pending) != 1 || !pending[0].Failed() || !strings.Contains(pending[0].LastError, "550") || !pending[0].NextAttempt.Equal(now.Add(time.Minute)) {
		t.Fatalf("after a refusal: %+v", pending)
	}
	// Not due before its backoff has passed.
	if n := o.RunOnce(ctx); n != 0 || len(srv.Messages(t)) != 0 {
		t.Fatal("tried again before the backoff")
	}
	now = now.Add(61 * time.Second)
	srv.SetMode(t, "hang")
	if n := o.RunOnce(ctx); n != 0 {
		t.Fatal("delivered to a hanging server")
	}
	pending, _ = db.Mail.OutgoingMailFor(ctx, author)
	if len(pending) != 1 || !strings.Contains(pending[0].LastError, "in time") || !pending[0].NextAttempt.Equal(now.Add(2*time.Minute)) {
		t.Fatalf("after a time-out: %+v", pending)
	}
	if o.Backoff(30) != time.Hour {
		t.Errorf("backoff is not capped: %s", o.Backoff(30))
	}
	// The author retries now: delivered.
	srv.SetMode(t, "accept")
	if _, err := db.Mail.RetryMail(ctx, author, pending[0].ID); err != nil {
		t.Fatal(err)
	}
	o.Now = func() time.Time { return time.Now().UTC() }
	if n := o.RunOnce(ctx); n != 1 {
		t.Fatalf("delivered %d after the retry, want 1", n)
	}
	if m := srv.WaitMessages(t, 1, 5*time.Second); len(m) != 1 {
		t.Fatalf("%d messages received", len(m))
	}
	if n, _ := db.Mail.MailQueueLength(ctx); n != 0 {
		t.Errorf("queue %d after delivery", n)
	}
}
