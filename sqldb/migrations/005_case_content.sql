-- Case content: answers to the dream questions, timeline events and
-- timeline imports waiting for confirmation.
CREATE TABLE dream_answers (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	question_key TEXT NOT NULL,
	-- 0: the case's shared answer (the child's questions); otherwise the
	-- user whose own answer it is (the professional's questions).
	for_user {{bigint}} NOT NULL DEFAULT 0,
	answer TEXT NOT NULL,
	written_by {{bigint}} NOT NULL REFERENCES users(id),
	written_at {{time}} NOT NULL,
	UNIQUE (case_id, question_key, for_user)
);

-- Persons, organisations and helpers are kept as lists joined by U+001F;
-- the *_key columns hold the same list lower-cased and wrapped in U+001F,
-- so that "events involving X" is a LIKE '%<US>x<US>%' on one case.
CREATE TABLE timeline_events (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	ext_id TEXT NOT NULL DEFAULT '',
	date_year INTEGER NOT NULL,
	date_month INTEGER NOT NULL DEFAULT 0,
	date_day INTEGER NOT NULL DEFAULT 0,
	date_precision INTEGER NOT NULL CHECK (date_precision BETWEEN 1 AND 4),
	start_day INTEGER NOT NULL,
	end_day INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('beslismoment', 'contact', 'gebeurtenis', 'behoefte', 'beleving')),
	lane TEXT NOT NULL CHECK (lane IN ('professioneel', 'gezin')),
	source TEXT NOT NULL CHECK (source IN ('dossier', 'gezinslid', 'professional')),
	description TEXT NOT NULL,
	persons TEXT NOT NULL DEFAULT '',
	organisations TEXT NOT NULL DEFAULT '',
	helpers TEXT NOT NULL DEFAULT '',
	persons_key TEXT NOT NULL DEFAULT '',
	organisations_key TEXT NOT NULL DEFAULT '',
	helpers_key TEXT NOT NULL DEFAULT '',
	emotions TEXT NOT NULL DEFAULT '',
	opinions TEXT NOT NULL DEFAULT '',
	assumptions TEXT NOT NULL DEFAULT '',
	interpretations TEXT NOT NULL DEFAULT '',
	tags TEXT NOT NULL DEFAULT '',
	tags_inferred TEXT NOT NULL DEFAULT '',
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL,
	updated_by {{bigint}} NOT NULL REFERENCES users(id),
	updated_at {{time}} NOT NULL
);
CREATE INDEX timeline_events_case ON timeline_events(case_id, start_day, id);

-- An uploaded file between preview and confirmation. Nothing of it reaches
-- timeline_events until it is confirmed; unconfirmed files expire.
CREATE TABLE timeline_imports (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	file_name TEXT NOT NULL,
	data {{blob}} NOT NULL,
	created_at {{time}} NOT NULL,
	expires_at {{time}} NOT NULL
);
CREATE INDEX timeline_imports_expiry ON timeline_imports(expires_at);
