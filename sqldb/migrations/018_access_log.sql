-- Anonymous input in a meeting is not logged when it is given: the access
-- log would place it between its author's other records. The next record the
-- facilitator's own action writes counts the anonymous inputs since the last
-- such record; anonymous_logged_through is the last capture counted.
ALTER TABLE meetings ADD COLUMN anonymous_logged_through {{bigint}} NOT NULL DEFAULT 0;
-- A small step from anonymous input is credited to the facilitator (someone
-- must own the row) but shown without a name.
ALTER TABLE small_steps ADD COLUMN anonymous BOOLEAN NOT NULL DEFAULT FALSE;
