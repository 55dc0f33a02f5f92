package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// KnowledgeService stores dilemmas and insights as records of their own,
// their sharing with the network, codebooks, codings and notes
// (knowledge.Store).
type KnowledgeService struct{ *store }

var _ knowledge.Store = (*KnowledgeService)(nil)

const recordColumns = `r.id, r.kind, COALESCE(r.case_id, 0), COALESCE(r.group_id, 0), COALESCE(r.insight_id, 0), r.level, r.body,
	r.takeaway, r.follow_up_due, r.follow_up, r.follow_up_at, r.paraphrase, r.shared_at, r.created_by, r.created_at, r.kept_at`

func scanRecord(r *sql.Rows) (knowledge.Record, error) {
	var k knowledge.Record
	var kind string
	var due, answered, shared, kept sql.NullTime
	if err := r.Scan(&k.ID, &kind, &k.CaseID, &k.GroupID, &k.InsightID, &k.Level, &k.Body, &k.Takeaway, &due, &k.FollowUp, &answered,
		&k.Paraphrase, &shared, &k.CreatedBy, &k.CreatedAt, &kept); err != nil {
		return k, err
	}
	k.Kind = knowledge.Kind(kind)
	k.FollowUpDue, k.FollowUpAt, k.SharedAt = due.Time, answered.Time, shared.Time
	switch {
	case k.CaseID != 0:
		k.Source = knowledge.SourceCase
	case k.GroupID != 0:
		k.Source = knowledge.SourceGroup
	case kept.Valid: // kept from a purged case: the network's, nobody's own (keepSharedRecords)
		k.CreatedBy = 0
	default:
		k.Source = knowledge.SourceOwn
	}
	return k, nil
}

// records runs a query of recordColumns and fills in the links.
func (db *KnowledgeService) records(ctx context.Context, q *Tx, query string, args ...any) ([]knowledge.Record, error) {
	var out []knowledge.Record
	if err := db.each(ctx, q, query, args, func(r *sql.Rows) error {
		k, err := scanRecord(r)
		if err != nil {
			return err
		}
		out = append(out, k)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("knowledge records: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	index := map[int64]int{}
	ids := make([]int64, len(out))
	for i, k := range out {
		index[k.ID], ids[i] = i, k.ID
	}
	in, inArgs := inIDs(ids)
	err := db.each(ctx, q, `SELECT record_id, kind, link_key FROM knowledge_links WHERE record_id IN `+in+` ORDER BY record_id, kind, link_key`, inArgs, func(r *sql.Rows) error {
		var id int64
		var l knowledge.Link
		if err := r.Scan(&id, &l.Kind, &l.Key); err != nil {
			return err
		}
		out[index[id]].Links = append(out[index[id]].Links, l)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge links: %w", err)
	}
	return out, nil
}

// isGroupMember reports whether the actor belongs to the group.
func (db *store) isGroupMember(ctx context.Context, q *Tx, actor *rotonde.User, groupID int64) (bool, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM group_members WHERE group_id = ? AND user_id = ?`, groupID, actor.ID).Scan(&n)
	return n > 0, err
}

// sourceAccess decides whether the actor reaches the record's source, and
// whether they may change it there.
func (db *KnowledgeService) sourceAccess(ctx context.Context, q *Tx, actor *rotonde.User, k *knowledge.Record) (read, write bool, err error) {
	if actor == nil || actor.Disabled {
		return false, false, nil
	}
	switch {
	case k.CaseID != 0:
		a, err := db.caseAccess(ctx, q, actor, k.CaseID)
		if err != nil {
			if rotonde.ErrorCodeOf(err) == rotonde.ENotFound {
				return false, false, nil
			}
			return false, false, err
		}
		return true, !a.Emergency && policy.CanEditProgress(a.Role), nil
	case k.GroupID != 0:
		ok, err := db.isGroupMember(ctx, q, actor, k.GroupID)
		return ok, ok, err
	default:
		own := k.CreatedBy == actor.ID
		return own, own, nil
	}
}

// AddRecord stores a dilemma or insight: in a case (its writers), in an
// intervision group (its members) or on one's own. A record made from a case
// insight takes the insight's text and level when it has none of its own.
func (db *KnowledgeService) AddRecord(ctx context.Context, actor *rotonde.User, k *knowledge.Record) error {
	if actor == nil {
		return forbidden()
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		k.CreatedBy = actor.ID
		_, write, err := db.sourceAccess(ctx, tx, actor, k)
		if err != nil {
			return err
		}
		if !write {
			if k.CaseID != 0 || k.GroupID != 0 {
				if read, _, _ := db.sourceAccess(ctx, tx, actor, k); read {
					return forbidden()
				}
				return notFound("err.knowledge.source_not_found")
			}
			return forbidden()
		}
		if k.InsightID != 0 {
			var body, level string
			err := tx.QueryRow(ctx, `SELECT body, level FROM case_insights WHERE id = ? AND case_id = ?`, k.InsightID, k.CaseID).Scan(&body, &level)
			if isNoRows(err) {
				return notFound("err.sqldb.this_insight_does_not_exist_any")
			}
			if err != nil {
				return err
			}
			if strings.TrimSpace(k.Body) == "" {
				k.Body = body
			}
			if k.Level == "" {
				k.Level = level
			}
		}
		if err := k.Validate(); err != nil {
			return err
		}
		now := db.Now()
		k.CreatedAt = now
		k.FollowUpDue = time.Time{}
		var due any
		if k.Takeaway != "" {
			k.FollowUpDue = now.Add(knowledge.FollowUpAfter)
			due = k.FollowUpDue
		}
		if err := tx.QueryRow(ctx, `INSERT INTO knowledge_records (kind, case_id, group_id, insight_id, level, body, takeaway, follow_up_due, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, string(k.Kind), nullInt(k.CaseID), nullInt(k.GroupID), nullInt(k.InsightID),
			k.Level, k.Body, k.Takeaway, due, k.CreatedBy, now, now).Scan(&k.ID); err != nil {
			return err
		}
		if err := insertLinks(ctx, tx, k.ID, k.Links); err != nil {
			return err
		}
		return tx.indexRecord(ctx, k.ID) // its case's or group's members find it from now on
	})
}

func insertLinks(ctx context.Context, tx *Tx, id int64, links []knowledge.Link) error {
	for _, l := range links {
		if _, err := tx.Exec(ctx, `INSERT INTO knowledge_links (record_id, kind, link_key) VALUES (?, ?, ?)`, id, l.Kind, l.Key); err != nil {
			return err
		}
	}
	return nil
}

// Record returns a record in full to whoever reaches its source, and as the
// network sees it (ShareView) to the network's learners once shared.
func (db *KnowledgeService) Record(ctx context.Context, actor *rotonde.User, id int64) (*knowledge.Record, error) {
	return db.record(ctx, db.reader, actor, id)
}

func (db *KnowledgeService) record(ctx context.Context, q *Tx, actor *rotonde.User, id int64) (*knowledge.Record, error) {
	list, err := db.records(ctx, q, `SELECT `+recordColumns+` FROM knowledge_records r WHERE r.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 || actor == nil {
		return nil, notFound("err.knowledge.record_not_found")
	}
	k := list[0]
	read, _, err := db.sourceAccess(ctx, q, actor, &k)
	if err != nil {
		return nil, err
	}
	if read {
		return &k, nil
	}
	if k.Shared() && knowledge.CanLearnAcrossCases(actor.Role) && !actor.Disabled {
		v := k.ShareView()
		return &v, nil
	}
	return nil, notFound("err.knowledge.record_not_found")
}

// CaseRecords lists a case's records, newest first, for its members.
func (db *KnowledgeService) CaseRecords(ctx context.Context, actor *rotonde.User, caseID int64) ([]knowledge.Record, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	return db.records(ctx, db.reader, `SELECT `+recordColumns+` FROM knowledge_records r WHERE r.case_id = ? ORDER BY r.created_at DESC, r.id DESC`, caseID)
}

// OwnRecords lists the records the actor wrote down outside a case or group.
func (db *KnowledgeService) OwnRecords(ctx context.Context, actor *rotonde.User) ([]knowledge.Record, error) {
	if actor == nil {
		return nil, forbidden()
	}
	return db.records(ctx, db.reader, `SELECT `+recordColumns+` FROM knowledge_records r
		WHERE r.created_by = ? AND r.case_id IS NULL AND r.group_id IS NULL AND r.kept_at IS NULL ORDER BY r.created_at DESC, r.id DESC`, actor.ID)
}

// KnownTerms gathers the names and places known in the record's source: for
// a case its genogram persons (and their organisations), its members and the
// persons, helpers and organisations on its timeline; for a group its
// members; and always the author.
func (db *KnowledgeService) KnownTerms(ctx context.Context, actor *rotonde.User, recordID int64) ([]string, error) {
	k, err := db.record(ctx, db.reader, actor, recordID)
	if err != nil {
		return nil, err
	}
	if k.Source == "" {
		return nil, notFound("err.knowledge.record_not_found")
	}
	return db.knownTerms(ctx, db.reader, k)
}

func (db *KnowledgeService) knownTerms(ctx context.Context, q *Tx, k *knowledge.Record) ([]string, error) {
	var raw []string
	collect := func(query string, args ...any) error {
		return db.each(ctx, q, query, args, func(r *sql.Rows) error {
			var a, b string
			if err := r.Scan(&a, &b); err != nil {
				return err
			}
			raw = append(raw, a, b)
			return nil
		})
	}
	if err := collect(`SELECT name, '' FROM users WHERE id = ?`, k.CreatedBy); err != nil {
		return nil, err
	}
	switch {
	case k.CaseID != 0:
		if err := collect(`SELECT alias, organisation FROM genogram_persons WHERE case_id = ?`, k.CaseID); err != nil {
			return nil, err
		}
		if err := collect(`SELECT u.name, '' FROM case_members m JOIN users u ON u.id = m.user_id WHERE m.case_id = ?`, k.CaseID); err != nil {
			return nil, err
		}
		var lists []string
		if err := db.each(ctx, q, `SELECT persons, helpers, organisations FROM timeline_events WHERE case_id = ?`, []any{k.CaseID}, func(r *sql.Rows) error {
			var p, h, o string
			if err := r.Scan(&p, &h, &o); err != nil {
				return err
			}
			lists = append(lists, p, h, o)
			return nil
		}); err != nil {
			return nil, err
		}
		for _, l := range lists {
			raw = append(raw, splitNames(l)...)
		}
		if err := collect(`SELECT name, '' FROM forcefield_stakeholders WHERE case_id = ?`, k.CaseID); err != nil {
			return nil, err
		}
	case k.GroupID != 0:
		if err := collect(`SELECT u.name, '' FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = ?`, k.GroupID); err != nil {
			return nil, err
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, t := range knowledge.TermsOf(raw...) {
		key := strings.ToLower(t)
		if t != "" && !seen[key] {
			seen[key] = true
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out, nil
}

// ShareRecord is the explicit step that lets a record leave its source: a
// paraphrase, the confirmation that identifying details are gone, and for a
// case's record the family's active consent. A paraphrase that still names
// a person or place known in the source is refused with the names found.
func (db *KnowledgeService) ShareRecord(ctx context.Context, actor *rotonde.User, recordID int64, paraphrase string, stripped bool) error {
	paraphrase = strings.TrimSpace(paraphrase)
	return db.WriteTx(ctx, func(tx *Tx) error {
		k, err := db.record(ctx, tx, actor, recordID)
		if err != nil {
			return err
		}
		if k.Source == "" {
			return notFound("err.knowledge.record_not_found")
		}
		_, write, err := db.sourceAccess(ctx, tx, actor, k)
		if err != nil {
			return err
		}
		if !write {
			return forbidden()
		}
		// What was said in a group leaves it only in its author's own check
		// of the paraphrase.
		if k.GroupID != 0 && k.CreatedBy != actor.ID {
			return rotonde.E(rotonde.EForbidden, "err.knowledge.only_author_shares_group_record")
		}
		consent := false
		if k.CaseID != 0 {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM sharing_grounds WHERE case_id = ? AND kind = 'consent' AND withdrawn_at IS NULL`, k.CaseID).Scan(&n); err != nil {
				return err
			}
			consent = n > 0
		}
		if err := knowledge.CheckShare(k.CaseID != 0, paraphrase, stripped, consent); err != nil {
			return err
		}
		terms, err := db.knownTerms(ctx, tx, k)
		if err != nil {
			return err
		}
		if found := knowledge.KnownTermsIn(paraphrase, terms); len(found) > 0 {
			return rotonde.E(rotonde.EInvalid, "err.knowledge.paraphrase_still_names", strings.Join(found, ", "))
		}
		now := db.Now()
		// Shared for the first time: counted once, however many share at once.
		res, err := tx.Exec(ctx, `UPDATE knowledge_records SET shared_at = ? WHERE id = ? AND shared_at IS NULL`, now, k.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			if _, err := tx.Exec(ctx, `UPDATE knowledge_counts SET shared = shared + 1 WHERE id = 1`); err != nil {
				return err
			}
		}
		if _, err = tx.Exec(ctx, `UPDATE knowledge_records SET paraphrase = ?, shared_at = COALESCE(shared_at, ?), shared_by = ?, updated_at = ? WHERE id = ?`,
			paraphrase, now, actor.ID, now, k.ID); err != nil {
			return err
		}
		return tx.indexShared(ctx, k.ID) // the network finds the paraphrase from now on
	})
}

// AnswerFollowUp keeps what the author did with their takeaway.
func (db *KnowledgeService) AnswerFollowUp(ctx context.Context, actor *rotonde.User, recordID int64, answer string) error {
	answer = strings.TrimSpace(answer)
	if answer == "" {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.write_follow_up")
	}
	if len([]rune(answer)) > knowledge.MaxLength {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.text_has_at_most_characters", knowledge.MaxLength)
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		k, err := db.record(ctx, tx, actor, recordID)
		if err != nil {
			return err
		}
		if k.Source == "" || k.CreatedBy != actor.ID {
			return forbidden()
		}
		if k.Takeaway == "" {
			return rotonde.E(rotonde.EInvalid, "err.knowledge.no_takeaway")
		}
		now := db.Now()
		if _, err = tx.Exec(ctx, `UPDATE knowledge_records SET follow_up = ?, follow_up_at = ?, updated_at = ? WHERE id = ?`, answer, now, now, k.ID); err != nil {
			return err
		}
		return tx.indexRecord(ctx, k.ID)
	})
}

// FollowUps are the actor's open questions "wat heb je ermee gedaan?" in
// the sources the actor still reaches.
func (db *KnowledgeService) FollowUps(ctx context.Context, actor *rotonde.User) ([]knowledge.Record, error) {
	if actor == nil {
		return nil, forbidden()
	}
	list, err := db.records(ctx, db.reader, `SELECT `+recordColumns+` FROM knowledge_records r
		WHERE r.created_by = ? AND r.follow_up_due IS NOT NULL AND r.follow_up = '' ORDER BY r.follow_up_due, r.id`, actor.ID)
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, k := range list {
		if read, _, err := db.sourceAccess(ctx, db.reader, actor, &k); err != nil {
			return nil, err
		} else if read {
			out = append(out, k)
		}
	}
	return out, nil
}

// SharedRecords lists what was shared with the network, oldest first, as
// the network sees it.
func (db *KnowledgeService) SharedRecords(ctx context.Context, actor *rotonde.User) ([]knowledge.Record, error) {
	if actor == nil || actor.Disabled || !knowledge.CanLearnAcrossCases(actor.Role) {
		return nil, forbidden()
	}
	list, err := db.records(ctx, db.reader, `SELECT `+recordColumns+` FROM knowledge_records r WHERE r.shared_at IS NOT NULL ORDER BY r.shared_at, r.id`)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i] = list[i].ShareView()
	}
	return list, nil
}

// actorRegion is the region of the actor's organisation, or 0.
func (db *store) actorRegion(ctx context.Context, q *Tx, actor *rotonde.User) (int64, error) {
	if actor == nil {
		return 0, nil
	}
	var region int64
	err := q.QueryRow(ctx, `SELECT COALESCE(o.region_id, 0) FROM users u LEFT JOIN organisations o ON o.id = u.org_id WHERE u.id = ?`, actor.ID).Scan(&region)
	if isNoRows(err) {
		return 0, nil
	}
	return region, err
}

// Codebooks lists the codebooks of the actor's network: those of the
// actor's region and those without one.
func (db *KnowledgeService) Codebooks(ctx context.Context, actor *rotonde.User) ([]knowledge.Codebook, error) {
	if actor == nil || actor.Disabled || !knowledge.CanLearnAcrossCases(actor.Role) {
		return nil, forbidden()
	}
	region, err := db.actorRegion(ctx, db.reader, actor)
	if err != nil {
		return nil, err
	}
	var out []knowledge.Codebook
	err = db.each(ctx, db.reader, `SELECT id, name, COALESCE(region_id, 0), created_by, created_at FROM codebooks
		WHERE region_id IS NULL OR region_id = ? ORDER BY name, id`, []any{region}, func(r *sql.Rows) error {
		var b knowledge.Codebook
		if err := r.Scan(&b.ID, &b.Name, &b.RegionID, &b.CreatedBy, &b.CreatedAt); err != nil {
			return err
		}
		out = append(out, b)
		return nil
	})
	return out, err
}

// CreateCodebook starts a codebook for the actor's region with the
// ready-made codes given (the method's verbs, fields and components).
func (db *KnowledgeService) CreateCodebook(ctx context.Context, actor *rotonde.User, b *knowledge.Codebook, ready []knowledge.Code) error {
	if actor == nil || actor.Disabled || !knowledge.CanOpenCodebook(actor.Role) {
		return forbidden()
	}
	if err := b.Validate(); err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		region, err := db.actorRegion(ctx, tx, actor)
		if err != nil {
			return err
		}
		b.RegionID, b.CreatedBy, b.CreatedAt = region, actor.ID, db.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO codebooks (name, region_id, created_by, created_at, tallied_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			b.Name, nullInt(region), b.CreatedBy, b.CreatedAt, b.CreatedAt).Scan(&b.ID); err != nil {
			return err
		}
		for i := range ready {
			c := ready[i]
			c.CodebookID, c.ParentID = b.ID, 0
			if err := c.Validate(); err != nil {
				return err
			}
			if err := db.insertCode(ctx, tx, actor, &c); err != nil {
				return err
			}
			b.Codes = append(b.Codes, c)
		}
		return nil
	})
}

func (db *KnowledgeService) insertCode(ctx context.Context, tx *Tx, actor *rotonde.User, c *knowledge.Code) error {
	return tx.QueryRow(ctx, `INSERT INTO codebook_codes (codebook_id, parent_id, code_group, lib_key, name, colour, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.CodebookID, nullInt(c.ParentID), c.Group, c.Key, c.Name, c.Colour, actor.ID, db.Now()).Scan(&c.ID)
}

// codebookAccess finds a codebook the actor may read and code.
func (db *KnowledgeService) codebookAccess(ctx context.Context, q *Tx, actor *rotonde.User, id int64) (*knowledge.Codebook, error) {
	if actor == nil || actor.Disabled || !knowledge.CanLearnAcrossCases(actor.Role) {
		return nil, notFound("err.knowledge.codebook_not_found")
	}
	region, err := db.actorRegion(ctx, q, actor)
	if err != nil {
		return nil, err
	}
	var b knowledge.Codebook
	err = q.QueryRow(ctx, `SELECT id, name, COALESCE(region_id, 0), created_by, created_at FROM codebooks
		WHERE id = ? AND (region_id IS NULL OR region_id = ?)`, id, region).Scan(&b.ID, &b.Name, &b.RegionID, &b.CreatedBy, &b.CreatedAt)
	if isNoRows(err) {
		return nil, notFound("err.knowledge.codebook_not_found")
	}
	return &b, err
}

// Codebook returns a codebook with its codes, each parent before its children.
func (db *KnowledgeService) Codebook(ctx context.Context, actor *rotonde.User, id int64) (*knowledge.Codebook, error) {
	b, err := db.codebookAccess(ctx, db.reader, actor, id)
	if err != nil {
		return nil, err
	}
	var all []knowledge.Code
	if err := db.each(ctx, db.reader, `SELECT id, codebook_id, COALESCE(parent_id, 0), code_group, lib_key, name, colour FROM codebook_codes
		WHERE codebook_id = ? ORDER BY id`, []any{id}, func(r *sql.Rows) error {
		var c knowledge.Code
		if err := r.Scan(&c.ID, &c.CodebookID, &c.ParentID, &c.Group, &c.Key, &c.Name, &c.Colour); err != nil {
			return err
		}
		all = append(all, c)
		return nil
	}); err != nil {
		return nil, err
	}
	children := map[int64][]knowledge.Code{}
	for _, c := range all {
		children[c.ParentID] = append(children[c.ParentID], c)
	}
	var walk func(parent int64)
	walk = func(parent int64) {
		for _, c := range children[parent] {
			b.Codes = append(b.Codes, c)
			walk(c.ID)
		}
	}
	walk(0)
	return b, nil
}

// AddCode adds a theme or sub-theme to a codebook.
func (db *KnowledgeService) AddCode(ctx context.Context, actor *rotonde.User, c *knowledge.Code) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		if _, err := db.codebookAccess(ctx, tx, actor, c.CodebookID); err != nil {
			return err
		}
		if c.ParentID != 0 {
			var group string
			err := tx.QueryRow(ctx, `SELECT code_group FROM codebook_codes WHERE id = ? AND codebook_id = ?`, c.ParentID, c.CodebookID).Scan(&group)
			if isNoRows(err) {
				return notFound("err.knowledge.code_not_found")
			}
			if err != nil {
				return err
			}
			c.Group = group
		}
		c.Key = ""
		return db.insertCode(ctx, tx, actor, c)
	})
}

// AddCoding records that the actor applies a code to a shared record.
func (db *KnowledgeService) AddCoding(ctx context.Context, actor *rotonde.User, c *knowledge.Coding) error {
	return db.WriteTx(ctx, func(tx *Tx) error { return db.addCoding(ctx, tx, actor, c) })
}

// AddCodings records several codings in one transaction: all or none.
func (db *KnowledgeService) AddCodings(ctx context.Context, actor *rotonde.User, cs []knowledge.Coding) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		for i := range cs {
			if err := db.addCoding(ctx, tx, actor, &cs[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func (db *KnowledgeService) addCoding(ctx context.Context, tx *Tx, actor *rotonde.User, c *knowledge.Coding) error {
	if _, err := db.codebookAccess(ctx, tx, actor, c.CodebookID); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM codebook_codes WHERE id = ? AND codebook_id = ?`, c.CodeID, c.CodebookID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return notFound("err.knowledge.code_not_found")
	}
	var paraphrase, level string
	var sharedAt time.Time
	err := tx.QueryRow(ctx, `SELECT paraphrase, level, shared_at FROM knowledge_records WHERE id = ? AND shared_at IS NOT NULL`+db.forUpdate(),
		c.RecordID).Scan(&paraphrase, &level, &sharedAt)
	if isNoRows(err) {
		return notFound("err.knowledge.record_not_found")
	}
	if err != nil {
		return err
	}
	if err := c.Validate(paraphrase); err != nil {
		return err
	}
	c.CoderID, c.CreatedAt = actor.ID, db.Now()
	err = tx.QueryRow(ctx, `INSERT INTO codings (codebook_id, code_id, record_id, coded_by, sel_start, sel_end, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.CodebookID, c.CodeID, c.RecordID, c.CoderID, c.Start, c.End, c.CreatedAt).Scan(&c.ID)
	if isUniqueViolation(err) {
		return rotonde.E(rotonde.EConflict, "err.knowledge.already_coded")
	}
	if err != nil {
		return err
	}
	return db.tallyCoding(ctx, tx, c, level, sharedAt)
}

// Codings lists every coding of a codebook, oldest first.
func (db *KnowledgeService) Codings(ctx context.Context, actor *rotonde.User, codebookID int64) ([]knowledge.Coding, error) {
	if _, err := db.codebookAccess(ctx, db.reader, actor, codebookID); err != nil {
		return nil, err
	}
	return db.codings(ctx, `codebook_id = ?`, []any{codebookID})
}

// codings lists the codings that where selects, oldest first.
func (db *KnowledgeService) codings(ctx context.Context, where string, args []any) ([]knowledge.Coding, error) {
	var out []knowledge.Coding
	err := db.each(ctx, db.reader, `SELECT id, codebook_id, code_id, record_id, coded_by, sel_start, sel_end, created_at FROM codings
		WHERE `+where+` ORDER BY created_at, id`, args, func(r *sql.Rows) error {
		var c knowledge.Coding
		if err := r.Scan(&c.ID, &c.CodebookID, &c.CodeID, &c.RecordID, &c.CoderID, &c.Start, &c.End, &c.CreatedAt); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// AddNote adds a memo or a logbook entry to a codebook.
func (db *KnowledgeService) AddNote(ctx context.Context, actor *rotonde.User, n *knowledge.Note) error {
	if err := n.Validate(); err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		if _, err := db.codebookAccess(ctx, tx, actor, n.CodebookID); err != nil {
			return err
		}
		n.CreatedBy, n.CreatedAt, n.AuthorName = actor.ID, db.Now(), actor.Name
		return tx.QueryRow(ctx, `INSERT INTO codebook_notes (codebook_id, kind, body, created_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			n.CodebookID, n.Kind, n.Body, n.CreatedBy, n.CreatedAt).Scan(&n.ID)
	})
}

// Notes lists a codebook's memos and logbook, oldest first.
func (db *KnowledgeService) Notes(ctx context.Context, actor *rotonde.User, codebookID int64) ([]knowledge.Note, error) {
	if _, err := db.codebookAccess(ctx, db.reader, actor, codebookID); err != nil {
		return nil, err
	}
	var out []knowledge.Note
	err := db.each(ctx, db.reader, `SELECT n.id, n.codebook_id, n.kind, n.body, u.name, n.created_by, n.created_at FROM codebook_notes n
		JOIN users u ON u.id = n.created_by WHERE n.codebook_id = ? ORDER BY n.created_at, n.id`, []any{codebookID}, func(r *sql.Rows) error {
		var n knowledge.Note
		if err := r.Scan(&n.ID, &n.CodebookID, &n.Kind, &n.Body, &n.AuthorName, &n.CreatedBy, &n.CreatedAt); err != nil {
			return err
		}
		out = append(out, n)
		return nil
	})
	return out, err
}
