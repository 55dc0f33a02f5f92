package rotonde

import (
	"context"
	"sync"
	"time"
)

// Kinds of e-mail Rotonde sends.
const (
	MailInvitation = "invitation" // a family member or observer invited to a case
	MailGuest      = "guest"      // a guest invited to a meeting
	MailPlan       = "plan"       // a meeting planned, with its calendar file
	MailReset      = "reset"      // a password-reset code for a member
	MailErasure    = "erasure"    // a request for erasure waiting for the recipient's decision, with its deadline
)

// OutgoingMail is one e-mail to one recipient, composed in the recipient's
// language. It is stored in the outbox in the transaction of the change
// that causes it and delivered later by the sender; until it is delivered
// nothing of it is lost, and its author sees on the page of Ref whether
// sending failed and may try again.
type OutgoingMail struct {
	ID        int64
	Kind      string // MailInvitation, MailGuest, MailPlan, MailReset or MailErasure
	Ref       string // what it belongs to, e.g. "invitation:12", "meeting:3", "user:7"
	To        string
	Lang      string // "nl" or "en"
	CreatedBy int64  // the user whose action caused it; 0 for the system
	CreatedAt time.Time

	Subject        string
	Text           string // the plain-text part
	HTML           string // the HTML part; empty for text only
	AttachmentName string // e.g. "bijeenkomst-3.ics"; empty for none
	AttachmentType string // e.g. "text/calendar; method=PUBLISH; charset=utf-8"
	Attachment     []byte

	Attempts    int
	NextAttempt time.Time
	LastError   string    // the last delivery failure, for the page; empty when none
	SentAt      time.Time // zero until delivered
}

// Failed reports whether at least one delivery attempt failed and the
// message has not been delivered since.
func (m *OutgoingMail) Failed() bool { return m.SentAt.IsZero() && m.LastError != "" }

// MailStore is the outbox.
type MailStore interface {
	// EnqueueMail stores messages on their own, outside any other change.
	EnqueueMail(ctx context.Context, msgs ...*OutgoingMail) error
	// ClaimDueMail returns up to limit undelivered messages whose next
	// attempt is due at now, oldest first, with their content, and holds
	// them for lease (their next attempt moves to now+lease) so that no
	// other instance sends them meanwhile.
	ClaimDueMail(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*OutgoingMail, error)
	// MailDelivered marks a message delivered and forgets its content.
	MailDelivered(ctx context.Context, id int64, now time.Time) error
	// MailFailed records a failed attempt and when to try again.
	MailFailed(ctx context.Context, id int64, reason string, next time.Time) error
	// OutgoingMailFor lists the undelivered messages the actor caused for
	// the given refs (all when none), without their content.
	OutgoingMailFor(ctx context.Context, actor *User, refs ...string) ([]OutgoingMail, error)
	// RetryMail makes an undelivered message of the actor due now; another
	// actor's message, or one that is delivered, is ENotFound.
	RetryMail(ctx context.Context, actor *User, id int64) (*OutgoingMail, error)
	// MailQueueLength counts the undelivered messages.
	MailQueueLength(ctx context.Context) (int, error)
	// SetUserLanguage remembers the language a user chose, for their e-mail.
	SetUserLanguage(ctx context.Context, userID int64, lang string) error
	// UserLanguage is the language a user chose; "nl" when they chose none.
	UserLanguage(ctx context.Context, userID int64) (string, error)
	// MeetingPlanRecipients are the people a meeting's plan is mailed to:
	// those who may open it and find it on their start page, except the
	// actor, who must be its facilitator.
	MeetingPlanRecipients(ctx context.Context, actor *User, meetingID int64) ([]User, error)
}

// PendingMail holds the messages one change will cause. The HTTP layer puts
// one in the context of the storage call that makes the change; storage
// writes them inside that call's write transaction, so that the change and
// its messages commit together or not at all.
type PendingMail struct {
	mu    sync.Mutex
	msgs  []*OutgoingMail
	taken bool
}

type pendingMailKey struct{}

// WithPendingMail returns ctx carrying msgs for the next write transaction.
func WithPendingMail(ctx context.Context, msgs ...*OutgoingMail) (context.Context, *PendingMail) {
	p := &PendingMail{msgs: msgs}
	return context.WithValue(ctx, pendingMailKey{}, p), p
}

// PendingMailFrom returns the pending messages of ctx, or nil.
func PendingMailFrom(ctx context.Context) *PendingMail {
	p, _ := ctx.Value(pendingMailKey{}).(*PendingMail)
	return p
}

// Take removes and returns the messages, once; a transaction that takes
// them must write them before it commits.
func (p *PendingMail) Take() []*OutgoingMail {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	m := p.msgs
	p.msgs, p.taken = nil, p.taken || len(m) > 0
	return m
}

// Left returns the messages no transaction took (a change that wrote
// nothing through a write transaction).
func (p *PendingMail) Left() []*OutgoingMail {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.msgs
}
