-- Search. Every searchable text is one row of search_docs; its terms,
-- analysed in Go by package dutch, are rows of search_terms, so SQLite and
-- PostgreSQL store and match the very same terms. Documents of a case (and
-- of a meeting) go with it. Who may see a document is decided in the query,
-- from case_id (membership) and meeting_id (a free-theme meeting's
-- facilitator and participants); a document with neither belongs to the
-- method library, which every signed-in user reads. A document that left
-- its case or group has an audience instead: 'network' (a shared dilemma or
-- insight, read by every role that learns across cases) or 'region' (a
-- published story, read in region_id; its case's members find it too).
CREATE TABLE search_docs (
	id {{id}},
	kind TEXT NOT NULL,
	ref_id {{bigint}} NOT NULL,
	case_id {{bigint}} REFERENCES cases(id) ON DELETE CASCADE,
	meeting_id {{bigint}} REFERENCES meetings(id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	audience TEXT NOT NULL DEFAULT '',
	region_id {{bigint}},
	indexed_at {{time}} NOT NULL,
	UNIQUE (kind, ref_id)
);
CREATE INDEX search_docs_case ON search_docs(case_id);
CREATE INDEX search_docs_meeting ON search_docs(meeting_id);
CREATE INDEX search_docs_audience ON search_docs(audience, region_id);

-- A term carries its document's case (0 for none), so that a search looks up
-- a term only within the cases the reader may open.
CREATE TABLE search_terms (
	term TEXT NOT NULL,
	case_id {{bigint}} NOT NULL,
	doc_id {{bigint}} NOT NULL REFERENCES search_docs(id) ON DELETE CASCADE,
	PRIMARY KEY (term, case_id, doc_id)
);
CREATE INDEX search_terms_doc ON search_terms(doc_id);

-- An organisation's own synonyms and abbreviations: one group per row, the
-- expressions separated by a line break.
CREATE TABLE search_synonyms (
	id {{id}},
	org_id {{bigint}} NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	terms TEXT NOT NULL,
	created_at {{time}} NOT NULL
);
CREATE INDEX search_synonyms_org ON search_synonyms(org_id);
