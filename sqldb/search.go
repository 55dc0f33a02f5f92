package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/rotonde-jeugd/rotonde/runes"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/dutch"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/policy"
	"github.com/rotonde-jeugd/rotonde/search"
)

// SearchService searches the index of everything a reader may see, and
// keeps each organisation's synonyms. The index (search_docs and
// search_terms, migration 024) is written in the transaction of every change
// to indexed content: see Tx.indexDoc and the index* functions below.
type SearchService struct {
	*store
	methodIndexed atomic.Bool
}

var (
	_ search.Service      = (*SearchService)(nil)
	_ search.SynonymStore = (*SearchService)(nil)
)

// reindexAfter reports whether applying migration version leaves the index
// to be rebuilt: 24 made it (a database gets the content it already held
// indexed at once), 33 changed the rows of its terms.
func reindexAfter(version int) bool { return version == 24 || version == 33 }

// indexAnalyzer analyses stored texts: the field's built-in synonyms only,
// since a document is shared by the readers of every organisation. An
// organisation's own synonyms widen the query instead.
var indexAnalyzer = dutch.New(nil)

// maxTermBytes leaves out terms no one types (long strings of digits, codes).
const maxTermBytes = 100

// indexDoc stores or replaces one searchable document and its terms, inside
// the transaction of the change. caseID 0 means the document belongs to no
// case. Adding a kind of content to search is one call to indexDoc where it
// is written and one to unindexDoc where it goes.
func (t *Tx) indexDoc(ctx context.Context, kind search.Kind, id, caseID int64, title, body string) error {
	return t.indexDocs(ctx, []searchDoc{{kind: kind, ref: id, caseID: caseID, title: title, body: body}})
}

// searchDoc is one document to index. Content of a meeting names its
// meeting: a free-theme meeting's facilitator and participants find it by
// that, and it goes with the meeting.
type searchDoc struct {
	kind              search.Kind
	ref               int64
	caseID, meetingID int64
	title, body       string
	// audience and regionID: who reads a document that left its case or
	// group ("network", or "region" with its region); "" for the others.
	audience string
	regionID int64
	// groupID: the intervision group whose members read the document
	// (audience "group").
	groupID int64
}

// docBatch is the documents per statement when many are indexed at once.
const docBatch = 100

// indexDocs stores or replaces many documents, a batch per statement.
func (t *Tx) indexDocs(ctx context.Context, docs []searchDoc) error {
	now := t.db.Now()
	for start := 0; start < len(docs); start += docBatch {
		batch := docs[start:min(start+docBatch, len(docs))]
		var del, ins strings.Builder
		var dargs, iargs []any
		byKind := map[search.Kind][]any{}
		var kinds []search.Kind
		for i, d := range batch {
			if i > 0 {
				ins.WriteString(", ")
			}
			if byKind[d.kind] == nil {
				kinds = append(kinds, d.kind)
			}
			byKind[d.kind] = append(byKind[d.kind], d.ref)
			ins.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			iargs = append(iargs, string(d.kind), d.ref, nullInt(d.caseID), nullInt(d.meetingID), d.title, d.body, d.audience, nullInt(d.regionID), nullInt(d.groupID), now)
		}
		for i, k := range kinds {
			if i > 0 {
				del.WriteString(" OR ")
			}
			del.WriteString("(kind = ? AND ref_id IN (?" + strings.Repeat(", ?", len(byKind[k])-1) + "))")
			dargs = append(append(dargs, string(k)), byKind[k]...)
		}
		if _, err := t.Exec(ctx, `DELETE FROM search_docs WHERE `+del.String(), dargs...); err != nil {
			return fmt.Errorf("index: %w", err)
		}
		if _, err := t.Exec(ctx, `INSERT INTO search_docs (kind, ref_id, case_id, meeting_id, title, body, audience, region_id, group_id, indexed_at) VALUES `+ins.String(), iargs...); err != nil {
			return fmt.Errorf("index: %w", err)
		}
		type key struct {
			kind string
			ref  int64
		}
		ids := map[key]int64{}
		if err := eachRow(ctx, t, func(rows *sql.Rows) error {
			var id int64
			var k key
			if err := rows.Scan(&id, &k.kind, &k.ref); err != nil {
				return err
			}
			ids[k] = id
			return nil
		}, `SELECT id, kind, ref_id FROM search_docs WHERE `+del.String(), dargs...); err != nil {
			return fmt.Errorf("index: %w", err)
		}
		docIDs := make([]int64, len(batch))
		caseIDs := make([]int64, len(batch))
		titles := make([]string, len(batch))
		bodies := make([]string, len(batch))
		for i, d := range batch {
			docIDs[i], caseIDs[i] = ids[key{string(d.kind), d.ref}], d.caseID
			titles[i], bodies[i] = d.title, d.body
		}
		if err := t.insertTerms(ctx, docIDs, caseIDs, titles, bodies); err != nil {
			return err
		}
	}
	return nil
}

// unindexDoc removes a document (its terms go with it).
func (t *Tx) unindexDoc(ctx context.Context, kind search.Kind, id int64) error {
	if _, err := t.Exec(ctx, `DELETE FROM search_docs WHERE kind = ? AND ref_id = ?`, string(kind), id); err != nil {
		return fmt.Errorf("unindex %s %d: %w", kind, id, err)
	}
	return nil
}

// docTerms returns the terms a document is found by, and for each whether
// it is in the title (a title match ranks before a body match).
func docTerms(title, body string) (terms []string, inTitle []bool) {
	titled := map[string]bool{}
	for _, term := range indexAnalyzer.IndexTerms(title) {
		titled[term] = true
	}
	for _, term := range indexAnalyzer.IndexTerms(title + "\n" + body) {
		if term != "" && len(term) <= maxTermBytes {
			terms = append(terms, term)
			inTitle = append(inTitle, titled[term])
		}
	}
	return terms, inTitle
}

// insertTerms writes the terms of several documents, many rows a statement.
func (t *Tx) insertTerms(ctx context.Context, docIDs, caseIDs []int64, titles, bodies []string) error {
	const rowsPerStatement = 300
	var b strings.Builder
	args := make([]any, 0, 4*rowsPerStatement)
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		_, err := t.Exec(ctx, b.String(), args...)
		b.Reset()
		args = args[:0]
		return err
	}
	for i, id := range docIDs {
		terms, inTitle := docTerms(titles[i], bodies[i])
		for j, term := range terms {
			if len(args) == 0 {
				b.WriteString(`INSERT INTO search_terms (term, case_id, doc_id, in_title) VALUES (?, ?, ?, ?)`)
			} else {
				b.WriteString(`, (?, ?, ?, ?)`)
			}
			args = append(args, term, caseIDs[i], id, boolInt(inTitle[j]))
			if len(args) >= 4*rowsPerStatement {
				if err := flush(); err != nil {
					return fmt.Errorf("index terms: %w", err)
				}
			}
		}
	}
	if err := flush(); err != nil {
		return fmt.Errorf("index terms: %w", err)
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// shortTitle makes a title of a text that has none.
func shortTitle(s string) string { return runes.Excerpt(s, 80) }

// The index* functions read one record as it is stored now, inside the
// transaction, and index it (or take it out of the index when it is gone).

func (t *Tx) indexCase(ctx context.Context, caseID int64) error {
	var title, reason string
	err := t.QueryRow(ctx, `SELECT title, reason FROM cases WHERE id = ?`, caseID).Scan(&title, &reason)
	if isNoRows(err) {
		return t.unindexDoc(ctx, search.KindCase, caseID)
	}
	if err != nil {
		return err
	}
	return t.indexDoc(ctx, search.KindCase, caseID, caseID, title, reason)
}

func (t *Tx) indexDream(ctx context.Context, caseID int64) error {
	var title string
	if err := t.QueryRow(ctx, `SELECT title FROM cases WHERE id = ?`, caseID).Scan(&title); isNoRows(err) {
		return t.unindexDoc(ctx, search.KindDream, caseID)
	} else if err != nil {
		return err
	}
	answers, err := queryColumn[string](ctx, t, `SELECT answer FROM dream_answers WHERE case_id = ? ORDER BY question_key, for_user`, caseID)
	if err != nil {
		return err
	}
	if len(answers) == 0 {
		return t.unindexDoc(ctx, search.KindDream, caseID)
	}
	return t.indexDoc(ctx, search.KindDream, caseID, caseID, title, strings.Join(answers, "\n"))
}

// eventText is what of a timeline event is searched: the description, the
// people and organisations it names, and what was felt and thought.
const eventText = `SELECT e.id, e.case_id, e.description, e.persons, e.organisations, e.helpers, e.emotions, e.opinions, e.assumptions, e.interpretations
	FROM timeline_events e WHERE `

func scanEventDoc(s interface{ Scan(...any) error }) (searchDoc, error) {
	d := searchDoc{kind: search.KindEvent}
	var desc string
	f := make([]string, 7)
	if err := s.Scan(&d.ref, &d.caseID, &desc, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6]); err != nil {
		return d, err
	}
	parts := []string{desc}
	for _, x := range f {
		if x = strings.TrimSpace(strings.ReplaceAll(x, listSep, ", ")); x != "" {
			parts = append(parts, x)
		}
	}
	d.title, d.body = shortTitle(desc), strings.Join(parts, "\n")
	return d, nil
}

const insightText = `SELECT id, case_id, body FROM case_insights WHERE `

func scanInsightDoc(s interface{ Scan(...any) error }) (searchDoc, error) {
	d := searchDoc{kind: search.KindInsight}
	err := s.Scan(&d.ref, &d.caseID, &d.body)
	d.title = shortTitle(d.body)
	return d, err
}

// captureText is what of a capture is searched. Never its author: an
// anonymous capture stores none, and a named one is found by its words.
//
// A series session's contributions wait until it closes: before, each is
// shown only once the facilitator reveals its step, and never with its
// author, which a meeting's document cannot honour. The condition is here,
// in the one text every path indexes from (a write, a rebuild), so that a
// rebuild during a session leaves them out as the write does.
const captureText = `SELECT c.id, c.meeting_id, COALESCE(m.case_id, 0), c.body, c.stakeholder, c.feeling, c.group_name, c.slot
	FROM meeting_captures c JOIN meetings m ON m.id = c.meeting_id
	WHERE (m.status = 'closed' OR NOT EXISTS (SELECT 1 FROM series_meetings sm WHERE sm.meeting_id = m.id)) AND `

func scanCaptureDoc(s interface{ Scan(...any) error }) (searchDoc, error) {
	d := searchDoc{kind: search.KindCapture}
	var text, stakeholder, feeling, group, slot string
	if err := s.Scan(&d.ref, &d.meetingID, &d.caseID, &text, &stakeholder, &feeling, &group, &slot); err != nil {
		return d, err
	}
	parts := []string{text}
	for _, x := range []string{stakeholder, feeling, group, slot} {
		if x = strings.TrimSpace(x); x != "" {
			parts = append(parts, x)
		}
	}
	d.title = shortTitle(text)
	if d.title == "" {
		d.title = shortTitle(strings.Join(parts[1:], " "))
	}
	d.body = strings.Join(parts, "\n")
	return d, nil
}

// reportText is what of a closed meeting's report is searched: its title,
// theme and the group's feedback. Its captures are documents of their own.
const reportText = `SELECT id, COALESCE(case_id, 0), title, theme, feedback FROM meetings m WHERE m.status = 'closed' AND `

func scanReportDoc(s interface{ Scan(...any) error }) (searchDoc, error) {
	d := searchDoc{kind: search.KindReport}
	var theme, feedback string
	err := s.Scan(&d.ref, &d.caseID, &d.title, &theme, &feedback)
	d.meetingID, d.body = d.ref, theme+"\n"+feedback
	return d, err
}

// barrierText is what of a barrier is searched: its kind's Dutch name and
// its explanation. Barriers are case content: the case's members find them.
const barrierText = `SELECT b.id, b.case_id, b.kind, b.explanation FROM case_barriers b WHERE `

var barrierTitles = map[string]string{"rules": "Regelgeving", "financing": "Financiering", "contracting": "Contractering",
	"capacity": "Capaciteit", "waiting": "Wachtlijst", "other": "Randvoorwaarde"}

func scanBarrierDoc(s interface{ Scan(...any) error }) (searchDoc, error) {
	d := searchDoc{kind: search.KindBarrier}
	var kind string
	err := s.Scan(&d.ref, &d.caseID, &kind, &d.body)
	d.title = barrierTitles[kind]
	return d, err
}

// storyText is a case's story, draft or published, found by the case's
// members (in the network a published story is read on /verhalen).
const storyText = `SELECT s.id, s.case_id, s.title, s.body, COALESCE(s.region_id, 0), s.published_at IS NOT NULL FROM case_stories s WHERE `

func scanStoryDoc(s interface{ Scan(...any) error }) (searchDoc, error) {
	d := searchDoc{kind: search.KindStory}
	var published bool
	err := s.Scan(&d.ref, &d.caseID, &d.title, &d.body, &d.regionID, &published)
	if published && d.regionID != 0 {
		d.audience = "region"
	} else {
		d.regionID = 0
	}
	return d, err
}

// sharedText is a dilemma or insight shared with the network: its
// paraphrase only, never the body, the source or the author.
const sharedText = `SELECT k.id, k.kind, k.level, k.paraphrase FROM knowledge_records k WHERE k.shared_at IS NOT NULL AND `

var sharedTitles = map[string]string{"dilemma": "Gedeeld dilemma", "insight": "Gedeeld inzicht"}

func scanSharedDoc(s interface{ Scan(...any) error }) (searchDoc, error) {
	d := searchDoc{kind: search.KindShared, audience: "network"}
	var kind, level string
	err := s.Scan(&d.ref, &kind, &level, &d.body)
	d.title = sharedTitles[kind]
	return d, err
}

// recordText is a dilemma or insight of a case or an intervision group, as
// its source's members read it: the text, the takeaway and what was done
// with it. A record of one's own (no case, no group) is not searched.
const recordText = `SELECT k.id, COALESCE(k.case_id, 0), COALESCE(k.group_id, 0), k.body, k.takeaway, k.follow_up FROM knowledge_records k
	WHERE (k.case_id IS NOT NULL OR k.group_id IS NOT NULL) AND `

func scanRecordDoc(s interface{ Scan(...any) error }) (searchDoc, error) {
	d := searchDoc{kind: search.KindRecord}
	var body, takeaway, followUp string
	if err := s.Scan(&d.ref, &d.caseID, &d.groupID, &body, &takeaway, &followUp); err != nil {
		return d, err
	}
	if d.caseID == 0 {
		d.audience = "group"
	}
	parts := []string{body}
	for _, x := range []string{takeaway, followUp} {
		if x = strings.TrimSpace(x); x != "" {
			parts = append(parts, x)
		}
	}
	d.title, d.body = shortTitle(body), strings.Join(parts, "\n")
	return d, nil
}

func (t *Tx) indexRecord(ctx context.Context, id int64) error {
	return t.indexOne(ctx, search.KindRecord, recordText+`k.id = ?`, scanRecordDoc, id)
}

func (t *Tx) indexShared(ctx context.Context, id int64) error {
	return t.indexOne(ctx, search.KindShared, sharedText+`k.id = ?`, scanSharedDoc, id)
}

func (t *Tx) indexBarrier(ctx context.Context, id int64) error {
	return t.indexOne(ctx, search.KindBarrier, barrierText+`b.id = ?`, scanBarrierDoc, id)
}

func (t *Tx) indexStory(ctx context.Context, id int64) error {
	return t.indexOne(ctx, search.KindStory, storyText+`s.id = ?`, scanStoryDoc, id)
}

// indexWhere indexes the records of one source that cond finds (q ends in
// WHERE; idCol is the record's id), a page at a time.
func (t *Tx) indexWhere(ctx context.Context, q, cond, idCol string, scan func(interface{ Scan(...any) error }) (searchDoc, error), args ...any) error {
	const page = 10 * docBatch
	var after int64
	for {
		docs, err := queryList(ctx, t, scan, q+cond+` AND `+idCol+` > ? ORDER BY `+idCol+` LIMIT `+strconv.Itoa(page), append(args[:len(args):len(args)], after)...)
		if err != nil {
			return err
		}
		if err := t.indexDocs(ctx, docs); err != nil {
			return err
		}
		if len(docs) < page {
			return nil
		}
		after = docs[len(docs)-1].ref
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// indexOne indexes one record of a source, or takes it out of the index
// when the record is gone.
func (t *Tx) indexOne(ctx context.Context, kind search.Kind, q string, scan func(interface{ Scan(...any) error }) (searchDoc, error), id int64) error {
	d, err := scan(t.QueryRow(ctx, q, id))
	if isNoRows(err) {
		return t.unindexDoc(ctx, kind, id)
	}
	if err != nil {
		return err
	}
	return t.indexDocs(ctx, []searchDoc{d})
}

func (t *Tx) indexEvent(ctx context.Context, id int64) error {
	return t.indexOne(ctx, search.KindEvent, eventText+`e.id = ?`, scanEventDoc, id)
}

func (t *Tx) indexInsight(ctx context.Context, id int64) error {
	return t.indexOne(ctx, search.KindInsight, insightText+`id = ?`, scanInsightDoc, id)
}

func (t *Tx) indexCapture(ctx context.Context, id int64) error {
	return t.indexOne(ctx, search.KindCapture, captureText+`c.id = ?`, scanCaptureDoc, id)
}

func (t *Tx) indexReport(ctx context.Context, meetingID int64) error {
	return t.indexOne(ctx, search.KindReport, reportText+`m.id = ?`, scanReportDoc, meetingID)
}

// indexNewEvents indexes a case's events that are not in the index yet
// (after a bulk insert).
func (t *Tx) indexNewEvents(ctx context.Context, caseID int64) error {
	return t.indexWhere(ctx, eventText, `e.case_id = ? AND NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.kind = 'event' AND d.ref_id = e.id)`, "e.id", scanEventDoc, caseID)
}

// Method documents are numbered: work cards by their number, tension fields
// from methodFieldBase on.
const methodFieldBase = 1000

// indexMethod indexes the standard method library: its work cards and
// tension fields, in Dutch and English.
func (t *Tx) indexMethod(ctx context.Context) error {
	lib, err := standardLibrary()
	if err != nil {
		return err
	}
	if _, err := t.Exec(ctx, `DELETE FROM search_docs WHERE kind = ?`, string(search.KindMethod)); err != nil {
		return err
	}
	for _, c := range lib.Cards {
		body := strings.Join([]string{c.Purpose.NL, c.WhenToUse.NL, c.Title.EN, c.Purpose.EN, c.WhenToUse.EN}, "\n")
		if err := t.indexDoc(ctx, search.KindMethod, int64(c.Number), 0, c.Title.NL, body); err != nil {
			return err
		}
	}
	for _, f := range lib.Fields {
		body := strings.Join([]string{f.Left.NL + " – " + f.Right.NL, f.Description.NL, f.Title.EN, f.Left.EN + " – " + f.Right.EN, f.Description.EN}, "\n")
		if err := t.indexDoc(ctx, search.KindMethod, methodFieldBase+int64(f.Number), 0, f.Title.NL, body); err != nil {
			return err
		}
	}
	return nil
}

// ensureMethodIndexed indexes the method library once, when a database
// searched for the first time has none of it yet.
func (db *SearchService) ensureMethodIndexed(ctx context.Context) error {
	if db.methodIndexed.Load() {
		return nil
	}
	var n int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM search_docs WHERE kind = ?`, string(search.KindMethod)).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		// The request's access-log records and mail are not this
		// transaction's: it writes only the library's index.
		ictx := rotonde.WithPendingAudit(context.WithoutCancel(ctx), nil)
		if err := db.WriteTx(ictx, func(tx *Tx) error { return tx.indexMethod(ctx) }); err != nil {
			return err
		}
	}
	db.methodIndexed.Store(true)
	return nil
}

// indexCaseContent indexes everything of one case as it is stored now.
func (t *Tx) indexCaseContent(ctx context.Context, caseID int64) error {
	if _, err := t.Exec(ctx, `DELETE FROM search_docs WHERE case_id = ?`, caseID); err != nil {
		return err
	}
	if err := t.indexCase(ctx, caseID); err != nil {
		return err
	}
	if err := t.indexDream(ctx, caseID); err != nil {
		return err
	}
	return t.indexSources(ctx, `= ?`, caseID)
}

// indexSources indexes the events, insights, captures and reports whose
// case matches cond (the meetings' case for captures and reports).
func (t *Tx) indexSources(ctx context.Context, cond string, args ...any) error {
	for _, src := range []struct {
		q, col, id string
		scan       func(interface{ Scan(...any) error }) (searchDoc, error)
	}{
		{eventText, "e.case_id", "e.id", scanEventDoc},
		{insightText, "case_id", "id", scanInsightDoc},
		{captureText, "m.case_id", "c.id", scanCaptureDoc},
		{reportText, "m.case_id", "m.id", scanReportDoc},
		{barrierText, "b.case_id", "b.id", scanBarrierDoc},
		{storyText, "s.case_id", "s.id", scanStoryDoc},
		{recordText, "k.case_id", "k.id", scanRecordDoc},
	} {
		if err := t.indexWhere(ctx, src.q, src.col+" "+cond, src.id, src.scan, args...); err != nil {
			return err
		}
	}
	return nil
}

// Reindex rebuilds the whole index from the stored content in one
// transaction: readers see the old index until it commits.
func (db *SearchService) Reindex(ctx context.Context) error {
	err := db.WriteTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM search_docs`); err != nil {
			return err
		}
		if err := tx.indexMethod(ctx); err != nil {
			return err
		}
		cases, err := tx.ids(ctx, `SELECT id FROM cases ORDER BY id`)
		if err != nil {
			return err
		}
		for _, c := range cases {
			if err := tx.indexCase(ctx, c); err != nil {
				return err
			}
			if err := tx.indexDream(ctx, c); err != nil {
				return err
			}
		}
		if err := tx.indexSources(ctx, `IS NOT NULL`); err != nil {
			return err
		}
		// Free-theme meetings belong to no case.
		if err := tx.indexWhere(ctx, captureText, `m.case_id IS NULL`, "c.id", scanCaptureDoc); err != nil {
			return err
		}
		if err := tx.indexWhere(ctx, reportText, `m.case_id IS NULL`, "m.id", scanReportDoc); err != nil {
			return err
		}
		// Dilemmas and insights of intervision groups.
		if err := tx.indexWhere(ctx, recordText, `k.group_id IS NOT NULL`, "k.id", scanRecordDoc); err != nil {
			return err
		}
		// Dilemmas and insights shared with the network.
		if err := tx.indexWhere(ctx, sharedText, `1 = 1`, "k.id", scanSharedDoc); err != nil {
			return err
		}
		return tx.countTerms(ctx)
	})
	if err == nil {
		db.methodIndexed.Store(true)
	}
	return err
}

// IndexedDocuments counts the documents in the index (for the reindex command).
func (db *SearchService) IndexedDocuments(ctx context.Context) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM search_docs`).Scan(&n)
	return n, err
}

// Search finds what actor may open. Who may see a document is decided in
// the query, by the rule of the case pages (an active membership — one
// that rests on sharing needs a ground in force — or emergency access in
// force), of a free-theme meeting (its facilitator and admitted
// participants) and of the method library (every signed-in user). What the
// query does not return, nobody counts or shows.
func (db *SearchService) Search(ctx context.Context, actor *rotonde.User, text string, kind search.Kind, limit int) ([]search.Hit, error) {
	if actor == nil || actor.Disabled {
		return []search.Hit{}, nil
	}
	if kind != "" && !kind.Valid() {
		return nil, rotonde.E(rotonde.EInvalid, "err.search.unknown_kind", string(kind))
	}
	if utf8.RuneCountInString(text) > search.MaxQueryRunes {
		return nil, rotonde.E(rotonde.EInvalid, "err.search.query_too_long", search.MaxQueryRunes)
	}
	if limit <= 0 {
		limit = search.DefaultLimit
	}
	limit = min(limit, search.MaxLimit)
	syn, err := db.orgSynonyms(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	a := dutch.New(syn)
	q := a.Query(text)
	if q.Empty() {
		return []search.Hit{}, nil
	}
	if err := db.ensureMethodIndexed(ctx); err != nil {
		return nil, fmt.Errorf("index method library: %w", err)
	}

	query, args, err := db.searchQuery(ctx, actor, q, kind, limit)
	if err != nil {
		return nil, err
	}
	hits, err := searchHits(ctx, db.reader, a, q, query, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if err := db.resolveURLs(ctx, hits); err != nil {
		return nil, err
	}
	return hits, nil
}

// searchQuery builds the one query of a search: the documents q matches
// that actor may see, best first (see searchplan.go), at most limit.
func (db *SearchService) searchQuery(ctx context.Context, actor *rotonde.User, q dutch.Query, kind search.Kind, limit int) (string, []any, error) {
	clauses, estimates, err := db.rarestFirst(ctx, q)
	if err != nil {
		return "", nil, err
	}
	// The cases the actor may open, as the case pages decide: an active
	// membership (one that rests on sharing needs a ground in force), or
	// emergency access in force.
	scope := `SELECT m.case_id FROM case_members m WHERE m.user_id = ? AND ` + activeMembership
	scopeArgs := []any{actor.ID}
	if policy.CanBreakGlass(actor) {
		scope += ` UNION SELECT b.case_id FROM break_glass b WHERE b.user_id = ? AND b.expires_at > ?`
		scopeArgs = append(scopeArgs, actor.ID, db.Now())
	}
	inScope := `IN (` + scope + `)`
	if db.dialect == Postgres {
		// One index scan that seeks each readable case's stretch of every
		// term. With IN, PostgreSQL reads a common term's rows in all cases
		// and joins them with the reader's (48 ms for a facilitator in 1,000
		// cases where the seeks take 14 ms); SQLite seeks per case already.
		inScope = `= ANY(ARRAY(` + scope + `))`
	}
	caseDocs, caseArgs := matchQuery(clauses, estimates, inScope, scopeArgs)
	freeDocs, freeArgs := matchQuery(clauses, estimates, `= 0`, nil)
	learner := 0
	if knowledge.CanLearnAcrossCases(actor.Role) {
		learner = 1
	}

	cols := func(via, match string) string {
		return `SELECT d.id AS id, d.kind AS kind, d.ref_id AS ref_id, COALESCE(d.case_id, 0) AS case_id, d.title AS title, d.body AS body, y.score AS score, '` +
			via + `' AS via FROM (` + match + `) y JOIN search_docs d ON d.id = y.doc_id WHERE 1 = 1`
	}
	kindCond := ""
	var kindArgs []any
	var args []any
	if kind != "" {
		kindCond, kindArgs = ` AND d.kind = ?`, []any{string(kind)}
	} else {
		// Every match in the reader's cases is a hit: only the best limit
		// of them need their document read.
		caseDocs = `SELECT z.doc_id AS doc_id, z.score AS score FROM (` + caseDocs + `) z ORDER BY z.score DESC NULLS LAST, z.doc_id DESC LIMIT ?`
		caseArgs = append(caseArgs, limit)
	}
	// Content of those cases; then what belongs to no case: the method
	// library, free-theme meetings for their facilitator and admitted
	// participants, and what was shared with the network for the roles that
	// learn across cases; then the stories published in the actor's region,
	// which come without their case.
	query := `SELECT id, kind, ref_id, case_id, title, body, score, via FROM (
		` + cols("case", caseDocs) + kindCond + `
		UNION ` + cols("free", freeDocs) + kindCond + ` AND d.case_id IS NULL AND (d.meeting_id IS NULL OR d.meeting_id IN (
			SELECT x.id FROM meetings x WHERE x.case_id IS NULL AND x.facilitator_id = ?
			UNION SELECT p.meeting_id FROM meeting_participants p JOIN meetings x ON x.id = p.meeting_id WHERE x.case_id IS NULL AND p.user_id = ? AND p.admitted))
			AND (d.audience = '' OR (d.audience = 'network' AND ? = 1 AND EXISTS (
				SELECT 1 FROM knowledge_records k WHERE k.id = d.ref_id AND k.shared_at IS NOT NULL))
				OR (d.audience = 'group' AND d.group_id IN (SELECT g.group_id FROM group_members g WHERE g.user_id = ?)))`
	args = append(append(append(args, caseArgs...), kindArgs...), freeArgs...)
	args = append(append(args, kindArgs...), actor.ID, actor.ID, learner, actor.ID)
	region, err := db.actorRegion(ctx, db.reader, actor)
	if err != nil {
		return "", nil, err
	}
	if region != 0 {
		regionDocs, regionArgs := matchQuery(clauses, estimates, `IN (SELECT x.case_id FROM search_docs x WHERE x.audience = 'region' AND x.region_id = ?)`, []any{region})
		query += `
		UNION ` + cols("region", regionDocs) + kindCond + ` AND d.audience = 'region' AND d.region_id = ?`
		args = append(append(append(args, regionArgs...), kindArgs...), region)
	}
	// The most clauses in the title first, then the newest. "case" sorts
	// before "region": a member finds a published story as case content.
	// A document that misses a clause has no score: it sorts last and is
	// dropped after the cut (matchDocs).
	query += `
		ORDER BY score DESC NULLS LAST, id DESC, via LIMIT ?) r WHERE r.score IS NOT NULL ORDER BY score DESC, id DESC, via`
	args = append(args, limit)
	return query, args, nil
}

// searchHits runs a search's query in tx and reads its rows into hits with
// their snippets.
func searchHits(ctx context.Context, tx *Tx, a *dutch.Analyzer, q dutch.Query, query string, args ...any) ([]search.Hit, error) {
	hits := []search.Hit{}
	seen := map[int64]bool{}
	if err := eachRow(ctx, tx, func(rows *sql.Rows) error {
		var docID int64
		var h search.Hit
		var k, body, via string
		var score int
		if err := rows.Scan(&docID, &k, &h.ID, &h.CaseID, &h.Title, &body, &score, &via); err != nil {
			return err
		}
		// A member who also reads the region finds a published story once,
		// as case content (the case branch comes first for the same id).
		if seen[docID] {
			return nil
		}
		seen[docID] = true
		h.Kind = search.Kind(k)
		if via == "region" {
			// Read in the network, without its case.
			h.CaseID, h.URL = 0, "/verhalen/"+strconv.FormatInt(h.ID, 10)
		}
		h.Snippet = search.MakeSnippet(a, body, q)
		if len(h.Snippet.Spans) == 0 {
			if s := search.MakeSnippet(a, h.Title, q); len(s.Spans) > 0 {
				h.Snippet = s
			}
		}
		hits = append(hits, h)
		return nil
	}, query, args...); err != nil {
		return nil, err
	}
	return hits, nil
}

// resolveURLs gives each hit the address of the page that shows it.
func (db *SearchService) resolveURLs(ctx context.Context, hits []search.Hit) error {
	for i := range hits {
		h := &hits[i]
		c := strconv.FormatInt(h.CaseID, 10)
		id := strconv.FormatInt(h.ID, 10)
		switch h.Kind {
		case search.KindCase:
			h.URL = "/casussen/" + c
		case search.KindDream:
			h.URL = "/casussen/" + c + "/droom"
		case search.KindEvent:
			h.URL = "/casussen/" + c + "/tijdlijn#ev-" + id
		case search.KindInsight:
			h.URL = "/casussen/" + c + "/inzichten#inzicht-" + id
		case search.KindCapture:
			var mid int64
			err := db.queryRow(ctx, `SELECT meeting_id FROM meeting_captures WHERE id = ?`, h.ID).Scan(&mid)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			h.URL = "/bijeenkomsten/" + strconv.FormatInt(mid, 10) + "/verslag"
		case search.KindReport:
			h.URL = "/bijeenkomsten/" + id + "/verslag"
		case search.KindBarrier:
			h.URL = "/casussen/" + c + "/randvoorwaarden"
		case search.KindStory:
			if h.URL == "" { // a published story found in the region has its address already
				h.URL = "/casussen/" + c + "/verhalen"
			}
		case search.KindShared:
			h.URL = "/rode-draden"
		case search.KindRecord:
			if h.CaseID != 0 {
				h.URL = "/casussen/" + c + "/kennis#kennis-" + id
				break
			}
			var gid int64
			err := db.queryRow(ctx, `SELECT COALESCE(group_id, 0) FROM knowledge_records WHERE id = ?`, h.ID).Scan(&gid)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			h.URL = "/groepen/" + strconv.FormatInt(gid, 10)
		case search.KindMethod:
			if h.ID >= methodFieldBase {
				h.URL = "/spanningsvelden"
			} else {
				h.URL = "/bijeenkomsten"
			}
		}
	}
	return nil
}

// orgSynonyms returns an organisation's synonym groups for the analyzer.
func (db *SearchService) orgSynonyms(ctx context.Context, orgID int64) (dutch.Synonyms, error) {
	if orgID == 0 {
		return nil, nil
	}
	groups, err := db.synonymGroups(ctx, orgID)
	if err != nil {
		return nil, err
	}
	var out dutch.Synonyms
	for _, g := range groups {
		out = append(out, g.Terms)
	}
	return out, nil
}

func (db *SearchService) synonymGroups(ctx context.Context, orgID int64) ([]search.SynonymGroup, error) {
	out, err := readList(ctx, db.store, "synonyms", func(r scanner) (g search.SynonymGroup, err error) {
		var terms string
		err = r.Scan(&g.ID, &g.OrgID, &terms)
		g.Terms = strings.Split(terms, "\n")
		return g, err
	}, `SELECT id, org_id, terms FROM search_synonyms WHERE org_id = ? ORDER BY id`, orgID)
	if err != nil {
		return nil, err
	}
	return orEmpty(out), nil
}

// SynonymGroups lists an organisation's synonym groups for its administrator.
func (db *SearchService) SynonymGroups(ctx context.Context, actor *rotonde.User, orgID int64) ([]search.SynonymGroup, error) {
	if !policy.CanConfigureOrganisation(actor, orgID) {
		return nil, forbidden()
	}
	return db.synonymGroups(ctx, orgID)
}

// AddSynonymGroup stores a group of expressions that mean the same.
func (db *SearchService) AddSynonymGroup(ctx context.Context, actor *rotonde.User, orgID int64, terms []string) (int64, error) {
	if !policy.CanConfigureOrganisation(actor, orgID) {
		return 0, forbidden()
	}
	terms, err := search.ParseSynonymGroup(strings.Join(terms, ","))
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.WriteTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ?`, orgID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return notFound("err.search.organisation_not_found")
		}
		return tx.QueryRow(ctx, `INSERT INTO search_synonyms (org_id, terms, created_at) VALUES (?, ?, ?) RETURNING id`,
			orgID, strings.Join(terms, "\n"), db.Now()).Scan(&id)
	})
	return id, err
}

// DeleteSynonymGroup removes one of an organisation's groups.
func (db *SearchService) DeleteSynonymGroup(ctx context.Context, actor *rotonde.User, orgID, groupID int64) error {
	if !policy.CanConfigureOrganisation(actor, orgID) {
		return forbidden()
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		return execOne(ctx, tx, notFound("err.search.synonym_group_not_found"), `DELETE FROM search_synonyms WHERE id = ? AND org_id = ?`, groupID, orgID)
	})
}
