-- The case's "prullenbak": what a member deleted from the case (a person of
-- the geno-sociogram with everything that hangs off it, a tie, a timeline
-- event, a stakeholder, …) is kept here for 30 days and can be put back.
-- payload holds the deleted rows as JSON, in the order restore inserts them;
-- persons lists the geno-sociogram person ids the rows name (" 4 9 "), so
-- that erasure finds a person's trashed rows too. The housekeeping job
-- removes an entry for good 30 days after deleted_at. restored_at is set when
-- the entry was put back (the rows live again; the entry stays for the feed);
-- remap then holds the ids rows got when their old id was taken meanwhile
-- (JSON: table -> old id -> new id), so that a tie restored later finds
-- the person restored before it.
CREATE TABLE trash (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	label TEXT NOT NULL DEFAULT '',
	payload TEXT NOT NULL,
	persons TEXT NOT NULL DEFAULT '',
	created_by {{bigint}} REFERENCES users(id) ON DELETE SET NULL,
	deleted_by {{bigint}} REFERENCES users(id) ON DELETE SET NULL,
	deleted_at {{time}} NOT NULL,
	restored_by {{bigint}} REFERENCES users(id) ON DELETE SET NULL,
	restored_at {{time}},
	remap TEXT NOT NULL DEFAULT ''
);
CREATE INDEX trash_case ON trash(case_id, deleted_at);
