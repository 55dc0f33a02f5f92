-- Shared knowledge and the common threads (rode draden).
-- A knowledge record is a dilemma or an insight from a case, an
-- intervision group or written down on one's own (case_id and group_id
-- both NULL). It stays with its source until it is shared: shared_at is set
-- and the paraphrase, never the body, is what the network reads.
-- updated_at changes with every change, so an index can follow.
CREATE TABLE knowledge_records (
	id {{id}},
	kind TEXT NOT NULL CHECK (kind IN ('dilemma', 'insight')),
	case_id {{bigint}} REFERENCES cases(id) ON DELETE CASCADE,
	group_id {{bigint}} REFERENCES groups(id) ON DELETE CASCADE,
	insight_id {{bigint}} REFERENCES case_insights(id) ON DELETE SET NULL,
	level TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL,
	takeaway TEXT NOT NULL DEFAULT '',
	follow_up_due {{time}},
	follow_up TEXT NOT NULL DEFAULT '',
	follow_up_at {{time}},
	paraphrase TEXT NOT NULL DEFAULT '',
	shared_at {{time}},
	shared_by {{bigint}} REFERENCES users(id),
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX knowledge_records_case ON knowledge_records(case_id);
CREATE INDEX knowledge_records_group ON knowledge_records(group_id);
CREATE INDEX knowledge_records_creator ON knowledge_records(created_by, follow_up_due);
CREATE INDEX knowledge_records_shared ON knowledge_records(shared_at);
CREATE INDEX knowledge_records_updated ON knowledge_records(updated_at);

-- Themes and the method's verbs, tension fields and success components a
-- record is tied to.
CREATE TABLE knowledge_links (
	record_id {{bigint}} NOT NULL REFERENCES knowledge_records(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('theme', 'verb', 'field', 'component')),
	link_key TEXT NOT NULL,
	PRIMARY KEY (record_id, kind, link_key)
);

-- A network's codebook: themes with sub-themes, and the method's ready-made groups.
CREATE TABLE codebooks (
	id {{id}},
	name TEXT NOT NULL,
	region_id {{bigint}} REFERENCES regions(id) ON DELETE CASCADE,
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL
);

CREATE TABLE codebook_codes (
	id {{id}},
	codebook_id {{bigint}} NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
	parent_id {{bigint}} REFERENCES codebook_codes(id) ON DELETE CASCADE,
	code_group TEXT NOT NULL CHECK (code_group IN ('theme', 'verb', 'field', 'component')),
	lib_key TEXT NOT NULL DEFAULT '',
	name TEXT NOT NULL,
	colour TEXT NOT NULL,
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL
);
CREATE INDEX codebook_codes_book ON codebook_codes(codebook_id);

-- One coder's decision that a code applies to a shared record, or to a
-- selection of its paraphrase (sel_end 0: the whole record).
CREATE TABLE codings (
	id {{id}},
	codebook_id {{bigint}} NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
	code_id {{bigint}} NOT NULL REFERENCES codebook_codes(id) ON DELETE CASCADE,
	record_id {{bigint}} NOT NULL REFERENCES knowledge_records(id) ON DELETE CASCADE,
	coded_by {{bigint}} NOT NULL REFERENCES users(id),
	sel_start {{bigint}} NOT NULL DEFAULT 0,
	sel_end {{bigint}} NOT NULL DEFAULT 0,
	created_at {{time}} NOT NULL,
	UNIQUE (code_id, record_id, coded_by, sel_start, sel_end)
);
CREATE INDEX codings_book ON codings(codebook_id);
CREATE INDEX codings_record ON codings(record_id);

-- Memos and the logbook of coding decisions.
CREATE TABLE codebook_notes (
	id {{id}},
	codebook_id {{bigint}} NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('memo', 'decision')),
	body TEXT NOT NULL,
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL
);
CREATE INDEX codebook_notes_book ON codebook_notes(codebook_id);

-- An intervision series: a group's sessions planned up front (by default
-- six of two hours), with each member's explicit commitment.
CREATE TABLE intervision_series (
	id {{id}},
	group_id {{bigint}} NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	minutes {{bigint}} NOT NULL,
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL
);
CREATE INDEX intervision_series_group ON intervision_series(group_id);

CREATE TABLE intervision_sessions (
	id {{id}},
	series_id {{bigint}} NOT NULL REFERENCES intervision_series(id) ON DELETE CASCADE,
	number {{bigint}} NOT NULL,
	planned_at {{time}} NOT NULL,
	UNIQUE (series_id, number)
);

CREATE TABLE intervision_commitments (
	series_id {{bigint}} NOT NULL REFERENCES intervision_series(id) ON DELETE CASCADE,
	user_id {{bigint}} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	confirmed_at {{time}} NOT NULL,
	PRIMARY KEY (series_id, user_id)
);
