-- Retention, erasure on request and the person's own copy (AVG art. 15,
-- 17, 20; Jeugdwet art. 7.3.8 and 7.3.9).

-- When a case was closed: its retention period runs from then. Cases
-- closed before this column existed count from their last change.
ALTER TABLE cases ADD COLUMN closed_at {{time}};
UPDATE cases SET closed_at = updated_at WHERE status = 'closed';

-- An organisation's retention period for the content of its closed cases
-- (the case owner's organisation decides). Without a row the default applies
-- (rotonde.DefaultRetentionYears).
CREATE TABLE org_retention (
	org_id {{bigint}} PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
	case_years INTEGER NOT NULL CHECK (case_years BETWEEN 1 AND 20),
	updated_at {{time}} NOT NULL,
	updated_by {{bigint}} REFERENCES users(id) ON DELETE SET NULL
);

-- What a purged case had shared with the network, kept without the case,
-- its people or its authors: insights placed at the network level.
CREATE TABLE network_insights (
	id {{id}},
	org_id {{bigint}} NOT NULL DEFAULT 0,
	level TEXT NOT NULL,
	body TEXT NOT NULL,
	year INTEGER NOT NULL,
	kept_at {{time}} NOT NULL
);

-- A request to erase a person: from one case (scope 'case') or an account
-- holder everywhere (scope 'account'). case_id and subject_user carry no
-- foreign key: the request and its receipt outlive the case and the person.
-- subject_name and reason are cleared once the erasure is done; the
-- receipt says what kinds of records went, never their content.
CREATE TABLE erasure_requests (
	id {{id}},
	scope TEXT NOT NULL CHECK (scope IN ('case', 'account')),
	case_id {{bigint}} NOT NULL DEFAULT 0,
	org_id {{bigint}} NOT NULL DEFAULT 0,
	subject_user {{bigint}} NOT NULL DEFAULT 0,
	subject_person {{bigint}} NOT NULL DEFAULT 0,
	subject_name TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '',
	requested_by {{bigint}} NOT NULL REFERENCES users(id),
	requested_at {{time}} NOT NULL,
	due_at {{time}} NOT NULL,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'refused')),
	decided_by {{bigint}} REFERENCES users(id),
	decided_at {{time}},
	decision_note TEXT NOT NULL DEFAULT '',
	receipt TEXT NOT NULL DEFAULT ''
);
CREATE INDEX erasure_requests_open ON erasure_requests(status, due_at);
CREATE INDEX erasure_requests_case ON erasure_requests(case_id);
