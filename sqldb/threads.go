package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
)

// The common threads at scale: a codebook's tallies (coding_tallies,
// coding_pairs, coding_coders, coding_agreement and codebooks.coded_records)
// are kept by the transaction that adds a coding, so that the synthesis,
// the agreement between coders and the network view read a few hundred rows
// however many records were shared and coded. A codebook whose tallies may
// be behind has tallied_at NULL and is counted again from its codings on
// its next read (countAgain).

// codeCoder is one earlier coding of a record: its code and coder.
type codeCoder struct{ code, coder int64 }

type tallyKey struct {
	code          int64
	level, period string
}

type agreeKey struct{ a, b, code int64 } // a < b; code 0: the records both coded

// tallyDelta holds increments of a codebook's tallies.
type tallyDelta struct {
	records int
	tallies map[tallyKey]int
	pairs   map[[2]int64]int
	coders  map[int64]int
	first   map[int64]int64 // coder → first coding
	agree   map[agreeKey]*[3]int
}

func newTallyDelta() *tallyDelta {
	return &tallyDelta{tallies: map[tallyKey]int{}, pairs: map[[2]int64]int{}, coders: map[int64]int{},
		first: map[int64]int64{}, agree: map[agreeKey]*[3]int{}}
}

func ordered(a, b int64) [2]int64 {
	if a < b {
		return [2]int64{a, b}
	}
	return [2]int64{b, a}
}

// mark adds to the kappa cells of coders x and y for a code: both applied
// it, only x, only y.
func (d *tallyDelta) mark(x, y, code int64, both, xOnly, yOnly int) {
	p := ordered(x, y)
	k := agreeKey{p[0], p[1], code}
	c := d.agree[k]
	if c == nil {
		c = &[3]int{}
		d.agree[k] = c
	}
	if p[0] != x {
		xOnly, yOnly = yOnly, xOnly
	}
	c[0] += both
	c[1] += xOnly
	c[2] += yOnly
}

// add counts the coding id (code by coder) of a record of the given level
// and period that had the codings prev before it.
func (d *tallyDelta) add(prev []codeCoder, id, code, coder int64, level, period string) {
	anyCode := map[int64]bool{}
	byCoder := map[int64]map[int64]bool{}
	for _, p := range prev {
		anyCode[p.code] = true
		if byCoder[p.coder] == nil {
			byCoder[p.coder] = map[int64]bool{}
		}
		byCoder[p.coder][p.code] = true
	}
	if len(prev) == 0 {
		d.records++
	}
	if !anyCode[code] {
		d.tallies[tallyKey{code, level, period}]++
		for j := range anyCode {
			d.pairs[ordered(j, code)]++
		}
	}
	mine := byCoder[coder]
	if mine == nil { // the coder's first coding of this record
		d.coders[coder]++
		if f, ok := d.first[coder]; !ok || id < f {
			d.first[coder] = id
		}
		for y, codes := range byCoder {
			d.mark(coder, y, 0, 1, 0, 0)
			for j := range codes {
				d.mark(coder, y, j, 0, 0, 1)
			}
		}
	}
	if mine[code] {
		return
	}
	for y, codes := range byCoder {
		switch {
		case y == coder:
		case codes[code]:
			d.mark(coder, y, code, 1, 0, -1)
		default:
			d.mark(coder, y, code, 0, 1, 0)
		}
	}
}

// save adds the increments to the codebook's tallies.
func (d *tallyDelta) save(ctx context.Context, tx *Tx, book int64) error {
	if d.records != 0 {
		if _, err := tx.Exec(ctx, `UPDATE codebooks SET coded_records = coded_records + ? WHERE id = ?`, d.records, book); err != nil {
			return err
		}
	}
	for k, n := range d.tallies {
		if _, err := tx.Exec(ctx, `INSERT INTO coding_tallies (codebook_id, code_id, level, period, records) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (codebook_id, code_id, level, period) DO UPDATE SET records = coding_tallies.records + excluded.records`,
			book, k.code, k.level, k.period, n); err != nil {
			return err
		}
	}
	for k, n := range d.pairs {
		if _, err := tx.Exec(ctx, `INSERT INTO coding_pairs (codebook_id, code_a, code_b, records) VALUES (?, ?, ?, ?)
			ON CONFLICT (codebook_id, code_a, code_b) DO UPDATE SET records = coding_pairs.records + excluded.records`, book, k[0], k[1], n); err != nil {
			return err
		}
	}
	for coder, n := range d.coders {
		if _, err := tx.Exec(ctx, `INSERT INTO coding_coders (codebook_id, coder_id, records, first_coding) VALUES (?, ?, ?, ?)
			ON CONFLICT (codebook_id, coder_id) DO UPDATE SET records = coding_coders.records + excluded.records`, book, coder, n, d.first[coder]); err != nil {
			return err
		}
	}
	for k, c := range d.agree {
		if _, err := tx.Exec(ctx, `INSERT INTO coding_agreement (codebook_id, code_id, coder_a, coder_b, both_yes, a_only, b_only) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (codebook_id, coder_a, coder_b, code_id) DO UPDATE SET both_yes = coding_agreement.both_yes + excluded.both_yes,
			a_only = coding_agreement.a_only + excluded.a_only, b_only = coding_agreement.b_only + excluded.b_only`,
			book, k.code, k.a, k.b, c[0], c[1], c[2]); err != nil {
			return err
		}
	}
	return nil
}

// tallyCoding counts a coding just added to a tallied codebook, in the
// transaction that added it. The record's row is locked by the caller.
func (db *store) tallyCoding(ctx context.Context, tx *Tx, c *knowledge.Coding, level string, sharedAt time.Time) error {
	var tallied sql.NullTime
	if err := tx.QueryRow(ctx, `SELECT tallied_at FROM codebooks WHERE id = ?`, c.CodebookID).Scan(&tallied); err != nil {
		return err
	}
	if !tallied.Valid {
		return nil // counted again on the next read
	}
	var prev []codeCoder
	if err := db.each(ctx, tx, `SELECT code_id, coded_by FROM codings WHERE record_id = ? AND codebook_id = ? AND id <> ?`,
		[]any{c.RecordID, c.CodebookID, c.ID}, func(r *sql.Rows) error {
			var p codeCoder
			err := r.Scan(&p.code, &p.coder)
			prev = append(prev, p)
			return err
		}); err != nil {
		return err
	}
	d := newTallyDelta()
	d.add(prev, c.ID, c.CodeID, c.CoderID, level, knowledge.Period(knowledge.Record{SharedAt: sharedAt}))
	return d.save(ctx, tx, c.CodebookID)
}

// forgetCaseRecords keeps the tallies and the count of shared records true
// before a case is removed with its records: the codebooks that coded them
// are counted again on their next read.
func forgetCaseRecords(ctx context.Context, tx *Tx, caseID int64) error {
	if _, err := tx.Exec(ctx, `UPDATE knowledge_counts SET shared = shared -
		(SELECT COUNT(*) FROM knowledge_records WHERE case_id = ? AND shared_at IS NOT NULL) WHERE id = 1`, caseID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE codebooks SET tallied_at = NULL WHERE id IN
		(SELECT c.codebook_id FROM codings c JOIN knowledge_records r ON r.id = c.record_id WHERE r.case_id = ?)`, caseID)
	return err
}

// countAgain counts a codebook's tallies again from its codings when they
// may be behind.
func (db *store) countAgain(ctx context.Context, book int64) error {
	var tallied sql.NullTime
	if err := db.reader.QueryRow(ctx, `SELECT tallied_at FROM codebooks WHERE id = ?`, book).Scan(&tallied); err != nil || tallied.Valid {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error { return db.recount(ctx, tx, book, db.Now()) })
}

// recount replaces a codebook's tallies by a count of all its codings.
func (db *store) recount(ctx context.Context, tx *Tx, book int64, now time.Time) error {
	for _, t := range []string{"coding_tallies", "coding_pairs", "coding_coders", "coding_agreement"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+t+` WHERE codebook_id = ?`, book); err != nil {
			return err
		}
	}
	d := newTallyDelta()
	var prev []codeCoder
	var record int64 = -1
	err := db.each(ctx, tx, `SELECT c.id, c.code_id, c.record_id, c.coded_by, r.level, r.shared_at FROM codings c
		JOIN knowledge_records r ON r.id = c.record_id WHERE c.codebook_id = ? ORDER BY c.record_id, c.id`, []any{book}, func(r *sql.Rows) error {
		var id, code, rec, coder int64
		var level string
		var shared sql.NullTime
		if err := r.Scan(&id, &code, &rec, &coder, &level, &shared); err != nil {
			return err
		}
		if rec != record {
			record, prev = rec, prev[:0]
		}
		d.add(prev, id, code, coder, level, knowledge.Period(knowledge.Record{SharedAt: shared.Time}))
		prev = append(prev, codeCoder{code, coder})
		return nil
	})
	if err != nil {
		return fmt.Errorf("count codings: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE codebooks SET coded_records = 0, tallied_at = ? WHERE id = ?`, now, book); err != nil {
		return err
	}
	return d.save(ctx, tx, book)
}

// quoteRows is how many of a code's first codings are read to find
// MaxQuotes different records.
const quoteRows = 20

// Synthesis is the codebook's synthesis from its tallies, with the quotes
// of each code from its first codings.
func (db *KnowledgeService) Synthesis(ctx context.Context, actor *rotonde.User, codebookID int64, levels []string) (*knowledge.Synthesis, error) {
	book, err := db.Codebook(ctx, actor, codebookID)
	if err != nil {
		return nil, err
	}
	if err := db.countAgain(ctx, codebookID); err != nil {
		return nil, fmt.Errorf("count codings: %w", err)
	}
	var t knowledge.Tallies
	if err := db.reader.QueryRow(ctx, `SELECT b.coded_records, (SELECT COUNT(*) FROM coding_coders c WHERE c.codebook_id = b.id)
		FROM codebooks b WHERE b.id = ?`, codebookID).Scan(&t.Records, &t.Coders); err != nil {
		return nil, err
	}
	if err := db.each(ctx, db.reader, `SELECT code_id, level, period, records FROM coding_tallies WHERE codebook_id = ?`, []any{codebookID}, func(r *sql.Rows) error {
		var c knowledge.Tally
		if err := r.Scan(&c.CodeID, &c.Level, &c.Period, &c.Records); err != nil {
			return err
		}
		t.Codes = append(t.Codes, c)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("tallies: %w", err)
	}
	if err := db.each(ctx, db.reader, `SELECT code_a, code_b, records FROM coding_pairs WHERE codebook_id = ?`, []any{codebookID}, func(r *sql.Rows) error {
		var p knowledge.PairTally
		if err := r.Scan(&p.CodeA, &p.CodeB, &p.Records); err != nil {
			return err
		}
		t.Pairs = append(t.Pairs, p)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("code pairs: %w", err)
	}
	s := knowledge.FromTallies(book, t, levels)
	// The first codings of every code used, in one statement.
	var parts []string
	var args []any
	for _, c := range s.Codes {
		if c.Records > 0 {
			parts = append(parts, fmt.Sprintf(`SELECT * FROM (SELECT c.code_id, c.record_id, r.paraphrase, c.sel_start, c.sel_end FROM codings c
				JOIN knowledge_records r ON r.id = c.record_id WHERE c.code_id = ? ORDER BY c.created_at, c.id LIMIT %d) q%d`, quoteRows, len(parts)))
			args = append(args, c.ID)
		}
	}
	if len(parts) == 0 {
		return &s, nil
	}
	first := map[int64][]knowledge.Quote{}
	if err := db.each(ctx, db.reader, strings.Join(parts, " UNION ALL "), args, func(r *sql.Rows) error {
		var code int64
		var q knowledge.Quote
		if err := r.Scan(&code, &q.RecordID, &q.Paraphrase, &q.Start, &q.End); err != nil {
			return err
		}
		first[code] = append(first[code], q)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("quotes: %w", err)
	}
	for code, list := range first {
		s.SetQuotes(code, list)
	}
	return &s, nil
}

// Agreement is Cohen's kappa per code and pair of coders, from the tallies.
func (db *KnowledgeService) Agreement(ctx context.Context, actor *rotonde.User, codebookID int64) (*knowledge.Agreement, error) {
	if _, err := db.codebookAccess(ctx, db.reader, actor, codebookID); err != nil {
		return nil, err
	}
	if err := db.countAgain(ctx, codebookID); err != nil {
		return nil, fmt.Errorf("count codings: %w", err)
	}
	coders, err := db.reader.ids(ctx, `SELECT coder_id FROM coding_coders WHERE codebook_id = ? ORDER BY first_coding`, codebookID)
	if err != nil {
		return nil, fmt.Errorf("coders: %w", err)
	}
	a := &knowledge.Agreement{Coders: coders}
	codes, err := db.reader.ids(ctx, `SELECT DISTINCT code_id FROM coding_tallies WHERE codebook_id = ? AND records > 0`, codebookID)
	if err != nil {
		return nil, fmt.Errorf("coded codes: %w", err)
	}
	items := map[[2]int64]int{}
	var cells []knowledge.AgreementCells
	if err := db.each(ctx, db.reader, `SELECT coder_a, coder_b, code_id, both_yes, a_only, b_only FROM coding_agreement WHERE codebook_id = ?`, []any{codebookID}, func(r *sql.Rows) error {
		var c knowledge.AgreementCells
		if err := r.Scan(&c.CoderA, &c.CoderB, &c.CodeID, &c.Both, &c.AOnly, &c.BOnly); err != nil {
			return err
		}
		if c.CodeID == 0 {
			items[[2]int64{c.CoderA, c.CoderB}] = c.Both
		} else {
			cells = append(cells, c)
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("agreement: %w", err)
	}
	a.PerCode = knowledge.AgreementFromCells(items, cells, codes)
	return a, nil
}

// SharedPage lists a page of the shared records, newest first.
func (db *KnowledgeService) SharedPage(ctx context.Context, actor *rotonde.User, offset, limit int) ([]knowledge.Record, int, error) {
	if actor == nil || actor.Disabled || !knowledge.CanLearnAcrossCases(actor.Role) {
		return nil, 0, forbidden()
	}
	var total int
	if err := db.reader.QueryRow(ctx, `SELECT shared FROM knowledge_counts WHERE id = 1`).Scan(&total); err != nil {
		return nil, 0, err
	}
	if limit <= 0 || offset >= total {
		return nil, total, nil
	}
	list, err := db.records(ctx, db.reader, `SELECT `+recordColumns+` FROM knowledge_records r WHERE r.shared_at IS NOT NULL
		ORDER BY r.shared_at DESC, r.id DESC LIMIT ? OFFSET ?`, limit, max(offset, 0))
	if err != nil {
		return nil, 0, err
	}
	for i := range list {
		list[i] = list[i].ShareView()
	}
	return list, total, nil
}

// RecordCodings lists a codebook's codings of the given records.
func (db *KnowledgeService) RecordCodings(ctx context.Context, actor *rotonde.User, codebookID int64, recordIDs []int64) ([]knowledge.Coding, error) {
	if _, err := db.codebookAccess(ctx, db.reader, actor, codebookID); err != nil {
		return nil, err
	}
	if len(recordIDs) == 0 {
		return nil, nil
	}
	in, args := inIDs(recordIDs)
	return db.codings(ctx, `record_id IN `+in+` AND codebook_id = ?`, append(args, codebookID))
}

// overviewLevels are the columns of the network view's threads: the
// method's levels of insight, and "none" for a record without one (or with
// a level the method does not name).
var overviewLevels = []string{"personal", "organisation", "network", "none"}

// threadCounts counts, for the codebooks of a region, the shared records
// per code and level of insight, and per code and quarter in which they were
// shared (oldest first): one row per code applied at least once (named
// "codebook · code" when the region has more than one codebook).
func (db *store) threadCounts(ctx context.Context, regionID int64) (names []string, levels [][]int, periods []string, movement [][]int, err error) {
	type book struct {
		id   int64
		name string
	}
	var books []book
	if err := db.each(ctx, db.reader, `SELECT id, name FROM codebooks WHERE region_id = ? ORDER BY name, id`, []any{regionID}, func(r *sql.Rows) error {
		var b book
		err := r.Scan(&b.id, &b.name)
		books = append(books, b)
		return err
	}); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("codebooks of region: %w", err)
	}
	byPeriod := map[string]map[int]int{} // period → row → records
	for _, b := range books {
		if err := db.countAgain(ctx, b.id); err != nil {
			return nil, nil, nil, nil, fmt.Errorf("count codings: %w", err)
		}
		row := map[int64]int{}
		if err := db.each(ctx, db.reader, `SELECT k.id, k.name, t.level, t.period, SUM(t.records) FROM coding_tallies t JOIN codebook_codes k ON k.id = t.code_id
			WHERE t.codebook_id = ? GROUP BY k.id, k.name, t.level, t.period HAVING SUM(t.records) > 0 ORDER BY k.id`, []any{b.id}, func(r *sql.Rows) error {
			var code int64
			var name, level, period string
			var n int
			if err := r.Scan(&code, &name, &level, &period, &n); err != nil {
				return err
			}
			i, ok := row[code]
			if !ok {
				i = len(names)
				row[code] = i
				if len(books) > 1 {
					name = b.name + " · " + name
				}
				names, levels = append(names, name), append(levels, make([]int, len(overviewLevels)))
			}
			j := slices.Index(overviewLevels[:len(overviewLevels)-1], level)
			if j < 0 {
				j = len(overviewLevels) - 1
			}
			levels[i][j] += n
			if byPeriod[period] == nil {
				byPeriod[period] = map[int]int{}
			}
			byPeriod[period][i] += n
			return nil
		}); err != nil {
			return nil, nil, nil, nil, fmt.Errorf("threads of region: %w", err)
		}
	}
	periods = slices.Sorted(maps.Keys(byPeriod))
	movement = make([][]int, len(names))
	for i := range movement {
		movement[i] = make([]int, len(periods))
		for j, p := range periods {
			movement[i][j] = byPeriod[p][i]
		}
	}
	return names, levels, periods, movement, nil
}
