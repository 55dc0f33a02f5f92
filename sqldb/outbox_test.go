package sqldb_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// A message is stored in the transaction of the change that causes it: a
// change that commits stores it, one that rolls back stores nothing.
func TestOutboxCommitsWithTheChange(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		msg := func(to string) *rotonde.OutgoingMail {
			return &rotonde.OutgoingMail{Kind: rotonde.MailReset, Ref: "users", To: to, Lang: "en", CreatedBy: 7,
				Subject: "Choose a new password", Text: "code ABCD-EFGH", HTML: "<p>code</p>",
				AttachmentName: "a.ics", AttachmentType: "text/calendar", Attachment: []byte("BEGIN:VCALENDAR")}
		}
		// Rolled back: nothing.
		cctx, p := rotonde.WithPendingMail(ctx, msg("weg@a.test"))
		boom := errors.New("boom")
		err := db.WriteTx(cctx, func(tx *sqldb.Tx) error {
			_, err := tx.Exec(cctx, `INSERT INTO write_probe (id, written_at) VALUES (1, ?)`, time.Now().UTC())
			if err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("WriteTx: %v", err)
		}
		if n, _ := db.Mail.MailQueueLength(ctx); n != 0 {
			t.Fatalf("a rolled-back change left %d message(s)", n)
		}
		_ = p
		// Committed: stored, sealed, and delivered from the outbox.
		cctx, p = rotonde.WithPendingMail(ctx, msg("lid@a.test"))
		if err := db.WriteTx(cctx, func(tx *sqldb.Tx) error { return nil }); err != nil {
			t.Fatal(err)
		}
		if len(p.Left()) != 0 {
			t.Fatal("the transaction did not take the message")
		}
		if n, _ := db.Mail.MailQueueLength(ctx); n != 1 {
			t.Fatalf("queue length %d, want 1", n)
		}
		var stored string
		if err := db.WriteTx(ctx, func(tx *sqldb.Tx) error {
			return tx.QueryRow(ctx, `SELECT payload FROM mail_outbox`).Scan(&stored)
		}); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(stored, "v1:") || strings.Contains(stored, "ABCD-EFGH") {
			t.Errorf("payload is not sealed: %.80q", stored)
		}
		now := time.Now().UTC()
		due, err := db.Mail.ClaimDueMail(ctx, now, time.Minute, 10)
		if err != nil || len(due) != 1 {
			t.Fatalf("ClaimDueMail: %d, %v", len(due), err)
		}
		m := due[0]
		if m.To != "lid@a.test" || m.Lang != "en" || m.Text != "code ABCD-EFGH" || string(m.Attachment) != "BEGIN:VCALENDAR" || m.AttachmentName != "a.ics" {
			t.Errorf("claimed message %+v", m)
		}
		// Claimed: not due again within the lease.
		if again, _ := db.Mail.ClaimDueMail(ctx, now.Add(30*time.Second), time.Minute, 10); len(again) != 0 {
			t.Errorf("a claimed message was claimed again within its lease")
		}
		author, other := &rotonde.User{ID: 7}, &rotonde.User{ID: 8}
		mailFails(t, db, m.ID, author, now)
		if theirs, _ := db.Mail.OutgoingMailFor(ctx, other); len(theirs) != 0 {
			t.Errorf("another user sees %d message(s)", len(theirs))
		}
		if _, err := db.Mail.RetryMail(ctx, other, m.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("RetryMail by another user: %v, want ENotFound", err)
		}
		if _, err := db.Mail.RetryMail(ctx, author, m.ID); err != nil {
			t.Fatal(err)
		}
		due, err = db.Mail.ClaimDueMail(ctx, time.Now().UTC().Add(time.Second), time.Minute, 10)
		if err != nil || len(due) != 1 {
			t.Fatalf("after retry: %d due, %v", len(due), err)
		}
		if err := db.Mail.MailDelivered(ctx, m.ID, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		if n, _ := db.Mail.MailQueueLength(ctx); n != 0 {
			t.Errorf("queue length %d after delivery", n)
		}
		if err := db.WriteTx(ctx, func(tx *sqldb.Tx) error {
			return tx.QueryRow(ctx, `SELECT payload FROM mail_outbox`).Scan(&stored)
		}); err != nil || stored != "" {
			t.Errorf("a delivered message keeps its content: %q, %v", stored, err)
		}
		if _, err := db.Mail.RetryMail(ctx, author, m.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("RetryMail of a delivered message: %v, want ENotFound", err)
		}
	})
}

func TestUserLanguage(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		u := testenv.MustUser(t, db, &rotonde.User{Email: "taal@a.test", Name: "Taal", Role: rotonde.RoleFamily}, "een-wachtwoord-1")
		if l, err := db.Mail.UserLanguage(ctx, u.ID); err != nil || l != "nl" {
			t.Fatalf("default: %q, %v", l, err)
		}
		for _, want := range []string{"en", "nl", "en"} {
			if err := db.Mail.SetUserLanguage(ctx, u.ID, want); err != nil {
				t.Fatal(err)
			}
			if l, _ := db.Mail.UserLanguage(ctx, u.ID); l != want {
				t.Errorf("language %q, want %q", l, want)
			}
		}
		if err := db.Mail.SetUserLanguage(ctx, u.ID, "de"); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("German: %v", err)
		}
	})
}

// mailFails records a failed attempt of message id and checks that its
// author sees it with the reason. A long reason is cut at 500 characters,
// never inside one ("ş" across the 500th byte: PostgreSQL refuses half a
// character).
func mailFails(t *testing.T, db *sqldb.DB, id int64, author *rotonde.User, now time.Time) {
	t.Helper()
	ctx := context.Background()
	reason := "RCPT TO: the mail server answered 550 " + strings.Repeat("n", 461) + "şen Öztürk"
	if err := db.Mail.MailFailed(ctx, id, reason, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	mine, err := db.Mail.OutgoingMailFor(ctx, author)
	if err != nil || len(mine) != 1 || !mine[0].Failed() || !strings.Contains(mine[0].LastError, "550") || mine[0].Attempts != 1 {
		t.Fatalf("OutgoingMailFor author: %+v, %v", mine, err)
	}
	if got := mine[0].LastError; !utf8.ValidString(got) || utf8.RuneCountInString(got) != 500 || !strings.HasSuffix(got, "nş") {
		t.Errorf("the reason kept: %d characters, UTF-8 %v, ends %q", utf8.RuneCountInString(got), utf8.ValidString(got), got[max(0, len(got)-6):])
	}
}
