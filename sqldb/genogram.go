package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// Genogram items are identified in the drawing model by text IDs: a letter
// for the kind and the row id ("p12" person, "r3" partnership, "h2"
// household, "s7" stakeholder). Person and partnership IDs must never
// collide, which the letters guarantee.

// PersonRef returns the model ID of a stored person.
func PersonRef(id int64) string { return "p" + strconv.FormatInt(id, 10) }

// PartnershipRef returns the model ID of a stored partnership.
func PartnershipRef(id int64) string { return "r" + strconv.FormatInt(id, 10) }

// HouseholdRef returns the model ID of a stored household.
func HouseholdRef(id int64) string { return "h" + strconv.FormatInt(id, 10) }

// StakeholderRef returns the model ID of a stored stakeholder.
func StakeholderRef(id int64) string { return "s" + strconv.FormatInt(id, 10) }

// ParseRef reads a model ID with the given letter; 0 when it is not one.
func ParseRef(letter byte, ref string) int64 {
	if len(ref) < 2 || ref[0] != letter {
		return 0
	}
	id, err := strconv.ParseInt(ref[1:], 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

// Genogram returns a case's geno-sociogram for anyone who may read the case,
// with the storage ids of its ties, events and child ties.
func (db *DB) Genogram(ctx context.Context, actor *rotonde.User, caseID int64) (*genogram.Genogram, rotonde.GenogramRefs, error) {
	if _, err := db.CaseAccess(ctx, actor, caseID); err != nil {
		return nil, rotonde.GenogramRefs{}, err
	}
	return db.loadGenogram(ctx, db.read, caseID)
}

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// txQuerier adapts a Tx to querier (the caller's query is rebound here).
type txQuerier struct{ tx *Tx }

func (t txQuerier) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.tx.QueryContext(ctx, q, args...)
}

// each runs a query and calls fn for every row.
func (db *DB) each(ctx context.Context, q querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, db.rebind(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (db *DB) loadGenogram(ctx context.Context, q querier, caseID int64) (*genogram.Genogram, rotonde.GenogramRefs, error) {
	g := &genogram.Genogram{Pinned: map[string]genogram.Point{}}
	var refs rotonde.GenogramRefs
	args := []any{caseID}
	err := db.each(ctx, q, `SELECT id, alias, sex, birth_year, death_year, deceased, is_index, professional, organisation, pin_x, pin_y, gedcom
		FROM genogram_persons WHERE case_id = ? ORDER BY id`, args, func(r *sql.Rows) error {
		var id int64
		var p genogram.Person
		var sex, ged string
		var px, py sql.NullFloat64
		if err := r.Scan(&id, &p.Alias, &sex, &p.BirthYear, &p.DeathYear, &p.Deceased, &p.Index, &p.Professional, &p.Organisation, &px, &py, &ged); err != nil {
			return err
		}
		p.ID, p.Sex, p.GEDCOM = PersonRef(id), genogram.Sex(sex), genogram.UnmarshalGEDCOMPerson(ged)
		g.Persons = append(g.Persons, p)
		if px.Valid && py.Valid {
			g.Pinned[p.ID] = genogram.Point{X: px.Float64, Y: py.Float64}
		}
		return nil
	})
	if err == nil {
		err = db.each(ctx, q, `SELECT id, a_id, b_id, kind, start_year, end_year, gedcom FROM genogram_partnerships WHERE case_id = ? ORDER BY id`, args, func(r *sql.Rows) error {
			var id, a, b int64
			var pt genogram.Partnership
			var kind, ged string
			if err := r.Scan(&id, &a, &b, &kind, &pt.StartYear, &pt.EndYear, &ged); err != nil {
				return err
			}
			pt.ID, pt.A, pt.B, pt.Kind = PartnershipRef(id), PersonRef(a), PersonRef(b), genogram.PartnershipKind(kind)
			pt.GEDCOM = genogram.UnmarshalGEDCOMFamily(ged)
			g.Partnerships = append(g.Partnerships, pt)
			return nil
		})
	}
	if err == nil {
		err = db.each(ctx, q, `SELECT id, child_id, COALESCE(partnership_id, 0), COALESCE(parent1_id, 0), COALESCE(parent2_id, 0), kind
			FROM genogram_children WHERE case_id = ? ORDER BY id`, args, func(r *sql.Rows) error {
			var id, child, part, p1, p2 int64
			var kind string
			if err := r.Scan(&id, &child, &part, &p1, &p2, &kind); err != nil {
				return err
			}
			pc := genogram.ParentChild{Child: PersonRef(child), Kind: genogram.ChildKind(kind)}
			if part != 0 {
				pc.Partnership = PartnershipRef(part)
			}
			if p1 != 0 {
				pc.Parent1 = PersonRef(p1)
			}
			if p2 != 0 {
				pc.Parent2 = PersonRef(p2)
			}
			g.Children = append(g.Children, pc)
			refs.Children = append(refs.Children, id)
			return nil
		})
	}
	if err == nil {
		err = db.each(ctx, q, `SELECT id, a_id, b_id, kind, note FROM genogram_ties WHERE case_id = ? ORDER BY id`, args, func(r *sql.Rows) error {
			var id, a, b int64
			var t genogram.Tie
			var kind string
			if err := r.Scan(&id, &a, &b, &kind, &t.Note); err != nil {
				return err
			}
			t.A, t.B, t.Kind = PersonRef(a), PersonRef(b), genogram.TieKind(kind)
			g.Ties = append(g.Ties, t)
			refs.Ties = append(refs.Ties, id)
			return nil
		})
	}
	if err == nil {
		err = db.each(ctx, q, `SELECT id, person_id, year, kind, note FROM genogram_events WHERE case_id = ? ORDER BY year, id`, args, func(r *sql.Rows) error {
			var id, p int64
			var e genogram.LifeEvent
			var kind string
			if err := r.Scan(&id, &p, &e.Year, &kind, &e.Note); err != nil {
				return err
			}
			e.Person, e.Kind = PersonRef(p), genogram.EventKind(kind)
			g.Events = append(g.Events, e)
			refs.Events = append(refs.Events, id)
			return nil
		})
	}
	if err == nil {
		hh := map[int64]int{}
		err = db.each(ctx, q, `SELECT id, label, is_index FROM genogram_households WHERE case_id = ? ORDER BY id`, args, func(r *sql.Rows) error {
			var id int64
			var h genogram.Household
			if err := r.Scan(&id, &h.Label, &h.Index); err != nil {
				return err
			}
			h.ID = HouseholdRef(id)
			hh[id] = len(g.Households)
			g.Households = append(g.Households, h)
			return nil
		})
		if err == nil && len(hh) > 0 {
			err = db.each(ctx, q, `SELECT m.household_id, m.person_id FROM genogram_household_members m
				JOIN genogram_households h ON h.id = m.household_id WHERE h.case_id = ? ORDER BY m.household_id, m.person_id`, args, func(r *sql.Rows) error {
				var h, p int64
				if err := r.Scan(&h, &p); err != nil {
					return err
				}
				if i, ok := hh[h]; ok {
					g.Households[i].Members = append(g.Households[i].Members, PersonRef(p))
				}
				return nil
			})
		}
	}
	if err != nil {
		return nil, refs, fmt.Errorf("genogram %d: %w", caseID, err)
	}
	return g, refs, nil
}

// genogramWrite runs fn in a write transaction after checking that the actor
// may change the case's genogram.
func (db *DB) genogramWrite(ctx context.Context, actor *rotonde.User, caseID int64, fn func(tx *Tx) error) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		role, err := db.writeAccess(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		if !policy.CanEditGenogram(role) {
			return rotonde.E(rotonde.EForbidden, "err.sqldb.you_can_only_view_geno_sociogram")
		}
		if err := fn(tx); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE cases SET updated_at = ? WHERE id = ?`, db.Now(), caseID)
		return err
	})
}

// otherCase is the message for a reference to a person outside the case.
func otherCase() error {
	return rotonde.E(rotonde.EInvalid, "err.sqldb.this_person_is_not_part_of")
}

// personIn checks that a model person ID names a person of this case and returns its row id.
func (db *DB) personIn(ctx context.Context, tx *Tx, caseID int64, ref string) (int64, error) {
	id := ParseRef('p', ref)
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

// checkAfter reloads the genogram inside the transaction and refuses the
// change when it leaves a hard error (e.g. a person who is their own
// ancestor). Soft warnings are shown on the page, never refused.
func (db *DB) checkAfter(ctx context.Context, tx *Tx, caseID int64) error {
	g, _, err := db.loadGenogram(ctx, txQuerier{tx}, caseID)
	if err != nil {
		return err
	}
	_, err = g.Validate()
	return err
}

func validPerson(p *genogram.Person) error {
	p.Alias = strings.TrimSpace(p.Alias)
	p.Organisation = strings.TrimSpace(p.Organisation)
	if p.Sex == "" {
		p.Sex = genogram.SexUnknown
	}
	switch {
	case p.Alias == "":
		return rotonde.E(rotonde.EInvalid, "err.sqldb.give_person_alias_such_as_oma")
	case tooLongText(p.Alias, genogram.MaxAlias) || tooLongText(p.Organisation, 120):
		return rotonde.E(rotonde.EInvalid, "err.sqldb.name_is_too_long")
	}
	switch p.Sex {
	case genogram.SexMale, genogram.SexFemale, genogram.SexOther, genogram.SexUnknown:
	default:
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_male_female_other_or_unknown")
	}
	if !yearOK(p.BirthYear) || !yearOK(p.DeathYear) {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.year_lies_between_and_or_stays", genogram.MinYear, genogram.MaxYear)
	}
	if p.DeathYear > 0 {
		p.Deceased = true
	}
	return nil
}

func yearOK(y int) bool { return y == 0 || (y >= genogram.MinYear && y <= genogram.MaxYear) }

func tooLongText(v string, n int) bool { return len([]rune(v)) > n }

// SavePerson adds a person (empty p.ID) or changes one of this case.
func (db *DB) SavePerson(ctx context.Context, actor *rotonde.User, caseID int64, p *genogram.Person) error {
	if err := validPerson(p); err != nil {
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
			p.ID = PersonRef(id)
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

var partnershipKinds = map[genogram.PartnershipKind]bool{genogram.Married: true, genogram.LivingTogether: true, genogram.Separated: true, genogram.Divorced: true}
var childKinds = map[genogram.ChildKind]bool{genogram.Biological: true, genogram.Foster: true, genogram.Adoptive: true, genogram.Step: true}
var tieKinds = map[genogram.TieKind]bool{genogram.TieClose: true, genogram.TieFused: true, genogram.TieDistant: true, genogram.TieConflict: true,
	genogram.TieHostile: true, genogram.TieCutoff: true, genogram.TieInformalCare: true}
var eventKinds = map[genogram.EventKind]bool{genogram.EventDeath: true, genogram.EventMove: true, genogram.EventBreakup: true, genogram.EventOther: true}

// TieKinds, ChildKinds, PartnershipKinds and EventKinds list the kinds forms offer.
var (
	PartnershipKinds = []genogram.PartnershipKind{genogram.Married, genogram.LivingTogether, genogram.Separated, genogram.Divorced}
	ChildKinds       = []genogram.ChildKind{genogram.Biological, genogram.Foster, genogram.Adoptive, genogram.Step}
	TieKinds         = []genogram.TieKind{genogram.TieClose, genogram.TieFused, genogram.TieDistant, genogram.TieConflict, genogram.TieHostile, genogram.TieCutoff, genogram.TieInformalCare}
	EventKinds       = []genogram.EventKind{genogram.EventDeath, genogram.EventMove, genogram.EventBreakup, genogram.EventOther}
)

func twoPersons(a, b string) error {
	if a == b {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_two_different_persons")
	}
	return nil
}

// SavePartnership adds (empty pt.ID) or changes a partnership.
func (db *DB) SavePartnership(ctx context.Context, actor *rotonde.User, caseID int64, pt *genogram.Partnership) error {
	if !partnershipKinds[pt.Kind] {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_kind_of_partnership")
	}
	if !yearOK(pt.StartYear) || !yearOK(pt.EndYear) {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.year_lies_between_and_or_stays", genogram.MinYear, genogram.MaxYear)
	}
	if err := twoPersons(pt.A, pt.B); err != nil {
		return err
	}
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		a, err := db.personIn(ctx, tx, caseID, pt.A)
		if err != nil {
			return err
		}
		b, err := db.personIn(ctx, tx, caseID, pt.B)
		if err != nil {
			return err
		}
		if pt.ID == "" {
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO genogram_partnerships (case_id, a_id, b_id, kind, start_year, end_year) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
				caseID, a, b, string(pt.Kind), pt.StartYear, pt.EndYear).Scan(&id); err != nil {
				return err
			}
			pt.ID = PartnershipRef(id)
		} else {
			res, err := tx.Exec(ctx, `UPDATE genogram_partnerships SET a_id = ?, b_id = ?, kind = ?, start_year = ?, end_year = ? WHERE id = ? AND case_id = ?`,
				a, b, string(pt.Kind), pt.StartYear, pt.EndYear, ParseRef('r', pt.ID), caseID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return itemGone()
			}
		}
		return db.checkAfter(ctx, tx, caseID)
	})
}

func itemGone() error {
	return notFound("err.sqldb.this_part_of_geno_sociogram_does")
}

// AddChild links a child to a partnership or to one or two parents.
func (db *DB) AddChild(ctx context.Context, actor *rotonde.User, caseID int64, pc *genogram.ParentChild) error {
	if pc.Kind == "" {
		pc.Kind = genogram.Biological
	}
	if !childKinds[pc.Kind] {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_kind_of_child_tie")
	}
	if pc.Partnership == "" && pc.Parent1 == "" && pc.Parent2 == "" {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_parents_or_partnership_child_comes")
	}
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		child, err := db.personIn(ctx, tx, caseID, pc.Child)
		if err != nil {
			return err
		}
		var part, p1, p2 int64
		if pc.Partnership != "" {
			part = ParseRef('r', pc.Partnership)
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
		if child == p1 || child == p2 || (p1 != 0 && p1 == p2) {
			return rotonde.E(rotonde.EInvalid, "err.sqldb.child_cannot_be_its_own_parent")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO genogram_children (case_id, child_id, partnership_id, parent1_id, parent2_id, kind) VALUES (?, ?, ?, ?, ?, ?)`,
			caseID, child, nullInt(part), nullInt(p1), nullInt(p2), string(pc.Kind)); err != nil {
			return err
		}
		return db.checkAfter(ctx, tx, caseID)
	})
}

// AddTie stores a social or emotional tie between two persons of the case.
func (db *DB) AddTie(ctx context.Context, actor *rotonde.User, caseID int64, t *genogram.Tie) error {
	t.Note = strings.TrimSpace(t.Note)
	if !tieKinds[t.Kind] {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_kind_of_tie")
	}
	if tooLongText(t.Note, 200) {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.note_is_too_long_at_most")
	}
	if err := twoPersons(t.A, t.B); err != nil {
		return err
	}
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		a, err := db.personIn(ctx, tx, caseID, t.A)
		if err != nil {
			return err
		}
		b, err := db.personIn(ctx, tx, caseID, t.B)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO genogram_ties (case_id, a_id, b_id, kind, note) VALUES (?, ?, ?, ?, ?)`, caseID, a, b, string(t.Kind), t.Note)
		return err
	})
}

// AddLifeEvent stores a life event of a person of the case.
func (db *DB) AddLifeEvent(ctx context.Context, actor *rotonde.User, caseID int64, e *genogram.LifeEvent) error {
	e.Note = strings.TrimSpace(e.Note)
	if !eventKinds[e.Kind] {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_kind_of_event")
	}
	if !yearOK(e.Year) {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.year_lies_between_and_or_stays", genogram.MinYear, genogram.MaxYear)
	}
	if tooLongText(e.Note, 200) {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.note_is_too_long_at_most")
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
func (db *DB) SaveHousehold(ctx context.Context, actor *rotonde.User, caseID int64, h *genogram.Household) error {
	h.Label = strings.TrimSpace(h.Label)
	if tooLongText(h.Label, 80) {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.household_name_is_too_long")
	}
	if len(h.Members) == 0 {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_who_lives_in_household")
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
			h.ID = HouseholdRef(hid)
		} else {
			hid = ParseRef('h', h.ID)
			res, err := tx.Exec(ctx, `UPDATE genogram_households SET label = ?, is_index = ? WHERE id = ? AND case_id = ?`, h.Label, h.Index, hid, caseID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return itemGone()
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
func (db *DB) RemoveGenogramItem(ctx context.Context, actor *rotonde.User, caseID int64, kind string, id int64) error {
	table := map[string]string{ItemPerson: "genogram_persons", ItemPartnership: "genogram_partnerships", ItemChild: "genogram_children",
		ItemTie: "genogram_ties", ItemEvent: "genogram_events", ItemHousehold: "genogram_households"}[kind]
	if table == "" {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.unknown_item")
	}
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE id = ? AND case_id = ?`, id, caseID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return itemGone()
		}
		return nil
	})
}

// MaxPin bounds a pinned coordinate: far outside any real drawing, small
// enough that a tampered request cannot blow up the layout.
const MaxPin = 20000.0

// PinPerson keeps a person's symbol centred at (x, y) in later layouts.
func (db *DB) PinPerson(ctx context.Context, actor *rotonde.User, caseID int64, person string, x, y float64) error {
	if math.IsNaN(x) || math.IsNaN(y) || math.Abs(x) > MaxPin || math.Abs(y) > MaxPin {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.this_position_lies_outside_drawing")
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
func (db *DB) UnpinPerson(ctx context.Context, actor *rotonde.User, caseID int64, person string) error {
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
func (db *DB) pinTarget(ctx context.Context, tx *Tx, caseID int64, person string) (int64, error) {
	id, err := db.personIn(ctx, tx, caseID, person)
	if err != nil {
		return 0, rotonde.E(rotonde.EConflict, "err.sqldb.this_person_is_not_or_no")
	}
	return id, nil
}

// ReplaceGenogram replaces the case's whole genogram with g (an import), in
// one transaction: all or nothing. g must pass Validate; its IDs are only
// used to connect its items and are replaced by stored ones.
func (db *DB) ReplaceGenogram(ctx context.Context, actor *rotonde.User, caseID int64, g *genogram.Genogram) error {
	if _, err := g.Validate(); err != nil {
		return err
	}
	for i := range g.Persons {
		p := g.Persons[i]
		if err := validPerson(&p); err != nil {
			return rotonde.E(rotonde.EInvalid, "err.sqldb.person", i+1, truncateText(g.Persons[i].ID, 20), rotonde.UserText(err))
		}
	}
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		for _, t := range []string{"genogram_households", "genogram_events", "genogram_ties", "genogram_children", "genogram_partnerships", "genogram_persons"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+t+` WHERE case_id = ?`, caseID); err != nil {
				return err
			}
		}
		persons := map[string]int64{}
		now := db.Now()
		for _, p := range g.Persons {
			_ = validPerson(&p)
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO genogram_persons (case_id, alias, sex, birth_year, death_year, deceased, is_index, professional, organisation, created_at, gedcom)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, caseID, p.Alias, string(p.Sex), p.BirthYear, p.DeathYear, p.Deceased, p.Index,
				p.Professional, p.Organisation, now, genogram.MarshalGEDCOM(p.GEDCOM)).Scan(&id); err != nil {
				return err
			}
			persons[p.ID] = id
			if pin, ok := g.Pinned[p.ID]; ok && math.Abs(pin.X) <= MaxPin && math.Abs(pin.Y) <= MaxPin {
				if _, err := tx.Exec(ctx, `UPDATE genogram_persons SET pin_x = ?, pin_y = ? WHERE id = ?`, pin.X, pin.Y, id); err != nil {
					return err
				}
			}
		}
		parts := map[string]int64{}
		for _, pt := range g.Partnerships {
			kind := pt.Kind
			if !partnershipKinds[kind] {
				kind = genogram.LivingTogether
			}
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
			if !childKinds[kind] {
				kind = genogram.Biological
			}
			if _, err := tx.Exec(ctx, `INSERT INTO genogram_children (case_id, child_id, partnership_id, parent1_id, parent2_id, kind) VALUES (?, ?, ?, ?, ?, ?)`,
				caseID, persons[pc.Child], nullInt(parts[pc.Partnership]), nullInt(persons[pc.Parent1]), nullInt(persons[pc.Parent2]), string(kind)); err != nil {
				return err
			}
		}
		for _, t := range g.Ties {
			if !tieKinds[t.Kind] {
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO genogram_ties (case_id, a_id, b_id, kind, note) VALUES (?, ?, ?, ?, ?)`,
				caseID, persons[t.A], persons[t.B], string(t.Kind), truncateText(t.Note, 200)); err != nil {
				return err
			}
		}
		for _, e := range g.Events {
			kind := e.Kind
			if !eventKinds[kind] {
				kind = genogram.EventOther
			}
			if _, err := tx.Exec(ctx, `INSERT INTO genogram_events (case_id, person_id, year, kind, note) VALUES (?, ?, ?, ?, ?)`,
				caseID, persons[e.Person], e.Year, string(kind), truncateText(e.Note, 200)); err != nil {
				return err
			}
		}
		for _, h := range g.Households {
			var hid int64
			if err := tx.QueryRow(ctx, `INSERT INTO genogram_households (case_id, label, is_index) VALUES (?, ?, ?) RETURNING id`,
				caseID, truncateText(h.Label, 80), h.Index).Scan(&hid); err != nil {
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

func truncateText(v string, n int) string {
	r := []rune(v)
	if len(r) <= n {
		return v
	}
	return string(r[:n])
}

// ForceField returns a case's force field (an empty one when none was made).
func (db *DB) ForceField(ctx context.Context, actor *rotonde.User, caseID int64) (*genogram.ForceField, error) {
	if _, err := db.CaseAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	f := &genogram.ForceField{}
	err := db.queryRow(ctx, `SELECT goal FROM forcefields WHERE case_id = ?`, caseID).Scan(&f.Goal)
	if err != nil && !isNoRows(err) {
		return nil, fmt.Errorf("force field: %w", err)
	}
	err = db.each(ctx, db.read, `SELECT id, name, role, influence, stance, note FROM forcefield_stakeholders WHERE case_id = ? ORDER BY id`, []any{caseID}, func(r *sql.Rows) error {
		var id int64
		var s genogram.Stakeholder
		if err := r.Scan(&id, &s.Name, &s.Role, &s.Influence, &s.Stance, &s.Note); err != nil {
			return err
		}
		s.ID = StakeholderRef(id)
		f.Stakeholders = append(f.Stakeholders, s)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stakeholders: %w", err)
	}
	return f, nil
}

// SetForceFieldGoal sets the goal in the centre of the force field.
func (db *DB) SetForceFieldGoal(ctx context.Context, actor *rotonde.User, caseID int64, goal string) error {
	goal = strings.TrimSpace(goal)
	if tooLongText(goal, 300) {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.goal_is_too_long_at_most")
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
func (db *DB) SaveStakeholder(ctx context.Context, actor *rotonde.User, caseID int64, s *genogram.Stakeholder) error {
	s.Name, s.Role, s.Note = strings.TrimSpace(s.Name), strings.TrimSpace(s.Role), strings.TrimSpace(s.Note)
	switch {
	case s.Name == "":
		return rotonde.E(rotonde.EInvalid, "err.sqldb.give_stakeholder_name_such_as_wijkteam")
	case tooLongText(s.Name, 80) || tooLongText(s.Role, 120) || tooLongText(s.Note, 200):
		return rotonde.E(rotonde.EInvalid, "err.rotonde.one_of_fields_is_too_long")
	case s.Influence < 1 || s.Influence > 5:
		return rotonde.E(rotonde.EInvalid, "err.sqldb.influence_is_1_to_5")
	case s.Stance < -2 || s.Stance > 2:
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_stance_from_strongly_opposed_to")
	}
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		if s.ID == "" {
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO forcefield_stakeholders (case_id, name, role, influence, stance, note) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
				caseID, s.Name, s.Role, s.Influence, s.Stance, s.Note).Scan(&id); err != nil {
				return err
			}
			s.ID = StakeholderRef(id)
			return nil
		}
		res, err := tx.Exec(ctx, `UPDATE forcefield_stakeholders SET name = ?, role = ?, influence = ?, stance = ?, note = ? WHERE id = ? AND case_id = ?`,
			s.Name, s.Role, s.Influence, s.Stance, s.Note, ParseRef('s', s.ID), caseID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return itemGone()
		}
		return nil
	})
}

// RemoveStakeholder removes a stakeholder from the force field.
func (db *DB) RemoveStakeholder(ctx context.Context, actor *rotonde.User, caseID int64, ref string) error {
	return db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM forcefield_stakeholders WHERE id = ? AND case_id = ?`, ParseRef('s', ref), caseID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return itemGone()
		}
		return nil
	})
}
