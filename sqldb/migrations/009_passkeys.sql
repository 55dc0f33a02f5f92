-- Passkeys (WebAuthn): the random user handle each account shows to
-- authenticators (never the account id or e-mail address), and the
-- server-side half of each ceremony between options and answer.
-- Credentials themselves live in webauthn_credentials (003).

CREATE TABLE webauthn_user_handles (
	user_id {{bigint}} PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	handle TEXT NOT NULL UNIQUE
);

CREATE TABLE webauthn_ceremonies (
	id {{id}},
	token_hash TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	user_id {{bigint}} REFERENCES users(id) ON DELETE CASCADE,
	session_data TEXT NOT NULL,
	expires_at {{time}} NOT NULL
);
CREATE INDEX webauthn_ceremonies_expiry ON webauthn_ceremonies(expires_at);
