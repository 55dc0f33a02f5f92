package mail

import (
	"context"
	"log/slog"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// Outbox delivers the stored messages: every Poll, and at once after Wake,
// it claims the due messages and sends them one by one. A failed message
// stays in the outbox and is tried again after a backoff that doubles from
// MinBackoff to MaxBackoff; it is never dropped. Its author sees the failure
// on the page and can make it due at once.
type Outbox struct {
	Store rotonde.MailStore
	Send  func(context.Context, *rotonde.OutgoingMail) error
	Log   *slog.Logger
	Now   func() time.Time
	// Poll is the time between looks at the outbox (default 10 s).
	Poll time.Duration
	// MinBackoff and MaxBackoff bound the wait after a failure (defaults
	// 1 minute and 1 hour).
	MinBackoff, MaxBackoff time.Duration
	// Lease is how long a claimed message is held for this instance
	// (default 5 minutes); longer than one delivery may take.
	Lease time.Duration

	wake chan struct{}
}

// NewOutbox makes an outbox with the defaults.
func NewOutbox(store rotonde.MailStore, send func(context.Context, *rotonde.OutgoingMail) error, log *slog.Logger) *Outbox {
	return &Outbox{Store: store, Send: send, Log: log, Now: func() time.Time { return time.Now().UTC() },
		Poll: 10 * time.Second, MinBackoff: time.Minute, MaxBackoff: time.Hour, Lease: 5 * time.Minute,
		wake: make(chan struct{}, 1)}
}

// Wake asks for a look at the outbox now (after a message was stored or a
// retry asked for). It never blocks; a nil outbox ignores it.
func (o *Outbox) Wake() {
	if o == nil {
		return
	}
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// Backoff is the wait after the n-th failed attempt (n ≥ 1).
func (o *Outbox) Backoff(n int) time.Duration {
	d := o.MinBackoff
	for i := 1; i < n && d < o.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, o.MaxBackoff)
}

// Run delivers until ctx ends.
func (o *Outbox) Run(ctx context.Context) {
	t := time.NewTicker(o.Poll)
	defer t.Stop()
	for {
		o.RunOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-o.wake:
		}
	}
}

// RunOnce sends every message due now and reports how many were delivered.
func (o *Outbox) RunOnce(ctx context.Context) int {
	delivered := 0
	for ctx.Err() == nil {
		due, err := o.Store.ClaimDueMail(ctx, o.Now(), o.Lease, 20)
		if err != nil {
			o.Log.ErrorContext(ctx, "outbox: reading the due mail failed", "err", err)
			return delivered
		}
		if len(due) == 0 {
			return delivered
		}
		for _, m := range due {
			if ctx.Err() != nil {
				return delivered
			}
			if err := o.Send(ctx, m); err != nil {
				next := o.Now().Add(o.Backoff(m.Attempts + 1))
				// The address is not logged: the outbox row names it.
				o.Log.WarnContext(ctx, "outbox: sending failed; will retry", "id", m.ID, "kind", m.Kind,
					"attempt", m.Attempts+1, "next", next, "err", err)
				if ferr := o.Store.MailFailed(context.WithoutCancel(ctx), m.ID, err.Error(), next); ferr != nil {
					o.Log.ErrorContext(ctx, "outbox: recording a failure failed", "id", m.ID, "err", ferr)
				}
				continue
			}
			if err := o.Store.MailDelivered(context.WithoutCancel(ctx), m.ID, o.Now()); err != nil {
				// Sent but not marked: it is sent again after the lease,
				// a duplicate rather than a loss.
				o.Log.ErrorContext(ctx, "outbox: marking a message delivered failed", "id", m.ID, "err", err)
				continue
			}
			delivered++
			o.Log.InfoContext(ctx, "outbox: delivered", "id", m.ID, "kind", m.Kind)
		}
	}
	return delivered
}
