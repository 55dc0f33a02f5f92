-- The case's timeline and geno-sociogram as they were when a meeting was
-- closed, so its report keeps showing what the group looked at even after
-- the case moves on. Readers still need access to the case itself.
CREATE TABLE meeting_case_snapshots (
	meeting_id {{bigint}} PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	taken_at {{time}} NOT NULL,
	timeline_json TEXT NOT NULL,
	genogram_json TEXT NOT NULL
);
