// Package search describes searching everything a reader may see: the
// kinds of content that are indexed, a hit as the reader gets it, and the
// storage contract. The words of texts and queries are analysed by package
// dutch, once, in Go, so that every engine stores and matches the same terms.
package search

import (
	"context"
	"html/template"
	"slices"
	"strings"
	"unicode/utf8"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/dutch"
)

// Kind is a kind of indexed content.
type Kind string

// The kinds of content that are searched. Dilemmas, barriers and shared
// stories get their own kinds when they are stored.
const (
	KindCase    Kind = "case"    // a case's title and reason
	KindDream   Kind = "dream"   // a case's dream answers
	KindEvent   Kind = "event"   // a timeline event
	KindInsight Kind = "insight" // an insight about a case
	KindCapture Kind = "capture" // input captured in a learning meeting
	KindReport  Kind = "report"  // a closed meeting's report
	KindMethod  Kind = "method"  // a work card or tension field of the method library
	KindDilemma Kind = "dilemma"
	KindBarrier Kind = "barrier"
	KindStory   Kind = "story"
	KindShared  Kind = "shared" // a dilemma or insight shared with the network (its paraphrase)
	KindRecord  Kind = "record" // a dilemma or insight of a case or an intervision group, for its members
)

// Kinds lists every kind in the order results are grouped.
var Kinds = []Kind{KindCase, KindDream, KindEvent, KindInsight, KindDilemma, KindRecord, KindShared, KindBarrier, KindStory, KindCapture, KindReport, KindMethod}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// ParseKind reads a kind asked for in a request: "" means every kind.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.TrimSpace(s))
	if k == "" || k.Valid() {
		return k, nil
	}
	return "", rotonde.E(rotonde.EInvalid, "err.search.unknown_kind", s)
}

// Limits of a search request.
const (
	DefaultLimit  = 20
	MaxLimit      = 100
	MaxQueryRunes = 200
	SnippetRunes  = 240
)

// Snippet is a stretch of a matching text with the matching words marked.
type Snippet struct {
	Text  string
	Spans []dutch.Span // byte offsets into Text
}

// String is the snippet's plain text.
func (s Snippet) String() string { return s.Text }

// HTML is the snippet escaped, with the matching words in <mark>.
func (s Snippet) HTML() template.HTML {
	var b strings.Builder
	at := 0
	for _, sp := range s.Spans {
		if sp.Start < at || sp.End > len(s.Text) || sp.Start >= sp.End {
			continue
		}
		b.WriteString(template.HTMLEscapeString(s.Text[at:sp.Start]))
		b.WriteString("<mark>")
		b.WriteString(template.HTMLEscapeString(s.Text[sp.Start:sp.End]))
		b.WriteString("</mark>")
		at = sp.End
	}
	b.WriteString(template.HTMLEscapeString(s.Text[at:]))
	return template.HTML(b.String())
}

// Hit is one search result the reader may open.
type Hit struct {
	Kind    Kind
	ID      int64
	CaseID  int64 // 0 when the content belongs to no case (the method library, a free-theme meeting)
	Title   string
	Snippet Snippet
	URL     string
}

// MakeSnippet cuts a snippet of at most SnippetRunes characters out of text,
// around the first match of q, and marks the matches inside it.
func MakeSnippet(a *dutch.Analyzer, text string, q dutch.Query) Snippet {
	text = strings.Join(strings.Fields(text), " ")
	spans := a.Highlight(text, q)
	if utf8.RuneCountInString(text) <= SnippetRunes {
		return Snippet{Text: text, Spans: spans}
	}
	first := 0
	if len(spans) > 0 {
		first = spans[0].Start
	}
	start := max(first-SnippetRunes/4, 0)
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	end := start
	for n := 0; end < len(text) && n < SnippetRunes; n++ {
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
	}
	prefix := ""
	if start > 0 {
		prefix = "…"
	}
	out := Snippet{Text: prefix + text[start:end]}
	if end < len(text) {
		out.Text += "…"
	}
	for _, sp := range spans {
		if sp.Start >= start && sp.End <= end {
			out.Spans = append(out.Spans, dutch.Span{Start: sp.Start - start + len(prefix), End: sp.End - start + len(prefix)})
		}
	}
	return out
}

// Service searches the index. Search returns only what actor may open, at
// most limit hits, of one kind or of every kind (kind ""). Reindex rebuilds
// the whole index in one transaction.
type Service interface {
	Search(ctx context.Context, actor *rotonde.User, q string, kind Kind, limit int) ([]Hit, error)
	Reindex(ctx context.Context) error
}

// SynonymGroup is one organisation's group of expressions that mean the same.
type SynonymGroup struct {
	ID    int64
	OrgID int64
	Terms []string
}

// MaxSynonymGroup bounds a group: expressions and characters of each.
const (
	MaxSynonymTerms = 12
	MaxSynonymRunes = 80
)

// ParseSynonymGroup reads a group written as expressions separated by
// commas, such as "OTS, ondertoezichtstelling".
func ParseSynonymGroup(s string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, p := range strings.Split(s, ",") {
		p = strings.Join(strings.Fields(p), " ")
		if p == "" || seen[strings.ToLower(p)] {
			continue
		}
		if len([]rune(p)) > MaxSynonymRunes {
			return nil, rotonde.E(rotonde.EInvalid, "err.search.synonym_too_long", MaxSynonymRunes)
		}
		seen[strings.ToLower(p)] = true
		out = append(out, p)
	}
	if len(out) < 2 {
		return nil, rotonde.E(rotonde.EInvalid, "err.search.synonym_group_needs_two")
	}
	if len(out) > MaxSynonymTerms {
		return nil, rotonde.E(rotonde.EInvalid, "err.search.synonym_group_too_large", MaxSynonymTerms)
	}
	return out, nil
}

// SynonymStore keeps each organisation's synonym groups, editable by its
// administrators.
type SynonymStore interface {
	SynonymGroups(ctx context.Context, actor *rotonde.User, orgID int64) ([]SynonymGroup, error)
	AddSynonymGroup(ctx context.Context, actor *rotonde.User, orgID int64, terms []string) (int64, error)
	DeleteSynonymGroup(ctx context.Context, actor *rotonde.User, orgID, groupID int64) error
}

// Store is what the web layer needs for search: searching, and the
// organisation's synonyms.
type Store interface {
	Service
	SynonymStore
}
