-- Search speed and ranking. A term row now says whether the term is in the
-- document's title (for ranking: a title match before a body match), and
{{if sqlite}}
-- the table is clustered on its key (WITHOUT ROWID), so looking up a term
-- within a case reads one stretch of one b-tree. search_term_docs counts
-- the documents of each term, so a search starts from its rarest word.
-- The index is rebuilt in Go right after this migration (the terms are
-- analysed by package dutch), so the old rows are not copied.
{{else}}
-- the key carries it (INCLUDE), so checking a document's term is an
-- index-only scan. search_term_docs counts the documents of each term, so
-- a search starts from its rarest word. The index is rebuilt in Go right
-- after this migration (the terms are analysed by package dutch), so the
-- old rows are not copied.
{{end}}
DROP TABLE search_terms;
CREATE TABLE search_terms (
	term TEXT NOT NULL,
	case_id {{bigint}} NOT NULL,
	doc_id {{bigint}} NOT NULL REFERENCES search_docs(id) ON DELETE CASCADE,
	in_title {{if sqlite}}INTEGER{{else}}SMALLINT{{end}} NOT NULL DEFAULT 0,
	PRIMARY KEY (term, case_id, doc_id){{if postgres}} INCLUDE (in_title){{end}}
){{if sqlite}} WITHOUT ROWID{{end}};
CREATE INDEX search_terms_doc ON search_terms(doc_id);

-- How many documents hold a term: a hint for the order in which a search
-- looks its words up, never for who may see what. Counted up as documents
-- are indexed and recounted by a reindex.
CREATE TABLE search_term_docs (
	term TEXT PRIMARY KEY,
	docs {{bigint}} NOT NULL
){{if sqlite}} WITHOUT ROWID{{end}};

-- A dilemma or insight of an intervision group is found by the group's
-- members, before and whether or not it is shared.
ALTER TABLE search_docs ADD COLUMN group_id {{bigint}} REFERENCES groups(id) ON DELETE CASCADE;
CREATE INDEX search_docs_group ON search_docs(group_id);
