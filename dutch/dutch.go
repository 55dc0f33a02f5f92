// Package dutch turns Dutch text into search terms: the words of a text and
// of a query are analysed the same way, once, in Go, so that SQLite and
// PostgreSQL store and match identical terms and give identical answers.
package dutch

import (
	"strings"
	"unicode"
)

// Token is one word of a text: where it stands (byte offsets) and the terms
// it is indexed under.
type Token struct {
	Start, End int
	Terms      []string
}

// Synonyms are groups of expressions that mean the same in the field, such
// as {"OTS", "ondertoezichtstelling"}. An expression may have several words.
type Synonyms [][]string

// Analyzer analyses Dutch text. It is safe for concurrent use.
type Analyzer struct {
	synonyms Synonyms
}

// New returns an analyzer that knows the field's built-in synonyms and the
// extra groups given (for instance an organisation's own).
func New(extra Synonyms) *Analyzer {
	return &Analyzer{synonyms: extra}
}

// Tokens splits text into words and gives each its terms.
func (a *Analyzer) Tokens(text string) []Token {
	var out []Token
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := strings.ToLower(text[start:end])
		out = append(out, Token{Start: start, End: end, Terms: []string{w}})
		start = -1
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
	return out
}

// IndexTerms returns the distinct terms a document is stored under.
func (a *Analyzer) IndexTerms(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range a.Tokens(text) {
		for _, term := range t.Terms {
			if !seen[term] {
				seen[term] = true
				out = append(out, term)
			}
		}
	}
	return out
}

// Query is what a search asks: every clause must match.
type Query struct {
	Clauses []Clause
}

// Clause matches when any of its alternatives matches.
type Clause []Alternative

// Alternative matches a document that holds all of its terms.
type Alternative []string

// Empty reports whether the query asks for nothing.
func (q Query) Empty() bool { return len(q.Clauses) == 0 }

// Query analyses what a user typed.
func (a *Analyzer) Query(text string) Query {
	var q Query
	for _, t := range a.Tokens(text) {
		q.Clauses = append(q.Clauses, Clause{Alternative(t.Terms[:1])})
	}
	return q
}

// Span is a stretch of a text that matched a query, in byte offsets.
type Span struct{ Start, End int }

// Highlight returns the words of text that match any term of the query.
func (a *Analyzer) Highlight(text string, q Query) []Span {
	want := map[string]bool{}
	for _, c := range q.Clauses {
		for _, alt := range c {
			for _, term := range alt {
				want[term] = true
			}
		}
	}
	var out []Span
	for _, t := range a.Tokens(text) {
		for _, term := range t.Terms {
			if want[term] {
				out = append(out, Span{t.Start, t.End})
				break
			}
		}
	}
	return out
}
