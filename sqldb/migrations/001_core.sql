-- Core: regions, organisations, users, cases and their members, sessions, tokens.
CREATE TABLE regions (
	id {{id}},
	name TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('region', 'network'))
);

CREATE TABLE organisations (
	id {{id}},
	name TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	region_id {{bigint}} REFERENCES regions(id),
	created_at {{time}} NOT NULL
);

CREATE TABLE users (
	id {{id}},
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	org_id {{bigint}} REFERENCES organisations(id),
	role TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	disabled BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{time}} NOT NULL
);

CREATE TABLE cases (
	id {{id}},
	title TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('open', 'paused', 'closed')),
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);

CREATE TABLE case_members (
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	role TEXT NOT NULL CHECK (role IN ('owner', 'facilitator', 'professional', 'family', 'observer')),
	added_at {{time}} NOT NULL,
	PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_members_user ON case_members(user_id);

CREATE TABLE sessions (
	id {{id}},
	token_hash TEXT NOT NULL UNIQUE,
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL,
	last_seen {{time}} NOT NULL,
	expires_at {{time}} NOT NULL,
	user_agent TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
	id {{id}},
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at {{time}} NOT NULL,
	expires_at {{time}} NOT NULL,
	revoked BOOLEAN NOT NULL DEFAULT FALSE
);
