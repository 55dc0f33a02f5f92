-- Outgoing e-mail. A message is stored in the transaction of the change that
-- causes it (an invitation, a meeting plan, a password reset), so it exists
-- exactly when that change committed; the sender in `serve` delivers it with
-- retry and backoff. payload holds the recipient's message (subject, text,
-- HTML, attachment) as JSON, sealed with the key for secrets at rest (it may
-- hold a reset code or an invitation link); it is emptied once delivered.
-- ref names what the message belongs to (e.g. "invitation:12"), so the page
-- of that thing can show whether sending failed; created_by may retry it.
CREATE TABLE mail_outbox (
	id {{id}},
	kind TEXT NOT NULL,
	ref TEXT NOT NULL DEFAULT '',
	recipient TEXT NOT NULL,
	lang TEXT NOT NULL DEFAULT 'nl',
	created_by {{bigint}} NOT NULL DEFAULT 0,
	created_at {{time}} NOT NULL,
	payload TEXT NOT NULL DEFAULT '',
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at {{time}} NOT NULL,
	last_error TEXT NOT NULL DEFAULT '',
	sent_at {{time}}
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX mail_outbox_author ON mail_outbox(created_by) WHERE sent_at IS NULL;
-- The language a user chose in the interface, for the e-mail Rotonde sends
-- them. A user without a row gets Dutch.
CREATE TABLE user_languages (
	user_id {{bigint}} PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	lang TEXT NOT NULL CHECK (lang IN ('nl', 'en'))
);
