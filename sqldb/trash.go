package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rotonde-jeugd/rotonde/runes"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// TrashService keeps deleted case content for rotonde.TrashDays days (see
// rotonde.TrashService). Deleting copies the rows that go (the item and what
// hangs off it by ON DELETE CASCADE) into one trash entry as JSON and then
// deletes them, so every read of the case sees them gone without knowing of
// the trash. Restoring inserts the rows again, under their old ids where
// those are still free (an engine may hand a freed id to a new row
// meanwhile; then the row gets a new id and references follow it).
type TrashService struct{ *store }

// trashRows is what one entry holds, in insertion order.
type trashRows []trashRow

// trashRow is one deleted row: its table, its columns and their values.
type trashRow struct {
	Table string       `json:"t"`
	Cols  []string     `json:"c"`
	Vals  []trashValue `json:"v"`
}

// trashValue keeps a column value with its Go type, so that it goes back
// into the column as the same type on both engines.
type trashValue struct {
	I *int64   `json:"i,omitempty"`
	F *float64 `json:"f,omitempty"`
	S *string  `json:"s,omitempty"`
	B *bool    `json:"b,omitempty"`
	T *string  `json:"tm,omitempty"` // RFC 3339 with nanoseconds
	X *string  `json:"x,omitempty"`  // bytes, base64
}

func toTrashValue(v any) trashValue {
	switch x := v.(type) {
	case int64:
		return trashValue{I: &x}
	case int:
		n := int64(x)
		return trashValue{I: &n}
	case float64:
		return trashValue{F: &x}
	case string:
		return trashValue{S: &x}
	case bool:
		return trashValue{B: &x}
	case time.Time:
		s := x.UTC().Format(time.RFC3339Nano)
		return trashValue{T: &s}
	case []byte:
		s := base64.StdEncoding.EncodeToString(x)
		return trashValue{X: &s}
	}
	return trashValue{} // NULL
}

func (v trashValue) value() (any, error) {
	switch {
	case v.I != nil:
		return *v.I, nil
	case v.F != nil:
		return *v.F, nil
	case v.S != nil:
		return *v.S, nil
	case v.B != nil:
		return *v.B, nil
	case v.T != nil:
		return time.Parse(time.RFC3339Nano, *v.T)
	case v.X != nil:
		return base64.StdEncoding.DecodeString(*v.X)
	}
	return nil, nil
}

func (r trashRow) get(col string) any {
	for i, c := range r.Cols {
		if c == col {
			v, _ := r.Vals[i].value()
			return v
		}
	}
	return nil
}

func trashInt(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case bool:
		if x {
			return 1
		}
	}
	return 0
}

// trashPart is one query of what an entry takes: the rows of table that match where.
type trashPart struct {
	table, where string
	args         []any
}

// trashRefs are the columns of the trashed tables that point at other rows
// that can be trashed: on restore they follow their target's new id.
var trashRefs = map[string]map[string]string{
	"genogram_partnerships":      {"a_id": "genogram_persons", "b_id": "genogram_persons"},
	"genogram_children":          {"child_id": "genogram_persons", "parent1_id": "genogram_persons", "parent2_id": "genogram_persons", "partnership_id": "genogram_partnerships"},
	"genogram_ties":              {"a_id": "genogram_persons", "b_id": "genogram_persons"},
	"genogram_events":            {"person_id": "genogram_persons"},
	"genogram_household_members": {"person_id": "genogram_persons", "household_id": "genogram_households"},
}

// trashTables are the tables the trash may write back to, with the kinds that use them.
var trashTables = map[string]bool{
	"genogram_persons": true, "genogram_partnerships": true, "genogram_children": true, "genogram_ties": true,
	"genogram_events": true, "genogram_households": true, "genogram_household_members": true,
	"timeline_events": true, "forcefield_stakeholders": true, "case_barriers": true,
	"invitations": true, // a revoked invitation (sqldb/undo.go)
}

// genogramParts lists what deleting a geno-sociogram item takes along, the
// item first: what its foreign keys would remove by cascade.
func genogramParts(kind string, caseID, id int64) []trashPart {
	c := caseID
	switch kind {
	case ItemPerson:
		return []trashPart{
			{"genogram_persons", `id = ? AND case_id = ?`, []any{id, c}},
			{"genogram_partnerships", `case_id = ? AND (a_id = ? OR b_id = ?)`, []any{c, id, id}},
			{"genogram_children", `case_id = ? AND (child_id = ? OR parent1_id = ? OR parent2_id = ? OR partnership_id IN
				(SELECT p.id FROM genogram_partnerships p WHERE p.a_id = ? OR p.b_id = ?))`, []any{c, id, id, id, id, id}},
			{"genogram_ties", `case_id = ? AND (a_id = ? OR b_id = ?)`, []any{c, id, id}},
			{"genogram_events", `case_id = ? AND person_id = ?`, []any{c, id}},
			{"genogram_household_members", `person_id = ? AND household_id IN (SELECT h.id FROM genogram_households h WHERE h.case_id = ?)`, []any{id, c}},
		}
	case ItemPartnership:
		return []trashPart{
			{"genogram_partnerships", `id = ? AND case_id = ?`, []any{id, c}},
			{"genogram_children", `case_id = ? AND partnership_id = ?`, []any{c, id}},
		}
	case ItemChild:
		return []trashPart{{"genogram_children", `id = ? AND case_id = ?`, []any{id, c}}}
	case ItemTie:
		return []trashPart{{"genogram_ties", `id = ? AND case_id = ?`, []any{id, c}}}
	case ItemEvent:
		return []trashPart{{"genogram_events", `id = ? AND case_id = ?`, []any{id, c}}}
	case ItemHousehold:
		return []trashPart{
			{"genogram_households", `id = ? AND case_id = ?`, []any{id, c}},
			{"genogram_household_members", `household_id = ?`, []any{id}},
		}
	}
	return nil
}

// collect reads the rows of the parts; the first part must find exactly the item.
func (db *store) collectTrash(ctx context.Context, tx *Tx, parts []trashPart) (trashRows, error) {
	var out trashRows
	for i, p := range parts {
		rows, err := tx.Query(ctx, `SELECT * FROM `+p.table+` WHERE `+p.where, p.args...)
		if err != nil {
			return nil, err
		}
		cols, err := rows.Columns()
		if err != nil {
			rows.Close()
			return nil, err
		}
		n := 0
		for rows.Next() {
			vals, err := scanValues(rows, len(cols))
			if err != nil {
				rows.Close()
				return nil, err
			}
			tr := trashRow{Table: p.table, Cols: cols}
			for _, v := range vals {
				tr.Vals = append(tr.Vals, toTrashValue(v))
			}
			out = append(out, tr)
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if i == 0 && n == 0 {
			return nil, itemGone()
		}
	}
	return out, nil
}

// personIDs are the geno-sociogram persons the rows name, as " 4 9 ".
func (rs trashRows) personIDs() string {
	seen := map[int64]bool{}
	var ids []string
	add := func(v any) {
		if id := trashInt(v); id != 0 && !seen[id] {
			seen[id] = true
			ids = append(ids, strconv.FormatInt(id, 10))
		}
	}
	for _, r := range rs {
		if r.Table == "genogram_persons" {
			add(r.get("id"))
		}
		for col, target := range trashRefs[r.Table] {
			if target == "genogram_persons" {
				add(r.get(col))
			}
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return " " + strings.Join(ids, " ") + " "
}

// aliasOf names a geno-sociogram person of the case ("?" when gone).
func (db *store) aliasOf(ctx context.Context, tx *Tx, caseID int64, id any) string {
	var a string
	if err := tx.QueryRow(ctx, `SELECT alias FROM genogram_persons WHERE id = ? AND case_id = ?`, trashInt(id), caseID).Scan(&a); err != nil {
		return "?"
	}
	return a
}

// trashLabel names the entry's item as the case shows it.
func (db *store) trashLabel(ctx context.Context, tx *Tx, caseID int64, kind rotonde.TrashKind, rs trashRows) string {
	first := rs[0]
	str := func(col string) string { s, _ := first.get(col).(string); return s }
	switch kind {
	case rotonde.TrashGenogramPerson:
		return str("alias")
	case rotonde.TrashGenogramPartnership, rotonde.TrashGenogramTie:
		return db.aliasOf(ctx, tx, caseID, first.get("a_id")) + " – " + db.aliasOf(ctx, tx, caseID, first.get("b_id"))
	case rotonde.TrashGenogramChild:
		return db.aliasOf(ctx, tx, caseID, first.get("child_id"))
	case rotonde.TrashGenogramEvent:
		l := db.aliasOf(ctx, tx, caseID, first.get("person_id"))
		if y := trashInt(first.get("year")); y != 0 {
			l += " " + strconv.FormatInt(y, 10)
		}
		return l
	case rotonde.TrashGenogramHousehold:
		return str("label")
	case rotonde.TrashStakeholder:
		return str("name")
	case rotonde.TrashTimelineEvent:
		return runes.Excerpt(str("description"), 60)
	case rotonde.TrashBarrier:
		return runes.Excerpt(str("explanation"), 60)
	case rotonde.TrashGenogramDrawing:
		var names []string
		for _, r := range rs {
			if a, ok := r.get("alias").(string); ok && r.Table == "genogram_persons" {
				names = append(names, a)
			}
		}
		return runes.Excerpt(strings.Join(names, ", "), 60)
	}
	return ""
}

// moveToTrash stores the rows as one entry and deletes the item (the first
// row); its foreign keys delete the rest.
func (db *store) moveToTrash(ctx context.Context, tx *Tx, actor *rotonde.User, caseID int64, kind rotonde.TrashKind, rs trashRows, createdBy int64) (rotonde.TrashItem, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rs); err != nil {
		return rotonde.TrashItem{}, err
	}
	it := rotonde.TrashItem{CaseID: caseID, Kind: kind, Label: db.trashLabel(ctx, tx, caseID, kind, rs), Rows: len(rs),
		DeletedBy: actor.ID, DeletedByName: actor.Name, DeletedAt: db.Now().UTC()}
	if err := tx.QueryRow(ctx, `INSERT INTO trash (case_id, kind, label, payload, persons, created_by, deleted_by, deleted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, caseID, string(kind), it.Label, strings.TrimSpace(buf.String()), rs.personIDs(),
		nullInt(createdBy), actor.ID, it.DeletedAt).Scan(&it.ID); err != nil {
		return it, fmt.Errorf("trash: %w", err)
	}
	first := rs[0]
	if first.Table == "genogram_household_members" {
		return it, fmt.Errorf("trash: a household member cannot be trashed alone")
	}
	if _, err := tx.Exec(ctx, `DELETE FROM `+first.Table+` WHERE id = ? AND case_id = ?`, first.get("id"), caseID); err != nil {
		return it, err
	}
	// Children linked to a partnership are removed by cascade; links made
	// to the partner persons only would stay, so a person's rows are
	// deleted explicitly too (the cascade would find none of them left).
	for _, r := range rs[1:] {
		if r.Table == "genogram_household_members" {
			if _, err := tx.Exec(ctx, `DELETE FROM genogram_household_members WHERE household_id = ? AND person_id = ?`, r.get("household_id"), r.get("person_id")); err != nil {
				return it, err
			}
			continue
		}
		if _, err := tx.Exec(ctx, `DELETE FROM `+r.Table+` WHERE id = ? AND case_id = ?`, r.get("id"), caseID); err != nil {
			return it, err
		}
	}
	_, err := tx.Exec(ctx, `UPDATE cases SET updated_at = ? WHERE id = ?`, db.Now(), caseID)
	return it, err
}

// TrashGenogramItem moves a geno-sociogram item to the trash (see rotonde.TrashService).
func (db *TrashService) TrashGenogramItem(ctx context.Context, actor *rotonde.User, caseID int64, kind string, id int64) (rotonde.TrashItem, error) {
	return db.trashGenogramItem(ctx, actor, caseID, kind, id)
}

func (db *store) trashGenogramItem(ctx context.Context, actor *rotonde.User, caseID int64, kind string, id int64) (rotonde.TrashItem, error) {
	parts := genogramParts(kind, caseID, id)
	if parts == nil {
		return rotonde.TrashItem{}, rotonde.E(rotonde.EInvalid, "err.sqldb.unknown_item")
	}
	var it rotonde.TrashItem
	err := db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		rs, err := db.collectTrash(ctx, tx, parts)
		if err != nil {
			return err
		}
		it, err = db.moveToTrash(ctx, tx, actor, caseID, rotonde.TrashKind(kind), rs, 0)
		return err
	})
	return it, err
}

// TrashTimelineEvent moves a timeline event to the trash (see rotonde.TrashService).
func (db *TrashService) TrashTimelineEvent(ctx context.Context, actor *rotonde.User, caseID, eventID int64) (rotonde.TrashItem, error) {
	return db.trashTimelineEvent(ctx, actor, caseID, eventID)
}

func (db *store) trashTimelineEvent(ctx context.Context, actor *rotonde.User, caseID, eventID int64) (rotonde.TrashItem, error) {
	var it rotonde.TrashItem
	err := db.WriteTx(ctx, func(tx *Tx) error {
		role, err := db.writeAccess(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		var createdBy int64
		err = tx.QueryRow(ctx, `SELECT created_by FROM timeline_events WHERE id = ? AND case_id = ?`, eventID, caseID).Scan(&createdBy)
		if isNoRows(err) {
			return eventNotFound()
		}
		if err != nil {
			return err
		}
		if err := mayWriteEvent(role, actor, nil, createdBy); err != nil {
			return err
		}
		rs, err := db.collectTrash(ctx, tx, []trashPart{{"timeline_events", `id = ? AND case_id = ?`, []any{eventID, caseID}}})
		if err != nil {
			return err
		}
		if it, err = db.moveToTrash(ctx, tx, actor, caseID, rotonde.TrashTimelineEvent, rs, createdBy); err != nil {
			return err
		}
		return tx.indexEvent(ctx, eventID) // gone: taken out of the search index
	})
	return it, err
}

// TrashStakeholder moves a stakeholder of the force field to the trash (see rotonde.TrashService).
func (db *TrashService) TrashStakeholder(ctx context.Context, actor *rotonde.User, caseID int64, ref string) (rotonde.TrashItem, error) {
	return db.trashStakeholder(ctx, actor, caseID, ref)
}

func (db *store) trashStakeholder(ctx context.Context, actor *rotonde.User, caseID int64, ref string) (rotonde.TrashItem, error) {
	var it rotonde.TrashItem
	err := db.genogramWrite(ctx, actor, caseID, func(tx *Tx) error {
		rs, err := db.collectTrash(ctx, tx, []trashPart{{"forcefield_stakeholders", `id = ? AND case_id = ?`, []any{genogram.ParseRef('s', ref), caseID}}})
		if err != nil {
			return err
		}
		it, err = db.moveToTrash(ctx, tx, actor, caseID, rotonde.TrashStakeholder, rs, 0)
		return err
	})
	return it, err
}

// DescribeTrash says what deleting would take along (see rotonde.TrashService).
func (db *TrashService) DescribeTrash(ctx context.Context, actor *rotonde.User, caseID int64, kind rotonde.TrashKind, ref string) (rotonde.TrashItem, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return rotonde.TrashItem{}, err
	}
	var parts []trashPart
	switch kind {
	case rotonde.TrashTimelineEvent:
		id, _ := strconv.ParseInt(ref, 10, 64)
		parts = []trashPart{{"timeline_events", `id = ? AND case_id = ?`, []any{id, caseID}}}
	case rotonde.TrashStakeholder:
		parts = []trashPart{{"forcefield_stakeholders", `id = ? AND case_id = ?`, []any{genogram.ParseRef('s', ref), caseID}}}
	case rotonde.TrashBarrier:
		id, _ := strconv.ParseInt(ref, 10, 64)
		parts = barrierParts(caseID, id)
	default:
		parts = genogramParts(string(kind), caseID, genogram.RowID(ref))
	}
	if parts == nil {
		return rotonde.TrashItem{}, rotonde.E(rotonde.EInvalid, "err.sqldb.unknown_item")
	}
	rs, err := db.collectTrash(ctx, db.reader, parts)
	if err != nil {
		return rotonde.TrashItem{}, err
	}
	return rotonde.TrashItem{CaseID: caseID, Kind: kind, Label: db.trashLabel(ctx, db.reader, caseID, kind, rs), Rows: len(rs)}, nil
}

const trashColumns = `t.id, t.case_id, t.kind, t.label, t.payload, COALESCE(t.deleted_by, 0), COALESCE(d.name, ''), t.deleted_at,
	COALESCE(c.name, ''), t.restored_at`

const trashFrom = ` FROM trash t LEFT JOIN users d ON d.id = t.deleted_by LEFT JOIN users c ON c.id = t.created_by`

func scanTrash(s interface{ Scan(...any) error }) (rotonde.TrashItem, trashRows, error) {
	var it rotonde.TrashItem
	var kind, payload string
	var restored sql.NullTime
	if err := s.Scan(&it.ID, &it.CaseID, &kind, &it.Label, &payload, &it.DeletedBy, &it.DeletedByName, &it.DeletedAt,
		&it.AddedByName, &restored); err != nil {
		return it, nil, err
	}
	it.Kind, it.DeletedAt, it.RestoredAt = rotonde.TrashKind(kind), it.DeletedAt.UTC(), restored.Time.UTC()
	if !restored.Valid {
		it.RestoredAt = time.Time{}
	}
	var rs trashRows
	if err := json.Unmarshal([]byte(payload), &rs); err != nil {
		return it, nil, fmt.Errorf("trash %d: %w", it.ID, err)
	}
	it.Rows = len(rs)
	return it, rs, nil
}

// trashCutoff is the oldest deletion that can still be put back.
func (db *store) trashCutoff() time.Time { return db.Now().UTC().AddDate(0, 0, -rotonde.TrashDays) }

// Trash lists the case's entries still in the trash (see rotonde.TrashService).
func (db *TrashService) Trash(ctx context.Context, actor *rotonde.User, caseID int64) ([]rotonde.TrashItem, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	var out []rotonde.TrashItem
	err := db.each(ctx, db.reader, `SELECT `+trashColumns+trashFrom+` WHERE t.case_id = ? AND t.restored_at IS NULL AND t.deleted_at > ?
		ORDER BY t.deleted_at DESC, t.id DESC`, []any{caseID, db.trashCutoff()}, func(r *sql.Rows) error {
		it, _, err := scanTrash(r)
		if err == nil {
			out = append(out, it)
		}
		return err
	})
	return out, err
}

// mayTrash checks the right to delete (and so to put back) an entry's kind.
func mayTrash(role rotonde.MemberRole, actor *rotonde.User, kind rotonde.TrashKind, rs trashRows) error {
	if kind == rotonde.TrashTimelineEvent {
		return mayWriteEvent(role, actor, nil, trashInt(rs[0].get("created_by")))
	}
	if kind == rotonde.TrashBarrier && !policy.CanEditBarriers(role) {
		return rotonde.E(rotonde.EForbidden, "err.sqldb.you_can_only_view_this_in")
	}
	if !policy.CanEditGenogram(role) {
		return rotonde.E(rotonde.EForbidden, "err.sqldb.you_can_only_view_geno_sociogram")
	}
	return nil
}

// RestoreTrash puts an entry back (see rotonde.TrashService).
func (db *TrashService) RestoreTrash(ctx context.Context, actor *rotonde.User, caseID, itemID int64) (rotonde.TrashItem, error) {
	var it rotonde.TrashItem
	var rs trashRows
	restored, err := db.putBack(ctx, actor, caseID, itemID, trashEntries, scanInto(&it, &rs, scanTrash), func(tx *Tx, role rotonde.MemberRole) error {
		if err := mayTrash(role, actor, it.Kind, rs); err != nil {
			return err
		}
		if it.Kind == rotonde.TrashGenogramDrawing {
			// The drawing that replaced it goes to the trash in its turn.
			if _, err := db.trashDrawing(ctx, tx, actor, caseID); err != nil {
				return err
			}
		}
		remap, err := db.reinsert(ctx, tx, caseID, rs)
		if err != nil {
			return err
		}
		if err := reindexRestored(ctx, tx, rs, remap); err != nil {
			return err
		}
		if it.Kind == rotonde.TrashBarrier {
			if err := summariseBarriers(ctx, tx, caseID); err != nil {
				return err
			}
		}
		if len(remap) == 0 {
			return nil
		}
		b, err := json.Marshal(remap)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE trash SET remap = ? WHERE id = ?`, string(b), it.ID)
		return err
	})
	it.RestoredAt = restored
	return it, err
}

// rowScanner is a row to scan: *sql.Row or *sql.Rows.
type rowScanner = interface{ Scan(...any) error }

// scanInto turns a scan function of two results into one that stores them
// in a and b, as putBack and putBackIn take it.
func scanInto[A, B any](a *A, b *B, scan func(rowScanner) (A, B, error)) func(rowScanner) error {
	return func(row rowScanner) (err error) {
		*a, *b, err = scan(row)
		return err
	}
}

// undoable names where entries that can be put back live: the trash and
// the reversal records (sqldb/undo.go).
type undoable struct {
	table, alias string
	query        string // SELECT … FROM table alias
	done, undone string // when it was done (column), and the prefix of undone_by and undone_at
	gone         string // the error when the entry is gone or too old
	scope        string // the column naming what the entry belongs to: case_id, or group_id
}

var (
	trashEntries    = undoable{"trash", "t", `SELECT ` + trashColumns + trashFrom, "deleted_at", "restored", "err.sqldb.trash_item_gone", "case_id"}
	reversalEntries = undoable{"reversals", "r", `SELECT ` + undoColumns + undoFrom, "done_at", "undone", "err.undo.gone", "case_id"}
)

// putBack undoes entry id of the case in one write transaction: with write
// access to the case, it locks the entry while it is open and less than
// rotonde.TrashDays days old (scan reads it), acts with the actor's role
// in the case, then marks the entry undone by the actor (the case's feed
// shows that) and touches the case. It returns when.
func (db *store) putBack(ctx context.Context, actor *rotonde.User, caseID, id int64, e undoable, scan func(rowScanner) error,
	act func(tx *Tx, role rotonde.MemberRole) error) (time.Time, error) {
	var now time.Time
	err := db.WriteTx(ctx, func(tx *Tx) error {
		role, err := db.writeAccess(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		if now, err = db.putBackIn(ctx, tx, actor, caseID, id, e, scan, func() error { return act(tx, role) }); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE cases SET updated_at = ? WHERE id = ?`, now, caseID)
		return err
	})
	if err != nil {
		return time.Time{}, err
	}
	return now, nil
}

// putBackIn is putBack's step in tx, once access is checked: it locks
// entry id of scope (e.scope) while open and less than rotonde.TrashDays
// days old, acts, and marks it undone by the actor.
func (db *store) putBackIn(ctx context.Context, tx *Tx, actor *rotonde.User, scope, id int64, e undoable, scan func(rowScanner) error, act func() error) (time.Time, error) {
	a := e.alias + "."
	err := scan(tx.QueryRow(ctx, e.query+` WHERE `+a+`id = ? AND `+a+e.scope+` = ? AND `+a+e.undone+`_at IS NULL AND `+a+e.done+` > ?`+
		db.forUpdateOf(e.alias), id, scope, db.trashCutoff()))
	if isNoRows(err) {
		return time.Time{}, notFound(e.gone)
	}
	if err != nil {
		return time.Time{}, err
	}
	if err := act(); err != nil {
		return time.Time{}, err
	}
	now := db.Now().UTC()
	_, err = tx.Exec(ctx, `UPDATE `+e.table+` SET `+e.undone+`_by = ?, `+e.undone+`_at = ? WHERE id = ?`, actor.ID, now, id)
	return now, err
}

// forUpdateOf locks the selected row of alias on PostgreSQL (a join cannot lock the nullable side).
func (db *store) forUpdateOf(alias string) string {
	if db.dialect == Postgres {
		return " FOR UPDATE OF " + alias
	}
	return ""
}

// idRemap is, per table, the new id of each row put back under another id.
type idRemap map[string]map[int64]int64

func (m idRemap) set(table string, old, id int64) {
	if m[table] == nil {
		m[table] = map[int64]int64{}
	}
	m[table][old] = id
}

// reinsert writes the rows back, each under its old id when that is still
// free (so that what names it elsewhere finds it again), else under a new
// one. A reference follows its target: to a row of the same entry, to a
// row put back earlier under a new id (remap of restored entries), or to a
// row that still exists in the case; a target that is gone makes the entry
// hang on something deleted meanwhile (EConflict: put that back first). It
// returns the rows that got a new id.
func (db *store) reinsert(ctx context.Context, tx *Tx, caseID int64, rs trashRows) (idRemap, error) {
	moved := idRemap{}
	var earlier idRemap
	for _, r := range rs {
		if !trashTables[r.Table] {
			return nil, fmt.Errorf("trash: table %q cannot be restored", r.Table)
		}
		refs := trashRefs[r.Table]
		var cols []string
		var args []any
		var oldID int64
		for i, c := range r.Cols {
			v, err := r.Vals[i].value()
			if err != nil {
				return nil, err
			}
			if c == "id" {
				oldID = trashInt(v)
				continue
			}
			if target, ok := refs[c]; ok && v != nil {
				old := trashInt(v)
				if n, ok := moved[target][old]; ok {
					v = n
				} else if !db.rowInCase(ctx, tx, target, old, caseID) {
					if earlier == nil {
						if earlier, err = db.restoredRemaps(ctx, tx, caseID); err != nil {
							return nil, err
						}
					}
					n, ok := earlier[target][old]
					if !ok || !db.rowInCase(ctx, tx, target, n, caseID) {
						return nil, rotonde.E(rotonde.EConflict, "err.sqldb.trash_restore_needs_other")
					}
					v = n
				}
			}
			cols = append(cols, c)
			args = append(args, v)
		}
		if oldID != 0 {
			var taken int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM `+r.Table+` WHERE id = ?`, oldID).Scan(&taken); err != nil {
				return nil, err
			}
			if taken == 0 {
				cols, args = append([]string{"id"}, cols...), append([]any{oldID}, args...)
			}
		}
		q := `INSERT INTO ` + r.Table + ` (` + strings.Join(cols, ", ") + `) VALUES (?` + strings.Repeat(", ?", len(cols)-1) + `)`
		if oldID == 0 || cols[0] == "id" {
			if _, err := tx.Exec(ctx, q, args...); err != nil {
				return nil, fmt.Errorf("restore %s: %w", r.Table, err)
			}
			continue
		}
		var id int64
		if err := tx.QueryRow(ctx, q+` RETURNING id`, args...).Scan(&id); err != nil {
			return nil, fmt.Errorf("restore %s: %w", r.Table, err)
		}
		moved.set(r.Table, oldID, id)
	}
	return moved, nil
}

// restoredRemaps gathers the new ids of the case's rows put back earlier.
func (db *store) restoredRemaps(ctx context.Context, tx *Tx, caseID int64) (idRemap, error) {
	all := idRemap{}
	err := db.each(ctx, tx, `SELECT remap FROM trash WHERE case_id = ? AND restored_at IS NOT NULL AND remap <> '' ORDER BY restored_at`,
		[]any{caseID}, func(r *sql.Rows) error {
			var s string
			if err := r.Scan(&s); err != nil {
				return err
			}
			var m idRemap
			if err := json.Unmarshal([]byte(s), &m); err != nil {
				return err
			}
			for t, ids := range m {
				for old, id := range ids {
					all.set(t, old, id)
				}
			}
			return nil
		})
	return all, err
}

// rowInCase reports whether a row of a trashable table still exists in the case.
func (db *store) rowInCase(ctx context.Context, tx *Tx, table string, id, caseID int64) bool {
	if !trashTables[table] {
		return false
	}
	var n int
	err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = ? AND case_id = ?`, id, caseID).Scan(&n)
	return err == nil && n > 0
}

// entryFeed adds the case's entries of e to its feed: each action with
// kind doneAs+area(kind), each undoing with undoneAs+area(kind), the text
// the entry's label.
func (db *store) entryFeed(ctx context.Context, e undoable, caseID int64, limit int, out []rotonde.FeedItem,
	doneAs, undoneAs string, area func(kind string) string) ([]rotonde.FeedItem, error) {
	a := e.alias + "."
	doneBy := strings.TrimSuffix(e.done, "_at") + "_by"
	for _, q := range []struct{ prefix, at, by, cond string }{
		{doneAs, e.done, doneBy, ""},
		{undoneAs, e.undone + "_at", e.undone + "_by", " AND " + a + e.undone + "_at IS NOT NULL"},
	} {
		query := `SELECT ` + a + q.at + `, COALESCE(u.name, ''), ` + a + `label, ` + a + `kind FROM ` + e.table + ` ` + e.alias +
			` LEFT JOIN users u ON u.id = ` + a + q.by + ` WHERE ` + a + `case_id = ?` + q.cond +
			` ORDER BY ` + a + q.at + ` DESC, ` + a + `id DESC LIMIT ` + strconv.Itoa(limit)
		err := db.each(ctx, db.reader, query, []any{caseID}, func(r *sql.Rows) error {
			var f rotonde.FeedItem
			var kind string
			if err := r.Scan(&f.At, &f.Actor, &f.Text, &kind); err != nil {
				return err
			}
			f.At, f.Kind = f.At.UTC(), q.prefix+area(kind)
			out = append(out, f)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// trashArea is the feed's name of a kind of trash entry (rotonde.TrashKind.Area).
func trashArea(kind string) string { return rotonde.TrashKind(kind).Area() }

// reindexRestored puts the searchable rows of a restored entry back into
// the search index, under the id each row got back.
func reindexRestored(ctx context.Context, tx *Tx, rs trashRows, remap idRemap) error {
	for _, r := range rs {
		index := map[string]func(context.Context, int64) error{"timeline_events": tx.indexEvent, "case_barriers": tx.indexBarrier}[r.Table]
		if index == nil {
			continue
		}
		id := trashInt(r.get("id"))
		if moved, ok := remap[r.Table][id]; ok {
			id = moved
		}
		if err := index(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// barrierParts is what deleting a barrier takes: the barrier alone.
func barrierParts(caseID, id int64) []trashPart {
	return []trashPart{{"case_barriers", `id = ? AND case_id = ?`, []any{id, caseID}}}
}

// TrashBarrier moves a barrier of the case to the trash (see rotonde.TrashService).
func (db *TrashService) TrashBarrier(ctx context.Context, actor *rotonde.User, caseID, barrierID int64) (rotonde.TrashItem, error) {
	return db.trashBarrier(ctx, actor, caseID, barrierID)
}

func (db *store) trashBarrier(ctx context.Context, actor *rotonde.User, caseID, barrierID int64) (rotonde.TrashItem, error) {
	var it rotonde.TrashItem
	err := (&NetworkService{db}).caseWrite(ctx, actor, caseID, policy.CanEditBarriers, func(tx *Tx) error {
		rs, err := db.collectTrash(ctx, tx, barrierParts(caseID, barrierID))
		if rotonde.ErrorCodeOf(err) == rotonde.ENotFound {
			return notFound("err.sqldb.this_barrier_does_not_exist")
		}
		if err != nil {
			return err
		}
		if it, err = db.moveToTrash(ctx, tx, actor, caseID, rotonde.TrashBarrier, rs, trashInt(rs[0].get("created_by"))); err != nil {
			return err
		}
		return tx.indexBarrier(ctx, barrierID) // gone: taken out of the index
	})
	return it, err
}

// drawingParts is the whole geno-sociogram of a case, persons first.
func drawingParts(caseID int64) []trashPart {
	c := []any{caseID}
	return []trashPart{
		{"genogram_persons", `case_id = ?`, c},
		{"genogram_partnerships", `case_id = ?`, c},
		{"genogram_children", `case_id = ?`, c},
		{"genogram_ties", `case_id = ?`, c},
		{"genogram_events", `case_id = ?`, c},
		{"genogram_households", `case_id = ?`, c},
		{"genogram_household_members", `household_id IN (SELECT h.id FROM genogram_households h WHERE h.case_id = ?)`, c},
	}
}

// trashDrawing moves the case's whole geno-sociogram to the trash as one
// entry, before an import replaces it. ok is false when there was no drawing.
func (db *store) trashDrawing(ctx context.Context, tx *Tx, actor *rotonde.User, caseID int64) (ok bool, err error) {
	rs, err := db.collectTrash(ctx, tx, drawingParts(caseID))
	if rotonde.ErrorCodeOf(err) == rotonde.ENotFound {
		return false, nil // no persons: nothing to keep
	}
	if err != nil {
		return false, err
	}
	_, err = db.moveToTrash(ctx, tx, actor, caseID, rotonde.TrashGenogramDrawing, rs, 0)
	return err == nil, err
}
