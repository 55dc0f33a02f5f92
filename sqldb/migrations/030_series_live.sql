-- A session of an intervision series runs as a live meeting of the group.
-- revealed_through is the last step whose contributions the facilitator
-- showed to the group; until then each member sees only their own.
CREATE TABLE series_meetings (
	meeting_id {{bigint}} PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
	series_id {{bigint}} NOT NULL REFERENCES intervision_series(id) ON DELETE CASCADE,
	number {{bigint}} NOT NULL,
	group_id {{bigint}} NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	revealed_through {{bigint}} NOT NULL DEFAULT -1,
	UNIQUE (series_id, number)
);
CREATE INDEX series_meetings_group ON series_meetings(group_id);

-- The series report: one line per dilemma or insight a session produced,
-- in a paraphrase that its author checked (checked_at) before it leaves
-- the group. The author is the record's created_by.
CREATE TABLE series_report_lines (
	record_id {{bigint}} PRIMARY KEY REFERENCES knowledge_records(id) ON DELETE CASCADE,
	series_id {{bigint}} NOT NULL REFERENCES intervision_series(id) ON DELETE CASCADE,
	number {{bigint}} NOT NULL,
	paraphrase TEXT NOT NULL DEFAULT '',
	drafted_by {{bigint}} REFERENCES users(id),
	checked_at {{time}},
	updated_at {{time}} NOT NULL
);
CREATE INDEX series_report_lines_series ON series_report_lines(series_id);

-- A family member's request for a learning meeting on their case
-- ("iedereen kan het initiatief nemen"). The case's owner or facilitator
-- plans a meeting from it (meeting_id) or declines it with a reason the
-- family member reads.
CREATE TABLE meeting_requests (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	requested_by {{bigint}} NOT NULL REFERENCES users(id),
	question TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'planned', 'declined')),
	reason TEXT NOT NULL DEFAULT '',
	meeting_id {{bigint}} REFERENCES meetings(id) ON DELETE SET NULL,
	decided_by {{bigint}} REFERENCES users(id),
	decided_at {{time}},
	created_at {{time}} NOT NULL
);
CREATE INDEX meeting_requests_case ON meeting_requests(case_id, status);
