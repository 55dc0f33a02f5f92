package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rotonde-jeugd/rotonde/runes"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// Limits on what one event may hold.
const (
	maxEventText  = 5000
	maxEventName  = 200
	maxEventNames = 100
	// ImportTTL is how long an uploaded file waits for confirmation.
	ImportTTL = time.Hour
)

// listSep joins persons, organisations and helpers in one column. It is a
// control character, so no name typed in a form or file contains it.
const listSep = "\x1f"

func joinNames(l []string) string { return strings.Join(l, listSep) }

func splitNames(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, listSep)
}

// nameKey is the searchable form of a list: lower-cased, every name wrapped
// in separators.
func nameKey(l []string) string {
	if len(l) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(listSep)
	for _, n := range l {
		b.WriteString(strings.ToLower(strings.TrimSpace(n)))
		b.WriteString(listSep)
	}
	return b.String()
}

// likeName is the LIKE pattern for one name in a key column.
func likeName(name string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + listSep + r.Replace(strings.ToLower(strings.TrimSpace(name))) + listSep + "%"
}

// ValidateEvent checks an event typed in a form (the importer checks files
// itself, with line numbers). now is today, for refusing far-future dates.
func ValidateEvent(e *timeline.Event, now time.Time) error {
	e.Description = strings.TrimSpace(e.Description)
	if !e.Date.Valid() {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.fill_in_valid_date_for_example")
	}
	if e.Date.Year < 1900 || e.Date.Start() > timeline.FromTime(now.AddDate(1, 0, 0)).Start() {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.date_is_before_1900_or_more", e.Date.String())
	}
	if !e.Kind.Valid() {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_one_of_five_kinds")
	}
	if e.Lane == "" {
		e.Lane = e.Kind.DefaultLane()
	}
	if !e.Lane.Valid() {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_above_line_professional_or_below")
	}
	if !e.Source.Valid() {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_source_case_file_family_member")
	}
	if e.Description == "" {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.describe_what_happened")
	}
	for _, s := range []*string{&e.Description, &e.Emotions, &e.Opinions, &e.Assumptions, &e.Interpretations} {
		*s = strings.TrimSpace(*s)
		if utf8.RuneCountInString(*s) > maxEventText {
			return rotonde.E(rotonde.EInvalid, "err.sqldb.text_field_is_too_long_at", maxEventText)
		}
	}
	for _, l := range []*[]string{&e.Persons, &e.Organisations, &e.Helpers} {
		clean := (*l)[:0]
		for _, n := range *l {
			n = strings.TrimSpace(n)
			if n == "" {
				continue
			}
			if utf8.RuneCountInString(n) > maxEventName || strings.ContainsRune(n, 0x1f) {
				return rotonde.E(rotonde.EInvalid, "err.sqldb.name_is_too_long_or_contains", runes.Ellipsis(n, 40))
			}
			clean = append(clean, n)
		}
		if len(clean) > maxEventNames {
			return rotonde.E(rotonde.EInvalid, "err.sqldb.too_many_names_in_one_event", maxEventNames)
		}
		*l = clean
	}
	for _, t := range e.Tags {
		if !t.Category.Valid() || utf8.RuneCountInString(t.Value) > maxEventName || strings.ContainsRune(t.Value, 0x1f) {
			return rotonde.E(rotonde.EInvalid, "err.sqldb.unknown_tag", string(t.Category))
		}
	}
	return nil
}

// tagColumns keeps stated and inferred tags apart, each as "cat=value"
// items joined by listSep (values may contain ";" or ",").
func tagColumns(tags []timeline.Tag) (stated, inferred string) {
	var s, i []string
	for _, t := range tags {
		if t.Inferred {
			i = append(i, t.String())
		} else {
			s = append(s, t.String())
		}
	}
	return joinNames(s), joinNames(i)
}

func parseTagColumns(stated, inferred string) []timeline.Tag {
	var tags []timeline.Tag
	for n, col := range []string{stated, inferred} {
		for _, item := range splitNames(col) {
			c, v, _ := strings.Cut(item, "=")
			tags = append(tags, timeline.Tag{Category: timeline.Category(c), Value: v, Inferred: n == 1})
		}
	}
	return tags
}

const eventColumns = `e.id, e.ext_id, e.date_year, e.date_month, e.date_day, e.date_precision, e.kind, e.lane, e.source,
	e.description, e.persons, e.organisations, e.helpers, e.emotions, e.opinions, e.assumptions, e.interpretations,
	e.tags, e.tags_inferred, e.created_by, e.created_at, e.updated_at`

func scanEntry(s interface{ Scan(...any) error }) (timeline.Entry, error) {
	var t timeline.Entry
	var prec int
	var kind, lane, source, persons, orgs, helpers, tags, inferred string
	e := &t.Event
	err := s.Scan(&t.ID, &t.ExtID, &e.Date.Year, &e.Date.Month, &e.Date.Day, &prec, &kind, &lane, &source,
		&e.Description, &persons, &orgs, &helpers, &e.Emotions, &e.Opinions, &e.Assumptions, &e.Interpretations,
		&tags, &inferred, &t.CreatedBy, &t.CreatedAt, &t.UpdatedAt)
	if err != nil {
		return t, err
	}
	e.ID = strconv.FormatInt(t.ID, 10)
	e.Date.Precision = timeline.Precision(prec)
	e.Kind, e.Lane, e.Source = timeline.Kind(kind), timeline.Lane(lane), timeline.Source(source)
	e.Persons, e.Organisations, e.Helpers = splitNames(persons), splitNames(orgs), splitNames(helpers)
	if tags != "" || inferred != "" {
		e.Tags = parseTagColumns(tags, inferred)
	}
	return t, nil
}

// TimelineEvents returns a case's events in date order (file order for
// equal dates), narrowed by f.
func (db *TimelineService) TimelineEvents(ctx context.Context, actor *rotonde.User, caseID int64, f timeline.Query) ([]timeline.Entry, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	q := `SELECT ` + eventColumns + ` FROM timeline_events e WHERE e.case_id = ?`
	args := []any{caseID}
	if f.Person != "" {
		q += ` AND (e.persons_key LIKE ? ESCAPE '\' OR e.helpers_key LIKE ? ESCAPE '\')`
		p := likeName(f.Person)
		args = append(args, p, p)
	}
	if f.Organisation != "" {
		q += ` AND e.organisations_key LIKE ? ESCAPE '\'`
		args = append(args, likeName(f.Organisation))
	}
	if !f.From.IsZero() {
		q += ` AND e.end_day >= ?`
		args = append(args, f.From.Start())
	}
	if !f.To.IsZero() {
		q += ` AND e.start_day <= ?`
		args = append(args, f.To.End())
	}
	q += timelineOrder
	out, err := queryEntries(ctx, db.reader, q, args...)
	if err != nil {
		return nil, fmt.Errorf("timeline events: %w", err)
	}
	return out, nil
}

// timelineOrder is the order of a case's events: date, then file order.
const timelineOrder = ` ORDER BY e.start_day, e.date_precision, e.id`

// queryEntries runs a query of eventColumns in q and returns its entries
// (an empty list for none).
func queryEntries(ctx context.Context, q *Tx, query string, args ...any) ([]timeline.Entry, error) {
	out, err := queryList(ctx, q, scanEntry, query, args...)
	if err != nil {
		return nil, err
	}
	return orEmpty(out), nil
}

// TimelineEvent returns one event of a case.
func (db *TimelineService) TimelineEvent(ctx context.Context, actor *rotonde.User, caseID, eventID int64) (*timeline.Entry, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	t, err := scanEntry(db.queryRow(ctx, `SELECT `+eventColumns+` FROM timeline_events e WHERE e.case_id = ? AND e.id = ?`, caseID, eventID))
	if isNoRows(err) {
		return nil, eventNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("timeline event: %w", err)
	}
	return &t, nil
}

func eventNotFound() error {
	return notFound("err.sqldb.this_event_does_not_exist_any")
}

// TimelineNames lists the distinct persons and helpers, and organisations, on
// a case's timeline, sorted, for the filter.
func (db *TimelineService) TimelineNames(ctx context.Context, actor *rotonde.User, caseID int64) (persons, organisations []string, err error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, nil, err
	}
	ps, os := map[string]string{}, map[string]string{}
	err = eachRow(ctx, db.reader, func(rows *sql.Rows) error {
		var p, h, o string
		if err := rows.Scan(&p, &h, &o); err != nil {
			return err
		}
		for _, n := range append(splitNames(p), splitNames(h)...) {
			ps[strings.ToLower(n)] = n
		}
		for _, n := range splitNames(o) {
			os[strings.ToLower(n)] = n
		}
		return nil
	}, `SELECT DISTINCT persons, helpers, organisations FROM timeline_events WHERE case_id = ?`, caseID)
	if err != nil {
		return nil, nil, fmt.Errorf("timeline names: %w", err)
	}
	return sortedValues(ps), sortedValues(os), nil
}

func sortedValues(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// mayWriteEvent applies the policy: professionals change anything; family
// members only their own needs and experiences.
func mayWriteEvent(role rotonde.MemberRole, actor *rotonde.User, e *timeline.Event, createdBy int64) error {
	if policy.CanEditTimeline(role) {
		return nil
	}
	if policy.CanAddOwnExperience(role) {
		if createdBy != 0 && createdBy != actor.ID {
			return rotonde.E(rotonde.EForbidden, "err.sqldb.you_can_only_change_what_you")
		}
		if e != nil && (e.Kind != timeline.KindNeed && e.Kind != timeline.KindExperience || e.Lane != timeline.LaneFamily) {
			return rotonde.E(rotonde.EForbidden, "err.sqldb.as_family_member_you_add_your")
		}
		return nil
	}
	return rotonde.E(rotonde.EForbidden, "err.sqldb.you_can_only_read_timeline_in")
}

// AddTimelineEvent stores one event typed in a form and sets its ID.
func (db *TimelineService) AddTimelineEvent(ctx context.Context, actor *rotonde.User, caseID int64, e *timeline.Event) (int64, error) {
	if err := ValidateEvent(e, db.Now()); err != nil {
		return 0, err
	}
	var id int64
	err := db.WriteTx(ctx, func(tx *Tx) error {
		role, err := db.writeAccess(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		if role == rotonde.MemberFamily {
			e.Source = timeline.SourceFamily // their own words
		}
		if err := mayWriteEvent(role, actor, e, 0); err != nil {
			return err
		}
		ids, err := db.insertEvents(ctx, tx, actor, caseID, []timeline.Event{*e}, true)
		if err != nil {
			return err
		}
		id = ids[0]
		return nil
	})
	if err == nil {
		e.ID = strconv.FormatInt(id, 10)
	}
	return id, err
}

// UpdateTimelineEvent replaces an event's content.
func (db *TimelineService) UpdateTimelineEvent(ctx context.Context, actor *rotonde.User, caseID, eventID int64, e *timeline.Event) error {
	if err := ValidateEvent(e, db.Now()); err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		role, err := db.writeAccess(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		var createdBy int64
		var kind, lane string
		err = tx.QueryRow(ctx, `SELECT created_by, kind, lane FROM timeline_events WHERE id = ? AND case_id = ?`, eventID, caseID).Scan(&createdBy, &kind, &lane)
		if isNoRows(err) {
			return eventNotFound()
		}
		if err != nil {
			return err
		}
		if role == rotonde.MemberFamily {
			e.Source = timeline.SourceFamily
		}
		if err := mayWriteEvent(role, actor, e, createdBy); err != nil {
			return err
		}
		stated, inferred := tagColumns(e.Tags)
		d := e.Date
		_, err = tx.Exec(ctx, `UPDATE timeline_events SET date_year = ?, date_month = ?, date_day = ?, date_precision = ?, start_day = ?, end_day = ?,
			kind = ?, lane = ?, source = ?, description = ?, persons = ?, organisations = ?, helpers = ?,
			persons_key = ?, organisations_key = ?, helpers_key = ?, emotions = ?, opinions = ?, assumptions = ?, interpretations = ?,
			tags = ?, tags_inferred = ?, updated_by = ?, updated_at = ? WHERE id = ? AND case_id = ?`,
			d.Year, d.Month, d.Day, int(d.Precision), d.Start(), d.End(), string(e.Kind), string(e.Lane), string(e.Source), e.Description,
			joinNames(e.Persons), joinNames(e.Organisations), joinNames(e.Helpers), nameKey(e.Persons), nameKey(e.Organisations), nameKey(e.Helpers),
			e.Emotions, e.Opinions, e.Assumptions, e.Interpretations, stated, inferred, actor.ID, db.Now(), eventID, caseID)
		if err != nil {
			return err
		}
		return tx.indexEvent(ctx, eventID)
	})
}

// DeleteTimelineEvent removes one event.
func (db *TimelineService) DeleteTimelineEvent(ctx context.Context, actor *rotonde.User, caseID, eventID int64) error {
	// The event goes to the case's trash (sqldb/trash.go), and out of the search index.
	_, err := db.trashTimelineEvent(ctx, actor, caseID, eventID)
	return err
}

// AddTimelineEvents stores many events at once, all or nothing (imports,
// demo data). Only roles that may edit the whole timeline may do this.
func (db *TimelineService) AddTimelineEvents(ctx context.Context, actor *rotonde.User, caseID int64, events []timeline.Event) error {
	return db.importEvents(ctx, actor, caseID, events, nil)
}

// importEvents validates the events and stores them in one transaction,
// after first (when not nil) has run in it, if the actor may edit the
// whole timeline.
func (db *TimelineService) importEvents(ctx context.Context, actor *rotonde.User, caseID int64, events []timeline.Event, first func(tx *Tx, now time.Time) error) error {
	now := db.Now()
	for i := range events {
		if err := ValidateEvent(&events[i], now); err != nil {
			return err
		}
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		if err := db.mayWriteAs(ctx, tx, actor, caseID, policy.CanEditTimeline, "err.sqldb.only_professionals_in_case_can_import"); err != nil {
			return err
		}
		if first != nil {
			if err := first(tx, now); err != nil {
				return err
			}
		}
		_, err := db.insertEvents(ctx, tx, actor, caseID, events, false)
		return err
	})
}

const insertEventColumns = `(case_id, ext_id, date_year, date_month, date_day, date_precision, start_day, end_day, kind, lane, source,
	description, persons, organisations, helpers, persons_key, organisations_key, helpers_key, emotions, opinions, assumptions,
	interpretations, tags, tags_inferred, created_by, created_at, updated_by, updated_at)`

const insertEventParams = 28

// eventBatch is the rows per INSERT statement: big enough that 100,000
// events take few round trips, small enough for both engines' parameter limits.
const eventBatch = 200

// insertEvents writes events in multi-row INSERTs. With wantIDs it inserts
// one at a time and returns the new ids.
func (db *store) insertEvents(ctx context.Context, tx *Tx, actor *rotonde.User, caseID int64, events []timeline.Event, wantIDs bool) ([]int64, error) {
	now := db.Now()
	rowArgs := func(args []any, e *timeline.Event) []any {
		stated, inferred := tagColumns(e.Tags)
		d := e.Date
		return append(args, caseID, e.ID, d.Year, d.Month, d.Day, int(d.Precision), d.Start(), d.End(), string(e.Kind), string(e.Lane), string(e.Source),
			e.Description, joinNames(e.Persons), joinNames(e.Organisations), joinNames(e.Helpers),
			nameKey(e.Persons), nameKey(e.Organisations), nameKey(e.Helpers), e.Emotions, e.Opinions, e.Assumptions,
			e.Interpretations, stated, inferred, actor.ID, now, actor.ID, now)
	}
	placeholders := "(" + strings.TrimSuffix(strings.Repeat("?, ", insertEventParams), ", ") + ")"
	if wantIDs {
		ids := make([]int64, len(events))
		for i := range events {
			if err := tx.QueryRow(ctx, `INSERT INTO timeline_events `+insertEventColumns+` VALUES `+placeholders+` RETURNING id`,
				rowArgs(nil, &events[i])...).Scan(&ids[i]); err != nil {
				return nil, fmt.Errorf("insert event: %w", err)
			}
			if err := tx.indexEvent(ctx, ids[i]); err != nil {
				return nil, err
			}
		}
		return ids, nil
	}
	// Date order makes the (case_id, start_day, id) index grow at its end
	// instead of splitting pages all over; ids then follow the dates too.
	// Sort keeps the file's order for equal dates.
	events = slices.Clone(events)
	timeline.Sort(events)
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, s := range stmts {
			_ = s.Close()
		}
	}()
	args := make([]any, 0, eventBatch*insertEventParams)
	for start := 0; start < len(events); start += eventBatch {
		if start&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		end := min(start+eventBatch, len(events))
		n := end - start
		st, ok := stmts[n]
		if !ok {
			q := `INSERT INTO timeline_events ` + insertEventColumns + ` VALUES ` + strings.TrimSuffix(strings.Repeat(placeholders+", ", n), ", ")
			p, err := tx.prepare(ctx, q)
			if err != nil {
				return nil, fmt.Errorf("prepare event insert: %w", err)
			}
			st = p
			stmts[n] = st
		}
		args = args[:0]
		for i := start; i < end; i++ {
			args = rowArgs(args, &events[i])
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return nil, fmt.Errorf("insert events: %w", err)
		}
	}
	return nil, tx.indexNewEvents(ctx, caseID)
}

func importNotFound() error {
	return notFound("err.sqldb.this_file_is_no_longer_waiting")
}

// StageTimelineImport keeps an uploaded file for the actor until it is
// confirmed or cancelled, or ImportTTL passes. It stores nothing on the
// timeline. Expired files of any case are removed on the way.
func (db *TimelineService) StageTimelineImport(ctx context.Context, actor *rotonde.User, caseID int64, name string, data []byte) (int64, error) {
	if len(data) > timeline.MaxImportBytes {
		return 0, rotonde.E(rotonde.ETooLarge, "err.sqldb.file_is_too_large_at_most")
	}
	var id int64
	err := db.WriteTx(ctx, func(tx *Tx) error {
		if err := db.mayWriteAs(ctx, tx, actor, caseID, policy.CanEditTimeline, "err.sqldb.only_professionals_in_case_can_import"); err != nil {
			return err
		}
		now := db.Now()
		if _, err := tx.Exec(ctx, `DELETE FROM timeline_imports WHERE expires_at < ?`, now); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO timeline_imports (case_id, user_id, file_name, data, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			caseID, actor.ID, runes.Ellipsis(name, 200), data, now, now.Add(ImportTTL)).Scan(&id)
	})
	return id, err
}

// PendingTimelineImport returns a file the actor uploaded to this case and
// has not confirmed yet.
func (db *TimelineService) PendingTimelineImport(ctx context.Context, actor *rotonde.User, caseID, importID int64) (*timeline.PendingImport, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	p := &timeline.PendingImport{}
	err := db.queryRow(ctx, `SELECT id, case_id, file_name, data, created_at, expires_at FROM timeline_imports
		WHERE id = ? AND case_id = ? AND user_id = ? AND expires_at > ?`, importID, caseID, actor.ID, db.Now()).
		Scan(&p.ID, &p.CaseID, &p.FileName, &p.Data, &p.CreatedAt, &p.ExpiresAt)
	if isNoRows(err) {
		return nil, importNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("pending import: %w", err)
	}
	return p, nil
}

// ConfirmTimelineImport stores the events read from a pending file and
// removes the file, in one transaction: all events or none, and a file is
// stored at most once.
func (db *TimelineService) ConfirmTimelineImport(ctx context.Context, actor *rotonde.User, caseID, importID int64, events []timeline.Event) error {
	return db.importEvents(ctx, actor, caseID, events, func(tx *Tx, now time.Time) error {
		res, err := tx.Exec(ctx, `DELETE FROM timeline_imports WHERE id = ? AND case_id = ? AND user_id = ? AND expires_at > ?`, importID, caseID, actor.ID, now)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return importNotFound()
		}
		return nil
	})
}

// CancelTimelineImport drops a pending file.
func (db *TimelineService) CancelTimelineImport(ctx context.Context, actor *rotonde.User, caseID, importID int64) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		if _, err := db.writeAccess(ctx, tx, actor, caseID); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `DELETE FROM timeline_imports WHERE id = ? AND case_id = ? AND user_id = ?`, importID, caseID, actor.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return importNotFound()
		}
		return nil
	})
}
