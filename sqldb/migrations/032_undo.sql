-- Reversal records: what a member did that is not deleted case content but
-- can still be undone for 30 days. Removing a member (payload: the role and
-- basis to re-add them with), withdrawing consent or a legal basis,
-- revoking an invitation (payload: the invitation's row, as the trash keeps
-- rows) and closing a meeting (payload: the status it had). target_id is
-- the member's user, the ground, the invitation or the meeting. undone_at is
-- set when it was undone; the record stays for the case's feed. The
-- housekeeping job removes a record 30 days after done_at.
CREATE TABLE reversals (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('member', 'ground', 'invitation', 'meeting')),
	target_id {{bigint}} NOT NULL,
	label TEXT NOT NULL DEFAULT '',
	payload TEXT NOT NULL DEFAULT '',
	done_by {{bigint}} REFERENCES users(id) ON DELETE SET NULL,
	done_at {{time}} NOT NULL,
	undone_by {{bigint}} REFERENCES users(id) ON DELETE SET NULL,
	undone_at {{time}}
);
CREATE INDEX reversals_case ON reversals(case_id, kind, target_id);
