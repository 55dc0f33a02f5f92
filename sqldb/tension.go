package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/policy"
	"github.com/rotonde-jeugd/rotonde/runes"
	"github.com/rotonde-jeugd/rotonde/tension"
)

var _ tension.Service = (*TensionService)(nil)

// fieldKeys is the set of known tension-field keys. The method library is
// embedded and never changes at run time, so it is read once.
var fieldKeys = sync.OnceValues(func() (map[string]bool, error) {
	lib, err := method.Load()
	if err != nil {
		return nil, err
	}
	keys := map[string]bool{}
	for _, f := range lib.Fields {
		keys[f.Key] = true
	}
	return keys, nil
})

// knownField accepts the standard fields and the fields the actor's
// organisation added itself (method_overrides, sqldb/method.go).
func (db *store) knownField(ctx context.Context, actor *rotonde.User) (func(string) bool, error) {
	keys, err := fieldKeys()
	if err != nil {
		return nil, err
	}
	var own map[string]bool
	if actor != nil {
		if own, err = (&MethodService{db}).OwnFieldKeys(ctx, actor.OrgID); err != nil {
			return nil, err
		}
	}
	return func(k string) bool { return keys[k] || own[k] }, nil
}

func groupNotFound() error {
	return notFound("err.sqldb.this_group_does_not_exist_or")
}

func roundNotFound() error {
	return notFound("err.sqldb.this_round_does_not_exist_or")
}

// canCreateGroup: people who learn together in groups; not family members
// (they take part through their case) and not system administrators.
func canCreateGroup(u *rotonde.User) bool {
	if u == nil || u.Disabled {
		return false
	}
	switch u.Role {
	case rotonde.RoleProfessional, rotonde.RoleFacilitator, rotonde.RoleAdministrator, rotonde.RolePolicyOfficer:
		return true
	}
	return false
}

// groupRole returns the actor's role in a group, or groupNotFound.
func (db *store) groupRole(ctx context.Context, q *Tx, actor *rotonde.User, groupID int64) (tension.GroupRole, error) {
	if actor == nil || actor.Disabled {
		return "", groupNotFound()
	}
	var role string
	err := q.QueryRow(ctx, `SELECT role FROM group_members WHERE group_id = ? AND user_id = ?`, groupID, actor.ID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", groupNotFound()
	}
	if err != nil {
		return "", fmt.Errorf("group role: %w", err)
	}
	return tension.GroupRole(role), nil
}

// Groups lists the actor's groups.
func (db *TensionService) Groups(ctx context.Context, actor *rotonde.User) ([]tension.Group, error) {
	if actor == nil || actor.Disabled {
		return nil, nil
	}
	out, err := readList(ctx, db.store, "list groups", func(r scanner) (g tension.Group, err error) {
		err = r.Scan(&g.ID, &g.Name, &g.Description, &g.CreatedBy, &g.CreatedAt)
		return g, err
	}, `SELECT g.id, g.name, g.description, g.created_by, g.created_at FROM groups g
		JOIN group_members m ON m.group_id = g.id AND m.user_id = ? ORDER BY g.name, g.id`, actor.ID)
	if err != nil {
		return nil, err
	}
	return orEmpty(out), nil
}

// Group returns one of the actor's groups.
func (db *TensionService) Group(ctx context.Context, actor *rotonde.User, id int64) (*tension.Group, tension.GroupRole, error) {
	role, err := db.groupRole(ctx, db.reader, actor, id)
	if err != nil {
		return nil, "", err
	}
	var g tension.Group
	err = db.queryRow(ctx, `SELECT id, name, description, created_by, created_at FROM groups WHERE id = ?`, id).
		Scan(&g.ID, &g.Name, &g.Description, &g.CreatedBy, &g.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", groupNotFound()
	}
	if err != nil {
		return nil, "", fmt.Errorf("group %d: %w", id, err)
	}
	return &g, role, nil
}

// CreateGroup stores a group with the actor as its facilitator, in one transaction.
func (db *TensionService) CreateGroup(ctx context.Context, actor *rotonde.User, g *tension.Group) error {
	if !canCreateGroup(actor) {
		return rotonde.E(rotonde.EForbidden, "err.sqldb.only_professionals_facilitators_administrators_a")
	}
	if err := g.Validate(); err != nil {
		return err
	}
	now := db.Now()
	g.CreatedBy, g.CreatedAt = actor.ID, now
	return db.WriteTx(ctx, func(tx *Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO groups (name, description, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			g.Name, g.Description, actor.ID, now).Scan(&g.ID); err != nil {
			return fmt.Errorf("insert group: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO group_members (group_id, user_id, role, added_at) VALUES (?, ?, ?, ?)`,
			g.ID, actor.ID, string(tension.GroupRoleFacilitator), now)
		return err
	})
}

// GroupMembers lists a group's members for one of them.
func (db *TensionService) GroupMembers(ctx context.Context, actor *rotonde.User, groupID int64) ([]tension.GroupMember, error) {
	if _, err := db.groupRole(ctx, db.reader, actor, groupID); err != nil {
		return nil, err
	}
	return readList(ctx, db.store, "list group members", func(r scanner) (tension.GroupMember, error) {
		var m tension.GroupMember
		var role, urole string
		err := r.Scan(&m.GroupID, &m.UserID, &role, &m.AddedAt, &m.UserName, &urole, &m.OrgName)
		m.Role, m.UserRole = tension.GroupRole(role), rotonde.Role(urole)
		return m, err
	}, `SELECT m.group_id, m.user_id, m.role, m.added_at, u.name, u.role, COALESCE(o.name, '')
		FROM group_members m JOIN users u ON u.id = m.user_id LEFT JOIN organisations o ON o.id = u.org_id
		WHERE m.group_id = ? ORDER BY m.added_at, m.user_id`, groupID)
}

// AddGroupMember adds a user to a group; group facilitators only.
func (db *TensionService) AddGroupMember(ctx context.Context, actor *rotonde.User, groupID int64, email string, role tension.GroupRole) error {
	if !role.Valid() {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_role_in_group")
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		my, err := db.groupRole(ctx, tx, actor, groupID)
		if err != nil {
			return err
		}
		if my != tension.GroupRoleFacilitator {
			return rotonde.E(rotonde.EForbidden, "err.sqldb.only_facilitator_of_group_can_add")
		}
		u, err := joinableByEmail(ctx, tx, email, runes.Cut(email, 100), "err.sqldb.system_administrator_cannot_become_member_of_2")
		if err != nil {
			return err
		}
		return db.insertGroupMember(ctx, tx, groupID, u.ID, role, u.Name)
	})
}

// insertGroupMember adds the user to the group in the role; name names them
// when they are a member already.
func (db *store) insertGroupMember(ctx context.Context, tx *Tx, groupID, userID int64, role tension.GroupRole, name string) error {
	_, err := tx.Exec(ctx, `INSERT INTO group_members (group_id, user_id, role, added_at) VALUES (?, ?, ?, ?)`, groupID, userID, string(role), db.Now())
	if isUniqueViolation(err) {
		return rotonde.E(rotonde.EConflict, "err.sqldb.is_already_member_of_this_group", name)
	}
	return err
}

// RemoveGroupMember ends a membership; a facilitator, or the member themselves.
// The last facilitator stays, so that someone can always manage the group.
func (db *TensionService) RemoveGroupMember(ctx context.Context, actor *rotonde.User, groupID, userID int64) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		my, err := db.groupRole(ctx, tx, actor, groupID)
		if err != nil {
			return err
		}
		if my != tension.GroupRoleFacilitator && actor.ID != userID {
			return rotonde.E(rotonde.EForbidden, "err.sqldb.only_facilitator_of_group_can_remove")
		}
		var role string
		err = tx.QueryRow(ctx, `SELECT role FROM group_members WHERE group_id = ? AND user_id = ?`, groupID, userID).Scan(&role)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("err.sqldb.this_person_is_not_member_of_2")
		}
		if err != nil {
			return err
		}
		if tension.GroupRole(role) == tension.GroupRoleFacilitator {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM group_members WHERE group_id = ? AND role = ?`, groupID, role).Scan(&n); err != nil {
				return err
			}
			if n <= 1 {
				return rotonde.E(rotonde.EConflict, "err.sqldb.last_facilitator_of_group_cannot_be")
			}
		}
		if err := db.noteGroupMemberRemoval(ctx, tx, actor, groupID, userID, role); err != nil { // sqldb/undo_group_member.go
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM group_members WHERE group_id = ? AND user_id = ?`, groupID, userID)
		return err
	})
}

// roundAccess is the actor's relation to a round.
type roundAccess struct {
	participant bool // may place themselves (not during emergency access)
	manage      bool // may reveal and close
}

// accessRound decides the actor's relation to a round: for a case round the
// case's access check (membership, or read-only emergency access), for a
// group round the group membership. Anyone else gets roundNotFound.
func (db *store) accessRound(ctx context.Context, q *Tx, actor *rotonde.User, r *tension.Round) (roundAccess, error) {
	if r.CaseID != 0 {
		a, err := db.caseAccess(ctx, q, actor, r.CaseID)
		if rotonde.ErrorCodeOf(err) == rotonde.ENotFound {
			return roundAccess{}, roundNotFound()
		}
		if err != nil {
			return roundAccess{}, err
		}
		if a.Emergency {
			return roundAccess{}, nil
		}
		return roundAccess{participant: true, manage: policy.CanManageMembers(a.Role)}, nil
	}
	role, err := db.groupRole(ctx, q, actor, r.GroupID)
	if rotonde.ErrorCodeOf(err) == rotonde.ENotFound {
		return roundAccess{}, roundNotFound()
	}
	if err != nil {
		return roundAccess{}, err
	}
	return roundAccess{participant: true, manage: role == tension.GroupRoleFacilitator}, nil
}

const roundColumns = `r.id, r.name, COALESCE(r.case_id, 0), COALESCE(r.group_id, 0), r.facilitator_id, r.state, r.created_at, r.revealed_at, r.closed_at,
	COALESCE(c.title, g.name, '')`

const roundFrom = ` FROM rounds r LEFT JOIN cases c ON c.id = r.case_id LEFT JOIN groups g ON g.id = r.group_id`

func scanRound(s interface{ Scan(...any) error }) (tension.Round, error) {
	var r tension.Round
	var state string
	var revealed, closed sql.NullTime
	err := s.Scan(&r.ID, &r.Name, &r.CaseID, &r.GroupID, &r.FacilitatorID, &state, &r.CreatedAt, &revealed, &closed, &r.OwnerName)
	r.State = tension.RoundState(state)
	if revealed.Valid {
		r.RevealedAt = revealed.Time
	}
	if closed.Valid {
		r.ClosedAt = closed.Time
	}
	return r, err
}

// roundFor reads a round in q and what the actor may do in it; it refuses
// an actor who may not see the round.
func (db *store) roundFor(ctx context.Context, q *Tx, actor *rotonde.User, id int64) (*tension.Round, roundAccess, error) {
	r, err := db.loadRound(ctx, q, id)
	if err != nil {
		return nil, roundAccess{}, err
	}
	a, err := db.accessRound(ctx, q, actor, r)
	if err != nil {
		return nil, roundAccess{}, err
	}
	return r, a, nil
}

// loadRound reads a round and its fields without any access check.
func (db *store) loadRound(ctx context.Context, q *Tx, id int64) (*tension.Round, error) {
	r, err := scanRound(q.QueryRow(ctx, `SELECT `+roundColumns+roundFrom+` WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, roundNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("round %d: %w", id, err)
	}
	if r.Fields, err = queryColumn[string](ctx, q, `SELECT field_key FROM round_fields WHERE round_id = ? ORDER BY position`, id); err != nil {
		return nil, fmt.Errorf("round fields: %w", err)
	}
	return &r, nil
}

// OpenRound stores a new open round.
func (db *TensionService) OpenRound(ctx context.Context, actor *rotonde.User, r *tension.Round) error {
	known, err := db.knownField(ctx, actor)
	if err != nil {
		return err
	}
	if err := r.Validate(known); err != nil {
		return err
	}
	r.State = tension.RoundOpen
	return db.WriteTx(ctx, func(tx *Tx) error {
		if r.CaseID != 0 {
			if err := db.mayWriteAs(ctx, tx, actor, r.CaseID, policy.CanManageMembers, "err.sqldb.only_case_owner_and_facilitator_open"); err != nil {
				return err
			}
		} else {
			role, err := db.groupRole(ctx, tx, actor, r.GroupID)
			if err != nil {
				return err
			}
			if role != tension.GroupRoleFacilitator {
				return rotonde.E(rotonde.EForbidden, "err.sqldb.only_facilitator_of_group_opens_round")
			}
		}
		r.FacilitatorID, r.CreatedAt = actor.ID, db.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO rounds (name, case_id, group_id, facilitator_id, state, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			r.Name, nullInt(r.CaseID), nullInt(r.GroupID), actor.ID, string(r.State), r.CreatedAt).Scan(&r.ID); err != nil {
			return fmt.Errorf("insert round: %w", err)
		}
		for i, k := range r.Fields {
			if _, err := tx.Exec(ctx, `INSERT INTO round_fields (round_id, field_key, position) VALUES (?, ?, ?)`, r.ID, k, i); err != nil {
				return err
			}
		}
		return nil
	})
}

// Round returns a round the actor may see.
func (db *TensionService) Round(ctx context.Context, actor *rotonde.User, id int64) (*tension.Round, error) {
	r, _, err := db.roundFor(ctx, db.reader, actor, id)
	return r, err
}

func (db *store) listRounds(ctx context.Context, where string, args ...any) ([]tension.Round, error) {
	out, err := queryList(ctx, db.reader, scanRound, `SELECT `+roundColumns+roundFrom+` WHERE `+where+` ORDER BY r.created_at, r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list rounds: %w", err)
	}
	for i := range out {
		full, err := db.loadRound(ctx, db.reader, out[i].ID)
		if err != nil {
			return nil, err
		}
		out[i].Fields = full.Fields
	}
	return out, nil
}

// CaseRounds lists a case's rounds for someone who may read the case.
func (db *TensionService) CaseRounds(ctx context.Context, actor *rotonde.User, caseID int64) ([]tension.Round, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	return db.listRounds(ctx, `r.case_id = ?`, caseID)
}

// GroupRounds lists a group's rounds for its members.
func (db *TensionService) GroupRounds(ctx context.Context, actor *rotonde.User, groupID int64) ([]tension.Round, error) {
	if _, err := db.groupRole(ctx, db.reader, actor, groupID); err != nil {
		return nil, err
	}
	return db.listRounds(ctx, `r.group_id = ?`, groupID)
}

// MyOpenRounds lists the open rounds the actor takes part in.
func (db *TensionService) MyOpenRounds(ctx context.Context, actor *rotonde.User) ([]tension.Round, error) {
	if actor == nil || actor.Disabled {
		return nil, nil
	}
	rounds, err := db.listRounds(ctx, `r.state = 'open' AND (
		r.group_id IN (SELECT gm.group_id FROM group_members gm WHERE gm.user_id = ?)
		OR r.case_id IN (SELECT m.case_id FROM case_members m WHERE m.user_id = ? AND `+activeMembership+`))`, actor.ID, actor.ID)
	return rounds, err
}

// SetRoundState reveals or closes a round.
func (db *TensionService) SetRoundState(ctx context.Context, actor *rotonde.User, id int64, next tension.RoundState) error {
	if !next.Valid() {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.unknown_state_of_round")
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		r, a, err := db.roundFor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if !a.manage {
			return rotonde.E(rotonde.EForbidden, "err.sqldb.only_round_facilitator_can_do_this")
		}
		if !r.State.CanMoveTo(next) {
			return rotonde.E(rotonde.EConflict, "err.sqldb.this_round_has_moved_on_it")
		}
		now := db.Now()
		switch next {
		case tension.RoundRevealed:
			_, err = tx.Exec(ctx, `UPDATE rounds SET state = ?, revealed_at = ? WHERE id = ?`, string(next), now, id)
		case tension.RoundClosed:
			_, err = tx.Exec(ctx, `UPDATE rounds SET state = ?, closed_at = ? WHERE id = ?`, string(next), now, id)
		}
		return err
	})
}

// latestInRound selects each person's latest placement per field in a round.
const latestInRound = ` FROM placements p WHERE p.round_id = ? AND p.id = (SELECT MAX(q.id) FROM placements q
	WHERE q.round_id = p.round_id AND q.user_id = p.user_id AND q.field_key = p.field_key)`

// ViewRound returns what the actor may know of a round. Values leave this
// function only as spreads computed by package tension, which applies the
// minimum; no user id is read for them.
func (db *TensionService) ViewRound(ctx context.Context, actor *rotonde.User, id int64) (*tension.RoundView, error) {
	r, a, err := db.roundFor(ctx, db.reader, actor, id)
	if err != nil {
		return nil, err
	}
	v := &tension.RoundView{Round: r, CanManage: a.manage, CanPlace: a.participant && r.State == tension.RoundOpen,
		Counts: map[string]int{}, Mine: map[string]tension.Placement{}}
	if r.CaseID != 0 {
		err = db.queryRow(ctx, `SELECT COUNT(*) FROM case_members m WHERE m.case_id = ? AND `+activeMembership, r.CaseID).Scan(&v.Participants)
	} else {
		err = db.queryRow(ctx, `SELECT COUNT(*) FROM group_members WHERE group_id = ?`, r.GroupID).Scan(&v.Participants)
	}
	if err != nil {
		return nil, fmt.Errorf("round participants: %w", err)
	}
	if err := db.queryRow(ctx, `SELECT COUNT(DISTINCT user_id) FROM placements WHERE round_id = ?`, id).Scan(&v.Placed); err != nil {
		return nil, fmt.Errorf("round placed: %w", err)
	}
	if err := eachRow(ctx, db.reader, func(rows *sql.Rows) error {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		v.Counts[k] = n
		return nil
	}, `SELECT field_key, COUNT(DISTINCT user_id) FROM placements WHERE round_id = ? GROUP BY field_key`, id); err != nil {
		return nil, fmt.Errorf("round counts: %w", err)
	}
	if actor != nil {
		if err := eachRow(ctx, db.reader, func(rows *sql.Rows) error {
			p := tension.Placement{UserID: actor.ID, RoundID: id}
			if err := rows.Scan(&p.ID, &p.FieldKey, &p.Position, &p.Context, &p.PlacedAt); err != nil {
				return err
			}
			v.Mine[p.FieldKey] = p
			return nil
		}, `SELECT p.id, p.field_key, p.position, p.context, p.placed_at`+latestInRound+` AND p.user_id = ?`, id, actor.ID); err != nil {
			return nil, fmt.Errorf("own placements: %w", err)
		}
	}
	if !r.Revealed() {
		return v, nil
	}
	byField := map[string][]int{}
	byRole := map[string]map[tension.RoleGroup][]int{}
	if err := eachRow(ctx, db.reader, func(rows *sql.Rows) error {
		var k, role string
		var pos int
		if err := rows.Scan(&k, &pos, &role); err != nil {
			return err
		}
		byField[k] = append(byField[k], pos)
		if byRole[k] == nil {
			byRole[k] = map[tension.RoleGroup][]int{}
		}
		g := tension.RoleGroupOf(rotonde.Role(role))
		byRole[k][g] = append(byRole[k][g], pos)
		return nil
	}, `SELECT p.field_key, p.position, p.role`+latestInRound, id); err != nil {
		return nil, fmt.Errorf("round values: %w", err)
	}
	v.ByRole = map[string][]tension.RoleSpread{}
	for _, k := range r.Fields {
		v.Spreads = append(v.Spreads, tension.ComputeSpread(k, byField[k]))
		v.ByRole[k] = tension.CompareRoles(k, byRole[k])
	}
	return v, nil
}

// Place stores placements, all or none.
func (db *TensionService) Place(ctx context.Context, actor *rotonde.User, ps []tension.Placement) error {
	if actor == nil || actor.Disabled {
		return rotonde.E(rotonde.EUnauthorized, "err.sqldb.log_in_first")
	}
	if len(ps) == 0 {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.place_yourself_on_at_least_one")
	}
	known, err := db.knownField(ctx, actor)
	if err != nil {
		return err
	}
	// A round's own fields were checked when it was opened (they may be
	// another organisation's own); the round decides below.
	inRound := func(string) bool { return true }
	for i := range ps {
		k := known
		if ps[i].RoundID != 0 {
			k = inRound
		}
		if err := ps[i].Validate(k); err != nil {
			return err
		}
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		rounds := map[int64]*tension.Round{}
		now := db.Now()
		for i := range ps {
			p := &ps[i]
			if p.RoundID != 0 {
				r, ok := rounds[p.RoundID]
				if !ok {
					var a roundAccess
					if r, a, err = db.roundFor(ctx, tx, actor, p.RoundID); err != nil {
						return err
					}
					if !a.participant {
						return rotonde.E(rotonde.EForbidden, "err.sqldb.with_emergency_access_you_cannot_place")
					}
					if r.State != tension.RoundOpen {
						return rotonde.E(rotonde.EConflict, "err.sqldb.this_round_is_no_longer_open")
					}
					rounds[p.RoundID] = r
				}
				if !r.HasField(p.FieldKey) {
					return rotonde.E(rotonde.EInvalid, "err.sqldb.this_tension_field_is_not_part")
				}
			}
			p.UserID, p.Role, p.PlacedAt = actor.ID, actor.Role, now
			if err := tx.QueryRow(ctx, `INSERT INTO placements (user_id, field_key, position, context, round_id, role, placed_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, actor.ID, p.FieldKey, p.Position, p.Context, nullInt(p.RoundID), string(actor.Role), now).Scan(&p.ID); err != nil {
				return fmt.Errorf("insert placement: %w", err)
			}
		}
		return nil
	})
}

// MyPlacements lists the actor's own placements, oldest first. Nobody else's
// individual placements are ever read by this package.
func (db *TensionService) MyPlacements(ctx context.Context, actor *rotonde.User) ([]tension.Placement, error) {
	if actor == nil || actor.Disabled {
		return nil, nil
	}
	return readList(ctx, db.store, "own placements", func(r scanner) (tension.Placement, error) {
		p := tension.Placement{UserID: actor.ID}
		var role string
		err := r.Scan(&p.ID, &p.FieldKey, &p.Position, &p.Context, &p.RoundID, &role, &p.PlacedAt, &p.RoundName)
		p.Role = rotonde.Role(role)
		return p, err
	}, `SELECT p.id, p.field_key, p.position, p.context, COALESCE(p.round_id, 0), p.role, p.placed_at, COALESCE(r.name, '')
		FROM placements p LEFT JOIN rounds r ON r.id = p.round_id WHERE p.user_id = ? ORDER BY p.placed_at, p.id`, actor.ID)
}
