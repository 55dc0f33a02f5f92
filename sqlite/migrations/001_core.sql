-- Core: regions, organisations, users, cases and their members, sessions, tokens.
CREATE TABLE regions (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('region', 'network'))
);

CREATE TABLE organisations (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	region_id INTEGER REFERENCES regions(id),
	created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	org_id INTEGER REFERENCES organisations(id),
	role TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	disabled BOOLEAN NOT NULL DEFAULT FALSE,
	created_at TIMESTAMP NOT NULL
);

CREATE TABLE cases (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('open', 'paused', 'closed')),
	created_by INTEGER NOT NULL REFERENCES users(id),
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

CREATE TABLE case_members (
	case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users(id),
	role TEXT NOT NULL CHECK (role IN ('owner', 'facilitator', 'professional', 'family', 'observer')),
	added_at TIMESTAMP NOT NULL,
	PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_members_user ON case_members(user_id);

CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id),
	created_at TIMESTAMP NOT NULL,
	last_seen TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	user_agent TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id),
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	revoked BOOLEAN NOT NULL DEFAULT FALSE
);
