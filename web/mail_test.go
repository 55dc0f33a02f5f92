package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/internal/smtptest"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/mail"
	"github.com/rotonde-jeugd/rotonde/web"
)

// newMailEnv serves the demo network with e-mail through a real SMTP
// server. The outbox is not running: the test delivers with RunOnce, so
// every step is deterministic.
func newMailEnv(t *testing.T) (*env, *mail.Outbox, *smtptest.Server) {
	t.Helper()
	smtp := smtptest.Start(t)
	db := testenv.OpenSQLite(t)
	sender, err := mail.NewSender(smtp.URL(), "Rotonde <rotonde@demo.test>")
	if err != nil {
		t.Fatal(err)
	}
	sender.Timeout = 2 * time.Second
	outbox := mail.NewOutbox(db.Mail, sender.Send, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e := newEnvConfig(t, db, web.Config{Demo: true, Mail: outbox, PublicURL: "https://rotonde.example.nl"})
	return e, outbox, smtp
}

var retryFormRe = regexp.MustCompile(`action="/e-mail/(\d+)/opnieuw"`)

// A family invitation is mailed in the language chosen on the form. A mail
// server that refuses leaves it queued; every page of its author says so,
// nobody else sees it or can retry it, and a retry delivers it.
func TestInvitationMailFailsVisiblyAndIsRetried(t *testing.T) {
	e, outbox, smtp := newMailEnv(t)
	ctx := context.Background()
	caseID := e.demoCaseID()
	fac := e.login("facilitator@demo.test")
	res := e.post(fac, fmt.Sprintf("/casussen/%d/uitnodigingen", caseID), url.Values{"name": {"Opa Henk"},
		"email": {"opa.henk@example.nl"}, "role": {"family"}, "days": {"7"}, "mail_lang": {"en"}})
	page := body(t, res)
	if res.StatusCode != 201 || !strings.Contains(page, "ook per e-mail verstuurd naar opa.henk@example.nl") {
		t.Fatalf("invite: %d\n%s", res.StatusCode, page)
	}
	if n, _ := e.db.Mail.MailQueueLength(ctx); n != 1 {
		t.Fatalf("queue %d, want 1", n)
	}

	smtp.SetMode(t, "refuse")
	if n := outbox.RunOnce(ctx); n != 0 {
		t.Fatalf("delivered %d to a refusing server", n)
	}
	_, page = e.get(fac, "/")
	m := retryFormRe.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "E-mail niet verzonden") || !strings.Contains(page, "550") || !strings.Contains(page, "opa.henk@example.nl") {
		t.Fatalf("the author's start page does not show the failure:\n%s", page)
	}
	other := e.login("hulpverlener@demo.test")
	if _, p := e.get(other, "/"); strings.Contains(p, "E-mail niet verzonden") {
		t.Error("another user sees the failure")
	}
	if res := e.post(other, "/e-mail/"+m[1]+"/opnieuw", url.Values{"next": {"/"}}); res.StatusCode != 404 {
		t.Errorf("retry by another user: %d, want 404", res.StatusCode)
	}

	smtp.SetMode(t, "accept")
	if res := e.post(fac, "/e-mail/"+m[1]+"/opnieuw", url.Values{"next": {"/"}}); res.StatusCode != 303 || res.Header.Get("Location") != "/" {
		t.Fatalf("retry: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if n := outbox.RunOnce(ctx); n != 1 {
		t.Fatalf("delivered %d after the retry, want 1", n)
	}
	got := smtp.WaitMessages(t, 1, 5*time.Second)[0]
	if got.Rcpt[0] != "opa.henk@example.nl" || got.Subject != "Invitation to Rotonde" ||
		!strings.Contains(got.Text, "Dear Opa Henk") || !strings.Contains(got.Text, "https://rotonde.example.nl/uitnodiging/") ||
		!strings.Contains(got.HTML, `href="https://rotonde.example.nl/uitnodiging/`) {
		t.Errorf("received %q to %v:\n%s", got.Subject, got.Rcpt, got.Text)
	}
	// Nothing about the case itself travels by e-mail.
	if c, _, err := e.db.Cases.Case(ctx, mustUser(t, e, "facilitator@demo.test"), caseID); err == nil && strings.Contains(got.Text, c.Title) {
		t.Errorf("the mail names the case %q", c.Title)
	}
	if _, p := e.get(fac, "/"); strings.Contains(p, "E-mail niet verzonden") {
		t.Error("the failure is still shown after delivery")
	}
}

var mailedCodeRe = regexp.MustCompile(`code: ([A-Z2-9]{4}(?:-[A-Z2-9]{4}){4})`)

// With e-mail, a password reset mails the code to the member, in the
// language the member chose, and the administrator never sees it.
func TestResetCodeIsMailedNotShown(t *testing.T) {
	e, outbox, smtp := newMailEnv(t)
	ctx := context.Background()
	member := mustUser(t, e, "ouder@demo.test")
	if res := e.post(e.login(member.Email), "/taal", url.Values{"lang": {"en"}, "next": {"/"}}); res.StatusCode != 303 {
		t.Fatalf("choose English: %d", res.StatusCode)
	}
	admin := e.login("beheer@demo.test")
	res := e.post(admin, "/beheer/gebruikers/"+itoa(member.ID)+"/wachtwoord-herstellen", nil)
	page := body(t, res)
	if res.StatusCode != 200 || resetCodeRe.MatchString(page) || strings.Contains(page, "/wachtwoord-kiezen?code=") ||
		!strings.Contains(page, "per e-mail verstuurd naar ouder@demo.test") {
		t.Fatalf("reset with mail: %d\n%s", res.StatusCode, page)
	}
	if n := outbox.RunOnce(ctx); n != 1 {
		t.Fatalf("delivered %d", n)
	}
	got := smtp.WaitMessages(t, 1, 5*time.Second)[0]
	m := mailedCodeRe.FindStringSubmatch(got.Text)
	if got.Rcpt[0] != member.Email || got.Subject != "Choose a new password for Rotonde" || m == nil ||
		!strings.Contains(got.Text, "https://rotonde.example.nl/wachtwoord-kiezen?code="+m[1]) {
		t.Fatalf("reset mail %q:\n%s", got.Subject, got.Text)
	}
	chosen := "zelf gekozen wachtwoord"
	if res := e.post(e.client(), "/wachtwoord-kiezen", url.Values{"code": {m[1]}, "new": {chosen}, "repeat": {chosen}}); res.StatusCode != 200 {
		t.Fatalf("choose password with the mailed code: %d", res.StatusCode)
	}
	if res := e.post(e.client(), "/login", url.Values{"email": {member.Email}, "password": {chosen}}); res.StatusCode != 303 {
		t.Errorf("login with the new password: %d", res.StatusCode)
	}
}

// Planning a meeting mails everyone who finds it on their start page, each
// in their own language, with the calendar file; a guest's invitation goes
// to the address typed in.
func TestMeetingPlanAndGuestMail(t *testing.T) {
	e, outbox, smtp := newMailEnv(t)
	ctx := context.Background()
	fac := mustUser(t, e, "facilitator@demo.test")
	meetings, err := e.db.Meetings.UpcomingMeetings(ctx, fac)
	if err != nil {
		t.Fatal(err)
	}
	var mid int64
	for _, m := range meetings {
		if m.FacilitatorID == fac.ID && m.Status != "live" && m.CaseID != 0 {
			mid = m.ID
		}
	}
	if mid == 0 {
		t.Fatal("the demo facilitator has no planned case meeting")
	}
	if res := e.post(e.login("hulpverlener@demo.test"), "/taal", url.Values{"lang": {"en"}, "next": {"/"}}); res.StatusCode != 303 {
		t.Fatal("choose English")
	}
	c := e.login(fac.Email)
	day := time.Now().AddDate(0, 0, 10).Format("2006-01-02")
	if res := e.post(c, fmt.Sprintf("/bijeenkomsten/%d/planning", mid), url.Values{"date": {day}, "time": {"14:30"}, "place": {"Wijkcentrum De Linde"}}); res.StatusCode != 303 {
		t.Fatalf("plan: %d %s", res.StatusCode, body(t, res))
	}
	n := outbox.RunOnce(ctx)
	if n < 2 {
		t.Fatalf("plan delivered to %d, want the case members (at least 2)", n)
	}
	byRcpt := map[string]smtptest.Message{}
	for _, m := range smtp.WaitMessages(t, n, 5*time.Second) {
		byRcpt[m.Rcpt[0]] = m
	}
	if _, ok := byRcpt[fac.Email]; ok {
		t.Error("the facilitator mailed themselves")
	}
	en, nl := byRcpt["hulpverlener@demo.test"], byRcpt["ouder@demo.test"]
	if !strings.HasPrefix(en.Subject, "Learning meeting") || !strings.HasPrefix(nl.Subject, "Leerbijeenkomst") {
		t.Errorf("subjects: %q / %q", en.Subject, nl.Subject)
	}
	ics := string(nl.Attachments[fmt.Sprintf("bijeenkomst-%d.ics", mid)])
	if !strings.Contains(ics, "BEGIN:VCALENDAR") || !strings.Contains(ics, "LOCATION:Wijkcentrum De Linde") || !strings.Contains(nl.Text, "Wijkcentrum De Linde") {
		t.Errorf("calendar file:\n%s\ntext:\n%s", ics, nl.Text)
	}
	if cs, _, err := e.db.Cases.Case(ctx, fac, e.demoCaseID()); err == nil && (strings.Contains(ics, cs.Title) || strings.Contains(nl.Text, cs.Title)) {
		t.Errorf("the plan mail names the case %q", cs.Title)
	}

	res := e.post(c, fmt.Sprintf("/bijeenkomsten/%d/gasten", mid), url.Values{"name": {"Wethouder"}, "email": {"wethouder@gemeente.example.nl"}, "mail_lang": {"nl"}})
	if page := body(t, res); res.StatusCode != 201 || !strings.Contains(page, "per e-mail verstuurd naar wethouder@gemeente.example.nl") {
		t.Fatalf("guest: %d\n%s", res.StatusCode, page)
	}
	if res := e.post(c, fmt.Sprintf("/bijeenkomsten/%d/gasten", mid), url.Values{"name": {"Iemand"}, "email": {"geen adres"}}); res.StatusCode != 422 {
		t.Errorf("guest with a bad address: %d, want 422", res.StatusCode)
	}
	if outbox.RunOnce(ctx) != 1 {
		t.Fatal("guest mail not delivered")
	}
	all := smtp.WaitMessages(t, n+1, 5*time.Second)
	g := all[len(all)-1]
	if g.Rcpt[0] != "wethouder@gemeente.example.nl" || !strings.Contains(g.Text, "https://rotonde.example.nl/gast/g_") {
		t.Errorf("guest mail to %v:\n%s", g.Rcpt, g.Text)
	}
}

// A request for erasure is mailed to everyone who may decide on it, with
// its deadline and a link, never to whoever asked, and without naming the
// case or the person.
func TestErasureRequestIsMailedToItsDeciders(t *testing.T) {
	e, outbox, smtp := newMailEnv(t)
	asker := mustUser(t, e, "facilitator@demo.test")
	c := e.login(asker.Email)
	res := e.post(c, "/casussen/"+itoa(e.demoCaseID())+"/wissen", url.Values{"name": {"Tante Wil"}, "reason": {"Zij wil niet meer in het geno-sociogram staan."}})
	if res.StatusCode != 303 {
		t.Fatalf("request erasure: %d %s", res.StatusCode, body(t, res))
	}
	n := outbox.RunOnce(context.Background())
	if n == 0 {
		t.Fatal("nobody was told of the request")
	}
	link := regexp.MustCompile(`https://rotonde\.example\.nl/privacy/verzoeken/\d+`)
	for _, m := range smtp.WaitMessages(t, n, 5*time.Second) {
		if m.Rcpt[0] == asker.Email {
			t.Errorf("the person who asked was mailed as a decider")
		}
		if !strings.Contains(m.Subject, "wissen") && !strings.Contains(m.Subject, "erasure") || !link.MatchString(m.Text) ||
			strings.Contains(m.Text, "Noor") || strings.Contains(m.Text, "Tante Wil") {
			t.Errorf("erasure mail to %s %q:\n%s", m.Rcpt[0], m.Subject, m.Text)
		}
		if !regexp.MustCompile(`\d{2}-\d{2}-\d{4}|\d{1,2} [A-Z][a-z]+ \d{4}`).MatchString(m.Text) {
			t.Errorf("erasure mail without its deadline:\n%s", m.Text)
		}
	}
}
