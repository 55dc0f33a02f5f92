-- The network at scale and its development agenda (issue 12).

-- Tallies of each codebook's codings, kept by the transaction that adds a
-- coding (sqldb/threads.go), so that the synthesis, the agreement between
-- coders and the network view read a few hundred rows instead of every
-- coding. tallied_at is NULL while a codebook's tallies may be behind (made
-- before this migration, or after records were removed with their case);
-- the next read counts them again from the codings.
ALTER TABLE codebooks ADD COLUMN tallied_at {{time}};
-- Shared records coded at least once in the codebook.
ALTER TABLE codebooks ADD COLUMN coded_records INTEGER NOT NULL DEFAULT 0;

-- Per code, level of insight and quarter of sharing ("2026-K4"): the
-- shared records the code was applied to, by any coder.
CREATE TABLE coding_tallies (
	codebook_id {{bigint}} NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
	code_id {{bigint}} NOT NULL REFERENCES codebook_codes(id) ON DELETE CASCADE,
	level TEXT NOT NULL,
	period TEXT NOT NULL,
	records INTEGER NOT NULL,
	PRIMARY KEY (codebook_id, code_id, level, period)
);

-- Per pair of codes (code_a < code_b): the records both were applied to.
CREATE TABLE coding_pairs (
	codebook_id {{bigint}} NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
	code_a {{bigint}} NOT NULL REFERENCES codebook_codes(id) ON DELETE CASCADE,
	code_b {{bigint}} NOT NULL REFERENCES codebook_codes(id) ON DELETE CASCADE,
	records INTEGER NOT NULL,
	PRIMARY KEY (codebook_id, code_a, code_b)
);

-- Per coder: the records they coded, and their first coding (coders are
-- numbered in that order, not named).
CREATE TABLE coding_coders (
	codebook_id {{bigint}} NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
	coder_id {{bigint}} NOT NULL REFERENCES users(id),
	records INTEGER NOT NULL,
	first_coding {{bigint}} NOT NULL,
	PRIMARY KEY (codebook_id, coder_id)
);

-- Per pair of coders (coder_a < coder_b) and code, on the records both
-- coded: how often both, only a or only b applied the code — with the
-- number of those records (the row of code_id 0, in both_yes), the four
-- cells of Cohen's kappa.
CREATE TABLE coding_agreement (
	codebook_id {{bigint}} NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
	code_id {{bigint}} NOT NULL,
	coder_a {{bigint}} NOT NULL REFERENCES users(id),
	coder_b {{bigint}} NOT NULL REFERENCES users(id),
	both_yes INTEGER NOT NULL,
	a_only INTEGER NOT NULL,
	b_only INTEGER NOT NULL,
	PRIMARY KEY (codebook_id, coder_a, coder_b, code_id)
);

-- How many records are shared with the network (one row, id 1), kept by
-- sharing and by the purge of a case, for the pages that count them.
CREATE TABLE knowledge_counts (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	shared {{bigint}} NOT NULL
);
INSERT INTO knowledge_counts (id, shared) SELECT 1, COUNT(*) FROM knowledge_records WHERE shared_at IS NOT NULL;

-- Representative quotes: the first codings of a code.
CREATE INDEX codings_code ON codings(code_id, created_at, id);
-- The shared records, newest first, a page at a time.
CREATE INDEX knowledge_records_shared_id ON knowledge_records(shared_at, id);

-- The shared development agenda (ontwikkelagenda) of a region: each
-- organisation and municipality puts its plan for a year beside the
-- others', and the parties ask each other "wat heb je van mij nodig?".
CREATE TABLE agenda_plans (
	id {{id}},
	org_id {{bigint}} NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	year INTEGER NOT NULL,
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL,
	UNIQUE (org_id, year)
);

CREATE TABLE agenda_items (
	id {{id}},
	plan_id {{bigint}} NOT NULL REFERENCES agenda_plans(id) ON DELETE CASCADE,
	body TEXT NOT NULL,
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL
);
CREATE INDEX agenda_items_plan ON agenda_items(plan_id);

CREATE TABLE agenda_questions (
	id {{id}},
	year INTEGER NOT NULL,
	from_org {{bigint}} NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	to_org {{bigint}} NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	question TEXT NOT NULL,
	asked_by {{bigint}} NOT NULL REFERENCES users(id),
	asked_at {{time}} NOT NULL,
	answer TEXT NOT NULL DEFAULT '',
	answered_by {{bigint}} REFERENCES users(id),
	answered_at {{time}}
);
CREATE INDEX agenda_questions_to ON agenda_questions(to_org, year);
CREATE INDEX agenda_questions_from ON agenda_questions(from_org, year);
