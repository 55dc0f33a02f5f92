package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

var _ rotonde.TrustService = (*TrustService)(nil)

// activeMembership is true for a membership row m that opens the case now:
// members shared from another organisation need a ground in force.
const activeMembership = `(m.basis <> 'shared' OR EXISTS (SELECT 1 FROM sharing_grounds g WHERE g.case_id = m.case_id AND g.withdrawn_at IS NULL))`

// Basis labels stored in the access log.
var basisLabel = map[string]string{
	"own_org": "lidmaatschap/eigen-organisatie",
	"family":  "lidmaatschap/gezin",
	"shared":  "lidmaatschap/gedeeld",
}

// CaseAccess decides whether and how the actor reaches a case. It is the one
// query every case read and write goes through.
func (db *TrustService) CaseAccess(ctx context.Context, actor *rotonde.User, caseID int64) (rotonde.Access, error) {
	return db.readAccess(ctx, actor, caseID)
}

// readAccess is CaseAccess for the services of every area.
func (db *store) readAccess(ctx context.Context, actor *rotonde.User, caseID int64) (rotonde.Access, error) {
	return db.caseAccess(ctx, db.reader, actor, caseID)
}

// caseAccess decides access on the read pool or inside a write transaction.
func (db *store) caseAccess(ctx context.Context, q *Tx, actor *rotonde.User, caseID int64) (rotonde.Access, error) {
	if actor == nil || actor.Disabled {
		return rotonde.Access{}, caseNotFound()
	}
	var role, basis string
	var grounds string
	err := q.QueryRow(ctx, `SELECT m.role, m.basis,
		COALESCE((SELECT MIN(g.kind) FROM sharing_grounds g WHERE g.case_id = m.case_id AND g.withdrawn_at IS NULL), '')
		FROM case_members m WHERE m.case_id = ? AND m.user_id = ? AND `+activeMembership, caseID, actor.ID).Scan(&role, &basis, &grounds)
	if err == nil {
		label := basisLabel[basis]
		if basis == "shared" {
			label += "/" + grounds
		}
		return rotonde.Access{Role: rotonde.MemberRole(role), Basis: label}, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return rotonde.Access{}, fmt.Errorf("case access: %w", err)
	}
	if policy.CanBreakGlass(actor) {
		var id int64
		err := q.QueryRow(ctx, `SELECT id FROM break_glass WHERE case_id = ? AND user_id = ? AND expires_at > ? ORDER BY id DESC LIMIT 1`,
			caseID, actor.ID, db.Now()).Scan(&id)
		if err == nil {
			return rotonde.Access{Role: rotonde.MemberEmergency, Basis: fmt.Sprintf("noodtoegang#%d", id), Emergency: true}, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return rotonde.Access{}, fmt.Errorf("break-glass access: %w", err)
		}
	}
	return rotonde.Access{}, caseNotFound()
}

// writeAccess returns the actor's role for a change to the case; emergency
// access is read-only.
func (db *store) writeAccess(ctx context.Context, tx *Tx, actor *rotonde.User, caseID int64) (rotonde.MemberRole, error) {
	a, err := db.caseAccess(ctx, tx, actor, caseID)
	if err != nil {
		return "", err
	}
	if a.Emergency {
		return "", rotonde.E(rotonde.EForbidden, "err.sqldb.emergency_access_is_read_only")
	}
	return a.Role, nil
}

// RecordGround stores consent or a legal basis for sharing a case.
func (db *TrustService) RecordGround(ctx context.Context, actor *rotonde.User, g *rotonde.SharingGround) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		if err := db.mayWriteAs(ctx, tx, actor, g.CaseID, policy.CanManageMembers, "err.sqldb.only_case_owner_and_facilitator_record"); err != nil {
			return err
		}
		g.RecordedBy, g.RecordedAt = actor.ID, db.Now()
		return tx.QueryRow(ctx, `INSERT INTO sharing_grounds (case_id, kind, young_person_age, young_person_agrees, parents_agree,
			given_by, legal_basis, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			g.CaseID, string(g.Kind), g.YoungPersonAge, g.YoungPersonAgrees, g.ParentsAgree, g.GivenBy, g.LegalBasis, g.Note,
			g.RecordedBy, g.RecordedAt).Scan(&g.ID)
	})
}

// WithdrawGround ends a ground at once. A family member may withdraw consent
// too: it is theirs. Members who depended on it lose access on their next request.
func (db *TrustService) WithdrawGround(ctx context.Context, actor *rotonde.User, caseID, groundID int64) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		role, err := db.writeAccess(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		var kind string
		err = tx.QueryRow(ctx, `SELECT kind FROM sharing_grounds WHERE id = ? AND case_id = ? AND withdrawn_at IS NULL`, groundID, caseID).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("err.sqldb.this_consent_or_legal_basis_does")
		}
		if err != nil {
			return err
		}
		if !policy.CanWithdrawGround(role, rotonde.GroundKind(kind)) {
			return rotonde.E(rotonde.EForbidden, "err.sqldb.you_are_not_allowed_to_do")
		}
		if _, err = tx.Exec(ctx, `UPDATE sharing_grounds SET withdrawn_at = ?, withdrawn_by = ? WHERE id = ?`, db.Now(), actor.ID, groundID); err != nil {
			return err
		}
		return db.noteWithdrawal(ctx, tx, actor, caseID, groundID) // undo: sqldb/undo.go
	})
}

// Grounds lists a case's grounds, newest first.
func (db *TrustService) Grounds(ctx context.Context, actor *rotonde.User, caseID int64) ([]rotonde.SharingGround, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	out, err := queryList(ctx, db.reader, scanGround, `SELECT g.id, g.case_id, g.kind, g.young_person_age, g.young_person_agrees, g.parents_agree,
		g.given_by, g.legal_basis, g.note, g.recorded_by, u.name, g.recorded_at, g.withdrawn_at
		FROM sharing_grounds g JOIN users u ON u.id = g.recorded_by WHERE g.case_id = ? ORDER BY g.id DESC`, caseID)
	if err != nil {
		return nil, fmt.Errorf("grounds: %w", err)
	}
	return out, nil
}

func scanGround(s scanner) (rotonde.SharingGround, error) {
	var g rotonde.SharingGround
	var kind string
	var withdrawn sql.NullTime
	err := s.Scan(&g.ID, &g.CaseID, &kind, &g.YoungPersonAge, &g.YoungPersonAgrees, &g.ParentsAgree,
		&g.GivenBy, &g.LegalBasis, &g.Note, &g.RecordedBy, &g.RecordedName, &g.RecordedAt, &withdrawn)
	g.Kind = rotonde.GroundKind(kind)
	if withdrawn.Valid {
		g.WithdrawnAt = withdrawn.Time
	}
	return g, err
}

// BreakGlass opens a case read-only to a system administrator for a while.
// The case must exist; the request itself is the caller's to log.
func (db *TrustService) BreakGlass(ctx context.Context, actor *rotonde.User, b *rotonde.BreakGlass) error {
	if !policy.CanBreakGlass(actor) {
		return rotonde.E(rotonde.EForbidden, "err.sqldb.only_system_administrator_can_ask_for")
	}
	b.UserID = actor.ID
	if b.StartedAt.IsZero() {
		b.StartedAt = db.Now()
	}
	if err := b.Validate(); err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		if err := mustExist(ctx, tx, "cases", b.CaseID, notFound("err.sqldb.that_case_does_not_exist")); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO break_glass (case_id, user_id, reason, started_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			b.CaseID, b.UserID, b.Reason, b.StartedAt, b.ExpiresAt).Scan(&b.ID)
	})
}

// BreakGlasses lists emergency accesses to a case, newest first, for anyone
// who may read it: members see who broke the glass and why.
func (db *TrustService) BreakGlasses(ctx context.Context, actor *rotonde.User, caseID int64) ([]rotonde.BreakGlass, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	out, err := queryList(ctx, db.reader, func(s scanner) (b rotonde.BreakGlass, err error) {
		err = s.Scan(&b.ID, &b.CaseID, &b.UserID, &b.UserName, &b.Reason, &b.StartedAt, &b.ExpiresAt)
		return b, err
	}, `SELECT b.id, b.case_id, b.user_id, u.name, b.reason, b.started_at, b.expires_at
		FROM break_glass b JOIN users u ON u.id = b.user_id WHERE b.case_id = ? ORDER BY b.id DESC`, caseID)
	if err != nil {
		return nil, fmt.Errorf("break glass list: %w", err)
	}
	return out, nil
}

// memberBasis decides how a new member reaches the case, and refuses a member
// of another organisation when no ground for sharing is in force.
func (db *store) memberBasis(ctx context.Context, tx *Tx, caseID int64, u *rotonde.User) (string, error) {
	basis, ok, err := joinBasis(ctx, tx, caseID, u)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", rotonde.E(rotonde.EInvalid, "err.sqldb.works_for_another_organisation_first_record", u.Name)
	}
	return string(basis), nil
}
