-- A session of an intervision series runs as a live meeting of the group.
-- revealed_through is the last step whose contributions the facilitator
-- showed to the group; until then each member sees only their own.
CREATE TABLE series_meetings (
	meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
	series_id INTEGER NOT NULL REFERENCES intervision_series(id) ON DELETE CASCADE,
	number INTEGER NOT NULL,
	group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	revealed_through INTEGER NOT NULL DEFAULT -1,
	UNIQUE (series_id, number)
);
CREATE INDEX series_meetings_group ON series_meetings(group_id);

-- The series report: one line per dilemma or insight a session produced,
-- in a paraphrase that its author checked (checked_at) before it leaves
-- the group. The author is the record's created_by.
CREATE TABLE series_report_lines (
	record_id INTEGER PRIMARY KEY REFERENCES knowledge_records(id) ON DELETE CASCADE,
	series_id INTEGER NOT NULL REFERENCES intervision_series(id) ON DELETE CASCADE,
	number INTEGER NOT NULL,
	paraphrase TEXT NOT NULL DEFAULT '',
	drafted_by INTEGER REFERENCES users(id),
	checked_at TIMESTAMP,
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX series_report_lines_series ON series_report_lines(series_id);

-- A family member's request for a learning meeting on their case
-- ("iedereen kan het initiatief nemen"). The case's owner or facilitator
-- plans a meeting from it (meeting_id) or declines it with a reason the
-- family member reads.
CREATE TABLE meeting_requests (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	requested_by INTEGER NOT NULL REFERENCES users(id),
	question TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'planned', 'declined')),
	reason TEXT NOT NULL DEFAULT '',
	meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
	decided_by INTEGER REFERENCES users(id),
	decided_at TIMESTAMP,
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX meeting_requests_case ON meeting_requests(case_id, status);
