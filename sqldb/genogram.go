package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// Genogram returns a case's geno-sociogram for anyone who may read the case,
// with the storage ids of its ties, events and child ties.
func (db *GenogramService) Genogram(ctx context.Context, actor *rotonde.User, caseID int64) (*genogram.Genogram, rotonde.GenogramRefs, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, rotonde.GenogramRefs{}, err
	}
	return db.loadGenogram(ctx, db.reader, caseID)
}

// each runs a query and calls fn for every row.
func (db *store) each(ctx context.Context, q *Tx, query string, args []any, fn func(*sql.Rows) error) error {
	return eachRow(ctx, q, fn, query, args...)
}

// loadGenogram reads a case's genogram and the row ids of its children,
// ties and events (which have no reference of their own in the genogram).
func (db *store) loadGenogram(ctx context.Context, q *Tx, caseID int64) (*genogram.Genogram, rotonde.GenogramRefs, error) {
	l := &genogramLoader{db: db, ctx: ctx, q: q, args: []any{caseID}, g: &genogram.Genogram{Pinned: map[string]genogram.Point{}}}
	for _, load := range []func() error{l.persons, l.partnerships, l.children, l.ties, l.events, l.households} {
		if err := load(); err != nil {
			return nil, l.refs, fmt.Errorf("genogram %d: %w", caseID, err)
		}
	}
	return l.g, l.refs, nil
}

// genogramLoader holds what the table-by-table reads of one case's genogram
// share: the query, the case and the genogram being filled.
type genogramLoader struct {
	db   *store
	ctx  context.Context
	q    *Tx
	args []any
	g    *genogram.Genogram
	refs rotonde.GenogramRefs
}

// persons reads the persons and their pinned positions.
func (l *genogramLoader) persons() error {
	return l.db.each(l.ctx, l.q, `SELECT id, alias, sex, birth_year, death_year, deceased, is_index, professional, organisation, pin_x, pin_y, gedcom
		FROM genogram_persons WHERE case_id = ? ORDER BY id`, l.args, func(r *sql.Rows) error {
		var id int64
		var p genogram.Person
		var sex, ged string
		var px, py sql.NullFloat64
		if err := r.Scan(&id, &p.Alias, &sex, &p.BirthYear, &p.DeathYear, &p.Deceased, &p.Index, &p.Professional, &p.Organisation, &px, &py, &ged); err != nil {
			return err
		}
		p.ID, p.Sex, p.GEDCOM = genogram.PersonRef(id), genogram.Sex(sex), genogram.UnmarshalGEDCOMPerson(ged)
		l.g.Persons = append(l.g.Persons, p)
		if px.Valid && py.Valid {
			l.g.Pinned[p.ID] = genogram.Point{X: px.Float64, Y: py.Float64}
		}
		return nil
	})
}

// partnerships reads the partnerships.
func (l *genogramLoader) partnerships() error {
	return l.db.each(l.ctx, l.q, `SELECT id, a_id, b_id, kind, start_year, end_year, gedcom FROM genogram_partnerships WHERE case_id = ? ORDER BY id`, l.args, func(r *sql.Rows) error {
		var id, a, b int64
		var pt genogram.Partnership
		var kind, ged string
		if err := r.Scan(&id, &a, &b, &kind, &pt.StartYear, &pt.EndYear, &ged); err != nil {
			return err
		}
		pt.ID, pt.A, pt.B, pt.Kind = genogram.PartnershipRef(id), genogram.PersonRef(a), genogram.PersonRef(b), genogram.PartnershipKind(kind)
		pt.GEDCOM = genogram.UnmarshalGEDCOMFamily(ged)
		l.g.Partnerships = append(l.g.Partnerships, pt)
		return nil
	})
}

// children reads the parent-child links and their row ids.
func (l *genogramLoader) children() error {
	return l.db.each(l.ctx, l.q, `SELECT id, child_id, COALESCE(partnership_id, 0), COALESCE(parent1_id, 0), COALESCE(parent2_id, 0), kind
			FROM genogram_children WHERE case_id = ? ORDER BY id`, l.args, func(r *sql.Rows) error {
		var id, child, part, p1, p2 int64
		var kind string
		if err := r.Scan(&id, &child, &part, &p1, &p2, &kind); err != nil {
			return err
		}
		pc := genogram.ParentChild{Child: genogram.PersonRef(child), Kind: genogram.ChildKind(kind)}
		if part != 0 {
			pc.Partnership = genogram.PartnershipRef(part)
		}
		if p1 != 0 {
			pc.Parent1 = genogram.PersonRef(p1)
		}
		if p2 != 0 {
			pc.Parent2 = genogram.PersonRef(p2)
		}
		l.g.Children = append(l.g.Children, pc)
		l.refs.Children = append(l.refs.Children, id)
		return nil
	})
}

// ties reads the emotional ties and their row ids.
func (l *genogramLoader) ties() error {
	return l.db.each(l.ctx, l.q, `SELECT id, a_id, b_id, kind, note FROM genogram_ties WHERE case_id = ? ORDER BY id`, l.args, func(r *sql.Rows) error {
		var id, a, b int64
		var t genogram.Tie
		var kind string
		if err := r.Scan(&id, &a, &b, &kind, &t.Note); err != nil {
			return err
		}
		t.A, t.B, t.Kind = genogram.PersonRef(a), genogram.PersonRef(b), genogram.TieKind(kind)
		l.g.Ties = append(l.g.Ties, t)
		l.refs.Ties = append(l.refs.Ties, id)
		return nil
	})
}

// events reads the life events and their row ids.
func (l *genogramLoader) events() error {
	return l.db.each(l.ctx, l.q, `SELECT id, person_id, year, kind, note FROM genogram_events WHERE case_id = ? ORDER BY year, id`, l.args, func(r *sql.Rows) error {
		var id, p int64
		var e genogram.LifeEvent
		var kind string
		if err := r.Scan(&id, &p, &e.Year, &kind, &e.Note); err != nil {
			return err
		}
		e.Person, e.Kind = genogram.PersonRef(p), genogram.EventKind(kind)
		l.g.Events = append(l.g.Events, e)
		l.refs.Events = append(l.refs.Events, id)
		return nil
	})
}

// households reads the households and then their members.
func (l *genogramLoader) households() error {
	hh := map[int64]int{}
	err := l.db.each(l.ctx, l.q, `SELECT id, label, is_index FROM genogram_households WHERE case_id = ? ORDER BY id`, l.args, func(r *sql.Rows) error {
		var id int64
		var h genogram.Household
		if err := r.Scan(&id, &h.Label, &h.Index); err != nil {
			return err
		}
		h.ID = genogram.HouseholdRef(id)
		hh[id] = len(l.g.Households)
		l.g.Households = append(l.g.Households, h)
		return nil
	})
	if err != nil || len(hh) == 0 {
		return err
	}
	return l.db.each(l.ctx, l.q, `SELECT m.household_id, m.person_id FROM genogram_household_members m
				JOIN genogram_households h ON h.id = m.household_id WHERE h.case_id = ? ORDER BY m.household_id, m.person_id`, l.args, func(r *sql.Rows) error {
		var h, p int64
		if err := r.Scan(&h, &p); err != nil {
			return err
		}
		if i, ok := hh[h]; ok {
			l.g.Households[i].Members = append(l.g.Households[i].Members, genogram.PersonRef(p))
		}
		return nil
	})
}

// genogramWrite runs fn in a write transaction after checking that the actor
// may change the case's genogram.
func (db *store) genogramWrite(ctx context.Context, actor *rotonde.User, caseID int64, fn func(tx *Tx) error) error {
	return db.caseChange(ctx, actor, caseID, policy.CanEditGenogram, "err.sqldb.you_can_only_view_geno_sociogram", nil, fn)
}

// otherCase is the message for a reference to a person outside the case.
func otherCase() error {
	return rotonde.E(rotonde.EInvalid, "err.sqldb.this_person_is_not_part_of")
}

// personIn checks that a model person ID names a person of this case and returns its row id.
func (db *store) personIn(ctx context.Context, tx *Tx, caseID int64, ref string) (int64, error) {
	id := genogram.ParseRef('p', ref)
	if id == 0 {
		return 0, otherCase()
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM genogram_persons WHERE id = ? AND case_id = ?`, id, caseID).Scan(&n); err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, otherCase()
	}
	return id, nil
}

// personPair resolves the two ends of a tie or partnership, both persons of the case.
func (db *store) personPair(ctx context.Context, tx *Tx, caseID int64, refA, refB string) (a, b int64, err error) {
	if a, err = db.personIn(ctx, tx, caseID, refA); err != nil {
		return 0, 0, err
	}
	if b, err = db.personIn(ctx, tx, caseID, refB); err != nil {
		return 0, 0, err
	}
	return a, b, nil
}

// checkAfter reloads the genogram inside the transaction and refuses the
// change when it leaves a hard error (e.g. a person who is their own
// ancestor). Soft warnings are shown on the page, never refused.
func (db *store) checkAfter(ctx context.Context, tx *Tx, caseID int64) error {
	g, _, err := db.loadGenogram(ctx, tx, caseID)
	if err != nil {
		return err
	}
	_, err = g.Validate()
	return err
}

// SavePerson adds a person (empty p.ID) or changes one of this case.
func (db *GenogramService) SavePerson(ctx context.Context, actor *rotonde.User, caseID int64, p *genogram.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		if p.ID == "" {
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO genogram_persons (case_id, alias, sex, birth_year, death_year, deceased, is_index, professional, organisation, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, caseID, p.Alias, string(p.Sex), p.BirthYear, p.DeathYear, p.Deceased, p.Index,
				p.Professional, p.Organisation, db.Now()).Scan(&id); err != nil {
				return fmt.Errorf("insert person: %w", err)
			}
			p.ID = genogram.PersonRef(id)
			return nil
		}
		id, err := db.personIn(ctx, tx, caseID, p.ID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE genogram_persons SET alias = ?, sex = ?, birth_year = ?, death_year = ?, deceased = ?, is_index = ?,
			professional = ?, organisation = ? WHERE id = ?`, p.Alias, string(p.Sex), p.BirthYear, p.DeathYear, p.Deceased, p.Index,
			p.Professional, p.Organisation, id); err != nil {
			return err
		}
		return db.checkAfter(ctx, tx, caseID)
	})
}

// SavePartnership adds (empty pt.ID) or changes a partnership.
func (db *GenogramService) SavePartnership(ctx context.Context, actor *rotonde.User, caseID int64, pt *genogram.Partnership) error {
	if err := pt.Validate(); err != nil {
		return err
	}
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		a, b, err := db.personPair(ctx, tx, caseID, pt.A, pt.B)
		if err != nil {
			return err
		}
		if pt.ID == "" {
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO genogram_partnerships (case_id, a_id, b_id, kind, start_year, end_year) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
				caseID, a, b, string(pt.Kind), pt.StartYear, pt.EndYear).Scan(&id); err != nil {
				return err
			}
			pt.ID = genogram.PartnershipRef(id)
		} else {
			if err := execOne(ctx, tx, itemGone(), `UPDATE genogram_partnerships SET a_id = ?, b_id = ?, kind = ?, start_year = ?, end_year = ? WHERE id = ? AND case_id = ?`,
				a, b, string(pt.Kind), pt.StartYear, pt.EndYear, genogram.ParseRef('r', pt.ID), caseID); err != nil {
				return err
			}
		}
		return db.checkAfter(ctx, tx, caseID)
	})
}

func itemGone() error {
	return notFound("err.sqldb.this_part_of_geno_sociogram_does")
}

// AddChild links a child to a partnership or to one or two parents.
func (db *GenogramService) AddChild(ctx context.Context, actor *rotonde.User, caseID int64, pc *genogram.ParentChild) error {
	if err := pc.Validate(); err != nil {
		return err
	}
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		child, err := db.personIn(ctx, tx, caseID, pc.Child)
		if err != nil {
			return err
		}
		var part, p1, p2 int64
		if pc.Partnership != "" {
			part = genogram.ParseRef('r', pc.Partnership)
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM genogram_partnerships WHERE id = ? AND case_id = ?`, part, caseID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return otherCase()
			}
		}
		for _, x := range []struct {
			ref string
			id  *int64
		}{{pc.Parent1, &p1}, {pc.Parent2, &p2}} {
			if x.ref == "" {
				continue
			}
			if *x.id, err = db.personIn(ctx, tx, caseID, x.ref); err != nil {
				return err
			}
		}
		if err := genogram.CheckParents(child, p1, p2); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO genogram_children (case_id, child_id, partnership_id, parent1_id, parent2_id, kind) VALUES (?, ?, ?, ?, ?, ?)`,
			caseID, child, nullInt(part), nullInt(p1), nullInt(p2), string(pc.Kind)); err != nil {
			return err
		}
		return db.checkAfter(ctx, tx, caseID)
	})
}

// AddTie stores a social or emotional tie between two persons of the case.
func (db *GenogramService) AddTie(ctx context.Context, actor *rotonde.User, caseID int64, t *genogram.Tie) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		a, b, err := db.personPair(ctx, tx, caseID, t.A, t.B)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO genogram_ties (case_id, a_id, b_id, kind, note) VALUES (?, ?, ?, ?, ?)`, caseID, a, b, string(t.Kind), t.Note)
		return err
	})
}

// AddLifeEvent stores a life event of a person of the case.
func (db *GenogramService) AddLifeEvent(ctx context.Context, actor *rotonde.User, caseID int64, e *genogram.LifeEvent) error {
	if err := e.Validate(); err != nil {
		return err
	}
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		p, err := db.personIn(ctx, tx, caseID, e.Person)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO genogram_events (case_id, person_id, year, kind, note) VALUES (?, ?, ?, ?, ?)`, caseID, p, e.Year, string(e.Kind), e.Note)
		return err
	})
}

// SaveHousehold adds (empty h.ID) or changes a household and its members.
func (db *GenogramService) SaveHousehold(ctx context.Context, actor *rotonde.User, caseID int64, h *genogram.Household) error {
	if err := h.Validate(); err != nil {
		return err
	}
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		var members []int64
		seen := map[int64]bool{}
		for _, m := range h.Members {
			id, err := db.personIn(ctx, tx, caseID, m)
			if err != nil {
				return err
			}
			if !seen[id] {
				seen[id] = true
				members = append(members, id)
			}
		}
		var hid int64
		if h.ID == "" {
			if err := tx.QueryRow(ctx, `INSERT INTO genogram_households (case_id, label, is_index) VALUES (?, ?, ?) RETURNING id`, caseID, h.Label, h.Index).Scan(&hid); err != nil {
				return err
			}
			h.ID = genogram.HouseholdRef(hid)
		} else {
			hid = genogram.ParseRef('h', h.ID)
			if err := execOne(ctx, tx, itemGone(), `UPDATE genogram_households SET label = ?, is_index = ? WHERE id = ? AND case_id = ?`, h.Label, h.Index, hid, caseID); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM genogram_household_members WHERE household_id = ?`, hid); err != nil {
				return err
			}
		}
		for _, m := range members {
			if _, err := tx.Exec(ctx, `INSERT INTO genogram_household_members (household_id, person_id) VALUES (?, ?)`, hid, m); err != nil {
				return err
			}
		}
		return nil
	})
}

// Genogram item kinds for RemoveGenogramItem.
const (
	ItemPerson      = "person"
	ItemPartnership = "partnership"
	ItemChild       = "child"
	ItemTie         = "tie"
	ItemEvent       = "event"
	ItemHousehold   = "household"
)

// RemoveGenogramItem removes one item of the case's genogram. Removing a
// person removes their lines, ties and events with them.
func (db *GenogramService) RemoveGenogramItem(ctx context.Context, actor *rotonde.User, caseID int64, kind string, id int64) error {
	// The item goes to the case's trash, from which it can be put back (sqldb/trash.go).
	_, err := db.trashGenogramItem(ctx, actor, caseID, kind, id)
	return err
}

// MaxPin bounds a pinned coordinate (see genogram.MaxPin).
const MaxPin = genogram.MaxPin

// PinPerson keeps a person's symbol centred at (x, y) in later layouts.
func (db *GenogramService) PinPerson(ctx context.Context, actor *rotonde.User, caseID int64, person string, x, y float64) error {
	if err := genogram.ValidatePin(x, y); err != nil {
		return err
	}
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		id, err := db.pinTarget(ctx, tx, caseID, person)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE genogram_persons SET pin_x = ?, pin_y = ? WHERE id = ?`, x, y, id)
		return err
	})
}

// UnpinPerson lets the layout place a person automatically again.
func (db *GenogramService) UnpinPerson(ctx context.Context, actor *rotonde.User, caseID int64, person string) error {
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		id, err := db.pinTarget(ctx, tx, caseID, person)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE genogram_persons SET pin_x = NULL, pin_y = NULL WHERE id = ?`, id)
		return err
	})
}

// pinTarget names the stale case plainly: the person was removed meanwhile,
// for example by someone else in another window.
func (db *store) pinTarget(ctx context.Context, tx *Tx, caseID int64, person string) (int64, error) {
	id, err := db.personIn(ctx, tx, caseID, person)
	if err != nil {
		return 0, rotonde.E(rotonde.EConflict, "err.sqldb.this_person_is_not_or_no")
	}
	return id, nil
}

// ReplaceGenogram replaces the case's whole genogram with g (an import), in
// one transaction: all or nothing. g must pass Validate; its IDs are only
// used to connect its items and are replaced by stored ones.
func (db *GenogramService) ReplaceGenogram(ctx context.Context, actor *rotonde.User, caseID int64, g *genogram.Genogram) error {
	if err := g.ValidateImport(); err != nil {
		return err
	}
	g = g.ForImport()
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		// The drawing it replaces goes to the trash, whole (sqldb/trash.go).
		if _, err := db.trashDrawing(ctx, tx, actor, caseID); err != nil {
			return err
		}
		for _, t := range []string{"genogram_households", "genogram_events", "genogram_ties", "genogram_children", "genogram_partnerships", "genogram_persons"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+t+` WHERE case_id = ?`, caseID); err != nil {
				return err
			}
		}
		persons := map[string]int64{}
		now := db.Now()
		for _, p := range g.Persons {
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO genogram_persons (case_id, alias, sex, birth_year, death_year, deceased, is_index, professional, organisation, created_at, gedcom)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, caseID, p.Alias, string(p.Sex), p.BirthYear, p.DeathYear, p.Deceased, p.Index,
				p.Professional, p.Organisation, now, genogram.MarshalGEDCOM(p.GEDCOM)).Scan(&id); err != nil {
				return err
			}
			persons[p.ID] = id
			if pin, ok := g.Pinned[p.ID]; ok {
				if _, err := tx.Exec(ctx, `UPDATE genogram_persons SET pin_x = ?, pin_y = ? WHERE id = ?`, pin.X, pin.Y, id); err != nil {
					return err
				}
			}
		}
		parts := map[string]int64{}
		for _, pt := range g.Partnerships {
			kind := pt.Kind
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO genogram_partnerships (case_id, a_id, b_id, kind, start_year, end_year, gedcom) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				caseID, persons[pt.A], persons[pt.B], string(kind), pt.StartYear, pt.EndYear, genogram.MarshalGEDCOM(pt.GEDCOM)).Scan(&id); err != nil {
				return err
			}
			if pt.ID != "" {
				parts[pt.ID] = id
			}
		}
		for _, pc := range g.Children {
			kind := pc.Kind
			if _, err := tx.Exec(ctx, `INSERT INTO genogram_children (case_id, child_id, partnership_id, parent1_id, parent2_id, kind) VALUES (?, ?, ?, ?, ?, ?)`,
				caseID, persons[pc.Child], nullInt(parts[pc.Partnership]), nullInt(persons[pc.Parent1]), nullInt(persons[pc.Parent2]), string(kind)); err != nil {
				return err
			}
		}
		for _, t := range g.Ties {
			if _, err := tx.Exec(ctx, `INSERT INTO genogram_ties (case_id, a_id, b_id, kind, note) VALUES (?, ?, ?, ?, ?)`,
				caseID, persons[t.A], persons[t.B], string(t.Kind), t.Note); err != nil {
				return err
			}
		}
		for _, e := range g.Events {
			kind := e.Kind
			if _, err := tx.Exec(ctx, `INSERT INTO genogram_events (case_id, person_id, year, kind, note) VALUES (?, ?, ?, ?, ?)`,
				caseID, persons[e.Person], e.Year, string(kind), e.Note); err != nil {
				return err
			}
		}
		for _, h := range g.Households {
			var hid int64
			if err := tx.QueryRow(ctx, `INSERT INTO genogram_households (case_id, label, is_index) VALUES (?, ?, ?) RETURNING id`,
				caseID, h.Label, h.Index).Scan(&hid); err != nil {
				return err
			}
			seen := map[int64]bool{}
			for _, m := range h.Members {
				if id := persons[m]; id != 0 && !seen[id] {
					seen[id] = true
					if _, err := tx.Exec(ctx, `INSERT INTO genogram_household_members (household_id, person_id) VALUES (?, ?)`, hid, id); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// ForceField returns a case's force field (an empty one when none was made).
func (db *GenogramService) ForceField(ctx context.Context, actor *rotonde.User, caseID int64) (*genogram.ForceField, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	f := &genogram.ForceField{}
	err := db.queryRow(ctx, `SELECT goal FROM forcefields WHERE case_id = ?`, caseID).Scan(&f.Goal)
	if err != nil && !isNoRows(err) {
		return nil, fmt.Errorf("force field: %w", err)
	}
	err = db.each(ctx, db.reader, `SELECT id, name, role, influence, stance, note FROM forcefield_stakeholders WHERE case_id = ? ORDER BY id`, []any{caseID}, func(r *sql.Rows) error {
		var id int64
		var s genogram.Stakeholder
		if err := r.Scan(&id, &s.Name, &s.Role, &s.Influence, &s.Stance, &s.Note); err != nil {
			return err
		}
		s.ID = genogram.StakeholderRef(id)
		f.Stakeholders = append(f.Stakeholders, s)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stakeholders: %w", err)
	}
	return f, nil
}

// SetForceFieldGoal sets the goal in the centre of the force field.
func (db *GenogramService) SetForceFieldGoal(ctx context.Context, actor *rotonde.User, caseID int64, goal string) error {
	goal, err := genogram.CleanGoal(goal)
	if err != nil {
		return err
	}
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE forcefields SET goal = ? WHERE case_id = ?`, goal, caseID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			_, err = tx.Exec(ctx, `INSERT INTO forcefields (case_id, goal) VALUES (?, ?)`, caseID, goal)
		}
		return err
	})
}

// SaveStakeholder adds (empty s.ID) or changes a stakeholder.
func (db *GenogramService) SaveStakeholder(ctx context.Context, actor *rotonde.User, caseID int64, s *genogram.Stakeholder) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		if s.ID == "" {
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO forcefield_stakeholders (case_id, name, role, influence, stance, note) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
				caseID, s.Name, s.Role, s.Influence, s.Stance, s.Note).Scan(&id); err != nil {
				return err
			}
			s.ID = genogram.StakeholderRef(id)
			return nil
		}
		return execOne(ctx, tx, itemGone(), `UPDATE forcefield_stakeholders SET name = ?, role = ?, influence = ?, stance = ?, note = ? WHERE id = ? AND case_id = ?`,
			s.Name, s.Role, s.Influence, s.Stance, s.Note, genogram.ParseRef('s', s.ID), caseID)
	})
}

// RemoveStakeholder removes a stakeholder from the force field.
func (db *GenogramService) RemoveStakeholder(ctx context.Context, actor *rotonde.User, caseID int64, ref string) error {
	// The stakeholder goes to the case's trash (sqldb/trash.go).
	_, err := db.trashStakeholder(ctx, actor, caseID, ref)
	return err
}
