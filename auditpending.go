package rotonde

import (
	"context"
	"sync"
)

// PendingAudit holds the access-log records of one request that have not
// been written yet. The HTTP layer puts one in the request's context before
// the handler runs; storage takes its records inside the write transaction
// of the change they describe, so that a change and its record commit
// together or not at all. Records nobody took (reads, refusals, failed
// writes) are written by the HTTP layer once the handler has finished.
type PendingAudit struct {
	mu       sync.Mutex
	entries  []*AuditEntry
	complete map[*AuditEntry]func(*AuditEntry)
}

type pendingAuditKey struct{}

// WithPendingAudit returns ctx carrying p.
func WithPendingAudit(ctx context.Context, p *PendingAudit) context.Context {
	return context.WithValue(ctx, pendingAuditKey{}, p)
}

// PendingAuditFrom returns the pending records of ctx, or nil.
func PendingAuditFrom(ctx context.Context) *PendingAudit {
	p, _ := ctx.Value(pendingAuditKey{}).(*PendingAudit)
	return p
}

// Add queues records to be written with the next write transaction (or by
// the HTTP layer at the end of the request).
func (p *PendingAudit) Add(entries ...*AuditEntry) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.entries = append(p.entries, entries...)
}

// AddCompleted queues e like Add, with complete to fill in what is known only
// once the change has been made (the id of what it created). Take calls
// complete, so a write transaction calls it after its change, just before it
// writes the record.
func (p *PendingAudit) AddCompleted(e *AuditEntry, complete func(*AuditEntry)) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.entries = append(p.entries, e)
	if p.complete == nil {
		p.complete = make(map[*AuditEntry]func(*AuditEntry))
	}
	p.complete[e] = complete
}

// Take removes and returns the queued records. A storage transaction that
// takes records must write them before it commits; if it rolls back it
// must give them back with Restore, so that the HTTP layer still logs the
// attempt.
func (p *PendingAudit) Take() []*AuditEntry {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	e := p.entries
	p.entries = nil
	var complete []func(*AuditEntry)
	var completed []*AuditEntry
	for _, x := range e {
		if f, ok := p.complete[x]; ok {
			complete, completed = append(complete, f), append(completed, x)
			delete(p.complete, x)
		}
	}
	p.mu.Unlock()
	for i, f := range complete {
		f(completed[i])
	}
	return e
}

// Restore puts back records taken by a transaction that did not commit.
func (p *PendingAudit) Restore(entries []*AuditEntry) {
	if p == nil || len(entries) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.entries = append(entries, p.entries...)
}
