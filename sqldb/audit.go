package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

var _ rotonde.AuditService = (*AuditService)(nil)

// forUpdate locks the selected row on PostgreSQL, where several instances
// may change it at once. SQLite needs no such clause: its write transactions
// start IMMEDIATE and are serialized.
func (db *store) forUpdate() string {
	if db.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// AppendAudit extends the chain and returns once the records are durable.
// Concurrent callers are committed together: one goroutine writes whatever
// has queued up while the previous transaction was committing, so a burst of
// page views costs one fsync, not one each. The head row is locked for the
// length of the transaction, so instances sharing PostgreSQL still form one chain.
func (db *AuditService) AppendAudit(ctx context.Context, entries ...*rotonde.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	db.auditOnce.Do(db.startAuditWriter)
	req := auditRequest{entries: entries, done: make(chan error, 1)}
	select {
	case db.auditQueue <- req:
	case <-ctx.Done():
		return ctx.Err()
	case <-db.closed:
		return fmt.Errorf("audit: database closed")
	}
	select {
	case err := <-req.done:
		return err
	case <-db.closed:
		return fmt.Errorf("audit: database closed")
	}
}

type auditRequest struct {
	entries []*rotonde.AuditEntry
	done    chan error
}

// maxAuditBatch bounds one group commit.
const maxAuditBatch = 256

func (db *store) startAuditWriter() {
	db.auditQueue = make(chan auditRequest)
	go func() {
		for {
			var batch []auditRequest
			select {
			case req := <-db.auditQueue:
				batch = append(batch, req)
			case <-db.closed:
				return
			}
		drain:
			for len(batch) < maxAuditBatch {
				select {
				case req := <-db.auditQueue:
					batch = append(batch, req)
				default:
					break drain
				}
			}
			var all []*rotonde.AuditEntry
			for _, req := range batch {
				all = append(all, req.entries...)
			}
			// The writer's own context: one caller giving up must not undo the others' records.
			err := db.WriteTx(context.Background(), func(tx *Tx) error { return db.appendAudit(context.Background(), tx, all...) })
			for _, req := range batch {
				req.done <- err
			}
		}
	}()
}

func (db *store) appendAudit(ctx context.Context, tx *Tx, entries ...*rotonde.AuditEntry) error {
	var seq int64
	var prev string
	if err := tx.QueryRow(ctx, `SELECT last_seq, last_hash FROM audit_head WHERE id = 1`+db.forUpdate()).Scan(&seq, &prev); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	for _, e := range entries {
		if e.AnonymousInputsOf != 0 {
			n, err := db.takeAnonymousInputs(ctx, tx, e.AnonymousInputsOf)
			if err != nil {
				return err
			}
			if n > 0 {
				e.AnonymousInputs = n
				e.Detail = joinDetail(e.Detail, rotonde.AnonymousInputsDetail(n))
			}
		}
		seq++
		e.Seq = seq
		if e.At.IsZero() {
			e.At = db.Now()
		}
		e.At = e.At.UTC().Truncate(time.Second)
		e.PrevHash = prev
		e.Hash = e.Digest(prev)
		if _, err := tx.Exec(ctx, `INSERT INTO audit_log (seq, at, action, case_id, part, user_id, on_behalf_of, org_id, role,
			address, user_agent, outcome, basis, emergency, detail, prev_hash, hash, subject_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Seq, e.At.Format(rotonde.AuditTime), string(e.Action), e.CaseID, e.Part, e.UserID, e.OnBehalfOf, e.OrgID, e.Role,
			e.Address, e.UserAgent, e.Outcome, e.Basis, e.Emergency, e.Detail, e.PrevHash, e.Hash, e.SubjectID); err != nil {
			return fmt.Errorf("audit insert: %w", err)
		}
		prev = e.Hash
	}
	_, err := tx.Exec(ctx, `UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1`, seq, prev)
	return err
}

// restoreAudit gives records back to the pending set after the transaction
// that took them did not commit, without the chain position it gave them
// and without the anonymous inputs it counted (the count rolled back too).
func restoreAudit(p *rotonde.PendingAudit, entries []*rotonde.AuditEntry) {
	for _, e := range entries {
		e.Seq, e.PrevHash, e.Hash = 0, "", ""
		if e.AnonymousInputs > 0 {
			counted := rotonde.AnonymousInputsDetail(e.AnonymousInputs)
			e.Detail = strings.TrimSuffix(strings.TrimSuffix(e.Detail, counted), "; ")
			e.AnonymousInputs = 0
		}
	}
	p.Restore(entries)
}

// joinDetail adds more to a record's detail.
func joinDetail(detail, more string) string {
	if detail == "" {
		return more
	}
	return detail + "; " + more
}

const auditColumns = `a.seq, a.at, a.action, a.case_id, a.part, a.user_id, a.on_behalf_of, a.org_id, a.role,
	a.address, a.user_agent, a.outcome, a.basis, a.emergency, a.detail, a.prev_hash, a.hash, a.subject_id`

func scanAudit(s interface{ Scan(...any) error }, extra ...any) (rotonde.AuditEntry, error) {
	var e rotonde.AuditEntry
	var at, action string
	err := s.Scan(append([]any{&e.Seq, &at, &action, &e.CaseID, &e.Part, &e.UserID, &e.OnBehalfOf, &e.OrgID, &e.Role,
		&e.Address, &e.UserAgent, &e.Outcome, &e.Basis, &e.Emergency, &e.Detail, &e.PrevHash, &e.Hash, &e.SubjectID}, extra...)...)
	if err != nil {
		return e, err
	}
	e.Action = rotonde.AuditAction(action)
	e.At, err = time.Parse(rotonde.AuditTime, at)
	return e, err
}

// scanNamedAudit reads a record followed by the names of who acted and of
// the organisation.
func scanNamedAudit(r scanner) (rotonde.AuditEntry, error) {
	var name, org string
	e, err := scanAudit(r, &name, &org)
	e.UserName, e.OrgName = name, org
	return e, err
}

// CaseAudit returns a case's access log for someone who may read the case.
func (db *AuditService) CaseAudit(ctx context.Context, actor *rotonde.User, caseID int64) ([]rotonde.AuditEntry, error) {
	return caseList(ctx, db.store, actor, caseID, "case audit", scanNamedAudit, `SELECT `+auditColumns+`, COALESCE(u.name, ''), COALESCE(o.name, '')
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN organisations o ON o.id = a.org_id
		WHERE a.case_id = ? ORDER BY a.seq`)
}

// VerifyAudit walks the whole chain in order and recomputes every hash.
func (db *AuditService) VerifyAudit(ctx context.Context) (rotonde.AuditVerification, error) {
	var v rotonde.AuditVerification
	var lastSeq, anchorSeq int64
	var lastHash, anchor string
	if err := db.queryRow(ctx, `SELECT last_seq, last_hash, anchor_seq, anchor_hash FROM audit_head WHERE id = 1`).Scan(&lastSeq, &lastHash, &anchorSeq, &anchor); err != nil {
		return v, fmt.Errorf("audit head: %w", err)
	}
	rows, err := db.query(ctx, `SELECT `+auditColumns+` FROM audit_log a ORDER BY a.seq`)
	if err != nil {
		return v, fmt.Errorf("audit read: %w", err)
	}
	defer rows.Close()
	prevSeq, prev := anchorSeq, anchor
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			// An unreadable row (e.g. a timestamp edited by hand) breaks the chain too.
			return rotonde.AuditVerification{Checked: v.Checked, BrokenSeq: prevSeq + 1, Reason: "record unreadable: " + err.Error()}, nil
		}
		switch {
		case e.Seq != prevSeq+1:
			return rotonde.AuditVerification{Checked: v.Checked, BrokenSeq: prevSeq + 1, Reason: fmt.Sprintf("record %d is missing (next is %d)", prevSeq+1, e.Seq)}, nil
		case e.PrevHash != prev:
			return rotonde.AuditVerification{Checked: v.Checked, BrokenSeq: e.Seq, Reason: "link to the previous record does not match"}, nil
		case e.Digest(prev) != e.Hash:
			return rotonde.AuditVerification{Checked: v.Checked, BrokenSeq: e.Seq, Reason: "content does not match its hash"}, nil
		}
		prevSeq, prev = e.Seq, e.Hash
		v.Checked++
	}
	if err := rows.Err(); err != nil {
		return v, err
	}
	if prevSeq != lastSeq || prev != lastHash {
		return rotonde.AuditVerification{Checked: v.Checked, BrokenSeq: prevSeq + 1, Reason: fmt.Sprintf("chain ends at %d but the head says %d: records were removed at the end", prevSeq, lastSeq)}, nil
	}
	return v, nil
}

// PurgeAudit deletes records older than before. The hash of the last removed
// record becomes the anchor the first remaining record must link to.
func (db *AuditService) PurgeAudit(ctx context.Context, before time.Time) (int, error) {
	var n int
	err := db.WriteTx(ctx, func(tx *Tx) error {
		var dummy int64
		if err := tx.QueryRow(ctx, `SELECT last_seq FROM audit_head WHERE id = 1`+db.forUpdate()).Scan(&dummy); err != nil {
			return err
		}
		var seq int64
		var hash string
		err := tx.QueryRow(ctx, `SELECT seq, hash FROM audit_log WHERE at < ? ORDER BY seq DESC LIMIT 1`,
			before.UTC().Format(rotonde.AuditTime)).Scan(&seq, &hash)
		if err != nil {
			if isNoRows(err) {
				return nil
			}
			return err
		}
		res, err := tx.Exec(ctx, `DELETE FROM audit_log WHERE seq <= ?`, seq)
		if err != nil {
			return err
		}
		c, _ := res.RowsAffected()
		n = int(c)
		_, err = tx.Exec(ctx, `UPDATE audit_head SET anchor_seq = ?, anchor_hash = ? WHERE id = 1`, seq, hash)
		return err
	})
	return n, err
}
