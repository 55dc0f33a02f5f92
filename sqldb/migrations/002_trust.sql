-- Trust: the access log (hash-chained), grounds for sharing a case with other
-- organisations (consent or legal basis), and break-glass access.
CREATE TABLE audit_log (
	seq {{bigint}} PRIMARY KEY,
	at TEXT NOT NULL,
	action TEXT NOT NULL CHECK (action IN ('C', 'R', 'U', 'D', 'E', 'S')),
	case_id {{bigint}} NOT NULL DEFAULT 0,
	part TEXT NOT NULL,
	user_id {{bigint}} NOT NULL DEFAULT 0,
	on_behalf_of {{bigint}} NOT NULL DEFAULT 0,
	org_id {{bigint}} NOT NULL DEFAULT 0,
	role TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT '',
	outcome TEXT NOT NULL,
	basis TEXT NOT NULL DEFAULT '',
	emergency BOOLEAN NOT NULL DEFAULT FALSE,
	detail TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_log_case ON audit_log(case_id, seq);
CREATE INDEX audit_log_at ON audit_log(at);

-- One row: the end of the chain, and the anchor left by purging old records.
CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	last_seq {{bigint}} NOT NULL,
	last_hash TEXT NOT NULL,
	anchor_seq {{bigint}} NOT NULL,
	anchor_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash, anchor_seq, anchor_hash) VALUES (1, 0, '', 0, '');

CREATE TABLE sharing_grounds (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('consent', 'legal')),
	young_person_age {{bigint}} NOT NULL DEFAULT 0,
	young_person_agrees BOOLEAN NOT NULL DEFAULT FALSE,
	parents_agree BOOLEAN NOT NULL DEFAULT FALSE,
	given_by TEXT NOT NULL DEFAULT '',
	legal_basis TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	recorded_by {{bigint}} NOT NULL REFERENCES users(id),
	recorded_at {{time}} NOT NULL,
	withdrawn_at {{time}},
	withdrawn_by {{bigint}} REFERENCES users(id)
);
CREATE INDEX sharing_grounds_case ON sharing_grounds(case_id);

-- How a member reaches the case: same organisation as the case owner, family
-- member, or shared with another organisation (needs a ground in force).
ALTER TABLE case_members ADD COLUMN basis TEXT NOT NULL DEFAULT 'own_org' CHECK (basis IN ('own_org', 'family', 'shared'));

CREATE TABLE break_glass (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	reason TEXT NOT NULL,
	started_at {{time}} NOT NULL,
	expires_at {{time}} NOT NULL
);
CREATE INDEX break_glass_case ON break_glass(case_id);
