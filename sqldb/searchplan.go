package sqldb

import (
	"cmp"
	"context"
	"database/sql"
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
	if err := eachRow(ctx, db.reader, func(rows *sql.Rows) error {
		var t string
		var n int64
		if err := rows.Scan(&t, &n); err != nil {
			return err
		}
		out[t] = n
		return nil
	}, `SELECT term, docs FROM search_term_docs WHERE term IN (?`+strings.Repeat(", ?", len(terms)-1)+`)`, args...); err != nil {
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
func matchQuery(clauses []dutch.Clause, estimates []int64, scope string, scopeArgs []any) (string, []any) {
	if len(clauses) > 1 && estimates[0]*probeBelow < estimates[1] {
		return matchDocs(clauses, scope, scopeArgs)
	}
	return matchGrouped(clauses, scope, scopeArgs)
}

// matchGrouped is matchDocs in one pass: the rows of every clause's terms
// within scope, grouped by document; a clause without a row makes its
// score, and so the document's, NULL.
//
// An alternative of several terms (a compound's parts, a synonym of more
// than one word) is read by its first term; its other terms are probed
// only after grouping, and only for a document where the probe can change
// the clause's score: not when a one-term alternative already holds the
// clause in the title. Most documents that hold a compound's parts hold
// the compound itself ("gezinsvoogd": "gezin", "voogd"), so most probes
// fall away.
func matchGrouped(clauses []dutch.Clause, scope string, scopeArgs []any) (string, []any) {
	var terms []any
	multi := false
	for _, c := range clauses {
		for _, alt := range c {
			if len(alt) > 0 {
				terms = append(terms, alt[0])
			}
			multi = multi || len(alt) > 1
		}
	}
	if len(terms) == 0 {
		return `SELECT 0 AS doc_id, NULL AS score WHERE 1 = 0`, nil
	}
	in := `t.term IN (?` + strings.Repeat(", ?", len(terms)-1) + `)`
	if len(clauses) == 1 && len(clauses[0]) == 1 && len(clauses[0][0]) == 1 {
		// One term: a document has one row of it, nothing to group.
		return `SELECT t.doc_id AS doc_id, t.in_title AS score FROM search_terms t WHERE t.case_id ` + scope + ` AND t.term = ?`,
			append(slices.Clone(scopeArgs), terms[0])
	}
	if !multi {
		var score strings.Builder
		var args []any
		for i, c := range clauses {
			cond, condArgs := clauseCond("t", c)
			if i > 0 {
				score.WriteString(" + ")
			}
			score.WriteString("MAX(CASE WHEN " + cond + " THEN t.in_title END)")
			args = append(args, condArgs...)
		}
		args = append(append(args, scopeArgs...), terms...)
		return `SELECT t.doc_id AS doc_id, ` + score.String() + ` AS score FROM search_terms t
		WHERE t.case_id ` + scope + ` AND ` + in + ` GROUP BY t.doc_id`, args
	}

	return groupThenProbe(clauses, in, scope, scopeArgs, terms)
}

// groupThenProbe is matchGrouped for clauses with longer alternatives: the
// rows grouped by document first (g), the probes after, per document.
func groupThenProbe(clauses []dutch.Clause, in, scope string, scopeArgs, terms []any) (string, []any) {
	var cols, score strings.Builder
	var colArgs, scoreArgs []any
	// present: every clause has a row that may match it; a document
	// without is no hit, and its probes are not run.
	var present []string
	for i, c := range clauses {
		if i > 0 {
			score.WriteString(" + ")
		}
		cs := clauseScore(i, c)
		cols.WriteString(cs.cols)
		colArgs = append(colArgs, cs.colArgs...)
		score.WriteString(cs.score)
		scoreArgs = append(scoreArgs, cs.scoreArgs...)
		present = append(present, cs.present)
	}
	args := append(append(append(scoreArgs, colArgs...), scopeArgs...), terms...)
	return `SELECT g.doc_id AS doc_id, ` + score.String() + ` AS score FROM (
		SELECT t.doc_id AS doc_id, t.case_id AS case_id` + cols.String() + ` FROM search_terms t
		WHERE t.case_id ` + scope + ` AND ` + in + ` GROUP BY t.doc_id, t.case_id) g
		WHERE ` + strings.Join(present, " AND "), args
}

// groupedClause is one clause's part of groupThenProbe's query.
type groupedClause struct {
	cols      string // the grouped columns, each starting with ", "
	colArgs   []any
	score     string // the clause's score over those columns
	scoreArgs []any
	present   string // true when a row may match the clause
}

// clauseScore gives clause i its columns: s<i>, the best title mark of
// its one-term alternatives' rows; m<i>_<j>, that of the first term of its
// j-th longer alternative. The score is 1 as soon as a matching row is in
// the title, else 0 as soon as one matches, else NULL. CASE tries its
// branches in order and a column holds one mark, so each probe runs at
// most once, and not at all where a one-term alternative decides.
func clauseScore(i int, c dutch.Clause) groupedClause {
	var out groupedClause
	var cols strings.Builder
	var single []any
	for _, alt := range c {
		if len(alt) == 1 {
			single = append(single, alt[0])
		}
	}
	s := "NULL"
	var maybe []string
	if len(single) > 0 {
		s = fmt.Sprintf("g.s%d", i)
		maybe = append(maybe, s+" IS NOT NULL")
		fmt.Fprintf(&cols, ", MAX(CASE WHEN t.term IN (?%s) THEN t.in_title END) AS s%d", strings.Repeat(", ?", len(single)-1), i)
		out.colArgs = append(out.colArgs, single...)
	}
	// held(mark): the longer alternative's first term has a row with that
	// title mark and the document holds its other terms.
	var held []func(mark int) string
	var probes [][]any
	for j, alt := range c {
		if len(alt) < 2 {
			continue
		}
		fmt.Fprintf(&cols, ", MAX(CASE WHEN t.term = ? THEN t.in_title END) AS m%d_%d", i, j)
		out.colArgs = append(out.colArgs, alt[0])
		col := fmt.Sprintf("g.m%d_%d", i, j)
		maybe = append(maybe, col+" IS NOT NULL")
		n := len(alt) - 1
		held = append(held, func(mark int) string {
			// COALESCE: NULL AND x still runs x; FALSE AND x does not.
			return fmt.Sprintf("COALESCE(%s, -1) = %d", col, mark) + strings.Repeat(" AND (SELECT 1 FROM search_terms v WHERE v.term = ? AND v.case_id = g.case_id AND v.doc_id = g.doc_id LIMIT 1) IS NOT NULL", n)
		})
		var others []any
		for _, term := range alt[1:] {
			others = append(others, term)
		}
		probes = append(probes, others)
	}
	var score strings.Builder
	score.WriteString("CASE WHEN " + s + " = 1 THEN 1")
	for _, mark := range []int{1, 0} {
		if mark == 0 {
			score.WriteString(" WHEN " + s + " = 0 THEN 0")
		}
		for k, h := range held {
			fmt.Fprintf(&score, " WHEN %s THEN %d", h(mark), mark)
			out.scoreArgs = append(out.scoreArgs, probes[k]...)
		}
	}
	score.WriteString(" END")
	out.cols, out.score, out.present = cols.String(), score.String(), "("+strings.Join(maybe, " OR ")+")"
	return out
}

// matchDocs returns a query of (doc_id, score): the documents that hold
// the first clause, whose terms carry a case_id that meets scope, with the
// number of clauses matched in their title; the score is NULL for a
// document that misses another clause. clauses come rarest first.
//
// The caller sorts by score DESC NULLS LAST, cuts at its limit and only
// then drops the NULLs: the documents that match every clause come before
// all others, so the cut keeps them, and each probe runs once a document
// (a WHERE on the score would run them again for every hit).
func matchDocs(clauses []dutch.Clause, scope string, scopeArgs []any) (string, []any) {
	first, firstArgs := clauseCond("t", clauses[0])
	score := "x.s"
	var args []any
	for _, c := range clauses[1:] {
		cond, condArgs := clauseCond("u", c)
		score += ` + (SELECT MAX(u.in_title) FROM search_terms u WHERE ` + cond + ` AND u.case_id = x.case_id AND u.doc_id = x.doc_id)`
		args = append(args, condArgs...)
	}
	args = append(append(args, scopeArgs...), firstArgs...)
	// A clause not held makes its probe NULL, and so the score.
	return `SELECT x.doc_id AS doc_id, ` + score + ` AS score FROM (
		SELECT t.doc_id AS doc_id, t.case_id AS case_id, MAX(t.in_title) AS s FROM search_terms t
		WHERE t.case_id ` + scope + ` AND ` + first + ` GROUP BY t.doc_id, t.case_id) x`, args
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
			// A scalar probe, not EXISTS: PostgreSQL may run an EXISTS as a
			// hashed subplan, which reads every row of the term (195,849 for
			// "vader", 100 ms) to answer some thousand probes (4 ms).
			b.WriteString(` AND (SELECT 1 FROM search_terms v WHERE v.term = ? AND v.case_id = ` + alias + `.case_id AND v.doc_id = ` + alias + `.doc_id LIMIT 1) IS NOT NULL`)
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
