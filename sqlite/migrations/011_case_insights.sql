-- Insights (inzichten) about a case: captured in a learning meeting or
-- written down by a member. A level (personal, organisation, network) can
-- be given later; an empty level means not yet placed. Authorship of an
-- insight captured anonymously is never stored here: author_name stays
-- empty and created_by is the meeting's facilitator.
CREATE TABLE case_insights (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	body TEXT NOT NULL,
	level TEXT NOT NULL DEFAULT '',
	meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
	capture_id INTEGER REFERENCES meeting_captures(id) ON DELETE SET NULL,
	author_name TEXT NOT NULL DEFAULT '',
	created_by INTEGER NOT NULL REFERENCES users(id),
	created_at TIMESTAMP NOT NULL,
	level_by INTEGER REFERENCES users(id),
	level_at TIMESTAMP
);
CREATE INDEX case_insights_case ON case_insights(case_id);
