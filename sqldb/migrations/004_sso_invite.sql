-- Single sign-on per organisation (OpenID Connect) and invitations that let
-- family members join one case.
CREATE TABLE sso_configs (
	org_id {{bigint}} PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
	issuer TEXT NOT NULL,
	client_id TEXT NOT NULL,
	client_secret TEXT NOT NULL,
	allowed_domains TEXT NOT NULL DEFAULT '',
	enabled BOOLEAN NOT NULL DEFAULT FALSE,
	enforces_mfa BOOLEAN NOT NULL DEFAULT FALSE,
	updated_at {{time}} NOT NULL,
	updated_by {{bigint}} REFERENCES users(id)
);

-- A login attempt between the redirect to the provider and its answer;
-- deleted when taken, so a state works once.
CREATE TABLE sso_flows (
	state_hash TEXT PRIMARY KEY,
	org_id {{bigint}} NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	nonce TEXT NOT NULL,
	verifier TEXT NOT NULL,
	redirect_uri TEXT NOT NULL,
	next TEXT NOT NULL DEFAULT '/',
	expires_at {{time}} NOT NULL
);
CREATE INDEX sso_flows_expires ON sso_flows(expires_at);

CREATE TABLE invitations (
	id {{id}},
	token_hash TEXT NOT NULL UNIQUE,
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	email TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('family', 'observer')),
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL,
	expires_at {{time}} NOT NULL,
	used_at {{time}},
	used_by {{bigint}} REFERENCES users(id)
);
CREATE INDEX invitations_case ON invitations(case_id);
