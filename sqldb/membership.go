package sqldb

import (
	"context"
	"fmt"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// joinBasis reads what policy.JoinBasis looks at (the organisation of the
// case owner and whether a ground for sharing is in force) inside the
// transaction that adds the member, and asks it.
func joinBasis(ctx context.Context, tx *Tx, caseID int64, u *rotonde.User) (policy.MemberBasis, bool, error) {
	var ownerOrg int64
	var grounds int
	err := tx.QueryRow(ctx, `SELECT COALESCE(u.org_id, 0),
		(SELECT COUNT(*) FROM sharing_grounds g WHERE g.case_id = c.id AND g.withdrawn_at IS NULL)
		FROM cases c JOIN users u ON u.id = c.created_by WHERE c.id = ?`, caseID).Scan(&ownerOrg, &grounds)
	if err != nil {
		return "", false, fmt.Errorf("membership basis of case %d: %w", caseID, err)
	}
	basis, ok := policy.JoinBasis(u, ownerOrg, grounds > 0)
	return basis, ok, nil
}

// addInvitedMember makes the account that accepted an invitation a member of
// the case, on the same rule as a member added by hand: someone of another
// organisation needs the family's consent or a legal basis in force, and
// loses access with it.
func addInvitedMember(ctx context.Context, tx *Tx, inv *rotonde.Invitation, u *rotonde.User, now time.Time) error {
	if !policy.CanJoinCase(u) {
		return rotonde.E(rotonde.EForbidden, "err.sqldb.system_administrator_cannot_become_member_of")
	}
	basis, ok, err := joinBasis(ctx, tx, inv.CaseID, u)
	if err != nil {
		return err
	}
	if !ok {
		return rotonde.E(rotonde.EForbidden, "err.sqldb.you_work_for_another_organisation_than")
	}
	_, err = tx.Exec(ctx, `INSERT INTO case_members (case_id, user_id, role, added_at, basis) VALUES (?, ?, ?, ?, ?)`,
		inv.CaseID, u.ID, string(inv.Role), now, string(basis))
	if isUniqueViolation(err) {
		return rotonde.E(rotonde.EConflict, "err.sqldb.you_are_already_member_of_this")
	}
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE cases SET updated_at = ? WHERE id = ?`, now, inv.CaseID)
	return err
}

// guestMayJoin applies the membership rule to someone logged in who joins a
// meeting about a case as a guest: an account that could not be made a
// member of the case (a system administrator, or someone of another
// organisation while no ground is in force, such as a member whose consent
// was withdrawn) does not get in through the meeting either.
func guestMayJoin(ctx context.Context, tx *Tx, caseID int64, actor *rotonde.User) error {
	if caseID == 0 || actor == nil {
		return nil
	}
	if !policy.CanJoinCase(actor) && !actor.Disabled {
		return rotonde.E(rotonde.EForbidden, "err.sqldb.system_administrator_does_not_take_part")
	}
	_, ok, err := joinBasis(ctx, tx, caseID, actor)
	if err != nil {
		return err
	}
	if !ok {
		return rotonde.E(rotonde.EForbidden, "err.sqldb.this_meeting_is_about_case_that")
	}
	return nil
}
