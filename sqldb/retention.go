package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// SetCaseStatus opens, pauses or closes a case. Only its owner may. Closing
// records the moment, from which the retention period runs; reopening
// clears it.
func (db *PrivacyService) SetCaseStatus(ctx context.Context, actor *rotonde.User, caseID int64, status rotonde.CaseStatus) error {
	if !status.Valid() {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.unknown_status")
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		if err := db.mayWriteAs(ctx, tx, actor, caseID, isOwner, "err.sqldb.only_case_owner_can_close_or"); err != nil {
			return err
		}
		now := db.Now()
		var closed any
		if status == rotonde.CaseClosed {
			closed = now
		}
		return retallyCase(ctx, tx, caseID, func() error { // a closed case leaves the network view
			_, err := tx.Exec(ctx, `UPDATE cases SET status = ?, closed_at = CASE WHEN status = ? AND ? = 'closed' THEN closed_at ELSE ? END, updated_at = ? WHERE id = ?`,
				string(status), string(rotonde.CaseClosed), string(status), closed, now, caseID)
			return err
		})
	})
}

// isOwner reports whether the role is the case's owner: only they open, pause or close it.
func isOwner(role rotonde.MemberRole) bool { return role == rotonde.MemberOwner }

// RetentionPolicy returns an organisation's retention period; without a
// stored choice the default. Retention periods are no secret: anyone may read them.
func (db *PrivacyService) RetentionPolicy(ctx context.Context, orgID int64) (rotonde.RetentionPolicy, error) {
	p := rotonde.RetentionPolicy{OrgID: orgID, CaseYears: rotonde.DefaultRetentionYears, Default: true}
	var at time.Time
	err := db.queryRow(ctx, `SELECT case_years, updated_at FROM org_retention WHERE org_id = ?`, orgID).Scan(&p.CaseYears, &at)
	if isNoRows(err) {
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("retention policy: %w", err)
	}
	p.Default, p.UpdatedAt = false, at
	return p, nil
}

// SetRetentionPolicy stores an organisation's retention period. The system
// administrator and the organisation's administrators may; else EForbidden.
func (db *PrivacyService) SetRetentionPolicy(ctx context.Context, actor *rotonde.User, p rotonde.RetentionPolicy) error {
	if !policy.CanConfigureOrganisation(actor, p.OrgID) {
		return forbidden()
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if _, err := (&OrganisationService{db.store}).Organisation(ctx, p.OrgID); err != nil {
		return err
	}
	now := db.Now()
	return db.WriteTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM org_retention WHERE org_id = ?`, p.OrgID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO org_retention (org_id, case_years, updated_at, updated_by) VALUES (?, ?, ?, ?)`,
			p.OrgID, p.CaseYears, now, actor.ID); err != nil {
			return err
		}
		// The change is a security-relevant setting: kept in the access log's chain.
		return db.appendAudit(ctx, tx, &rotonde.AuditEntry{Action: rotonde.AuditUpdate, Part: "beveiliging/bewaartermijn",
			UserID: actor.ID, OrgID: actor.OrgID, Role: string(actor.Role), Outcome: rotonde.AuditAllowed,
			Detail: "organisatie " + strconv.FormatInt(p.OrgID, 10) + ": " + strconv.Itoa(p.CaseYears) + " jaar"})
	})
}

// RetentionDue lists the closed cases whose retention period ended before
// now, oldest first. The period is that of the organisation of the case's
// owner (the account that brought it in).
func (db *PrivacyService) RetentionDue(ctx context.Context, now time.Time) ([]rotonde.PurgeCandidate, error) {
	closed, err := readList(ctx, db.store, "retention", func(r scanner) (c rotonde.PurgeCandidate, err error) {
		err = r.Scan(&c.CaseID, &c.OrgID, &c.ClosedAt, &c.Years)
		if c.Years == 0 {
			c.Years = rotonde.DefaultRetentionYears
		}
		c.ClosedAt = c.ClosedAt.UTC()
		c.DueAt = c.ClosedAt.AddDate(c.Years, 0, 0)
		return c, err
	}, `SELECT c.id, COALESCE(u.org_id, 0), c.closed_at, COALESCE(r.case_years, 0)
		FROM cases c JOIN users u ON u.id = c.created_by
		LEFT JOIN org_retention r ON r.org_id = u.org_id
		WHERE c.status = 'closed' AND c.closed_at IS NOT NULL
		ORDER BY c.closed_at, c.id`)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(closed, func(c rotonde.PurgeCandidate) bool { return !now.After(c.DueAt) }), nil
}

// PurgeRetention removes every closed case past its retention period, each
// in its own transaction, and returns the cases removed (with dryRun: the
// cases that would be, removing nothing). What the case shared with the
// network — its insights placed at the network level — is kept without the
// case, its people or its authors (network_insights), and so are its
// shared dilemmas and insights: their paraphrase, detached from the case
// (keepSharedRecords); the access log keeps
// its records under its own period and gets one record per purged case.
func (db *PrivacyService) PurgeRetention(ctx context.Context, now time.Time, dryRun bool) ([]rotonde.PurgeCandidate, error) {
	due, err := db.RetentionDue(ctx, now)
	if err != nil || dryRun {
		return due, err
	}
	var done []rotonde.PurgeCandidate
	for _, c := range due {
		if err := ctx.Err(); err != nil {
			return done, err
		}
		if err := db.purgeCase(ctx, c, now); err != nil {
			return done, fmt.Errorf("purge case %d: %w", c.CaseID, err)
		}
		done = append(done, c)
	}
	return done, nil
}

func (db *store) purgeCase(ctx context.Context, c rotonde.PurgeCandidate, now time.Time) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		// Still closed and still due: the owner may have reopened it since the list was made.
		var status string
		var closedAt sql.NullTime
		err := tx.QueryRow(ctx, `SELECT status, closed_at FROM cases WHERE id = ?`+db.forUpdate(), c.CaseID).Scan(&status, &closedAt)
		if isNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if status != string(rotonde.CaseClosed) || !closedAt.Valid || !now.After(closedAt.Time.UTC().AddDate(c.Years, 0, 0)) {
			return nil
		}
		if _, err := tx.Exec(ctx, `INSERT INTO network_insights (org_id, level, body, year, kept_at)
			SELECT ?, level, body, `+db.yearOf("created_at")+`, ? FROM case_insights WHERE case_id = ? AND level = 'network'`,
			c.OrgID, now, c.CaseID); err != nil {
			return fmt.Errorf("keep network insights: %w", err)
		}
		if err := keepSharedRecords(ctx, tx, c.CaseID, now); err != nil {
			return fmt.Errorf("keep shared records: %w", err)
		}
		if err := forgetCaseRecords(ctx, tx, c.CaseID); err != nil {
			return err
		}
		// Everything of the case hangs off it with ON DELETE CASCADE; what
		// names a case without a foreign key (the access log, erasure
		// receipts) stays.
		err = retallyCase(ctx, tx, c.CaseID, func() error {
			_, err := tx.Exec(ctx, `DELETE FROM cases WHERE id = ?`, c.CaseID)
			return err
		})
		if err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, &rotonde.AuditEntry{Action: rotonde.AuditDelete, CaseID: c.CaseID, Part: "bewaartermijn",
			Outcome: rotonde.AuditAllowed, Basis: "bewaartermijn",
			Detail: fmt.Sprintf("casus verwijderd: gesloten %s, bewaartermijn %d jaar", c.ClosedAt.Format("2006-01-02"), c.Years)})
	})
}

// yearOf is the SQL for the calendar year of a timestamp column.
func (db *store) yearOf(col string) string {
	if db.dialect == Postgres {
		return `CAST(EXTRACT(YEAR FROM ` + col + `) AS INTEGER)`
	}
	return `CAST(substr(` + col + `, 1, 4) AS INTEGER)`
}

// CaseRetention tells a reader of the case when it was closed, which
// retention period applies, and when it will be purged (zero while open).
func (db *PrivacyService) CaseRetention(ctx context.Context, actor *rotonde.User, caseID int64) (closedAt time.Time, p rotonde.RetentionPolicy, purgeAt time.Time, err error) {
	if _, err = db.readAccess(ctx, actor, caseID); err != nil {
		return
	}
	var at sql.NullTime
	var org int64
	if err = db.queryRow(ctx, `SELECT c.closed_at, COALESCE(u.org_id, 0) FROM cases c JOIN users u ON u.id = c.created_by WHERE c.id = ?`, caseID).Scan(&at, &org); err != nil {
		return
	}
	if p, err = db.RetentionPolicy(ctx, org); err != nil {
		return
	}
	if at.Valid {
		closedAt = at.Time.UTC()
		purgeAt = closedAt.AddDate(p.CaseYears, 0, 0)
	}
	return
}
