-- Insights (inzichten) about a case: captured in a learning meeting or
-- written down by a member. A level (personal, organisation, network) can
-- be given later; an empty level means not yet placed. Authorship of an
-- insight captured anonymously is never stored here: author_name stays
-- empty and created_by is the meeting's facilitator.
CREATE TABLE case_insights (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	body TEXT NOT NULL,
	level TEXT NOT NULL DEFAULT '',
	meeting_id {{bigint}} REFERENCES meetings(id) ON DELETE SET NULL,
	capture_id {{bigint}} REFERENCES meeting_captures(id) ON DELETE SET NULL,
	author_name TEXT NOT NULL DEFAULT '',
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL,
	level_by {{bigint}} REFERENCES users(id),
	level_at {{time}}
);
CREATE INDEX case_insights_case ON case_insights(case_id);
