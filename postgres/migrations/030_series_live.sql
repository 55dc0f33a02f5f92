-- A session of an intervision series runs as a live meeting of the group.
-- revealed_through is the last step whose contributions the facilitator
-- showed to the group; until then each member sees only their own.
CREATE TABLE series_meetings (
	meeting_id BIGINT PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
	series_id BIGINT NOT NULL REFERENCES intervision_series(id) ON DELETE CASCADE,
	number BIGINT NOT NULL,
	group_id BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	revealed_through BIGINT NOT NULL DEFAULT -1,
	UNIQUE (series_id, number)
);
CREATE INDEX series_meetings_group ON series_meetings(group_id);

-- The series report: one line per dilemma or insight a session produced,
-- in a paraphrase that its author checked (checked_at) before it leaves
-- the group. The author is the record's created_by.
CREATE TABLE series_report_lines (
	record_id BIGINT PRIMARY KEY REFERENCES knowledge_records(id) ON DELETE CASCADE,
	series_id BIGINT NOT NULL REFERENCES intervision_series(id) ON DELETE CASCADE,
	number BIGINT NOT NULL,
	paraphrase TEXT NOT NULL DEFAULT '',
	drafted_by BIGINT REFERENCES users(id),
	checked_at TIMESTAMPTZ,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX series_report_lines_series ON series_report_lines(series_id);
