package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

var _ rotonde.CaseService = (*CaseService)(nil)

const caseColumns = `c.id, c.title, c.reason, c.status, c.created_by, c.created_at, c.updated_at`

func scanCase(s interface{ Scan(...any) error }, extra ...any) (rotonde.Case, error) {
	var c rotonde.Case
	var status string
	err := s.Scan(append([]any{&c.ID, &c.Title, &c.Reason, &status, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt}, extra...)...)
	c.Status = rotonde.CaseStatus(status)
	return c, err
}

func caseNotFound() error {
	return notFound("err.sqldb.this_case_does_not_exist_or")
}

// Cases lists the actor's cases. Access control is in the query: only rows
// joined to the actor's own membership come back.
func (db *CaseService) Cases(ctx context.Context, actor *rotonde.User) ([]rotonde.Case, error) {
	if actor == nil || actor.Disabled {
		return []rotonde.Case{}, nil
	}
	out, err := queryList(ctx, db.reader, func(s scanner) (rotonde.Case, error) { return scanCase(s) }, `SELECT `+caseColumns+` FROM cases c
		JOIN case_members m ON m.case_id = c.id AND m.user_id = ?
		WHERE `+activeMembership+`
		ORDER BY c.updated_at DESC, c.id DESC`, actor.ID)
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	if out == nil {
		out = []rotonde.Case{}
	}
	return out, nil
}

// Case returns a case the actor may read, with the actor's role in it
// (MemberEmergency during break-glass access).
func (db *CaseService) Case(ctx context.Context, actor *rotonde.User, id int64) (*rotonde.Case, rotonde.MemberRole, error) {
	a, err := db.readAccess(ctx, actor, id)
	if err != nil {
		return nil, "", err
	}
	c, err := scanCase(db.queryRow(ctx, `SELECT `+caseColumns+` FROM cases c WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", caseNotFound()
	}
	if err != nil {
		return nil, "", fmt.Errorf("case %d: %w", id, err)
	}
	return &c, a.Role, nil
}

// CreateCase stores a case and makes the actor its owner in the same transaction.
func (db *CaseService) CreateCase(ctx context.Context, actor *rotonde.User, c *rotonde.Case) error {
	if !policy.CanCreateCase(actor) {
		return rotonde.E(rotonde.EForbidden, "err.sqldb.only_professionals_and_facilitators_can_bring")
	}
	if err := c.Validate(); err != nil {
		return err
	}
	now := db.Now()
	c.CreatedBy, c.CreatedAt, c.UpdatedAt = actor.ID, now, now
	return db.WriteTx(ctx, func(tx *Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO cases (title, reason, status, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			c.Title, c.Reason, string(c.Status), actor.ID, now, now).Scan(&c.ID); err != nil {
			return fmt.Errorf("insert case: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO case_members (case_id, user_id, role, added_at) VALUES (?, ?, ?, ?)`,
			c.ID, actor.ID, string(rotonde.MemberOwner), now); err != nil {
			return err
		}
		if err := tallyNewCase(ctx, tx, c.ID); err != nil {
			return err
		}
		return tx.indexCase(ctx, c.ID)
	})
}

// Members lists a case's members for someone who may read the case.
func (db *CaseService) Members(ctx context.Context, actor *rotonde.User, caseID int64) ([]rotonde.Member, error) {
	return caseList(ctx, db.store, actor, caseID, "list members", func(r scanner) (rotonde.Member, error) {
		var m rotonde.Member
		var role string
		err := r.Scan(&m.CaseID, &m.UserID, &role, &m.AddedAt, &m.UserName, &m.UserEmail, &m.OrgName)
		m.Role = rotonde.MemberRole(role)
		return m, err
	}, `SELECT m.case_id, m.user_id, m.role, m.added_at, u.name, u.email, COALESCE(o.name, '')
		FROM case_members m
		JOIN users u ON u.id = m.user_id
		LEFT JOIN organisations o ON o.id = u.org_id
		WHERE m.case_id = ? AND `+activeMembership+`
		ORDER BY m.added_at, m.user_id`)
}

// AddMember adds the user with the given e-mail address to a case.
func (db *CaseService) AddMember(ctx context.Context, actor *rotonde.User, caseID int64, email string, role rotonde.MemberRole) error {
	if !role.Valid() {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_role_in_case")
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		if err := db.mayWriteAs(ctx, tx, actor, caseID, policy.CanManageMembers, "err.sqldb.only_case_owner_and_facilitator_can"); err != nil {
			return err
		}
		u, err := joinableByEmail(ctx, tx, email, email, "err.sqldb.system_administrator_cannot_become_member_of")
		if err != nil {
			return err
		}
		var exists int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM case_members WHERE case_id = ? AND user_id = ?`, caseID, u.ID).Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return rotonde.E(rotonde.EConflict, "err.sqldb.is_already_member_of_this_case", u.Name)
		}
		basis, err := db.memberBasis(ctx, tx, caseID, &u)
		if err != nil {
			return err
		}
		now := db.Now()
		_, err = tx.Exec(ctx, `INSERT INTO case_members (case_id, user_id, role, added_at, basis) VALUES (?, ?, ?, ?, ?)`, caseID, u.ID, string(role), now, basis)
		if isUniqueViolation(err) {
			return rotonde.E(rotonde.EConflict, "err.sqldb.is_already_member_of_this_case", u.Name)
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE cases SET updated_at = ? WHERE id = ?`, now, caseID)
		return err
	})
}

// joinableByEmail finds the active account with the e-mail address that may
// join a case or a group. shown is the address as a refusal names it;
// adminRefused is the catalogue key that refuses a system administrator.
func joinableByEmail(ctx context.Context, tx *Tx, email, shown, adminRefused string) (rotonde.User, error) {
	u, err := scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.email = ?`, rotonde.NormalizeEmail(email)))
	if isNoRows(err) || (err == nil && u.Disabled) {
		return u, rotonde.E(rotonde.EInvalid, "err.sqldb.there_is_no_active_account_with", shown)
	}
	if err != nil {
		return u, err
	}
	if !policy.CanJoinCase(&u) {
		return u, rotonde.E(rotonde.EInvalid, adminRefused)
	}
	return u, nil
}

// RemoveMember ends a membership. It takes effect at once: the next request
// of the removed user no longer finds the case.
func (db *CaseService) RemoveMember(ctx context.Context, actor *rotonde.User, caseID, userID int64) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		myRole, err := db.writeAccess(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		if !policy.CanManageMembers(myRole) && actor.ID != userID {
			return rotonde.E(rotonde.EForbidden, "err.sqldb.only_case_owner_and_facilitator_can_2")
		}
		var role string
		err = tx.QueryRow(ctx, `SELECT role FROM case_members WHERE case_id = ? AND user_id = ?`, caseID, userID).Scan(&role)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("err.sqldb.this_person_is_not_member_of")
		}
		if err != nil {
			return err
		}
		if rotonde.MemberRole(role) == rotonde.MemberOwner {
			var owners int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM case_members WHERE case_id = ? AND role = ?`, caseID, string(rotonde.MemberOwner)).Scan(&owners); err != nil {
				return err
			}
			if owners <= 1 {
				return rotonde.E(rotonde.EConflict, "err.sqldb.last_case_owner_cannot_be_removed")
			}
		}
		if err := db.noteMemberRemoval(ctx, tx, actor, caseID, userID); err != nil { // undo: sqldb/undo.go
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM case_members WHERE case_id = ? AND user_id = ?`, caseID, userID)
		return err
	})
}
