-- The route into policy (issue 12): where a case sits, the barriers that
-- stand in the way of a good decision, anonymised stories published to the
-- network, and the summary the network view counts from.

-- The municipality a case belongs to (an organisation of kind
-- 'municipality'); the region follows from the municipality's region.
ALTER TABLE cases ADD COLUMN municipality_id {{bigint}} REFERENCES organisations(id);
-- When the case's stagnation signals were last computed into case_signals.
ALTER TABLE cases ADD COLUMN signals_at {{time}};
-- A summary of the case for the network view, kept up to date by the
-- writes that change it (sqldb/network.go): its current phase ('' before
-- any), how many of the four learning-cycle steps have an entry, and as bit
-- masks the kinds of barrier it names (bit i: rotonde.BarrierKinds[i]) and
-- the signals its timeline showed (bit i: the i-th key of sqldb's
-- overviewSignal). The view counts one index instead of five tables.
ALTER TABLE cases ADD COLUMN phase TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN cycle_steps INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN barrier_kinds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN signal_kinds INTEGER NOT NULL DEFAULT 0;
UPDATE cases SET
	phase = COALESCE((SELECT p.phase FROM case_phases p WHERE p.case_id = cases.id ORDER BY p.id DESC LIMIT 1), ''),
	cycle_steps = (SELECT COUNT(DISTINCT e.step) FROM cycle_entries e WHERE e.case_id = cases.id);
CREATE INDEX cases_network ON cases(municipality_id, phase, cycle_steps, status, barrier_kinds, signal_kinds);

-- Barriers (randvoorwaarden) that stand in the way of a good professional
-- decision in a case, each with a short explanation by a member.
CREATE TABLE case_barriers (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('rules', 'financing', 'contracting', 'capacity', 'waiting', 'other')),
	explanation TEXT NOT NULL,
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL,
	updated_by {{bigint}} NOT NULL REFERENCES users(id),
	updated_at {{time}} NOT NULL
);
CREATE INDEX case_barriers_case ON case_barriers(case_id, kind);

-- An anonymised story of a case. A draft is read by the case's members
-- only; once published, with the family's consent recorded, it is read by
-- everyone logged in within the region (region_id, fixed at publication),
-- without a link to the case.
CREATE TABLE case_stories (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	consent_given_by TEXT NOT NULL DEFAULT '',
	consent_by {{bigint}} REFERENCES users(id),
	consent_at {{time}},
	region_id {{bigint}} REFERENCES regions(id),
	published_by {{bigint}} REFERENCES users(id),
	published_at {{time}},
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL,
	updated_by {{bigint}} NOT NULL REFERENCES users(id),
	updated_at {{time}} NOT NULL
);
CREATE INDEX case_stories_case ON case_stories(case_id);
CREATE INDEX case_stories_region ON case_stories(region_id, published_at);

-- The stagnation signals (signal package keys) a case's timeline showed
-- when they were last computed (cases.signals_at): the network view counts
-- these rows instead of reading every timeline.
CREATE TABLE case_signals (
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	signal TEXT NOT NULL,
	PRIMARY KEY (case_id, signal)
);
