-- Withdrawing a published story can be undone too: reversal records get
-- the kind 'story' (target_id: the story; payload: who in the family gave
-- the consent and a digest of the text they approved).{{if sqlite}} SQLite cannot change
-- a CHECK constraint, so the table is rebuilt with its rows and index.{{end}}
{{if sqlite}}
CREATE TABLE reversals_new (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('member', 'ground', 'invitation', 'meeting', 'story')),
	target_id INTEGER NOT NULL,
	label TEXT NOT NULL DEFAULT '',
	payload TEXT NOT NULL DEFAULT '',
	done_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	done_at TIMESTAMP NOT NULL,
	undone_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	undone_at TIMESTAMP
);
INSERT INTO reversals_new (id, case_id, kind, target_id, label, payload, done_by, done_at, undone_by, undone_at)
	SELECT id, case_id, kind, target_id, label, payload, done_by, done_at, undone_by, undone_at FROM reversals;
DROP TABLE reversals;
ALTER TABLE reversals_new RENAME TO reversals;
CREATE INDEX reversals_case ON reversals(case_id, kind, target_id);
{{else}}
ALTER TABLE reversals DROP CONSTRAINT reversals_kind_check;
ALTER TABLE reversals ADD CONSTRAINT reversals_kind_check CHECK (kind IN ('member', 'ground', 'invitation', 'meeting', 'story'));
{{end}}

-- Taking a member out of a group (which has no case) can be undone for 30
-- days: a facilitator adds them again with the role they had, while the
-- group exists. undone_at is set when it was undone; the housekeeping job
-- removes a record 30 days after done_at.
CREATE TABLE group_reversals (
	id {{id}},
	group_id {{bigint}} NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	user_id {{bigint}} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	role TEXT NOT NULL CHECK (role IN ('facilitator', 'member')),
	label TEXT NOT NULL DEFAULT '',
	done_by {{bigint}} REFERENCES users(id) ON DELETE SET NULL,
	done_at {{time}} NOT NULL,
	undone_by {{bigint}} REFERENCES users(id) ON DELETE SET NULL,
	undone_at {{time}}
);
CREATE INDEX group_reversals_group ON group_reversals(group_id, user_id);
