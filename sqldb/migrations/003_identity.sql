-- Identity: login throttling, second factors (TOTP with recovery codes,
-- passkeys), half-finished logins waiting for their second step, and the
-- time a session last proved its password (re-authentication).

-- One row per throttle key: a hash of a normalized e-mail address (whether or
-- not an account has it) or of a client address. Shared by every instance.
CREATE TABLE login_throttle (
	throttle_key TEXT PRIMARY KEY,
	failures INTEGER NOT NULL,
	last_failure {{time}} NOT NULL,
	locked_until {{time}} NOT NULL
);

-- The TOTP secret must be readable to check codes, so it cannot be hashed.
-- confirmed is false until the user has typed one valid code; last_step
-- refuses a code that was used before (replay).
CREATE TABLE totp_secrets (
	user_id {{bigint}} PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	secret TEXT NOT NULL,
	confirmed BOOLEAN NOT NULL DEFAULT FALSE,
	last_step {{bigint}} NOT NULL DEFAULT 0,
	created_at {{time}} NOT NULL
);

CREATE TABLE recovery_codes (
	id {{id}},
	user_id {{bigint}} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	code_hash TEXT NOT NULL,
	used_at {{time}},
	UNIQUE (user_id, code_hash)
);

-- Passkeys (WebAuthn); data is the library's credential record as JSON.
CREATE TABLE webauthn_credentials (
	id {{id}},
	user_id {{bigint}} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	credential_id TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	data TEXT NOT NULL,
	created_at {{time}} NOT NULL,
	last_used_at {{time}}
);
CREATE INDEX webauthn_credentials_user ON webauthn_credentials(user_id);

-- A password was right but the second step is still to come.
CREATE TABLE pending_logins (
	id {{id}},
	token_hash TEXT NOT NULL UNIQUE,
	user_id {{bigint}} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at {{time}} NOT NULL,
	expires_at {{time}} NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	next TEXT NOT NULL DEFAULT '/',
	user_agent TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT ''
);

ALTER TABLE sessions ADD COLUMN reauth_at {{time}};
