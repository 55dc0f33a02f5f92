-- Case content, part 2: the geno-sociogram (werkkaart 4) with its force-field
-- mode, the learning cycle, the phase of learning together (werkkaart 8),
-- small steps and reflective interviews (werkkaart 2).
-- Every row carries its case_id, so that every query is scoped by case and a
-- reference across cases can be refused by a plain lookup.
CREATE TABLE genogram_persons (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	alias TEXT NOT NULL,
	sex TEXT NOT NULL DEFAULT 'unknown' CHECK (sex IN ('m', 'v', 'x', 'unknown')),
	birth_year {{bigint}} NOT NULL DEFAULT 0,
	death_year {{bigint}} NOT NULL DEFAULT 0,
	deceased BOOLEAN NOT NULL DEFAULT FALSE,
	is_index BOOLEAN NOT NULL DEFAULT FALSE,
	professional BOOLEAN NOT NULL DEFAULT FALSE,
	organisation TEXT NOT NULL DEFAULT '',
	-- The centre of a symbol that was dragged by hand; NULL when laid out automatically.
	pin_x {{real}},
	pin_y {{real}},
	created_at {{time}} NOT NULL
);
CREATE INDEX genogram_persons_case ON genogram_persons(case_id);

CREATE TABLE genogram_partnerships (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	a_id {{bigint}} NOT NULL REFERENCES genogram_persons(id) ON DELETE CASCADE,
	b_id {{bigint}} NOT NULL REFERENCES genogram_persons(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('married', 'living_together', 'separated', 'divorced')),
	start_year {{bigint}} NOT NULL DEFAULT 0,
	end_year {{bigint}} NOT NULL DEFAULT 0
);
CREATE INDEX genogram_partnerships_case ON genogram_partnerships(case_id);

CREATE TABLE genogram_children (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	child_id {{bigint}} NOT NULL REFERENCES genogram_persons(id) ON DELETE CASCADE,
	partnership_id {{bigint}} REFERENCES genogram_partnerships(id) ON DELETE CASCADE,
	parent1_id {{bigint}} REFERENCES genogram_persons(id) ON DELETE CASCADE,
	parent2_id {{bigint}} REFERENCES genogram_persons(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('biological', 'foster', 'adoptive', 'step'))
);
CREATE INDEX genogram_children_case ON genogram_children(case_id);

CREATE TABLE genogram_ties (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	a_id {{bigint}} NOT NULL REFERENCES genogram_persons(id) ON DELETE CASCADE,
	b_id {{bigint}} NOT NULL REFERENCES genogram_persons(id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX genogram_ties_case ON genogram_ties(case_id);

CREATE TABLE genogram_events (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	person_id {{bigint}} NOT NULL REFERENCES genogram_persons(id) ON DELETE CASCADE,
	year {{bigint}} NOT NULL DEFAULT 0,
	kind TEXT NOT NULL CHECK (kind IN ('death', 'move', 'breakup', 'other')),
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX genogram_events_case ON genogram_events(case_id);

CREATE TABLE genogram_households (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	label TEXT NOT NULL DEFAULT '',
	is_index BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX genogram_households_case ON genogram_households(case_id);

CREATE TABLE genogram_household_members (
	household_id {{bigint}} NOT NULL REFERENCES genogram_households(id) ON DELETE CASCADE,
	person_id {{bigint}} NOT NULL REFERENCES genogram_persons(id) ON DELETE CASCADE,
	PRIMARY KEY (household_id, person_id)
);

-- Force-field mode: the goal in the centre and the stakeholders around it.
CREATE TABLE forcefields (
	case_id {{bigint}} PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
	goal TEXT NOT NULL DEFAULT ''
);

CREATE TABLE forcefield_stakeholders (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	role TEXT NOT NULL DEFAULT '',
	influence {{bigint}} NOT NULL CHECK (influence BETWEEN 1 AND 5),
	stance {{bigint}} NOT NULL CHECK (stance BETWEEN -2 AND 2),
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX forcefield_stakeholders_case ON forcefield_stakeholders(case_id);

-- The learning cycle: what was done in each of the four steps, with evidence.
CREATE TABLE cycle_entries (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	step TEXT NOT NULL CHECK (step IN ('connect', 'analyse', 'apply-knowledge', 'monitor')),
	done TEXT NOT NULL,
	evidence_url TEXT NOT NULL DEFAULT '',
	evidence_ref TEXT NOT NULL DEFAULT '',
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL
);
CREATE INDEX cycle_entries_case ON cycle_entries(case_id, id);

-- The phase of learning together; the latest row is the current phase.
CREATE TABLE case_phases (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	phase TEXT NOT NULL CHECK (phase IN ('urgency', 'pause', 'design')),
	reason TEXT NOT NULL DEFAULT '',
	set_by {{bigint}} NOT NULL REFERENCES users(id),
	set_at {{time}} NOT NULL
);
CREATE INDEX case_phases_case ON case_phases(case_id, id);

-- Reflective interviews with a family member, with consent recorded explicitly.
CREATE TABLE interviews (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	interviewee TEXT NOT NULL,
	consent_recording BOOLEAN NOT NULL DEFAULT FALSE,
	consent_notes BOOLEAN NOT NULL DEFAULT FALSE,
	consent_by {{bigint}} NOT NULL REFERENCES users(id),
	consent_at {{time}} NOT NULL,
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL
);
CREATE INDEX interviews_case ON interviews(case_id);

-- An answer is the interviewee's experience of one period; the timeline
-- shows it below the line (kind beleving, lane gezin, source gezinslid).
CREATE TABLE interview_answers (
	id {{id}},
	interview_id {{bigint}} NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	year {{bigint}} NOT NULL,
	month {{bigint}} NOT NULL DEFAULT 0,
	question TEXT NOT NULL DEFAULT '',
	answer TEXT NOT NULL,
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL
);
CREATE INDEX interview_answers_case ON interview_answers(case_id);

-- Small steps; a report-back step belongs to an interview and stays open until done.
CREATE TABLE small_steps (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	owner_user {{bigint}} REFERENCES users(id),
	owner_text TEXT NOT NULL DEFAULT '',
	due TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
	report_back BOOLEAN NOT NULL DEFAULT FALSE,
	interview_id {{bigint}} REFERENCES interviews(id) ON DELETE SET NULL,
	created_by {{bigint}} NOT NULL REFERENCES users(id),
	created_at {{time}} NOT NULL,
	closed_by {{bigint}} REFERENCES users(id),
	closed_at {{time}}
);
CREATE INDEX small_steps_case ON small_steps(case_id);
