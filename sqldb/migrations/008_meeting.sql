-- Live learning meetings (leerbijeenkomsten): agenda of timed steps from the
-- work cards, the facilitator's preparation, participants (members and
-- guests), what is captured, attachments, and the event log that live
-- clients catch up from.
CREATE TABLE meetings (
	id {{id}},
	case_id {{bigint}} REFERENCES cases(id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	theme TEXT NOT NULL DEFAULT '',
	facilitator_id {{bigint}} NOT NULL REFERENCES users(id),
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'live', 'closed')),
	current_step INTEGER NOT NULL DEFAULT -1,
	step_started_at {{time}},
	film_open BOOLEAN NOT NULL DEFAULT FALSE,
	film_round INTEGER NOT NULL DEFAULT 0,
	join_code TEXT,
	join_expires_at {{time}},
	prep TEXT NOT NULL DEFAULT '{}',
	feedback TEXT NOT NULL DEFAULT '',
	tension_round_id {{bigint}},
	last_seq {{bigint}} NOT NULL DEFAULT 0,
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL,
	closed_at {{time}}
);
CREATE INDEX meetings_case ON meetings(case_id);
CREATE UNIQUE INDEX meetings_live_code ON meetings(join_code) WHERE status = 'live';
CREATE INDEX meetings_code ON meetings(join_code);

CREATE TABLE meeting_steps (
	id {{id}},
	meeting_id {{bigint}} NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	card_key TEXT NOT NULL,
	variant TEXT NOT NULL DEFAULT '',
	step_key TEXT NOT NULL,
	minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 240),
	anonymous BOOLEAN NOT NULL DEFAULT FALSE,
	UNIQUE (meeting_id, position)
);

CREATE TABLE meeting_participants (
	id {{id}},
	meeting_id {{bigint}} NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
	user_id {{bigint}} REFERENCES users(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('member', 'guest')),
	admitted BOOLEAN NOT NULL DEFAULT FALSE,
	invite_hash {{blob}} UNIQUE,
	invite_expires_at {{time}},
	token_hash {{blob}} UNIQUE,
	in_film INTEGER NOT NULL DEFAULT 0,
	joined_at {{time}},
	created_at {{time}} NOT NULL,
	UNIQUE (meeting_id, user_id)
);

CREATE TABLE meeting_captures (
	id {{id}},
	meeting_id {{bigint}} NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
	step_position INTEGER NOT NULL,
	kind TEXT NOT NULL,
	body TEXT NOT NULL DEFAULT '',
	group_name TEXT NOT NULL DEFAULT '',
	slot TEXT NOT NULL DEFAULT '',
	stakeholder TEXT NOT NULL DEFAULT '',
	feeling TEXT NOT NULL DEFAULT '',
	participant_id {{bigint}} REFERENCES meeting_participants(id) ON DELETE SET NULL,
	anonymous BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{time}} NOT NULL
);
CREATE INDEX meeting_captures_meeting ON meeting_captures(meeting_id, id);

CREATE TABLE meeting_attachments (
	id {{id}},
	meeting_id {{bigint}} NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
	step_position INTEGER NOT NULL,
	purpose TEXT NOT NULL CHECK (purpose IN ('art', 'image-card')),
	title TEXT NOT NULL,
	link TEXT NOT NULL DEFAULT '',
	content_type TEXT NOT NULL DEFAULT '',
	size {{bigint}} NOT NULL DEFAULT 0,
	data {{blob}},
	participant_id {{bigint}} REFERENCES meeting_participants(id) ON DELETE SET NULL,
	created_at {{time}} NOT NULL
);
CREATE INDEX meeting_attachments_meeting ON meeting_attachments(meeting_id, id);

-- Every change a live client must see, numbered per meeting. Clients catch
-- up from the last number they saw (SSE Last-Event-ID).
CREATE TABLE meeting_events (
	meeting_id {{bigint}} NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
	seq {{bigint}} NOT NULL,
	kind TEXT NOT NULL,
	audience TEXT NOT NULL DEFAULT 'all' CHECK (audience IN ('all', 'facilitators')),
	payload TEXT NOT NULL,
	created_at {{time}} NOT NULL,
	PRIMARY KEY (meeting_id, seq)
);
