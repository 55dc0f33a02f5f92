-- Tension fields: free groups (e.g. intervision groups), placement rounds
-- for a case or a group, and personal placements kept over time.
CREATE TABLE groups (
	id {{id}},
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL
);

CREATE TABLE group_members (
	group_id {{bigint}} NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	role TEXT NOT NULL CHECK (role IN ('facilitator', 'member')),
	added_at {{time}} NOT NULL,
	PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members(user_id);

CREATE TABLE rounds (
	id {{id}},
	name TEXT NOT NULL,
	case_id {{bigint}} REFERENCES cases(id) ON DELETE CASCADE,
	group_id {{bigint}} REFERENCES groups(id) ON DELETE CASCADE,
	facilitator_id {{bigint}} NOT NULL REFERENCES users(id),
	state TEXT NOT NULL CHECK (state IN ('open', 'revealed', 'closed')),
	created_at {{time}} NOT NULL,
	revealed_at {{time}},
	closed_at {{time}},
	CHECK ((case_id IS NULL) <> (group_id IS NULL))
);
CREATE INDEX rounds_case ON rounds(case_id);
CREATE INDEX rounds_group ON rounds(group_id);

CREATE TABLE round_fields (
	round_id {{bigint}} NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
	field_key TEXT NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (round_id, field_key)
);

-- Placements are only ever inserted: movement over time is the point.
CREATE TABLE placements (
	id {{id}},
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	field_key TEXT NOT NULL,
	position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 100),
	context TEXT NOT NULL DEFAULT '',
	round_id {{bigint}} REFERENCES rounds(id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	placed_at {{time}} NOT NULL
);
CREATE INDEX placements_user ON placements(user_id, placed_at);
CREATE INDEX placements_round ON placements(round_id, field_key);
