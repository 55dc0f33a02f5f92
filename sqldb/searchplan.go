package sqldb

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/rotonde-jeugd/rotonde/dutch"
)

// How a search finds its documents fast, whatever the number of cases the
// reader may open.
//
// A term row (search_terms) is keyed by (term, case_id, doc_id): one term
// within one case is one short stretch of the key. A search starts from the
// clause (query word) that the fewest documents hold, by search_term_docs,
// and reads its rows only within the cases the reader may open: a seek per
// readable case (or, on PostgreSQL, a read of the term's rows when the term
// is rarer than the reader's cases are many; the planner knows the term's
// frequency from its statistics). Every other clause is a probe per
// candidate document on the same key (term, case_id, doc_id), never a scan
// of its postings. The policy stays in the query: the first clause is read
// only where the reader's scope allows.
//
// The rank of a document is the number of clauses it holds in its title
// (title before body), then the newest first (the highest id). Both are in
// the query, so LIMIT cuts a list that is already in its final order.

// maxCountedDocs bounds the count of a term that search_term_docs does not
// know yet (added since the last reindex): rarer than that is all the plan
// needs to know.
const maxCountedDocs = 5000

// termDocs estimates how many documents hold each term: search_term_docs as
// the last reindex counted, or a bounded count for a term it does not know.
func (db *SearchService) termDocs(ctx context.Context, terms []string) (map[string]int64, error) {
	out := make(map[string]int64, len(terms))
	if len(terms) == 0 {
		return out, nil
	}
	args := make([]any, len(terms))
	for i, t := range terms {
		args[i] = t
	}
	rows, err := db.query(ctx, `SELECT term, docs FROM search_term_docs WHERE term IN (?`+strings.Repeat(", ?", len(terms)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var t string
		var n int64
		if err := rows.Scan(&t, &n); err != nil {
			rows.Close()
			return nil, err
		}
		out[t] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, t := range terms {
		if _, ok := out[t]; ok {
			continue
		}
		var n int64
		if err := db.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM search_terms WHERE term = ? LIMIT ?) x`, t, maxCountedDocs).Scan(&n); err != nil {
			return nil, err
		}
		out[t] = n
	}
	return out, nil
}

// rarestFirst orders q's clauses by how many documents may hold them, the
// rarest first (ties keep the query's order). The order changes how fast
// the answer comes, never the answer.
func (db *SearchService) rarestFirst(ctx context.Context, q dutch.Query) ([]dutch.Clause, []int64, error) {
	var terms []string
	for _, c := range q.Clauses {
		for _, alt := range c {
			terms = append(terms, alt...)
		}
	}
	slices.Sort(terms)
	df, err := db.termDocs(ctx, slices.Compact(terms))
	if err != nil {
		return nil, nil, err
	}
	estimate := func(c dutch.Clause) int64 {
		var n int64
		for _, alt := range c {
			if len(alt) == 0 {
				continue
			}
			least := df[alt[0]]
			for _, t := range alt[1:] {
				least = min(least, df[t])
			}
			n += least
		}
		return n
	}
	// An alternative of several terms (the parts of a compound) is read
	// from its rarest term and its others probed.
	clauses := make([]dutch.Clause, len(q.Clauses))
	for i, c := range q.Clauses {
		clauses[i] = make(dutch.Clause, len(c))
		for j, alt := range c {
			alt = slices.Clone(alt)
			slices.SortStableFunc(alt, func(a, b string) int { return cmp.Compare(df[a], df[b]) })
			clauses[i][j] = alt
		}
	}
	slices.SortStableFunc(clauses, func(a, b dutch.Clause) int {
		return cmp.Compare(estimate(a), estimate(b))
	})
	estimates := make([]int64, len(clauses))
	for i, c := range clauses {
		estimates[i] = estimate(c)
	}
	return clauses, estimates, nil
}

// probeBelow: when the rarest clause is held by fewer documents than this
// part of the next rarest, a search reads only its rows and probes the
// other clauses per document; otherwise it reads the rows of every clause
// in one pass and counts the clauses per document, which costs fewer index
// descents when the words are about as common.
var probeBelow int64 = 8

// matchQuery returns matchDocs's query in the plan that suits the clauses'
// estimates.
// w keeps the rows to the newest documents (windowStart).
func matchQuery(clauses []dutch.Clause, estimates []int64, scope string, scopeArgs []any, w window) (string, []any) {
	if len(clauses) > 1 && estimates[0]*probeBelow < estimates[1] {
		return matchDocs(clauses, scope, scopeArgs, w)
	}
	return matchGrouped(clauses, scope, scopeArgs, w)
}

// window keeps the term rows a search reads first to the documents with an
// id above after (none when after is 0) in the cases that the query cases
// selects.
type window struct {
	after  int64
	sqlite bool
	cases  string
}

// rows returns the FROM item of the term rows t, the condition that keeps
// them to scope and the window, and its arguments after scope's. SQLite
// reads the window case by case (the cases first: CROSS JOIN fixes the
// order) by the key (term, case_id, doc_id): with a bound on doc_id its
// planner would otherwise read every newer row of every term by the index
// on doc_id alone.
func (w window) rows(scope string) (from, cond string, args []any) {
	if w.after <= 0 {
		return "search_terms t", "t.case_id " + scope, nil
	}
	if w.sqlite {
		return "(" + w.cases + ") s CROSS JOIN search_terms t", "t.case_id = s.case_id AND t.doc_id > ?", []any{w.after}
	}
	return "search_terms t", "t.case_id " + scope + " AND t.doc_id > ?", []any{w.after}
}

// matchGrouped is matchDocs in one pass: the rows of every clause's terms
// within scope, grouped by document; a clause without a row makes its MAX,
// and so the score, NULL.
func matchGrouped(clauses []dutch.Clause, scope string, scopeArgs []any, w window) (string, []any) {
	from, inScope, windowArgs := w.rows(scope)
	var score strings.Builder
	var args, terms []any
	for i, c := range clauses {
		cond, condArgs := clauseCond("t", c)
		if i > 0 {
			score.WriteString(" + ")
		}
		score.WriteString("MAX(CASE WHEN " + cond + " THEN t.in_title END)")
		args = append(args, condArgs...)
		for _, alt := range c {
			if len(alt) > 0 {
				terms = append(terms, alt[0])
			}
		}
	}
	if len(terms) == 0 {
		return `SELECT 0 AS doc_id, NULL AS score WHERE 1 = 0`, nil
	}
	if len(clauses) == 1 && len(clauses[0]) == 1 && len(clauses[0][0]) == 1 {
		// One term: a document has one row of it, nothing to group.
		return `SELECT t.doc_id AS doc_id, t.in_title AS score FROM ` + from + ` WHERE ` + inScope + ` AND t.term = ?`,
			append(append(slices.Clone(scopeArgs), windowArgs...), terms[0])
	}
	args = append(append(append(args, scopeArgs...), windowArgs...), terms...)
	return `SELECT t.doc_id AS doc_id, ` + score.String() + ` AS score FROM ` + from + `
		WHERE ` + inScope + ` AND t.term IN (?` + strings.Repeat(", ?", len(terms)-1) + `) GROUP BY t.doc_id`, args
}

// matchDocs returns a query of (doc_id, score): the documents that hold
// the first clause, whose terms carry a case_id that meets scope, with the
// number of clauses matched in their title; the score is NULL for a
// document that misses another clause. clauses come rarest first.
//
// The caller sorts by score DESC NULLS LAST, cuts at its limit and only
// then drops the NULLs: the documents that match every clause come before
// all others, so the cut keeps them, and each probe runs once a document
// (a WHERE on the score would run them again for every hit). w keeps the
// first clause's rows to the newest documents.
func matchDocs(clauses []dutch.Clause, scope string, scopeArgs []any, w window) (string, []any) {
	from, inScope, windowArgs := w.rows(scope)
	first, firstArgs := clauseCond("t", clauses[0])
	score := "x.s"
	var args []any
	for _, c := range clauses[1:] {
		cond, condArgs := clauseCond("u", c)
		score += ` + (SELECT MAX(u.in_title) FROM search_terms u WHERE ` + cond + ` AND u.case_id = x.case_id AND u.doc_id = x.doc_id)`
		args = append(args, condArgs...)
	}
	args = append(append(append(args, scopeArgs...), windowArgs...), firstArgs...)
	// A clause not held makes its probe NULL, and so the score.
	return `SELECT x.doc_id AS doc_id, ` + score + ` AS score FROM (
		SELECT t.doc_id AS doc_id, t.case_id AS case_id, MAX(t.in_title) AS s FROM ` + from + `
		WHERE ` + inScope + ` AND ` + first + ` GROUP BY t.doc_id, t.case_id) x`, args
}

// The newest documents first. A reader of many cases finds thousands of
// documents for two common words, of which only the best limit are shown.
// So a search first reads, in the reader's cases, only the documents above
// an id (one range of the key per readable case instead of all its rows):
// when the limit-th hit of that try holds every clause in its title and is
// newer than the bound, no older document can rank before it (rank is the
// clauses in the title, then the newest), so the try's answer is the whole
// answer. Otherwise the search is run again over all documents.

// A first try is sized for a reader of about windowReaderShare of all
// documents (1,000 of 50,000 cases), assuming windowTitleShare of a term's
// documents hold it in the title: it reads enough of the newest ids that
// such a reader likely finds a full page of documents with every clause in
// the title. A reader of fewer cases reads few rows either way.
const (
	windowReaderShare = 0.02
	windowTitleShare  = 0.4
)

// windowSpan, when not 0, is the number of newest ids every first try
// reads, whatever the estimates; -1 turns the first try off.
var windowSpan int64

// windowStart returns the document id above which a search first reads
// the reader's cases, or 0 to read them whole at once: when the try would
// span half of the ids or more, or the clauses are too rare to fill a page
// in the newest documents.
func (db *SearchService) windowStart(ctx context.Context, estimates []int64, limit int) (int64, error) {
	if windowSpan < 0 {
		return 0, nil
	}
	var newest int64
	if err := db.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM search_docs`).Scan(&newest); err != nil {
		return 0, err
	}
	if windowSpan > 0 {
		return max(newest-windowSpan, 0), nil
	}
	expected := windowReaderShare // documents with every clause in the title, per id
	for _, e := range estimates {
		expected *= min(1, float64(e)/float64(max(newest, 1))) * windowTitleShare
	}
	if expected <= 0 || float64(limit)/expected >= float64(newest)/2 {
		return 0, nil
	}
	return newest - int64(float64(limit)/expected), nil
}

// windowHolds reports whether the rows of a first try above after are the
// whole answer: a full page whose last row holds all n clauses in its title
// and is newer than the bound.
func windowHolds(rows []hitRow, n, limit int, after int64) bool {
	if len(rows) < limit {
		return false
	}
	last := rows[limit-1]
	return last.score == n && last.docID > after
}

// clauseCond is the condition on the term row alias that the row stands for
// a match of clause c: a term of a one-term alternative, or the first term
// of a longer alternative whose other terms the same document holds.
func clauseCond(alias string, c dutch.Clause) (string, []any) {
	var single, firsts []any
	var multi []dutch.Alternative
	for _, alt := range c {
		switch len(alt) {
		case 0:
		case 1:
			single = append(single, alt[0])
		default:
			multi = append(multi, alt)
			firsts = append(firsts, alt[0])
		}
	}
	in := func(terms []any) string {
		return alias + `.term IN (?` + strings.Repeat(", ?", len(terms)-1) + `)`
	}
	if len(multi) == 0 {
		if len(single) == 0 {
			return "1 = 0", nil
		}
		return in(single), single
	}
	all := append(slices.Clone(single), firsts...)
	var b strings.Builder
	args := slices.Clone(all)
	b.WriteString(in(all) + " AND (")
	if len(single) > 0 {
		b.WriteString(in(single) + " OR ")
		args = append(args, single...)
	}
	for i, alt := range multi {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString("(" + alias + ".term = ?")
		args = append(args, alt[0])
		for _, term := range alt[1:] {
			b.WriteString(` AND EXISTS (SELECT 1 FROM search_terms v WHERE v.term = ? AND v.case_id = ` + alias + `.case_id AND v.doc_id = ` + alias + `.doc_id)`)
			args = append(args, term)
		}
		b.WriteString(")")
	}
	b.WriteString(")")
	return b.String(), args
}

// countTerms recounts the documents of every term (search_term_docs) and
// refreshes the engine's statistics of the index, after a rebuild.
func (t *Tx) countTerms(ctx context.Context) error {
	for _, q := range []string{
		`DELETE FROM search_term_docs`,
		`INSERT INTO search_term_docs (term, docs) SELECT term, COUNT(*) FROM search_terms GROUP BY term`,
		`ANALYZE search_terms`,
		`ANALYZE search_docs`,
		`ANALYZE search_term_docs`,
	} {
		if _, err := t.Exec(ctx, q); err != nil {
			return fmt.Errorf("count terms: %w", err)
		}
	}
	return nil
}

// SearchTerms returns the terms a document of title and body is stored
// under, and for each whether it is in the title: what indexing writes to
// search_terms, for a loader that fills the index in bulk (bench/search).
func SearchTerms(title, body string) (terms []string, inTitle []bool) {
	return docTerms(title, body)
}

// SearchTitle is the title a text without one is indexed under.
func SearchTitle(text string) string { return shortTitle(text) }
