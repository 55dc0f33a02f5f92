package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/runes"
	"github.com/rotonde-jeugd/rotonde/seal"
)

// The outbox (migration 023). A message's content (subject, parts,
// attachment) is one JSON payload, sealed like the other secrets at rest when
// the database has a key: it may carry a reset code or an invitation link.
// Once delivered, the payload is emptied and the row stays as a record.

func mailAD(id int64) string { return "mail_outbox.payload/id=" + strconv.FormatInt(id, 10) }

type mailPayload struct {
	Subject        string `json:"subject"`
	Text           string `json:"text"`
	HTML           string `json:"html,omitempty"`
	AttachmentName string `json:"attachment_name,omitempty"`
	AttachmentType string `json:"attachment_type,omitempty"`
	Attachment     []byte `json:"attachment,omitempty"`
}

// writePendingMail stores the messages the context carries, inside tx; it
// runs in every write transaction just before the commit.
func (db *store) writePendingMail(ctx context.Context, tx *Tx) error {
	for _, m := range rotonde.PendingMailFrom(ctx).Take() {
		if err := db.insertMail(ctx, tx, m); err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
	}
	return nil
}

func (db *store) insertMail(ctx context.Context, tx *Tx, m *rotonde.OutgoingMail) error {
	if m.Lang != "en" {
		m.Lang = "nl"
	}
	now := db.Now()
	if m.CreatedAt.IsZero() {
		m.CreatedAt = now
	}
	if m.NextAttempt.IsZero() {
		m.NextAttempt = now
	}
	if err := tx.QueryRow(ctx, `INSERT INTO mail_outbox (kind, ref, recipient, lang, created_by, created_at, next_attempt_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		m.Kind, m.Ref, m.To, m.Lang, m.CreatedBy, m.CreatedAt, m.NextAttempt).Scan(&m.ID); err != nil {
		return err
	}
	b, err := json.Marshal(mailPayload{Subject: m.Subject, Text: m.Text, HTML: m.HTML,
		AttachmentName: m.AttachmentName, AttachmentType: m.AttachmentType, Attachment: m.Attachment})
	if err != nil {
		return err
	}
	payload := string(b)
	// Without a key (some tests, tools) the payload stays plain; `serve`
	// always has one and seals plain payloads at start (UseSealer).
	if s := db.sealer.Load(); s != nil {
		payload = s.Seal(payload, mailAD(m.ID))
	}
	_, err = tx.Exec(ctx, `UPDATE mail_outbox SET payload = ? WHERE id = ?`, payload, m.ID)
	return err
}

// EnqueueMail stores messages on their own transaction.
func (db *MailService) EnqueueMail(ctx context.Context, msgs ...*rotonde.OutgoingMail) error {
	if len(msgs) == 0 {
		return nil
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		for _, m := range msgs {
			if err := db.insertMail(ctx, tx, m); err != nil {
				return fmt.Errorf("outbox: %w", err)
			}
		}
		return nil
	})
}

const mailColumns = `id, kind, ref, recipient, lang, created_by, created_at, attempts, next_attempt_at, last_error, sent_at`

func scanMail(sc interface{ Scan(...any) error }, m *rotonde.OutgoingMail, extra ...any) error {
	var sent sql.NullTime
	if err := sc.Scan(append([]any{&m.ID, &m.Kind, &m.Ref, &m.To, &m.Lang, &m.CreatedBy, &m.CreatedAt, &m.Attempts,
		&m.NextAttempt, &m.LastError, &sent}, extra...)...); err != nil {
		return err
	}
	if sent.Valid {
		m.SentAt = sent.Time
	}
	return nil
}

// ClaimDueMail returns up to limit undelivered messages due at now, oldest
// first, and moves their next attempt to now+lease, so that another
// instance sharing the database does not send them as well meanwhile.
func (db *MailService) ClaimDueMail(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*rotonde.OutgoingMail, error) {
	var out []*rotonde.OutgoingMail
	err := db.WriteTx(ctx, func(tx *Tx) error {
		out = nil
		var due []*rotonde.OutgoingMail
		var payloads []string
		if err := eachRow(ctx, tx, func(rows *sql.Rows) error {
			m := &rotonde.OutgoingMail{}
			var payload string
			if err := scanMail(rows, m, &payload); err != nil {
				return err
			}
			due, payloads = append(due, m), append(payloads, payload)
			return nil
		}, `SELECT `+mailColumns+`, payload FROM mail_outbox
			WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`, now, limit); err != nil {
			return fmt.Errorf("due mail: %w", err)
		}
		for i, m := range due {
			// On PostgreSQL a concurrent claim re-reads the row after the
			// other commits, finds it no longer due and updates nothing.
			res, err := tx.Exec(ctx, `UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ? AND sent_at IS NULL AND next_attempt_at <= ?`,
				now.Add(lease), m.ID, now)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				continue
			}
			if err := db.openPayload(m, payloads[i]); err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

func (db *store) openPayload(m *rotonde.OutgoingMail, stored string) error {
	plain := stored
	if seal.IsSealed(stored) {
		var err error
		if plain, err = db.open(stored, mailAD(m.ID)); err != nil {
			return err
		}
	}
	var p mailPayload
	if err := json.Unmarshal([]byte(plain), &p); err != nil {
		return fmt.Errorf("outbox message %d: %w", m.ID, err)
	}
	m.Subject, m.Text, m.HTML = p.Subject, p.Text, p.HTML
	m.AttachmentName, m.AttachmentType, m.Attachment = p.AttachmentName, p.AttachmentType, p.Attachment
	return nil
}

// MailDelivered marks a message delivered and empties its payload.
func (db *MailService) MailDelivered(ctx context.Context, id int64, now time.Time) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `UPDATE mail_outbox SET sent_at = ?, payload = '', attempts = attempts + 1, last_error = ''
			WHERE id = ? AND sent_at IS NULL`, now, id)
		return err
	})
}

// MailFailed records a failed attempt; reason is shown to the author.
func (db *MailService) MailFailed(ctx context.Context, id int64, reason string, next time.Time) error {
	reason = runes.Cut(reason, 500)
	return db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
			WHERE id = ? AND sent_at IS NULL`, reason, next, id)
		return err
	})
}

// OutgoingMailFor lists the actor's undelivered messages for refs (all
// refs when none is given), newest first, at most 50.
func (db *MailService) OutgoingMailFor(ctx context.Context, actor *rotonde.User, refs ...string) ([]rotonde.OutgoingMail, error) {
	if actor == nil {
		return nil, nil
	}
	args := []any{actor.ID}
	cond := ""
	if len(refs) > 0 {
		for _, r := range refs {
			args = append(args, r)
		}
		cond = ` AND ref IN (?` + strings.Repeat(", ?", len(refs)-1) + `)`
	}
	return readList(ctx, db.store, "outgoing mail", func(r scanner) (m rotonde.OutgoingMail, err error) {
		err = scanMail(r, &m)
		return m, err
	}, `SELECT `+mailColumns+` FROM mail_outbox
		WHERE created_by = ? AND sent_at IS NULL`+cond+` ORDER BY id DESC LIMIT 50`, args...)
}

// RetryMail makes one of the actor's undelivered messages due now.
func (db *MailService) RetryMail(ctx context.Context, actor *rotonde.User, id int64) (*rotonde.OutgoingMail, error) {
	if actor == nil {
		return nil, rotonde.E(rotonde.EUnauthorized, "err.sqldb.log_in_first")
	}
	m := &rotonde.OutgoingMail{}
	err := db.WriteTx(ctx, func(tx *Tx) error {
		err := scanMail(tx.QueryRow(ctx, `SELECT `+mailColumns+` FROM mail_outbox WHERE id = ? AND created_by = ? AND sent_at IS NULL`,
			id, actor.ID), m)
		if isNoRows(err) {
			return rotonde.E(rotonde.ENotFound, "err.sqldb.this_message_does_not_exist_or")
		}
		if err != nil {
			return err
		}
		m.NextAttempt = db.Now()
		_, err = tx.Exec(ctx, `UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ?`, m.NextAttempt, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// MailQueueLength counts the undelivered messages.
func (db *MailService) MailQueueLength(ctx context.Context) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL`).Scan(&n)
	return n, err
}

// SetUserLanguage remembers a user's language ("nl" or "en").
func (db *MailService) SetUserLanguage(ctx context.Context, userID int64, lang string) error {
	if lang != "nl" && lang != "en" {
		return rotonde.E(rotonde.EInvalid, "err.web.choose_dutch_or_english")
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO user_languages (user_id, lang) VALUES (?, ?)
			ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang`, userID, lang)
		return err
	})
}

// UserLanguage is the user's chosen language, "nl" without a choice.
func (db *MailService) UserLanguage(ctx context.Context, userID int64) (string, error) {
	var lang string
	err := db.queryRow(ctx, `SELECT lang FROM user_languages WHERE user_id = ?`, userID).Scan(&lang)
	if isNoRows(err) {
		return "nl", nil
	}
	return lang, err
}

// MeetingPlanRecipients are the people who find a meeting's invitation on
// their start page — the members of its case, its facilitator and the
// participants with an account — who may open it now, except the actor.
// Only the meeting's facilitator may ask.
func (db *MailService) MeetingPlanRecipients(ctx context.Context, actor *rotonde.User, id int64) ([]rotonde.User, error) {
	a, err := db.meetingAccess(ctx, db.reader, meeting.Viewer{User: actor}, id)
	if err != nil {
		return nil, err
	}
	if !a.Facilitate {
		return nil, forbidden()
	}
	users, err := db.usersWhere(ctx, `SELECT u.id FROM users u WHERE u.disabled = ? AND u.id <> ? AND (
			u.id IN (SELECT cm.user_id FROM case_members cm JOIN meetings m ON m.case_id = cm.case_id WHERE m.id = ?)
			OR u.id IN (SELECT m.facilitator_id FROM meetings m WHERE m.id = ?)
			OR u.id IN (SELECT p.user_id FROM meeting_participants p WHERE p.meeting_id = ? AND p.user_id IS NOT NULL))
		ORDER BY u.id`, false, actor.ID, id, id, id)
	if err != nil {
		return nil, fmt.Errorf("plan recipients: %w", err)
	}
	var out []rotonde.User
	for _, u := range users {
		// The same rule as the start page: consent or legal basis for
		// someone of another organisation, and the meeting still open.
		if _, err := db.meetingAccess(ctx, db.reader, meeting.Viewer{User: u}, id); err != nil {
			if rotonde.ErrorCodeOf(err) == rotonde.ENotFound || rotonde.ErrorCodeOf(err) == rotonde.EForbidden {
				continue
			}
			return nil, err
		}
		out = append(out, *u)
	}
	return out, nil
}

// usersWhere loads the accounts whose ids query q returns, in its order.
func (db *store) usersWhere(ctx context.Context, q string, args ...any) ([]*rotonde.User, error) {
	ids, err := db.reader.ids(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	out := make([]*rotonde.User, 0, len(ids))
	for _, uid := range ids {
		u, err := (&UserService{db}).User(ctx, uid)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}
