-- The security log lives in the access log's hash chain (case_id 0, part
-- 'beveiliging/…'); subject_id is the user an event concerns.
ALTER TABLE audit_log ADD COLUMN subject_id {{bigint}} NOT NULL DEFAULT 0;
CREATE INDEX audit_log_subject ON audit_log(subject_id, seq);

-- The last security event a user has been told about at login.
ALTER TABLE users ADD COLUMN security_seen_seq {{bigint}} NOT NULL DEFAULT 0;

-- A password reset by an administrator: a one-time code (only its SHA-256)
-- that lets its holder choose a new password, nothing else.
CREATE TABLE password_resets (
	id {{id}},
	user_id {{bigint}} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	code_hash TEXT NOT NULL UNIQUE,
	created_by {{bigint}} NOT NULL DEFAULT 0,
	created_at {{time}} NOT NULL,
	expires_at {{time}} NOT NULL
);
CREATE INDEX password_resets_user ON password_resets(user_id);
