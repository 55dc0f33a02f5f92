-- Secrets at rest. totp_secrets.secret and sso_configs.client_secret now hold
-- values sealed with AES-256-GCM ("v1:" + base64), each bound to its row;
-- the key lives outside the database (a key file, see `rotonde keygen`).
-- Plain values from before are sealed in place at the first start with a key.
--
-- meta holds small facts about the database itself. 'key_check' is a known
-- text sealed with the key: a start with another key is refused at once
-- instead of failing later at a login.
CREATE TABLE meta (
	name TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
